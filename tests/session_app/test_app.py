"""The session app: choose or create a session, one lazily built tab per panel, facilitator only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from kit.classroom.routing import PARTICIPANT, Decision, Principal, classify, decide
from kit.i18n import N_
from kit.records import session_service
from kit.server.home_page import render_home_html
from kit.session_app.panels import PANELS, PanelContext, PanelSpec
from kit.session_app.widget import SessionApp, session_app
from kit.settings import SESSION_APP
from kit.workspace import Workspace

SPECS = (PanelSpec("one_panel", N_("Now")), PanelSpec("two_panel", N_("Before the session")))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty SQLite workspace."""
    from kit.workspace import init_workspace

    return init_workspace(tmp_path / "ws")


class Recorder:
    """A stand-in panel registry: counts every build and what context it got."""

    def __init__(self) -> None:
        self.built: list[tuple[str, PanelContext]] = []

    def builder(self, spec: PanelSpec) -> Callable[[PanelContext], Any]:
        """A build function for ``spec`` that records its call."""
        def build(ctx: PanelContext) -> w.Widget:
            self.built.append((spec.module, ctx))
            return w.HTML(f"{spec.module}:{ctx.session_id}")
        return build


def _create(ws: Workspace, activity: str, day: str) -> str:
    session, _warnings = session_service.create(ws, activity, day, "Kabupaten Sragen")
    return session.id


def test_newest_open_session_first_and_query_string_choice(ws: Workspace) -> None:
    """Open sessions come before closed ones; ``?session=ID`` opens that session."""
    old = _create(ws, "advokasi", "2026-11-01")
    closed = _create(ws, "bimtek", "2026-12-01")
    session_service.close(ws, closed)
    app = SessionApp(ws, lang="en", panels=SPECS, builder=Recorder().builder)
    assert [sid for _label, sid in app.session_picker.options] == [old, closed]
    assert app.session_id == old
    chosen = session_app(ws, query_string=f"session={closed}", lang="en", panels=SPECS,
                         builder=Recorder().builder)
    assert isinstance(chosen, SessionApp) and chosen.session_id == closed
    unknown = SessionApp(ws, session_id="nope", lang="en", panels=SPECS,
                         builder=Recorder().builder)
    assert unknown.session_id == old and "&#39;nope&#39; does not exist" in unknown.status.value


def test_tabs_are_built_lazily_and_rebuilt_for_another_session(ws: Workspace) -> None:
    """Only the shown tab is built; the second is built when first shown, once per session."""
    first = _create(ws, "advokasi", "2026-12-03")
    rec = Recorder()
    app = SessionApp(ws, lang="id", panels=SPECS, builder=rec.builder)
    assert [m for m, _c in rec.built] == ["one_panel"]
    assert [label for label, _i in app.tab_bar.options] == ["Sekarang", "Sebelum sesi"]
    app.tab_bar.value = 1
    app.tab_bar.value = 0
    app.tab_bar.value = 1
    assert [m for m, _c in rec.built] == ["one_panel", "two_panel"]
    assert rec.built[0][1] == PanelContext(ws, first, "id")
    second = _create(ws, "bimtek", "2026-12-04")
    app.refresh_sessions()
    app.session_picker.value = second
    assert rec.built[-1] == ("two_panel", PanelContext(ws, second, "id"))
    assert app.tab_body.children[0].value == f"two_panel:{second}"


def test_creating_an_advokasi_session_from_the_form(ws: Workspace) -> None:
    """The form creates a session through the service and the app switches to it."""
    rec = Recorder()
    app = SessionApp(ws, lang="en", panels=SPECS, builder=rec.builder)
    assert app.session_id is None and rec.built == []
    app.new_activity.value = "advokasi"
    app.new_date.value = "2026-12-03"
    app.new_district.value = "Sragen"
    app.new_title.value = "Forum Advokasi Sragen"
    app.new_venue.value = "Aula Dinas"
    app.create_button.click()
    [summary] = session_service.summaries(ws)
    assert summary.session.activity_id == "advokasi"
    assert summary.session.venue == "Aula Dinas"
    assert summary.session.district == "Kabupaten Sragen"
    assert app.session_id == summary.session.id
    assert rec.built[-1][1].session_id == summary.session.id
    assert "kit-status-ok" in app.status.value


def test_a_bad_date_is_one_line_naming_the_field_and_nothing_is_created(ws: Workspace) -> None:
    """A wrong date leaves the database as it was and says which field, in the app's language."""
    app = SessionApp(ws, lang="id", panels=SPECS, builder=Recorder().builder)
    app.new_activity.value = "bimtek"
    app.new_date.value = "03-12-2026"
    app.new_district.value = "Sragen"
    app.create_button.click()
    assert session_service.summaries(ws) == []
    assert "Tanggal" in app.status.value and "YYYY-MM-DD" in app.status.value
    assert app.status.value.count("<br") == 0


def test_a_panel_that_fails_shows_one_line_in_its_tab(ws: Workspace) -> None:
    """A panel whose build raises leaves the other tabs working and says what failed."""
    _create(ws, "advokasi", "2026-12-03")

    def builder(spec: PanelSpec) -> Callable[[PanelContext], Any]:
        def build(ctx: PanelContext) -> w.Widget:
            if spec.module == "one_panel":
                raise ValueError("rusak")
            return w.HTML("ok")
        return build

    app = SessionApp(ws, lang="en", panels=SPECS, builder=builder)
    assert "rusak" in app.tab_body.children[0].value
    app.tab_bar.value = 1
    assert app.tab_body.children[0].value == "ok"


def test_the_board_is_registered_in_the_days_order() -> None:
    """The live board's tab is in PANELS, after the panels of the session that precede it."""
    modules = [spec.module for spec in PANELS]
    assert "board_panel" in modules
    order = ["plan", "invite", "door", "rundown", "draw", "questions", "help", "board", "report"]
    ranks = [order.index(m.removesuffix("_panel")) for m in modules
             if m.removesuffix("_panel") in order]
    assert ranks == sorted(ranks)


def test_the_app_is_a_facilitator_page_linked_from_home(tmp_path: Path) -> None:
    """Participants are refused the app's address; the home page links it for facilitators."""
    route = classify(f"/voila/render/{SESSION_APP}")
    participant = Principal(PARTICIPANT, "device-1", participant_id="p1", classroom_id=1)
    assert decide(route, participant) is Decision.FORBIDDEN
    assert decide(route, None) is Decision.LOGIN
    site = tmp_path / "site"
    (site / "apps").mkdir(parents=True)
    (site / SESSION_APP).write_text("{}")
    page = render_home_html({}, site, "id")
    assert f"href='{SESSION_APP}'" in page or f'href="{SESSION_APP}"' in page
    assert "Hari kegiatan" in page
