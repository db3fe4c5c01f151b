"""A real Tornado server on 127.0.0.1 with the classroom's survey page behind the gate.

The survey page and the classroom pages it sends people to are served by the classroom's own
handlers (:class:`kit.classroom.web.ClassroomWeb`, each wrapped in the routing gate), on a real
SQLite workspace with a classroom open. Phones are ``requests`` sessions holding a real device
cookie (made as the PIN form makes it) and the XSRF cookie the form sets.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import requests
import tornado.web

from kit.classroom import store
from kit.classroom.routing import FACILITATOR, PARTICIPANT
from kit.classroom.web import (
    DEVICE_COOKIE,
    STATIC,
    ClassHandler,
    ClassroomWeb,
    SurveyHandler,
    SurveyScreenHandler,
)
from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace, init_workspace
from tests.local_tornado import serve

SURVEY = "/kelas/evaluasi"
SCREEN = "/kelas/layar/evaluasi"
GOOD = {"manfaat": "5", "kejelasan": "4", "kecepatan": "3", "paling_berguna": "Foto produk",
        "perbaikan": ""}
PEOPLE = (("pani", "Ani Lestari"), ("pbudi", "Budi Santoso"), ("pcitra", "Citra Dewi"))


@attrs.frozen
class Room:
    """The server's base URL, its workspace, the open classroom's session and its id."""

    base: str
    ws: Workspace
    session_id: str
    classroom_id: int

    def phone(self, participant_id: str | None, role: str = PARTICIPANT) -> requests.Session:
        """A browser signed in as ``participant_id`` (or the facilitator), without XSRF yet."""
        browser = requests.Session()
        classroom_id = self.classroom_id if role == PARTICIPANT else None
        token = store.create_device(self.ws.engine, role, classroom_id, participant_id)
        browser.cookies.set(DEVICE_COOKIE, token, domain="127.0.0.1", path="/")
        return browser

    def open_form(self, browser: requests.Session) -> str:
        """GET the survey page (which sets the XSRF cookie); return its HTML."""
        page = browser.get(self.base + SURVEY, timeout=30, allow_redirects=False)
        assert page.status_code == 200, page.text
        return page.text

    def send(self, browser: requests.Session, fields: dict[str, str],
             xsrf: bool = True) -> requests.Response:
        """POST the survey form as the page's own form does (with the XSRF token)."""
        body = dict(fields)
        if xsrf:
            body["_xsrf"] = browser.cookies.get("_xsrf") or ""
        return browser.post(self.base + SURVEY, data=body, timeout=30, allow_redirects=False)


def text_of(page: str) -> str:
    """The words a person reads on a page (tags removed, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@contextlib.contextmanager
def survey_room(root: Path) -> Iterator[Room]:
    """A workspace with Ani and Budi checked in to an open classroom (Citra only on the roster)."""
    ws = init_workspace(root / "workspace")
    with write_tx(ws.engine) as conn:
        for pid, name in PEOPLE:
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    classroom = store.open_new_session(ws.engine, "advokasi", "Advokasi Sragen", "2026-12-10",
                                       "Kabupaten Sragen")
    with write_tx(ws.engine) as conn:
        check_in(conn, classroom.session_id, "pani")
        check_in(conn, classroom.session_id, "pbudi")
    web = ClassroomWeb(ws, "http://127.0.0.1", root)
    handlers = [(r"/kelas", web.gated(ClassHandler), {"classroom": web}),
                (SURVEY, web.gated(SurveyHandler), {"classroom": web}),
                (SCREEN, web.gated(SurveyScreenHandler), {"classroom": web}),
                (r"/kelas/static/(.*)", web.gated(tornado.web.StaticFileHandler),
                 {"path": str(STATIC)})]
    with serve(handlers) as base:
        yield Room(base, ws, classroom.session_id, classroom.id)
    ws.engine.dispose()


__all__ = ["FACILITATOR", "GOOD", "SCREEN", "SURVEY", "Room", "survey_room", "text_of"]
