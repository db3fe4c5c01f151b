"""The report as translated sections: the one layout the PDF, XLSX and HTML formats share.

:func:`build` turns a :class:`~kit.reports.session_report.gather.SessionReport` into a
:class:`Document`: the header line, the sections in the report's order (facts; committee and
speakers; rundown planned vs run; attendance; achievement; stage movement; follow-up; the room's
questions; random questions; survey; notes) and the signature block. A section with nothing to
show keeps its heading and says so (``empty``), it never disappears. Every text is in the
report's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

import attrs
from babel.dates import format_date

from kit.i18n import gettext_
from kit.records.participant_types import type_label
from kit.reports.session_report import charts
from kit.reports.session_report.gather import SessionReport

Cell = str | int | float


@attrs.frozen
class Table:
    """A table: its column heads (none: a label/value list), rows and relative column widths."""

    head: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]
    caption: str = ""


@attrs.frozen
class Chart:
    """A chart as PNG bytes, the sentence that describes it (alt text), its width (% of page)."""

    png: bytes
    alt: str
    width: int = 100


@attrs.frozen
class Section:
    """One numbered section: heading, short paragraphs, tables, charts, or why it is empty."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    empty: str = ""


@attrs.frozen
class Signature:
    """The signature block: *Mengetahui*, the head of office, and the facilitator."""

    place_date: str
    left_lines: tuple[str, ...]
    left_name: str
    right_lines: tuple[str, ...]
    right_name: str


@attrs.frozen
class Document:
    """The whole report, ready for a format."""

    lang: str
    kit_name: str
    title: str
    subtitle: str
    made_line: str
    sections: tuple[Section, ...]
    signature: Signature
    contacts_note: str


def _no_data(lang: str) -> str:
    return gettext_("No data yet", lang)


def long_date(day: str | date | None, lang: str) -> str:
    """``2026-12-03`` as "3 Desember 2026" (or "December 3, 2026"); "-" when unknown."""
    if not day:
        return "-"
    when = day if isinstance(day, date) else date.fromisoformat(day)
    return format_date(when, format="long", locale="id" if lang != "en" else "en")


def clock(moment: datetime | None) -> str:
    """A stored time as local ``HH:MM`` ("-" when unknown)."""
    return moment.astimezone().strftime("%H:%M") if moment else "-"


def _dash(value: object) -> Cell:
    if value is None or value == "":
        return "-"
    return value if isinstance(value, int | float) else str(value)


def _type_label(type_id: str, lang: str) -> str:
    labels = {"umkm": gettext_("UMKM owners", lang),
              "ngo": gettext_("NGOs and practitioners", lang),
              "government": gettext_("Government staff", lang),
              "community_board": gettext_("Community and association boards", lang)}
    return labels.get(type_id, type_id)


def _gender_label(gender: str, lang: str) -> str:
    labels = {"P": gettext_("Women", lang), "L": gettext_("Men", lang),
              "": gettext_("Gender not recorded", lang)}
    return labels.get(gender, gender)


def _facts(r: SessionReport) -> Section:
    f, lang = r.facts, r.lang
    rows: list[tuple[Cell, ...]] = [
        (gettext_("Activity", lang), f.activity_title),
        (gettext_("Title", lang), f.title),
        (gettext_("Date", lang), long_date(f.date, lang)),
        (gettext_("Venue", lang), _dash(f.venue)),
        (gettext_("District", lang), _dash(f.district)),
        (gettext_("Facilitators", lang), ", ".join(f.facilitators) or "-"),
        (gettext_("Session id", lang), f.session_id),
        (gettext_("Status", lang),
         gettext_("closed", lang) if f.status == "closed" else gettext_("open", lang)),
    ]
    return Section("facts", gettext_("Session facts", lang),
                   tables=(Table((), tuple(rows), (30, 70)),))


def _people(r: SessionReport) -> Section:
    f, lang = r.facts, r.lang
    tables = []
    if f.committee:
        tables.append(Table((gettext_("Role", lang), gettext_("Name", lang)),
                            tuple((m.role or "-", m.name) for m in f.committee), (35, 65),
                            gettext_("Organising committee", lang)))
    speakers = tuple((s.title, s.speaker) for s in r.rundown if s.speaker)
    if speakers:
        tables.append(Table((gettext_("Rundown segment", lang), gettext_("Speaker", lang)),
                            speakers, (45, 55), gettext_("Speakers", lang)))
    people: list[tuple[Cell, ...]] = []
    if f.facilitators:
        people.append((gettext_("Facilitators", lang), ", ".join(f.facilitators)))
    if f.support_team:
        people.append((gettext_("Support team", lang), ", ".join(f.support_team)))
    if f.head_of_office:
        people.append((gettext_("Head of office", lang), f.head_of_office))
    if people:
        tables.append(Table((), tuple(people), (30, 70)))
    return Section("people", gettext_("Committee and speakers", lang), tables=tuple(tables),
                   empty="" if tables else _no_data(lang))


def _rundown(r: SessionReport) -> Section:
    lang = r.lang
    if not r.rundown:
        return Section("rundown", gettext_("Rundown: planned and as run", lang),
                       empty=_no_data(lang))
    rows = tuple((s.title, s.planned_start, s.planned_minutes, clock(s.started_at),
                  clock(s.ended_at), _dash(s.actual_minutes)) for s in r.rundown)
    head = (gettext_("Segment", lang), gettext_("Planned start", lang),
            gettext_("Planned minutes", lang), gettext_("Started", lang),
            gettext_("Ended", lang), gettext_("Minutes run", lang))
    return Section("rundown", gettext_("Rundown: planned and as run", lang),
                   tables=(Table(head, rows, (34, 13, 13, 13, 13, 14)),))


def _attendance(r: SessionReport) -> Section:
    a, lang = r.attendance, r.lang
    n = len(a.present)
    summary: list[tuple[Cell, ...]] = [
        (gettext_("Target participants", lang), _dash(a.target)),
        (gettext_("Present", lang), n)]
    if a.target:
        summary.append((gettext_("Present of target", lang), f"{round(100 * n / a.target)} %"))
    counts = Table((gettext_("Group", lang), gettext_("Present", lang)),
                   tuple((_type_label(t, lang), c) for t, c in a.by_type)
                   + tuple((_gender_label(g, lang), c) for g, c in a.by_gender), (45, 15),
                   gettext_("By participant type and gender", lang))
    districts = Table((gettext_("District", lang), gettext_("Present", lang)), a.by_district,
                      (45, 15), gettext_("By district", lang))
    contacts = r.include_contacts
    head: tuple[str, ...] = (gettext_("No.", lang), gettext_("Name", lang),
                             gettext_("District", lang), gettext_("Business", lang),
                             gettext_("Participant type", lang))
    widths: tuple[int, ...] = (6, 28, 24, 22, 20)
    if contacts:
        head, widths = (*head, gettext_("Phone", lang)), (6, 24, 20, 18, 16, 16)
    rows = []
    for no, x in enumerate(a.present, 1):
        kind = type_label(x.participant_type, lang)
        row: tuple[Cell, ...] = (no, x.name, x.district, _dash(x.business),
                                 kind[:1].upper() + kind[1:])
        rows.append((*row, _dash(x.phone)) if contacts else row)
    present = Table(head, tuple(rows), widths, gettext_("Participants present", lang))
    tables = [Table((), tuple(summary), (40, 20)), counts, districts, present]
    admitted = tuple((x.name, x.admit_reason) for x in a.present if x.admit_reason)
    if admitted:
        tables.append(Table((gettext_("Name", lang), gettext_("Reason", lang)), admitted,
                            (35, 65), gettext_("Admitted by the facilitator", lang)))
    absent_caption = gettext_("Eligible but absent", lang)
    paragraphs = []
    if a.eligible_absent:
        head_abs: tuple[str, ...] = (gettext_("No.", lang), gettext_("Name", lang),
                                     gettext_("District", lang), gettext_("Village", lang))
        widths_abs: tuple[int, ...] = (6, 38, 30, 26)
        if contacts:
            head_abs, widths_abs = (*head_abs, gettext_("Phone", lang)), (6, 30, 26, 20, 18)
        absent_rows = []
        for no, y in enumerate(a.eligible_absent, 1):
            base: tuple[Cell, ...] = (no, y.name, y.district, _dash(y.village))
            absent_rows.append((*base, _dash(y.phone)) if contacts else base)
        tables.append(Table(head_abs, tuple(absent_rows), widths_abs, absent_caption))
    else:
        paragraphs.append("{caption}: {none}".format(caption=absent_caption,
                                                     none=gettext_("nobody", lang)))
    return Section("attendance", gettext_("Attendance", lang), paragraphs=tuple(paragraphs),
                   tables=tuple(tables))


def _achievement(r: SessionReport) -> Section:
    lang = r.lang
    heading = gettext_("Achievement per materi and item", lang)
    level_names = [f"{title} ({level})" for level, title in r.levels]
    head = (gettext_("Materi / item", lang), *level_names,
            gettext_("Not assessed", lang), gettext_("Achieved", lang))
    rows: list[tuple[Cell, ...]] = []
    labels: list[str] = []
    per_level: list[list[int]] = [[] for _lv in r.levels]
    not_assessed: list[int] = []
    assessed_any = False
    for m in r.achievement:
        rows.append((f"{m.no}. {m.title}", *([""] * (len(head) - 1))))
        for n, item in enumerate(m.items, 1):
            code = f"{m.no}.{n}"
            counts = dict(item.by_level)
            rows.append((f"{code} {item.title}", *(counts.get(lv, 0) for lv, _t in r.levels),
                         item.not_assessed, f"{item.achieved}/{item.present}"))
            labels.append(f"{code} {item.title}")
            for k, (lv, _t) in enumerate(r.levels):
                per_level[k].append(counts.get(lv, 0))
            not_assessed.append(item.not_assessed)
            assessed_any = assessed_any or item.not_assessed < item.present
    if not rows:
        return Section("achievement", heading, empty=_no_data(lang))
    widths = (40, *([12] * len(r.levels)), 12, 12)
    table = Table(head, tuple(rows), widths)
    note = gettext_("Latest level of each participant present; an item is achieved from level "
                    "{level} up.", lang).format(level=min(lv for lv, _t in r.levels if lv > 0))
    if not assessed_any:
        return Section("achievement", heading, paragraphs=(note,), tables=(table,),
                       empty=gettext_("No level recorded yet for the participants present.",
                                      lang))
    series = [(name, counts) for name, counts in zip(level_names, per_level, strict=True)]
    series.append((gettext_("Not assessed", lang), not_assessed))
    png = charts.achievement_chart(labels, series, gettext_("Participants present", lang))
    alt = gettext_("Bar chart: participants present at each level, per item.", lang)
    return Section("achievement", heading, paragraphs=(note,), tables=(table,),
                   charts=(Chart(png, alt),))


def _stages(r: SessionReport) -> Section:
    s, lang = r.stages, r.lang
    heading = gettext_("Stage movement: before and after", lang)
    if not s.counted:
        return Section("stages", heading, empty=gettext_(
            "No UMKM owner was present; only UMKM owners are staged.", lang))
    titles = [t for _sid, t in s.stages]
    rows = tuple((t, b, a) for t, b, a in zip(titles, s.before, s.after, strict=True))
    before, after = gettext_("Before the session", lang), gettext_("After the session", lang)
    tables = [Table((gettext_("Stage", lang), before, after), rows, (46, 17, 17))]
    if s.moved:
        tables.append(Table((gettext_("Name", lang), before, after), s.moved, (40, 30, 30),
                            gettext_("Who moved", lang)))
    note = gettext_("Present UMKM owners only ({n}); the stage rule of the framework on the "
                    "levels recorded before the session and now.", lang).format(n=s.counted)
    png = charts.stage_chart(titles, s.before, s.after, before, after,
                             gettext_("UMKM owners present", lang))
    alt = gettext_("Bar chart: UMKM owners present per stage, before and after the session.",
                   lang)
    return Section("stages", heading, paragraphs=(note,), tables=tuple(tables),
                   charts=(Chart(png, alt, 80),))


def _follow_up(r: SessionReport) -> Section:
    lang = r.lang
    heading = gettext_("Who needs follow-up", lang)
    if not r.follow_up:
        return Section("follow_up", heading, empty=gettext_(
            "Nobody: every participant present achieved every item.", lang))
    head: tuple[str, ...] = (gettext_("Name", lang), gettext_("Below the target level", lang),
                             gettext_("Not assessed yet", lang))
    widths: tuple[int, ...] = (24, 46, 30)
    if r.include_contacts:
        head, widths = (*head, gettext_("Phone", lang)), (20, 38, 26, 16)
    rows = []
    for f in r.follow_up:
        below = "; ".join(f"{title} ({level})" for title, level in f.below) or "-"
        missing = (gettext_("every item", lang) if len(f.not_assessed) == r.items_total else
                   gettext_("{n} items", lang).format(n=len(f.not_assessed))
                   if len(f.not_assessed) > 3 else "; ".join(f.not_assessed) or "-")
        row: tuple[Cell, ...] = (f.name, below, missing)
        rows.append((*row, _dash(f.phone)) if r.include_contacts else row)
    return Section("follow_up", heading, tables=(Table(head, tuple(rows), widths),))


def _questions(r: SessionReport) -> Section:
    lang = r.lang
    heading = gettext_("Questions raised by participants", lang)
    if not r.questions:
        return Section("questions", heading, empty=_no_data(lang))
    rows = tuple((n, q.text, _dash(q.place), clock(q.asked_at),
                  gettext_("answered", lang) if q.answered else gettext_("not yet answered", lang))
                 for n, q in enumerate(r.questions, 1))
    head = (gettext_("No.", lang), gettext_("Question", lang), gettext_("Where", lang),
            gettext_("Time", lang), gettext_("Answered", lang))
    return Section("questions", heading, tables=(Table(head, rows, (6, 52, 18, 10, 14)),))


def _draws(r: SessionReport) -> Section:
    lang = r.lang
    heading = gettext_("Random questions", lang)
    if not r.draws:
        return Section("draws", heading, empty=_no_data(lang))
    titles = dict(r.levels)
    rows = tuple((n, d.name, d.item_title, d.question,
                  f"{titles.get(d.level, d.level)} ({d.level})" if d.level is not None
                  else gettext_("not answered", lang), clock(d.drawn_at))
                 for n, d in enumerate(r.draws, 1))
    head = (gettext_("No.", lang), gettext_("Name", lang), gettext_("Item", lang),
            gettext_("Question", lang), gettext_("Level given", lang), gettext_("Time", lang))
    return Section("draws", heading, tables=(Table(head, rows, (6, 18, 24, 26, 16, 10)),))


def _survey(r: SessionReport) -> Section:
    s, lang = r.survey, r.lang
    heading = gettext_("Reaction survey", lang)
    if not s.questions:
        return Section("survey", heading, empty=_no_data(lang))
    paragraphs = [gettext_("{n} of {present} participants present answered.", lang).format(
        n=s.respondents, present=s.present)]
    if not s.labelled:
        paragraphs.append(gettext_("Questions are shown by their id.", lang))
    tables = []
    scales = tuple((q.label, q.answers, _dash(q.mean),
                    "  ".join(f"{v}: {c}" for v, c in q.distribution))
                   for q in s.questions if q.kind == "scale")
    if scales:
        tables.append(Table((gettext_("Question", lang), gettext_("Answers", lang),
                             gettext_("Mean (1–5)", lang), gettext_("Answers per score", lang)),
                            scales, (40, 12, 14, 34)))
    for q in s.questions:
        if q.kind == "text" and not q.texts:
            paragraphs.append("{question}: {none}".format(
                question=q.label, none=gettext_("no answer", lang)))
        elif q.kind == "text":
            counted = Counter(q.texts)
            tables.append(Table((gettext_("Answer", lang), gettext_("Answers", lang)),
                                tuple((t, n) for t, n in counted.most_common()), (85, 15),
                                q.label))
    return Section("survey", heading, paragraphs=tuple(paragraphs), tables=tuple(tables))


def _notes(r: SessionReport) -> Section:
    lang = r.lang
    heading = gettext_("Facilitator's notes", lang)
    if not r.facts.notes:
        return Section("notes", heading, empty=_no_data(lang))
    return Section("notes", heading, paragraphs=tuple(
        p.strip() for p in r.facts.notes.split("\n") if p.strip()))


def _signature(r: SessionReport) -> Signature:
    f, lang = r.facts, r.lang
    place = f.district or f.venue or "…"
    return Signature(
        place_date=f"{place}, {long_date(f.date, lang)}",
        left_lines=(gettext_("Acknowledged by,", lang), gettext_("Head of Office", lang)),
        left_name=f.head_of_office or "",
        right_lines=("", gettext_("Facilitator", lang)),
        right_name=", ".join(f.facilitators))


def build(r: SessionReport) -> Document:
    """The report as sections in order, with the header line and the signature block."""
    lang = r.lang
    sections: Sequence[Section] = (
        _facts(r), _people(r), _rundown(r), _attendance(r), _achievement(r), _stages(r),
        _follow_up(r), _questions(r), _draws(r), _survey(r), _notes(r))
    contacts = (gettext_("Contains phone numbers: for the office's use only.", lang)
                if r.include_contacts else
                gettext_("Names only; phone numbers are left out.", lang))
    return Document(
        lang=lang, kit_name=gettext_("e-UMKM training and assessment kit", lang),
        title=gettext_("Activity report", lang),
        subtitle=f"{r.facts.title} — {long_date(r.facts.date, lang)}",
        made_line=gettext_("Made on {day} at {time}", lang).format(
            day=long_date(r.made_at.astimezone().date(), lang), time=clock(r.made_at)),
        sections=tuple(sections), signature=_signature(r), contacts_note=contacts)
