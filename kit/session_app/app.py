"""The session app's rules, without widgets: which session opens, creating one, lazy panels.

The widgets are in :mod:`kit.session_app.widget` (``voila_apps/hari_kegiatan.py`` displays
them). The app keeps no state of its own that is not in the database: the session shown comes
from the URL (``?session=ID``) or is the newest open session, and every panel reads and writes
through its package's services. Closing the browser or killing the kernel loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import attrs

from kit.framework import framework
from kit.i18n import N_, gettext_
from kit.records import session_service
from kit.records.sessions import Session
from kit.session_app.panels import PANELS, PanelContext, PanelSpec, builder
from kit.workspace import Workspace

T = TypeVar("T")
# The form's fields as the service names them, with their labels (English ids).
FIELD_LABELS = {
    "activity_id": N_("Activity"),
    "date": N_("Date"),
    "district": N_("District"),
    "title": N_("Title"),
    "venue": N_("Venue"),
    "session_id": N_("Session"),
}


class AppInputError(ValueError):
    """Form input the service refused: ``field`` and one translated line naming it."""

    def __init__(self, field: str, line: str) -> None:
        self.field = field
        self.line = line
        super().__init__(line)


@attrs.frozen
class NewSession:
    """What the "new session" form holds (text as typed)."""

    activity_id: str
    date: str
    district: str
    title: str = ""
    venue: str = ""


def session_choices(ws: Workspace, lang: str = "id") -> list[tuple[str, str]]:
    """``(label, id)`` of every session: open ones first, each group newest first."""
    fw = framework()
    found = session_service.summaries(ws)
    ordered = [s for s in found if s.session.status == "open"] + [
        s for s in found if s.session.status != "open"]
    out = []
    for summary in ordered:
        s = summary.session
        try:
            activity = fw.activity(s.activity_id).short_title.get(lang)
        except KeyError:
            activity = s.activity_id
        day = s.date.isoformat() if s.date else "–"
        closed = "" if s.status == "open" else " " + gettext_("(closed)", lang)
        out.append((f"{s.title} · {activity} · {day}{closed}", s.id))
    return out


def initial_session(choices: Sequence[tuple[str, str]], wanted: str | None,
                    lang: str = "id") -> tuple[str | None, str | None]:
    """The session to open first, and a warning when ``wanted`` (from the URL) does not exist."""
    ids = [sid for _label, sid in choices]
    if wanted and wanted in ids:
        return wanted, None
    first = ids[0] if ids else None
    if wanted:
        return first, gettext_("Session {session!r} does not exist; showing the newest open "
                               "session.", lang).format(session=wanted)
    return first, None


def activity_choices(lang: str = "id") -> list[tuple[str, str]]:
    """``(label, id)`` of the framework's activities (advokasi, bimtek, komunitas)."""
    return [(f"{a.short_title.get(lang)} — {a.title.get(lang)}", a.id)
            for a in framework().activities]


def create_session(ws: Workspace, form: NewSession, lang: str = "id") -> tuple[Session,
                                                                              list[str]]:
    """Create the session the form describes (through the records service); return its warnings.

    Bad input raises :class:`AppInputError` whose line names the field ("Date: …"); nothing is
    written then.
    """
    try:
        return session_service.create(
            ws, form.activity_id, form.date, form.district,
            title=form.title.strip() or None, venue=form.venue.strip() or None)
    except session_service.SessionInputError as exc:
        label = FIELD_LABELS.get(exc.field)
        name = gettext_(label, lang) if label else exc.field
        raise AppInputError(exc.field, gettext_("{field}: {message}", lang).format(
            field=name, message=exc.message)) from None


class LazyPanels(Generic[T]):
    """The panels of one session, each built the first time its tab is shown, then kept.

    ``build`` turns a spec into its panel's ``build`` function (the registry's
    :func:`kit.session_app.panels.builder` by default).
    """

    def __init__(self, specs: Sequence[PanelSpec] | None = None,
                 build: Callable[[PanelSpec], Callable[[PanelContext], T]] | None = None
                 ) -> None:
        self.specs: tuple[PanelSpec, ...] = tuple(PANELS if specs is None else specs)
        self._build = build or builder
        self.context: PanelContext | None = None
        self._built: dict[int, T] = {}

    def use(self, context: PanelContext | None) -> list[T]:
        """Show another session (or none): forget the built panels and return them to dispose."""
        old = list(self._built.values())
        self._built = {}
        self.context = context
        return old

    def is_built(self, index: int) -> bool:
        """Whether the panel at ``index`` was built for the current session."""
        return index in self._built

    def panel(self, index: int) -> T:
        """The panel at ``index``, built now if it is shown for the first time."""
        if self.context is None:
            raise LookupError("no session chosen")
        if index not in self._built:
            self._built[index] = self._build(self.specs[index])(self.context)
        return self._built[index]
