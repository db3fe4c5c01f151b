"""Attacks on a real ``kit start --classroom`` with the widget messages a phone may send.

A participant's browser may send widget traffic to its own kernel (``comm_open``, ``comm_msg``…).
These tests sign in as participant A over HTTP (session code, PIN), open A's kernel for the real
bimtek module page and send what a hand-made client could: every text set to another
participant's name, every choice index set, every button clicked, and malformed comm messages.
Nothing may change who the kernel serves, reveal the roster, or send a traceback to the phone.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sysconfig
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from bench.classroom.kernel_ws import Visit, connect, kernel_info, update_states
from kit.classroom import store
from kit.classroom.routing import FACILITATOR
from kit.modules.identity import describe
from kit.records.participants import Participant, list_participants
from kit.storage.db import read_tx
from tests.classroom.harness import (
    REPO,
    ClassroomServer,
    make_workspace,
    start,
    stop,
)

pytestmark = [pytest.mark.slow]
MODULE = "/voila/render/modules/bimtek.ipynb"
PIN = "731946"
PAGE_TIMEOUT_S = 300.0
MESSAGE_TIMEOUT_S = 120.0
TEXT_MODELS = frozenset({"TextModel", "TextareaModel", "ComboboxModel", "PasswordModel"})
INDEX_MODELS = frozenset({"RadioButtonsModel", "DropdownModel", "SelectModel",
                          "ToggleButtonsModel", "SelectionSliderModel"})


def make_real_source(root: Path) -> Path:
    """A source tree with the kit's apps and the site's real modules (``modules/*.py``)."""
    source = root / "source"
    shutil.copytree(REPO / "voila_apps", source / "voila_apps")
    shutil.copytree(REPO / "modules", source / "modules")
    return source


@pytest.fixture(scope="module", params=["built-once", "rendered"])
def server(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A classroom server serving the real module pages.

    ``built-once``: pages built in the fork server and forked per visit (the default);
    ``rendered``: no fork server (``UMKM_KIT_FORK_KERNELS=0``), each visit's kernel runs the page.
    """
    root = tmp_path_factory.mktemp("attack")
    with pytest.MonkeyPatch.context() as env:
        if request.param == "rendered":
            env.setenv("UMKM_KIT_FORK_KERNELS", "0")
        running = start(make_workspace(root), make_real_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def _people(srv: ClassroomServer) -> list[Participant]:
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    return [a.participant for a in store.checked_in(srv.ws.engine, classroom)]


def _everyone(srv: ClassroomServer) -> list[Participant]:
    with read_tx(srv.ws.engine) as conn:
        return list_participants(conn)


def sign_in(srv: ClassroomServer, person: Participant) -> httpx.Client:
    """An HTTP client signed in as ``person`` as a phone is: session code, name, PIN.

    The facilitator gives the PIN (stored here directly, as the projector page would).
    """
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    store.set_pin(srv.ws.engine, person.id, PIN, FACILITATOR)
    client = httpx.Client(base_url=srv.base, follow_redirects=True, timeout=PAGE_TIMEOUT_S)
    assert client.get(f"/k/{classroom.code}").status_code == 200
    form = client.get(f"/kelas/masuk/{person.id}")
    assert form.status_code == 200
    found = re.search(r'name="_xsrf" value="([^"]+)"', form.text)
    assert found, "the PIN form carries an XSRF token"
    signed = client.post(f"/kelas/masuk/{person.id}",
                         data={"pin": PIN, "_xsrf": found.group(1)})
    assert signed.status_code == 200 and person.name in signed.text
    assert client.cookies.get("kit_device")
    return client


def open_module(client: httpx.Client) -> str:
    """Load the module page with the participant's cookie; return its kernel's id."""
    page = client.get(MODULE)
    assert page.status_code == 200, page.text[:500]
    found = re.search(r'"kernelId": "([^"]+)"', page.text)
    assert found, "the page names its kernel"
    return found.group(1)


def cookie_header(client: httpx.Client) -> str:
    """The client's cookies as one ``Cookie`` header."""
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def strings(value: Any) -> Iterator[str]:
    """Every string in a decoded message (keys and values, at any depth)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


@dataclass
class Transcript:
    """Every message the kernel sent to the phone, decoded, and the widgets it announced."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)  # model id -> model name

    def add(self, msg: dict[str, Any]) -> None:
        """Keep ``msg`` and note any widget it opens or lists."""
        self.messages.append(msg)
        states = update_states(msg)
        if states is not None:
            for model_id, model in states.items():
                self.models[model_id] = str(model.get("model_name"))
        content = msg.get("content") or {}
        if msg["header"].get("msg_type") == "comm_open" and \
                content.get("target_name") == "jupyter.widget":
            state = (content.get("data") or {}).get("state") or {}
            self.models[str(content.get("comm_id"))] = str(state.get("_model_name"))

    def texts(self, skip_echo: bool = False) -> Iterator[str]:
        """The text of each message (its strings joined), optionally without our own echoes."""
        for msg in self.messages:
            data = (msg.get("content") or {}).get("data")
            if skip_echo and isinstance(data, dict) and data.get("method") == "echo_update":
                continue
            yield "\n".join(strings({"header": msg["header"], "content": msg.get("content")}))


async def settle(visit: Visit, log: Transcript) -> None:
    """Wait until the kernel handled everything sent so far (a ``kernel_info`` round trip)."""
    barrier = visit.send("shell", "kernel_info_request", {})
    replied = idle = False
    while not (replied and idle):
        msg = await asyncio.wait_for(visit.receive(), MESSAGE_TIMEOUT_S)
        log.add(msg)
        if msg.get("parent_header", {}).get("msg_id") == barrier:
            kind = msg["header"].get("msg_type")
            replied = replied or kind == "kernel_info_reply"
            idle = idle or (kind == "status" and msg["content"].get("execution_state") == "idle")


async def all_states(visit: Visit, log: Transcript) -> dict[str, Any]:
    """Every widget's state, as the page's widget manager asks for it."""
    visit.request_states()
    while True:
        msg = await asyncio.wait_for(visit.receive(), MESSAGE_TIMEOUT_S)
        log.add(msg)
        states = update_states(msg)
        if states is not None:
            return states


def of_kind(models: dict[str, str], kinds: Iterable[str]) -> list[str]:
    """The ids of the widgets whose model is one of ``kinds``."""
    wanted = set(kinds)
    return [model_id for model_id, name in models.items() if name in wanted]


async def widget_attack(srv: ClassroomServer, kernel_id: str, cookie: str,
                        typed: list[str]) -> tuple[Transcript, dict[str, Any]]:
    """Type each of ``typed`` into every text, choose every first option, click every button.

    Widgets the kernel opens on the way (a registration form, say) get the same treatment in
    the next round. Returns every message received and the widgets' states at the end.
    """
    log = Transcript()
    visit = await connect(srv.base, kernel_id, cookie)
    try:
        await kernel_info(visit)
        await all_states(visit, log)
        attacked: set[str] = set()
        for _round in range(3):
            fresh = {m: n for m, n in log.models.items() if m not in attacked}
            if not fresh:
                break
            attacked.update(fresh)
            for text in typed:
                for model_id in of_kind(fresh, TEXT_MODELS):
                    visit.comm_msg(model_id, {"method": "update", "state": {"value": text},
                                              "buffer_paths": []})
                await settle(visit, log)
                for index in (0, 1):
                    for model_id in of_kind(fresh, INDEX_MODELS):
                        visit.comm_msg(model_id, {"method": "update", "state": {"index": index},
                                                  "buffer_paths": []})
                    await settle(visit, log)
                    for model_id in of_kind(fresh, ["ButtonModel"]):
                        visit.comm_msg(model_id, {"method": "custom",
                                                  "content": {"event": "click"}})
                    await settle(visit, log)
        final = await all_states(visit, log)
    finally:
        await visit.close()
    return log, final


def rows_naming(srv: ClassroomServer, marks: Iterable[str]) -> set[tuple[str, str]]:
    """Every database row (table, row text) that contains one of ``marks``."""
    found: set[tuple[str, str]] = set()
    meta = sa.MetaData()
    meta.reflect(srv.ws.engine)
    with read_tx(srv.ws.engine) as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(sa.select(table)):
                text = repr(tuple(row))
                if any(mark in text for mark in marks):
                    found.add((table.name, text))
    return found


def greeting_names(states: dict[str, Any], people: Iterable[Participant]) -> set[str]:
    """The names of ``people`` a greeting on the page names ("Halo, …!", "Selamat datang…")."""
    html = "\n".join(str(model.get("state", {}).get("value", "")) for model in states.values()
                     if model.get("model_name") == "HTMLModel")
    return {p.name for p in people
            if f"Halo, {p.name}!" in html or f"Selamat datang kembali, {p.name}!" in html}


def test_widget_messages_cannot_change_the_participant_or_list_the_roster(
        server: ClassroomServer) -> None:
    """Texts, choices and clicks sent by A's phone never switch to B, list names or write as B."""
    a, b = _people(server)[:2]
    others = [p for p in _everyone(server) if p.id != a.id]
    client = sign_in(server, a)
    try:
        kernel_id = open_module(client)
        before = rows_naming(server, [b.id, b.name])
        log, final = asyncio.run(widget_attack(
            server, kernel_id, cookie_header(client), [b.name, "a"]))
    finally:
        client.close()
    assert log.models, "the kernel answered request_states"
    problems: dict[str, Any] = {}
    greeted = greeting_names(final, _everyone(server))
    if greeted != {a.name}:
        problems["the page greets"] = sorted(greeted)
    leaked = sorted({p.name for p in others if p.id != b.id
                     for text in log.texts() if p.name in text})
    if leaked:
        problems["other participants' names reached A's phone"] = leaked
    b_marks = [describe(b), f"Halo, {b.name}!", f"Selamat datang kembali, {b.name}!"]
    b_marks += [b.business_name] if b.business_name else []
    shown = sorted({mark for mark in b_marks for text in log.texts(skip_echo=True)
                    if mark in text})
    if shown:
        problems["B's roster entry reached A's phone"] = shown
    # A's own question for the room's Q&A may quote any text A typed (B's name included): it is
    # A's row, not B's (tests/classroom/test_attack_help_and_questions.py checks its owner).
    written = sorted(row for row in rows_naming(server, [b.id, b.name]) - before
                     if not (row[0] == "kit_room_question" and f"'{a.id}'" in row[1]
                             and f"'{b.id}'" not in row[1]))
    if written:
        problems["records written for B"] = [f"{table}: {row[:160]}" for table, row in written]
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)


def test_malformed_comm_messages_send_no_traceback_to_the_phone(
        server: ClassroomServer) -> None:
    """Broken comm messages get a friendly line; the server log keeps the traceback."""
    person = _people(server)[2]
    client = sign_in(server, person)
    try:
        kernel_id = open_module(client)
        log = asyncio.run(malformed(server, kernel_id, cookie_header(client)))
    finally:
        client.close()
    site_packages = sysconfig.get_paths()["purelib"]
    banned = ["Traceback", "/work/", '.py"', site_packages, str(REPO)]
    found = {word for word in banned for text in log.texts() if word in text}
    assert found == set(), "kernel details reached the phone"
    kinds = {msg["header"].get("msg_type") for msg in log.messages}
    assert "kernel_info_reply" in kinds  # the kernel still answers
    assert any("Maaf" in text for text in log.texts()), "the phone is told something failed"
    assert "Traceback" in server.log.read_text(encoding="utf-8", errors="replace")


async def malformed(srv: ClassroomServer, kernel_id: str, cookie: str) -> Transcript:
    """Send comm messages a browser never sends; return everything the kernel answered."""
    log = Transcript()
    visit = await connect(srv.base, kernel_id, cookie)
    try:
        await kernel_info(visit)
        states = await all_states(visit, log)
        button = next(m for m, model in states.items() if model["model_name"] == "ButtonModel")
        text = next(m for m, model in states.items() if model["model_name"] in TEXT_MODELS)
        control = uuid.uuid4().hex
        bad: list[tuple[str, Any]] = [
            ("comm_open", {"comm_id": uuid.uuid4().hex, "data": {}}),  # no target_name
            ("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
                           "data": "not a dict"}),
            ("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
                           "data": {"state": 5}}),
            ("comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "no.such.target",
                           "data": {}}),
            ("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                           "data": {}}),
            ("comm_msg", {"comm_id": control, "data": {"method": "no_such_method"}}),
            ("comm_msg", {"comm_id": control, "data": ["a", "list"]}),
            ("comm_msg", {"comm_id": text, "data": {"method": "update", "state": "x",
                                                    "buffer_paths": []}}),
            ("comm_msg", {"comm_id": text, "data": {"method": "update",
                                                    "state": {"value": 42},
                                                    "buffer_paths": []}}),
            ("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": 7}}),
            ("comm_msg", {"data": {}}),  # no comm_id
            ("comm_close", {}),
            ("comm_open", ["content", "is", "a", "list"]),
        ]
        for kind, content in bad:
            visit.send("shell", kind, content)
            await settle(visit, log)
    finally:
        await visit.close()
    return log
