"""Classroom mode as the room needs it (issue 12), over HTTP against a real classroom server.

The facilitator chooses (or creates) the classroom's session, the checklist link opens on it,
closing asks for confirmation, and the names page can be searched. ``kit start --classroom``
runs without a terminal here, as a laptop's autostart would.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from kit.assess.demo import init_demo_workspace
from kit.classroom import store
from kit.records.participants import Participant, add_participant
from kit.records.sessions import Session, add_session, check_in, list_sessions
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from tests.classroom.harness import (
    PASSWORD,
    ClassroomServer,
    make_source,
    shows_number,
    start,
    stop,
)
from tests.classroom.test_attack_pins import Phone, facilitator_phone

pytestmark = [pytest.mark.slow]
CHOSEN = "sragen-bimtek-h10"
NEWEST = "pontianak-komunitas-h10"
CROWD = 44


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A demo workspace with no classroom open and two sessions to choose from.

    The newest is a Pontianak komunitas session; the older Sragen bimtek one has 44
    participants checked in.
    """
    root = tmp_path_factory.mktemp("room")
    ws = init_demo_workspace(root / "workspace")
    store.set_facilitator_password(ws.engine, PASSWORD)
    with write_tx(ws.engine) as conn:
        add_session(conn, Session(id=NEWEST, activity_id="komunitas", title="Komunitas Pontianak",
                                  date=date(2030, 1, 2), district="Kota Pontianak"))
        add_session(conn, Session(id=CHOSEN, activity_id="bimtek", title="Bimtek Sragen",
                                  date=date(2030, 1, 1), district="Kabupaten Sragen"))
        for n in range(CROWD):
            pid = f"h10-p{n:02d}"
            name = "Slamet Riyadi" if n == 7 else f"Peserta Sragen {n:02d}"
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen",
                                              business_name=f"Usaha {n:02d}"))
            check_in(conn, CHOSEN, pid)
    running = start(ws, make_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def _classroom(srv: ClassroomServer) -> store.Classroom | None:
    return store.current_classroom(srv.ws.engine)


def test_start_without_a_choice_opens_no_classroom(server: ClassroomServer) -> None:
    """Without a terminal or --session, start opens nothing: the projector page offers a choice."""
    assert _classroom(server) is None
    desk = facilitator_phone(server, "127.0.0.71")
    page = desk.get("/kelas/layar")
    assert page.status == 200
    assert 'action="/kelas/layar/buka"' in page.text and f'value="{CHOSEN}"' in page.text
    assert 'action="/kelas/layar/baru"' in page.text
    refused = desk.post("/kelas/layar/buka", {})
    assert refused.status == 400 and "Pilih sesinya" in refused.text
    assert _classroom(server) is None


def test_projector_opens_the_chosen_session_and_links_its_checklist(
        server: ClassroomServer) -> None:
    """'Open' opens the chosen (older) session, and the checklist link carries its id."""
    desk = facilitator_phone(server, "127.0.0.72")
    reply = desk.post("/kelas/layar/buka", {"session": CHOSEN})
    assert reply.status == 200, reply.text[:300]
    classroom = _classroom(server)
    assert classroom is not None and classroom.session_id == CHOSEN
    links = re.findall(r'href="([^"]*checklist[^"]*)"', reply.text)
    assert [html.unescape(x) for x in links] == [
        f"/voila/render/apps/checklist.ipynb?session={CHOSEN}"]
    assert desk.get(html.unescape(links[0])).status == 200


def test_a_new_pin_is_not_on_the_projector_page(server: ClassroomServer) -> None:
    """A PIN given on the participants page never appears on the projector page."""
    desk = facilitator_phone(server, "127.0.0.73")
    given = desk.post("/kelas/layar/pin", {"participant": "h10-p07"})
    found = re.search(r"Slamet Riyadi: (\d{4})", given.text)
    assert found is not None
    projector = desk.get("/kelas/layar")
    assert not shows_number(projector.text, found.group(1))
    assert "Slamet Riyadi" not in projector.text


def test_names_page_has_a_search_that_works_without_javascript(server: ClassroomServer) -> None:
    """At 44 names the names page starts with a search field; ?q= filters on the server."""
    classroom = _classroom(server)
    assert classroom is not None
    phone = Phone(server.port, "127.0.0.74")
    assert phone.get(f"/k/{classroom.code}").status == 302
    full = phone.get("/kelas/masuk")
    assert full.text.count('class="kelas-name"') == CROWD
    search = full.text.find('type="search"')
    assert 0 < search < full.text.find('class="kelas-name"')
    narrowed = phone.get("/kelas/masuk?q=slamet%20RIYADI")
    assert narrowed.text.count('class="kelas-name"') == 1
    assert "/kelas/masuk/h10-p07" in narrowed.text
    assert phone.get("/kelas/masuk?q=tidak+ada+nama").text.count('class="kelas-name"') == 0


def test_closing_asks_for_confirmation_first(server: ClassroomServer) -> None:
    """'Close' without the confirmation closes nothing; the confirmation names the phone count."""
    classroom = _classroom(server)
    assert classroom is not None
    phones = store.devices_signed_in(server.ws.engine, classroom)
    desk = facilitator_phone(server, "127.0.0.75")
    one_click = desk.post("/kelas/layar/tutup", {})
    assert one_click.status == 400
    assert _classroom(server) is not None
    ask = desk.get("/kelas/layar/tutup")
    assert ask.status == 200 and "Ya, tutup sesi" in ask.text
    assert f"{phones} ponsel" in ask.text
    stale = desk.post("/kelas/layar/tutup", {"confirm": "ya", "classroom": "0"})
    assert stale.status == 400 and _classroom(server) is not None
    done = desk.post("/kelas/layar/tutup", {"confirm": "ya", "classroom": str(classroom.id)})
    assert done.status == 200 and _classroom(server) is None


def test_projector_creates_a_session_through_the_kit(server: ClassroomServer) -> None:
    """A new session made on the projector page is checked, saved and opened."""
    assert _classroom(server) is None
    desk = facilitator_phone(server, "127.0.0.76")
    bad = desk.post("/kelas/layar/baru", {"activity_id": "bimtek", "title": " ",
                                          "date": "03-12-2026", "district": "Sragen"})
    assert bad.status == 400 and _classroom(server) is None
    assert "YYYY-MM-DD" in bad.text and "Tulis judul sesi" in bad.text
    good = desk.post("/kelas/layar/baru", {"activity_id": "bimtek", "title": "Bimtek Sragen 2",
                                           "date": "2030-02-03", "district": "Kabupaten Sragen"})
    assert good.status == 200, good.text[:300]
    classroom = _classroom(server)
    assert classroom is not None
    with read_tx(server.ws.engine) as conn:
        made = {s.id: s for s in list_sessions(conn)}[classroom.session_id]
    assert (made.activity_id, made.title, made.date, made.district, made.status) == (
        "bimtek", "Bimtek Sragen 2", date(2030, 2, 3), "Kabupaten Sragen", "open")
    s = schema.session
    with read_tx(server.ws.engine) as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(s)
                             .where(s.c.title == "Bimtek Sragen 2")).scalar_one()
    assert total == 1
