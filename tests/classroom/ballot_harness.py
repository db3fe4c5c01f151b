"""A real Tornado server on 127.0.0.1 with the ballot pages behind the classroom's gate.

A SQLite workspace holds a community of twelve members (plus one participant who is not a
member), an open komunitas classroom, accepted nominations, and the ballots a test opens through
the ballot service. Phones are ``requests`` sessions with a real device cookie (as the PIN form
makes it) or none at all (a ballot of codes needs no sign-in); they read the XSRF cookie the
page sets and send it back as the page's form does.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import requests
import tornado.web

from kit.classroom import store
from kit.classroom.ballot_pages import (
    BALLOT_PAGE,
    BALLOT_SCREEN,
    BallotHandler,
    BallotScreenHandler,
)
from kit.classroom.routing import FACILITATOR, PARTICIPANT
from kit.classroom.web import DEVICE_COOKIE, STATIC, ClassHandler, ClassroomWeb
from kit.community import service
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, init_workspace, writing
from tests.local_tornado import serve

MEMBERS = tuple((f"m{n:02d}", name) for n, name in enumerate((
    "Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan", "Eka Putri", "Fajar Nugroho",
    "Gita Ayu", "Hadi Saputra", "Indah Permata", "Joko Susilo", "Kartini Sari", "Lukman Hakim"),
    start=1))
OUTSIDER = ("pluar", "Rudi Orang Luar")


@attrs.frozen
class Room:
    """The server's base URL, the workspace and the community's id."""

    base: str
    ws: Workspace
    community_id: str
    classroom_id: int

    def phone(self, participant_id: str | None = None, role: str = PARTICIPANT
              ) -> requests.Session:
        """A browser signed in as ``participant_id`` (or the facilitator), or not signed in."""
        browser = requests.Session()
        if participant_id is not None or role == FACILITATOR:
            classroom_id = self.classroom_id if role == PARTICIPANT else None
            token = store.create_device(self.ws.engine, role, classroom_id, participant_id)
            browser.cookies.set(DEVICE_COOKIE, token, domain="127.0.0.1", path="/")
        return browser

    def open_page(self, browser: requests.Session, path: str = BALLOT_PAGE) -> requests.Response:
        """GET a ballot page (which sets the XSRF cookie)."""
        return browser.get(self.base + path, timeout=30, allow_redirects=False)

    def post(self, browser: requests.Session, fields: dict[str, str], path: str = BALLOT_PAGE,
             xsrf: bool = True) -> requests.Response:
        """POST a ballot form as the page's own form does (with the XSRF token)."""
        if "_xsrf" not in browser.cookies:
            self.open_page(browser, path)
        body = dict(fields)
        if xsrf:
            body["_xsrf"] = browser.cookies.get("_xsrf") or ""
        return browser.post(self.base + path, data=body, timeout=30, allow_redirects=False)


def receipt_of(page: str) -> str:
    """The receipt a confirmation page shows."""
    found = re.search(r'id="receipt">([^<]+)<', page)
    assert found, page[:2000]
    return found.group(1).strip()


def make_community(root: Path) -> tuple[Workspace, str]:
    """A workspace with the twelve members' community and the outsider on the roster."""
    ws = init_workspace(root / "workspace")
    with writing(ws) as conn:
        for pid, name in (*MEMBERS, OUTSIDER):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    made = service.create(ws, "Komunitas e-UMKM Sukowati", "Kabupaten Sragen", "Balai Desa",
                          date(2026, 12, 10))
    for pid, _name in MEMBERS:
        service.add_member(ws, made.id, pid, reason="peserta bimtek desa (uji)")
    return ws, made.id


def nominate(ws: Workspace, community_id: str, role: str, *people: str) -> None:
    """Nominate and accept each of ``people`` for ``role`` (each introduced by a programme)."""
    for pid in people:
        made = service.nominate(ws, community_id, role, pid, pid,
                                f"Program {pid}: pelatihan foto produk tiap bulan")
        service.accept(ws, community_id, made.id)


@contextlib.contextmanager
def ballot_room(root: Path) -> Iterator[Room]:
    """The served ballot pages over a fresh community with an open komunitas classroom."""
    ws, community_id = make_community(root)
    classroom = store.open_new_session(ws.engine, "komunitas", "Pembentukan komunitas",
                                       "2026-12-10", "Kabupaten Sragen")
    web = ClassroomWeb(ws, "http://127.0.0.1", root)
    handlers = [(r"/kelas", web.gated(ClassHandler), {"classroom": web}),
                (BALLOT_PAGE, web.gated(BallotHandler), {"classroom": web}),
                (BALLOT_SCREEN, web.gated(BallotScreenHandler), {"classroom": web}),
                (r"/kelas/static/(.*)", web.gated(tornado.web.StaticFileHandler),
                 {"path": str(STATIC)})]
    with serve(handlers) as base:
        yield Room(base, ws, community_id, classroom.id)
    ws.engine.dispose()


__all__ = ["FACILITATOR", "MEMBERS", "OUTSIDER", "Room", "ballot_room", "make_community",
           "nominate", "receipt_of"]
