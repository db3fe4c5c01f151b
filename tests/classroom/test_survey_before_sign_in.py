"""A phone that scans the survey's QR before signing in reaches the survey after signing in.

The gate sends it to ``/kelas?next=/kelas/evaluasi``; the code form, the name list and the PIN
form carry ``next`` along (only a local participant address), so the PIN leads to the survey
instead of the module list (issue 13 leftover).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
import tornado.web

from kit.classroom import store
from kit.classroom.web import (
    STATIC,
    ClassHandler,
    ClassroomWeb,
    NamesHandler,
    PinHandler,
    SurveyHandler,
)
from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in
from kit.storage.db import write_tx
from kit.workspace import init_workspace
from tests.local_tornado import serve

SURVEY = "/kelas/evaluasi"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A real server with the sign-in pages and the survey; Ani checked in with PIN 2580."""
    ws = init_workspace(tmp_path / "workspace")
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="pani", name="Ani Lestari",
                                          district="Kabupaten Sragen"))
    classroom = store.open_new_session(ws.engine, "advokasi", "Advokasi Sragen", "2026-12-10",
                                       "Kabupaten Sragen")
    with write_tx(ws.engine) as conn:
        check_in(conn, classroom.session_id, "pani")
    store.set_pin(ws.engine, "pani", "2580", "Fasilitator")
    web = ClassroomWeb(ws, "http://127.0.0.1", tmp_path)
    handlers = [(r"/kelas", web.gated(ClassHandler), {"classroom": web}),
                (r"/kelas/masuk", web.gated(NamesHandler), {"classroom": web}),
                (r"/kelas/masuk/([A-Za-z0-9_-]+)", web.gated(PinHandler), {"classroom": web}),
                (SURVEY, web.gated(SurveyHandler), {"classroom": web}),
                (r"/kelas/static/(.*)", web.gated(tornado.web.StaticFileHandler),
                 {"path": str(STATIC)})]
    with serve(handlers) as base:
        yield base, classroom.code
    ws.engine.dispose()


def _hidden_next(page: str) -> str:
    """The value of the form's hidden ``next`` field (empty if there is none)."""
    found = re.search(r'name="next" value="([^"]*)"', page)
    return found.group(1) if found else ""


def test_survey_qr_before_sign_in_leads_to_the_survey(server: tuple[str, str]) -> None:
    """Code → name → PIN, each step keeping ``next``; the PIN's redirect is the survey."""
    base, code = server
    phone = requests.Session()
    first = phone.get(base + SURVEY, allow_redirects=False, timeout=30)
    assert first.status_code == 302
    assert first.headers["Location"] == "/kelas?next=" + quote(SURVEY, safe="")
    form = phone.get(base + first.headers["Location"], timeout=30).text
    assert _hidden_next(form) == SURVEY
    sent = phone.post(base + "/kelas", data={"code": code, "next": SURVEY,
                                             "_xsrf": phone.cookies.get("_xsrf") or ""},
                      allow_redirects=False, timeout=30)
    assert sent.status_code == 302
    names = phone.get(base + sent.headers["Location"], timeout=30).text
    link = re.search(r'href="(/kelas/masuk/pani[^"]*)"', names)
    assert link is not None
    pin_page = phone.get(base + link.group(1).replace("&amp;", "&"), timeout=30).text
    assert _hidden_next(pin_page) == SURVEY
    signed = phone.post(base + "/kelas/masuk/pani",
                        data={"pin": "2580", "next": SURVEY,
                              "_xsrf": phone.cookies.get("_xsrf") or ""},
                        allow_redirects=False, timeout=30)
    assert signed.status_code == 302
    assert signed.headers["Location"] == SURVEY
    assert phone.get(base + SURVEY, allow_redirects=False, timeout=30).status_code == 200


def test_a_foreign_next_is_dropped_on_the_way(server: tuple[str, str]) -> None:
    """``next`` pointing off the server (or to a kernel address) is not carried to the forms."""
    base, _code = server
    phone = requests.Session()
    for bad in ("https://evil.example/", "//evil.example/x", "/api/kernels"):
        form = phone.get(base + "/kelas?next=" + quote(bad, safe=""), timeout=30).text
        assert _hidden_next(form) == "", bad
