"""Which binary websocket messages are well-formed v1 frames (wsfilter.v1_frame_ok)."""

from __future__ import annotations

import json

from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

from kit.classroom.wsfilter import v1_frame_ok


def _frame(buffers: int = 0) -> bytes:
    header = {"msg_id": "m", "msg_type": "comm_msg", "session": "s", "username": "",
              "date": "", "version": "5.3"}
    parts = [json.dumps(p).encode() for p in (header, {}, {}, {"comm_id": "c", "data": {}})]
    parts += [b"\x00\x01" * 8 for _ in range(buffers)]
    framed: bytes = serialize_msg_to_ws_v1(parts, "shell")
    return framed


def test_frames_made_by_jupyter_server_are_well_formed() -> None:
    """A frame made as jupyter_server (and the kit's front end) makes it passes, buffers or not."""
    assert v1_frame_ok(_frame())
    assert v1_frame_ok(_frame(buffers=3))


def test_a_frame_lying_about_its_offsets_is_refused() -> None:
    """A huge or tiny count, offsets out of order or past the end, or too few bytes: refused."""
    good = _frame()
    huge = (2**60).to_bytes(8, "little") + good[8:]
    tiny = (2).to_bytes(8, "little") + good[8:]
    count = int.from_bytes(good[:8], "little")
    past_end = good[:8 * count] + (len(good) + 1).to_bytes(8, "little") + good[8 * (count + 1):]
    swapped = bytearray(good)
    swapped[8:16], swapped[16:24] = good[16:24], good[8:16]
    for bad in (huge, tiny, past_end, bytes(swapped), b"", b"\x06\x00", good[:40]):
        assert not v1_frame_ok(bad), bad[:24]
