"""Attacks on "Minta bantuan" and "Tanya" with the widget messages a phone may send.

On a real ``kit start --classroom`` (pages built once in the fork server, forked per visit),
participant A signs in over HTTP and sends what a hand-made client could to A's module kernel:
B's name and id typed into every text, every button clicked (help, cancel, question box, send),
in rounds, as in ``test_attack_widget_messages.py``. A may ask for help and ask questions only as
A, in the classroom's session; A never sees C's question, and can neither resolve C's request nor
mark any question answered.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from kit.classroom import store
from kit.room import help_service, question_service
from kit.room.help_queue import CANCELLED_BY
from kit.room.tables import help_request, room_question
from kit.storage.db import read_tx
from tests.classroom.harness import ClassroomServer, make_workspace, start, stop
from tests.classroom.test_attack_widget_messages import (
    _people,
    cookie_header,
    make_real_source,
    open_module,
    sign_in,
    widget_attack,
)

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A classroom server serving the real module pages, built once and forked per visit."""
    root = tmp_path_factory.mktemp("attack-room")
    running = start(make_workspace(root), make_real_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def _rows(srv: ClassroomServer) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every help request and every room question, as dictionaries."""
    with read_tx(srv.ws.engine) as conn:
        helps = [dict(r) for r in conn.execute(sa.select(help_request)).mappings()]
        asked = [dict(r) for r in conn.execute(sa.select(room_question)).mappings()]
    return helps, asked


def test_a_phone_asks_only_as_itself_sees_nobody_elses_question_and_resolves_nothing(
        server: ClassroomServer) -> None:
    """Every widget of A's page attacked with B's name and id: rows only for A; C's stay unseen."""
    classroom = store.current_classroom(server.ws.engine)
    assert classroom is not None
    a, b, c = _people(server)[:3]
    secret = f"RAHASIA-{uuid.uuid4().hex[:8]}"
    c_request, _new = help_service.request_help(server.ws, c.id, "bimtek", "bim_email",
                                                classroom.session_id)
    c_question = question_service.ask(server.ws, c.id, "bimtek", f"{secret} pertanyaan C",
                                      "bim_email", classroom.session_id)
    before_helps, before_asked = _rows(server)
    client = sign_in(server, a)
    try:
        kernel_id = open_module(client)
        log, _final = asyncio.run(widget_attack(
            server, kernel_id, cookie_header(client), [b.name, b.id, "a"]))
    finally:
        client.close()
    helps, asked = _rows(server)
    new_helps = [r for r in helps if r["id"] not in {h["id"] for h in before_helps}]
    new_asked = [r for r in asked if r["id"] not in {q["id"] for q in before_asked}]
    problems: dict[str, Any] = {}
    if not new_helps or not new_asked:
        problems["the attack never reached the bar"] = [len(new_helps), len(new_asked)]
    foreign = [r for r in new_helps + new_asked
               if r["participant_id"] != a.id or r["session_id"] != classroom.session_id]
    if foreign:
        problems["rows for someone else or another session"] = repr(foreign)[:400]
    resolved = [r for r in new_helps if r["resolved_at"] is not None and
                r["resolved_by"] != CANCELLED_BY]
    if resolved:
        problems["A's phone resolved a request"] = repr(resolved)[:400]
    c_now = next(r for r in helps if r["id"] == c_request.id)
    if c_now["resolved_at"] is not None:
        problems["C's request was closed"] = repr(c_now)
    answered_before = {q["id"] for q in before_asked if q["answered_at"] is not None}
    answered = [r for r in asked if r["answered_at"] is not None
                and r["id"] not in answered_before]
    if answered:
        problems["questions marked answered"] = repr(answered)[:400]
    seen = [text[:200] for text in log.texts() if secret in text]
    if seen:
        problems["C's question reached A's phone"] = seen
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    assert next(q for q in asked if q["id"] == c_question.id)["text"].startswith(secret)
