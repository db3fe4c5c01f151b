"""The live board of a session (pure rules): who of the people present achieved what, and stages.

Built from facts a service read (:mod:`kit.reports.live_board_service`), never from the database
itself, so every rule here is tested on plain values:

* per item of the session's activity: how many PRESENT participants (checked in) achieved it, a
  level at or above the rubric's target (``rubric.yaml`` ``achieved_min_level``);
* per present participant: the items still missing;
* per cell: the level, whether it is automatic (from the participant's own work in a sandbox or
  a quiz, source ``autograde``) and the evidence behind it (the score's recorded details: the
  email sent, the post written, the product listed);
* the room's stages before → now, for UMKM owners only (participant type ``None`` or ``umkm``,
  guide 3.1.3): "before" is what the log held when the participant was checked in, without this
  session's own records; "now" is everything.

:func:`changes` says what differs between two boards, so a panel touches only that.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from kit.framework import Activity, Framework
from kit.framework.stage_rule import current_stage
from kit.i18n import N_, gettext_

UMKM = "umkm"
AUTOMATIC_SOURCE = "autograde"
# Keys of a score's details that are bookkeeping, not evidence a facilitator reads.
HIDDEN_DETAIL_KEYS = frozenset({"sandbox", "refused_attempts", "module"})
# How the usual keys of sandbox and quiz details are labelled (English ids, translated).
DETAIL_LABELS: Mapping[str, str] = {
    "action": N_("Action"),
    "subject": N_("Subject"),
    "to": N_("To"),
    "cc": N_("Cc"),
    "bcc": N_("Bcc"),
    "attachments": N_("Attachments"),
    "address": N_("Address"),
    "url": N_("Web address"),
    "title": N_("Title"),
    "post_id": N_("Post"),
    "message_id": N_("Email message"),
    "blog": N_("Blog"),
    "city": N_("City"),
    "name": N_("Name"),
    "price": N_("Price"),
    "product": N_("Product"),
    "score": N_("Score"),
    "answer": N_("Answer"),
}
MAX_DETAIL_CHARS = 300


@attrs.frozen
class Present:
    """A participant checked in to the session."""

    participant_id: str
    name: str
    participant_type: str | None
    checked_in_at: datetime | None = None

    @property
    def is_umkm(self) -> bool:
        """Whether this is a UMKM owner (``None`` means umkm): only they are staged."""
        return self.participant_type in (None, "", UMKM)


@attrs.frozen
class ScoreFact:
    """One row of the score log as the board needs it."""

    participant_id: str
    item_id: str
    level: int
    source: str
    session_id: str | None
    recorded_at: datetime | None
    details: Mapping[str, Any] | None = None
    row_id: int = 0
    session_date: date | None = None  # the day of the score's session, if it has one


@attrs.frozen
class Cell:
    """What the board shows for one present participant × item."""

    level: int | None = None
    achieved: bool = False
    automatic: bool = False
    evidence: tuple[tuple[str, str], ...] = ()


EMPTY = Cell()


@attrs.frozen
class ItemTally:
    """One item of the activity: its code ("2.3"), title and how many present achieved it."""

    item_id: str
    code: str
    title: str
    achieved: int
    present: int


@attrs.frozen
class Row:
    """One present participant: name, type and the item ids still missing (in table order)."""

    participant_id: str
    name: str
    participant_type: str | None
    missing: tuple[str, ...]


@attrs.frozen
class StageBar:
    """How many present UMKM owners are at a stage before and now (``None`` = not started)."""

    stage_id: str | None
    title: str
    before: int
    now: int


@attrs.frozen
class Board:
    """The live board of one session at one moment."""

    session_id: str
    activity_id: str
    items: tuple[ItemTally, ...]
    rows: tuple[Row, ...]
    cells: Mapping[tuple[str, str], Cell]
    stages: tuple[StageBar, ...]

    def cell(self, participant_id: str, item_id: str) -> Cell:
        """The cell of a participant × item (empty when nothing is recorded)."""
        return self.cells.get((participant_id, item_id), EMPTY)

    def tally(self, item_id: str) -> ItemTally:
        """The tally of one item (``KeyError`` if the activity has no such item)."""
        for tally in self.items:
            if tally.item_id == item_id:
                return tally
        raise KeyError(item_id)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: items, rows (with what is missing), automatic cells' evidence, stages."""
        return {
            "session_id": self.session_id, "activity_id": self.activity_id,
            "items": [attrs.asdict(t) for t in self.items],
            "rows": [{**attrs.asdict(r), "missing": list(r.missing)} for r in self.rows],
            "cells": [{"participant_id": pid, "item_id": item_id, "level": c.level,
                       "achieved": c.achieved, "automatic": c.automatic,
                       "evidence": [list(pair) for pair in c.evidence]}
                      for (pid, item_id), c in sorted(self.cells.items())],
            "stages": [attrs.asdict(s) for s in self.stages],
        }


@attrs.frozen
class Changes:
    """What differs between two boards of the same session."""

    cells: frozenset[tuple[str, str]] = frozenset()
    items: frozenset[str] = frozenset()
    rows_changed: bool = False
    stages_changed: bool = False

    def __bool__(self) -> bool:
        return bool(self.cells or self.items or self.rows_changed or self.stages_changed)


def item_codes(activity: Activity) -> dict[str, str]:
    """Item id → the code printed in the guide's tables, "materi.no" (``"2.3"``)."""
    return {item.id: f"{m.no}.{n}" for m in activity.materi
            for n, item in enumerate(m.items, start=1)}


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {v}" for k, v in value.items())
    else:
        text = str(value)
    return text if len(text) <= MAX_DETAIL_CHARS else text[:MAX_DETAIL_CHARS - 1] + "…"


def evidence_lines(details: Mapping[str, Any] | None, lang: str = "id") -> tuple[
        tuple[str, str], ...]:
    """``(label, value)`` lines of a score's details, bookkeeping keys and empty values left out.

    Known keys get a translated label ("Subject", "To"…); others keep their own name.
    """
    if not details:
        return ()
    lines = []
    for key, value in details.items():
        if key in HIDDEN_DETAIL_KEYS or value in (None, "", [], {}):
            continue
        label = DETAIL_LABELS.get(key)
        lines.append((gettext_(label, lang) if label else str(key), _shown(value)))
    return tuple(lines)


def newest(scores: Collection[ScoreFact]) -> dict[tuple[str, str], ScoreFact]:
    """The newest fact of each participant × item (the log's highest row id wins)."""
    out: dict[tuple[str, str], ScoreFact] = {}
    for fact in sorted(scores, key=lambda f: f.row_id):
        out[(fact.participant_id, fact.item_id)] = fact
    return out


def levels_of(facts: Mapping[tuple[str, str], ScoreFact], participant_id: str) -> dict[str, int]:
    """Item id → level of one participant, from the newest facts."""
    return {item_id: f.level for (pid, item_id), f in facts.items() if pid == participant_id}


def before_session(scores: Collection[ScoreFact], person: Present, session_id: str,
                   session_date: date | None = None) -> list[ScoreFact]:
    """The facts that held before this session for ``person`` (never this session's own).

    A score of another session counts when that session's day is before this one's (levels are
    often typed in after the day, so the time it was recorded does not say when it was earned);
    a score without a session, or when a day is unknown, counts when it was recorded before the
    person was checked in here.
    """
    def earlier(f: ScoreFact) -> bool:
        if f.participant_id != person.participant_id or f.session_id == session_id:
            return False
        if session_date is not None and f.session_date is not None:
            return f.session_date < session_date
        return (person.checked_in_at is None or f.recorded_at is None
                or f.recorded_at < person.checked_in_at)

    return [f for f in scores if earlier(f)]


def build_board(fw: Framework, session_id: str, activity: Activity,
                present: Collection[Present], scores: Collection[ScoreFact],
                attended_elsewhere: Mapping[str, Collection[str]], lang: str = "id", *,
                session_date: date | None = None,
                attended_earlier: Mapping[str, Collection[str]] | None = None) -> Board:
    """The board of a session from its present participants and their whole score log.

    ``scores`` holds every score of the present participants (all activities: the stage rule
    reads them all); ``attended_elsewhere`` maps each to the activities of the OTHER sessions
    they were checked in to, ``attended_earlier`` to those of the other sessions held before
    this one's ``session_date`` (default: all of them). Taking part (the stage rule's
    prerequisite) is that, plus the activities of their scores, plus this session's activity
    now (not before).
    """
    codes = item_codes(activity)
    items = activity.items
    latest = newest(scores)
    by_person: dict[str, list[ScoreFact]] = {}
    for fact in scores:
        by_person.setdefault(fact.participant_id, []).append(fact)
    cells: dict[tuple[str, str], Cell] = {}
    rows: list[Row] = []
    achieved_by_item = dict.fromkeys((i.id for i in items), 0)
    for person in present:
        missing = []
        for item in items:
            found = latest.get((person.participant_id, item.id))
            if found is None:
                missing.append(item.id)
                continue
            achieved = fw.rubric.is_achieved(found.level)
            automatic = found.source == AUTOMATIC_SOURCE
            cells[(person.participant_id, item.id)] = Cell(
                level=found.level, achieved=achieved, automatic=automatic,
                evidence=evidence_lines(found.details, lang) if automatic else ())
            if achieved:
                achieved_by_item[item.id] += 1
            else:
                missing.append(item.id)
        rows.append(Row(person.participant_id, person.name, person.participant_type,
                        tuple(missing)))
    tallies = tuple(ItemTally(i.id, codes[i.id], i.title.get(lang), achieved_by_item[i.id],
                              len(present)) for i in items)
    return Board(session_id, activity.id, tallies, tuple(rows), cells,
                 _stages(fw, session_id, activity, present, by_person, attended_elsewhere,
                         attended_elsewhere if attended_earlier is None else attended_earlier,
                         session_date, lang))


def _stages(fw: Framework, session_id: str, activity: Activity, present: Collection[Present],
            by_person: Mapping[str, list[ScoreFact]],
            attended_elsewhere: Mapping[str, Collection[str]],
            attended_earlier: Mapping[str, Collection[str]], session_date: date | None,
            lang: str) -> tuple[StageBar, ...]:
    before: dict[str | None, int] = {None: 0, **{s.id: 0 for s in fw.stages}}
    now = dict(before)
    for person in present:
        if not person.is_umkm:
            continue
        mine = by_person.get(person.participant_id, [])
        elsewhere = set(attended_elsewhere.get(person.participant_id, ()))
        earlier = before_session(mine, person, session_id, session_date)
        stage_before = current_stage(fw, levels_of(newest(earlier), person.participant_id),
                                     set(attended_earlier.get(person.participant_id, ()))
                                     | _activities(fw, earlier))
        stage_now = current_stage(fw, levels_of(newest(mine), person.participant_id),
                                  elsewhere | _activities(fw, mine) | {activity.id})
        before[stage_before.id if stage_before else None] += 1
        now[stage_now.id if stage_now else None] += 1
    bars = [StageBar(None, gettext_("Not started", lang), before[None], now[None])]
    bars += [StageBar(s.id, s.title.get(lang), before[s.id], now[s.id]) for s in fw.stages]
    return tuple(bars)


def _activities(fw: Framework, facts: Collection[ScoreFact]) -> set[str]:
    """The activities of the items in ``facts`` (items the framework no longer has are skipped)."""
    out = set()
    for fact in facts:
        try:
            out.add(fw.item(fact.item_id).activity_id)
        except KeyError:
            continue
    return out


def changes(old: Board | None, new: Board) -> Changes:
    """What ``new`` shows differently from ``old`` (everything when there was no old board)."""
    if old is None or old.session_id != new.session_id:
        return Changes(frozenset(new.cells), frozenset(t.item_id for t in new.items), True, True)
    keys = set(old.cells) | set(new.cells)
    cells = frozenset(k for k in keys if old.cells.get(k, EMPTY) != new.cells.get(k, EMPTY))
    old_items = {t.item_id: t for t in old.items}
    items = frozenset(t.item_id for t in new.items if old_items.get(t.item_id) != t)
    return Changes(cells, items, old.rows != new.rows, old.stages != new.stages)
