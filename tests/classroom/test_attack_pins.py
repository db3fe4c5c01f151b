"""The PIN holes of the security review, replayed over HTTP against a real classroom server.

Each phone talks from its own loopback address (127.0.0.x: Linux routes the whole 127/8 to the
server on 127.0.0.1), so the per-address and per-participant limits are seen as on a Wi-Fi.
"""

from __future__ import annotations

import html
import http.client
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import attrs
import pytest
import sqlalchemy as sa

from kit.classroom import store, tables
from kit.classroom.codes import display_code
from kit.classroom.ratelimit import PER_ADDRESS, PER_PARTICIPANT
from kit.records.participants import list_participants
from kit.records.sessions import check_in
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from tests.classroom.harness import (
    HOST,
    PASSWORD,
    REPO,
    ClassroomServer,
    make_source,
    make_workspace,
    shows_number,
    start,
    stop,
)

pytestmark = [pytest.mark.slow]
TIMEOUT = 240.0
WRONG = "9182"
PINS = ("4711", "6093", "7305", "8146", "5937", "3068", "4952", "6284", "7419", "5820", "3174")


@attrs.frozen
class Reply:
    """One HTTP answer: status, redirect target and body text."""

    status: int
    location: str
    text: str


class Phone:
    """One phone: its own source address on the loopback network and its own cookies."""

    def __init__(self, port: int, addr: str = HOST) -> None:
        self.port, self.addr = port, addr
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> Reply:
        """Send one request (no redirects followed) and keep the cookies it sets."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT,
                                          source_address=(self.addr, 0))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() != "set-cookie":
                    continue
                for key, morsel in SimpleCookie(value).items():
                    if morsel.value == "" or morsel["max-age"] == "0":
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
            return Reply(response.status, response.getheader("Location") or "",
                         data.decode("utf-8", "replace"))
        finally:
            conn.close()

    def get(self, path: str) -> Reply:
        """GET a path."""
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Reply:
        """POST a form with the XSRF token (fetched from a classroom page first if needed)."""
        if "_xsrf" not in self.cookies:
            self.get("/kelas/masuk")
        if "_xsrf" not in self.cookies:
            self.get("/kelas")
        return self.request("POST", path, {**fields, "_xsrf": self.cookies["_xsrf"]})

    def copy(self) -> Phone:
        """Another connection of the same phone (same address and cookies)."""
        other = Phone(self.port, self.addr)
        other.cookies = dict(self.cookies)
        return other


def code_of(srv: ClassroomServer) -> str:
    """The open classroom's code."""
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    return classroom.code


def people(srv: ClassroomServer) -> list[store.Attendee]:
    """The checked-in participants, by name."""
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    return store.checked_in(srv.ws.engine, classroom)


def joined_phone(srv: ClassroomServer, addr: str) -> Phone:
    """A phone that entered the session code (from the QR address)."""
    phone = Phone(srv.port, addr)
    assert phone.get(f"/k/{code_of(srv)}").status == 302
    return phone


def enter_pin(phone: Phone, pid: str, pin: str) -> Reply:
    """Submit the PIN form of one participant (the same PIN twice, as the first-time form)."""
    return phone.post(f"/kelas/masuk/{pid}", {"pin": pin, "pin_again": pin, "next": ""})


def facilitator_phone(srv: ClassroomServer, addr: str) -> Phone:
    """A browser signed in as the facilitator through the login form."""
    phone = Phone(srv.port, addr)
    phone.get("/kelas/fasilitator/masuk")
    reply = phone.post("/kelas/fasilitator/masuk", {"password": PASSWORD, "next": ""})
    assert reply.status == 302, reply.text
    return phone


def outcomes(srv: ClassroomServer, *, pid: str | None = None, addr: str | None = None,
             kind: str = "pin") -> list[str]:
    """Outcomes in the attempt log for one participant or one address, oldest first."""
    a = tables.attempt
    query = sa.select(a.c.outcome).where(a.c.kind == kind)
    if pid is not None:
        query = query.where(a.c.participant_id == pid)
    if addr is not None:
        query = query.where(a.c.client_addr == addr)
    with read_tx(srv.ws.engine) as conn:
        return [str(r[0]) for r in conn.execute(query.order_by(a.c.id))]


def walk_in(phone: Phone, name: str, pin: str = "4826") -> Reply:
    """Register as a walk-in from this phone."""
    phone.get("/kelas/daftar")
    return phone.post("/kelas/daftar", {"name": name, "district": "Kabupaten Sragen",
                                        "business_name": "", "phone": "", "pin": pin,
                                        "pin_again": pin})


def run_cli(srv: ClassroomServer, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit classroom …`` on the server's workspace."""
    return subprocess.run([sys.executable, "-m", "kit", "classroom", *args, "--workspace",
                           str(srv.ws.root)], cwd=REPO, capture_output=True, text=True,
                          timeout=180, check=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A classroom server with every demo participant checked in; the first eleven have PINs."""
    root = tmp_path_factory.mktemp("pins")
    ws = make_workspace(root)
    classroom = store.current_classroom(ws.engine)
    assert classroom is not None
    with write_tx(ws.engine) as conn:
        everyone = list_participants(conn)
        ticked = set(store.ids_of(store.checked_in(ws.engine, classroom)))
        for person in everyone:
            if person.id not in ticked:
                check_in(conn, classroom.session_id, person.id)
    listed = store.checked_in(ws.engine, classroom)
    assert len(listed) > len(PINS) + 4
    for person, pin in zip(listed, PINS, strict=False):
        store.set_pin(ws.engine, person.participant.id, pin, "facilitator")
    running = start(ws, make_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def test_address_failures_count_across_successes_and_walk_ins(server: ClassroomServer) -> None:
    """27 wrong PINs from one address, mixed with its own sign-ins and a walk-in: ten checked."""
    listed = people(server)
    own, victims = listed[0].participant.id, [a.participant.id for a in listed[1:7]]
    addr = "127.0.0.11"
    phone = joined_phone(server, addr)
    for i in range(27):
        if i % 3 == 0:
            enter_pin(phone, own, PINS[0])
        if i == 13:
            walk_in(phone.copy(), "Tamu Pencoba Alamat")
        enter_pin(phone, victims[i % len(victims)], WRONG)
    checked = outcomes(server, addr=addr).count("wrong")
    assert checked <= PER_ADDRESS.free, f"{checked} wrong PINs checked from one address"
    assert enter_pin(phone, victims[0], WRONG).status == 429


def test_concurrent_wrong_pins_check_at_most_the_free_count(server: ClassroomServer) -> None:
    """40 simultaneous wrong PINs for one participant: at most five are checked, the rest locked."""
    pid = people(server)[7].participant.id
    phones = [joined_phone(server, f"127.0.2.{i + 1}") for i in range(40)]
    for phone in phones:
        phone.get(f"/kelas/masuk/{pid}")
    gate = threading.Barrier(len(phones))
    statuses: list[int] = []

    def guess(phone: Phone) -> None:
        gate.wait()
        statuses.append(enter_pin(phone, pid, WRONG).status)

    threads = [threading.Thread(target=guess, args=(p,)) for p in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    log = outcomes(server, pid=pid)
    assert len(statuses) == 40
    assert log.count("wrong") <= PER_PARTICIPANT.free, log
    assert log.count("wrong") + log.count("locked") == 40, log
    assert statuses.count(429) == log.count("locked")


@pytest.mark.parametrize(("pin", "name"), [("1234", "Tamu Satu"), ("1111", "Tamu Dua"),
                                         ("4321", "Tamu Tiga"), ("2580", "Tamu Empat")])
def test_trivial_pins_are_refused_when_chosen(server: ClassroomServer, pin: str,
                                              name: str) -> None:
    """A walk-in cannot choose 1234, 1111, 4321 or 2580; the page says why in Indonesian."""
    phone = joined_phone(server, "127.0.0.13")
    reply = walk_in(phone, name, pin)
    assert reply.status == 400, reply.status
    assert "mudah ditebak" in reply.text
    t = schema.participant
    with read_tx(server.ws.engine) as conn:
        found = conn.execute(sa.select(t.c.id).where(t.c.name == name)).first()
    assert found is None
    assert "kit_device" not in phone.cookies


def test_stranger_cannot_choose_the_pin_of_a_checked_in_participant(
        server: ClassroomServer) -> None:
    """A participant without a PIN gets it from the facilitator's own page; nobody can claim it."""
    person = people(server)[len(PINS)].participant
    assert store.pin_hash_of(server.ws.engine, person.id) is None
    stranger = joined_phone(server, "127.0.0.14")
    form = stranger.get(f"/kelas/masuk/{person.id}")
    assert form.status == 200 and "pin_again" not in form.text
    assert "fasilitator" in form.text
    reply = enter_pin(stranger, person.id, "4826")
    assert reply.status == 403, reply.status
    assert "kit_device" not in stranger.cookies
    assert store.pin_hash_of(server.ws.engine, person.id) is None

    facilitator = facilitator_phone(server, "127.0.0.31")
    issued = facilitator.post("/kelas/layar/pin", {"participant": person.id})
    assert issued.status == 200
    found = re.search(r"PIN baru untuk [^<]*?: (\d{4,6})", issued.text)
    assert found is not None, issued.text
    assert "kelas-qr" not in issued.text and display_code(code_of(server)) not in issued.text
    projector = facilitator.get("/kelas/layar")
    assert projector.status == 200 and not shows_number(projector.text, found.group(1))
    owner = joined_phone(server, "127.0.0.15")
    signed = enter_pin(owner, person.id, found.group(1))
    assert signed.status == 302 and signed.location == "/kelas"
    assert "kit_device" in owner.cookies


def _lock_out(server: ClassroomServer, pid: str, thief_addr: str, owner_addr: str,
              pin: str) -> Phone:
    """Five wrong PINs from one address; then the real person (another address) is locked out."""
    thief = joined_phone(server, thief_addr)
    for _ in range(PER_PARTICIPANT.free):
        assert enter_pin(thief, pid, WRONG).status == 401
    owner = joined_phone(server, owner_addr)
    assert enter_pin(owner, pid, pin).status == 429
    return owner


def test_facilitator_unlocks_a_participant_from_the_page(server: ClassroomServer) -> None:
    """The unlock button (signed in, with XSRF) lets the real person in; history is kept."""
    pid, pin = people(server)[8].participant.id, PINS[8]
    owner = _lock_out(server, pid, "127.0.0.41", "127.0.0.42", pin)
    facilitator = facilitator_phone(server, "127.0.0.32")
    page = facilitator.get("/kelas/layar/peserta")
    assert page.status == 200 and "/kelas/layar/bukakunci" in page.text
    forged = facilitator.request("POST", "/kelas/layar/bukakunci", {"participant": pid})
    assert forged.status == 403
    assert enter_pin(owner, pid, pin).status == 429
    assert facilitator.post("/kelas/layar/bukakunci", {"participant": pid}).status == 200
    signed = enter_pin(owner, pid, pin)
    assert signed.status == 302 and signed.location == "/kelas"
    log = outcomes(server, pid=pid)
    assert log == ["wrong"] * PER_PARTICIPANT.free + ["locked", "locked", "unlock", "ok"]


def test_facilitator_unlocks_a_participant_from_the_terminal(server: ClassroomServer) -> None:
    """``python -m kit classroom unlock PARTICIPANT_ID`` lets the locked-out person in."""
    pid, pin = people(server)[9].participant.id, PINS[9]
    owner = _lock_out(server, pid, "127.0.0.43", "127.0.0.44", pin)
    done = run_cli(server, "unlock", pid)
    assert done.returncode == 0, done.stderr
    assert enter_pin(owner, pid, pin).status == 302
    assert "unlock" in outcomes(server, pid=pid)
    missing = run_cli(server, "unlock", "p-nobody")
    assert missing.returncode == 1 and "p-nobody" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_facilitator_gives_pins_to_everyone_without_one(server: ClassroomServer) -> None:
    """One button gives every participant without a PIN one, listed on the facilitator's page."""
    facilitator = facilitator_phone(server, "127.0.0.33")
    waiting = [a.participant for a in people(server) if not a.has_pin]
    assert waiting
    page = facilitator.post("/kelas/layar/semuapin", {})
    assert page.status == 200
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"kelas-pin\">(\d{4})</td></tr>",
                      page.text)
    names = [html.unescape(name) for name, _pin in rows]
    assert sorted(names) == sorted(p.name for p in waiting)
    assert all(a.has_pin for a in people(server))
    slips = {html.unescape(name): pin for name, pin in rows}
    person = next(p for p in waiting if names.count(p.name) == 1)
    phone = joined_phone(server, "127.0.0.16")
    assert enter_pin(phone, person.id, slips[person.name]).status == 302
    assert not shows_number(facilitator.get("/kelas/layar").text, slips[person.name])
