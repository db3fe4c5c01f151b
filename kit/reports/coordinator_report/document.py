"""The coordinator's monthly report as translated sections, shared by the PDF and the XLSX.

:func:`build` turns a :class:`~kit.coordinator.monthly.MonthlyReport` into a
:class:`MonthlyDocument`: a cover (period, area, the store's package count) and the sections in
order — stage funnel; indicator achievement per item and per district; sessions by activity;
reporting rate; data-quality queue; what to follow up. The building blocks (``Section``,
``Table``, ``Chart``) and the grey charts are the session report's. Places are shown by their
official names (:mod:`kit.places`), stages, activities and items by their titles in the
framework; no person id, session key or facilitator pseudonym is ever shown. Text cells never
start with ``=``, ``+``, ``-`` or ``@`` (a missing figure is "–", a change is written in words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from babel.dates import format_date

from kit.coordinator.class_counts import report_section as class_section
from kit.coordinator.monthly import Achievement, Funnel, MonthlyReport
from kit.coordinator.reporting_rate import LATE, MISSING, REPORTED
from kit.framework import Framework, framework
from kit.i18n import gettext_, ngettext_
from kit.places import all_districts, district_by_code
from kit.reports.session_report import charts
from kit.reports.session_report.document import Cell, Chart, Section, Table, long_date

NONE = "–"
CHART_ITEMS = 15  # the item chart's bars (weakest first); the table lists every item
PDF_ROWS = 30  # the PDF's long tables (districts, reporting, quality) stop here; XLSX has all


def _cut(rows: tuple[tuple[Cell, ...], ...], limit: int | None,
         lang: str) -> tuple[tuple[tuple[Cell, ...], ...], tuple[str, ...]]:
    """The first ``limit`` rows (all when None) and, when some are left out, a note saying so."""
    if limit is None or len(rows) <= limit:
        return rows, ()
    return rows[:limit], (gettext_("The first {n} rows are shown; the XLSX workbook lists all "
                                   "{total}.", lang).format(n=limit, total=len(rows)),)


@attrs.frozen
class MonthlyDocument:
    """The whole report, ready for a format: cover rows and numbered sections."""

    lang: str
    kit_name: str
    title: str
    subtitle: str
    cover: Section
    body: tuple[Section, ...]

    @property
    def sections(self) -> tuple[Section, ...]:
        """Every section in order, the cover first (the workbook's sheets)."""
        return (self.cover, *self.body)


def month_name(month: dt.date, lang: str) -> str:
    """``2026-10-01`` as "Oktober 2026" (or "October 2026")."""
    return format_date(month, format="MMMM y", locale="id" if lang != "en" else "en")


def place_name(code: str | None) -> str:
    """A district's official name (a province's for a province code; the code if unknown)."""
    text = str(code or "")
    found = district_by_code(text)
    if found is not None:
        return found.name
    for d in all_districts():
        if d.province_code == text:
            return d.province
    return text or NONE


def pct(share: float | None) -> str:
    """A share as "45%" ("–" when unknown)."""
    return NONE if share is None else f"{100 * share:.0f}%"


def change(now: float | None, before: float | None, lang: str) -> str:
    """The change between two shares in percentage points, in words."""
    if now is None or before is None:
        return NONE
    points = round(100 * (now - before))
    if points > 0:
        return gettext_("up {n} pts", lang).format(n=points)
    if points < 0:
        return gettext_("down {n} pts", lang).format(n=-points)
    return gettext_("no change", lang)


def _titles(fw: Framework, lang: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Stage, activity and item titles in ``lang`` by id."""
    stages = {s.id: s.title.get(lang) for s in fw.stages}
    activities = {a.id: a.short_title.get(lang) for a in fw.activities}
    items = {i.id: i.title.get(lang) for a in fw.activities for i in a.items}
    return stages, activities, items


def _area(r: MonthlyReport, lang: str) -> str:
    if r.district:
        return place_name(r.district)
    if r.province:
        return gettext_("Province {name}", lang).format(name=place_name(r.province))
    return gettext_("All provinces and districts in the store", lang)


def _cover(r: MonthlyReport, lang: str, made: dt.datetime) -> Section:
    rows: tuple[tuple[Cell, ...], ...] = (
        (gettext_("Period", lang), month_name(r.period, lang)),
        (gettext_("Area", lang), _area(r, lang)),
        (gettext_("Packages in the store", lang),
         gettext_("{packages} (from {workspaces} workspaces)", lang).format(
             packages=r.packages, workspaces=r.workspaces)),
        (gettext_("Compared with", lang), month_name(r.previous, lang)),
        (gettext_("Made on", lang), long_date(made.date(), lang)),
    )
    note = gettext_("Figures from the coordinator store's aggregate tables only: no names, "
                    "phone numbers or participant ids.", lang)
    return Section("cover", gettext_("Summary", lang), paragraphs=(note,),
                   tables=(Table((), rows, (40, 60)),))


def _funnel_table(now: Funnel, before: Funnel, caption: str, stages: dict[str, str],
                  prev_label: str, lang: str) -> Table:
    head = (gettext_("Stage", lang), gettext_("At this stage", lang), gettext_("Reached", lang),
            gettext_("Conversion", lang),
            gettext_("Reached in {month}", lang).format(month=prev_label),
            gettext_("Conversion in {month}", lang).format(month=prev_label))
    old = {row.stage: row for row in before.rows}
    rows = []
    for row in now.rows:
        prev = old.get(row.stage)
        title = stages.get(row.stage, row.stage) if row.stage else \
            gettext_("Not started yet", lang)
        rows.append((title, row.n, row.reached, pct(row.conversion),
                     prev.reached if prev is not None and before.total else NONE,
                     pct(prev.conversion) if prev is not None else NONE))
    return Table(head, tuple(rows), (36, 11, 12, 13, 14, 14), caption)


def _funnel(r: MonthlyReport, fw: Framework, lang: str) -> Section:
    stages, _a, _i = _titles(fw, lang)
    heading = gettext_("Stage funnel", lang)
    this, prev = month_name(r.period, lang), month_name(r.previous, lang)
    if not r.funnel_month.total and not r.funnel_total.total:
        return Section("funnel", heading, empty=gettext_("No UMKM counted in this period.", lang))
    note = gettext_("UMKM per stage. The month: the districts' pictures sent for {month}. "
                    "Cumulative: each district's latest picture up to the end of {month}. "
                    "Conversion: reached this stage out of those who reached the stage "
                    "before.", lang).format(month=this)
    tables = (
        _funnel_table(r.funnel_month, r.funnel_month_before, gettext_(
            "{month}: {n} UMKM", lang).format(month=this, n=r.funnel_month.total),
            stages, prev, lang),
        _funnel_table(r.funnel_total, r.funnel_total_before, gettext_(
            "Cumulative up to {month}: {n} UMKM", lang).format(month=this,
                                                              n=r.funnel_total.total),
            stages, prev, lang))
    shown = [row for row in r.funnel_month.rows if row.stage]
    before = {row.stage: row.reached for row in r.funnel_month_before.rows}
    png = charts.stage_chart([stages.get(str(s.stage), str(s.stage)) for s in shown],
                             [before.get(s.stage, 0) for s in shown],
                             [s.reached for s in shown], prev, this,
                             gettext_("UMKM who reached the stage", lang))
    alt = gettext_("Bar chart: UMKM who reached each stage, this month and the month before.",
                   lang)
    return Section("funnel", heading, paragraphs=(note,), tables=tables,
                   charts=(Chart(png, alt, 85),))


def _achievement_rows(rows: Sequence[Achievement], label: dict[str, str] | None,
                      lang: str) -> tuple[tuple[Cell, ...], ...]:
    return tuple((label.get(a.key, a.key) if label is not None else place_name(a.key),
                  a.n_assessed, a.n_achieved, pct(a.rate), pct(a.previous),
                  change(a.rate, a.previous, lang)) for a in rows)


def _achievement_head(first: str, lang: str, prev: str) -> tuple[str, ...]:
    return (first, gettext_("Assessed", lang), gettext_("At the top level", lang),
            gettext_("Share", lang), gettext_("Share in {month}", lang).format(month=prev),
            gettext_("Change", lang))


def _items(r: MonthlyReport, fw: Framework, lang: str) -> Section:
    _s, _a, items = _titles(fw, lang)
    heading = gettext_("Indicator achievement per item", lang)
    if not r.items:
        return Section("items", heading, empty=gettext_("No item was assessed this month.",
                                                        lang))
    prev = month_name(r.previous, lang)
    note = gettext_("Persons assessed on the item this month and those at the rubric's top "
                    "level; weakest item first.", lang)
    table = Table(_achievement_head(gettext_("Item", lang), lang, prev),
                  _achievement_rows(r.items, items, lang), (36, 10, 12, 14, 14, 14))
    shown = r.items[:CHART_ITEMS]
    png = charts.achievement_chart(
        [items.get(a.key, a.key) for a in shown],
        [(gettext_("At the top level", lang), [a.n_achieved for a in shown]),
         (gettext_("Below the top level", lang), [a.n_assessed - a.n_achieved for a in shown])],
        gettext_("Persons assessed", lang))
    alt = gettext_("Bar chart: persons at the top level and below it, per item, weakest "
                   "first.", lang)
    paragraphs = [note]
    if len(r.items) > CHART_ITEMS:
        paragraphs.append(gettext_("The chart shows the {n} weakest items; the table lists all "
                                   "{total}.", lang).format(n=CHART_ITEMS, total=len(r.items)))
    return Section("items", heading, paragraphs=tuple(paragraphs), tables=(table,),
                   charts=(Chart(png, alt, 90),))


def _districts(r: MonthlyReport, lang: str, limit: int | None) -> Section:
    heading = gettext_("Indicator achievement per district", lang)
    if not r.districts:
        return Section("districts", heading, empty=gettext_(
            "No item was assessed this month.", lang))
    note = gettext_("Person-items assessed this month and those at the top level, all items "
                    "together; weakest district first.", lang)
    rows, cut = _cut(_achievement_rows(r.districts, None, lang), limit, lang)
    table = Table(_achievement_head(gettext_("District", lang), lang,
                                    month_name(r.previous, lang)),
                  rows, (34, 11, 13, 14, 14, 14))
    return Section("districts", heading, paragraphs=(note, *cut), tables=(table,))


def _sessions(r: MonthlyReport, fw: Framework, lang: str) -> Section:
    _s, activities, _i = _titles(fw, lang)
    heading = gettext_("Sessions by activity", lang)
    if not r.sessions:
        return Section("sessions", heading, empty=gettext_("No session was held this month.",
                                                           lang))
    rows = tuple((activities.get(s.activity_id, s.activity_id), s.sessions, s.target,
                  s.present, pct(s.attendance)) for s in r.sessions)
    head = (gettext_("Activity", lang), gettext_("Sessions held", lang),
            gettext_("Target participants", lang), gettext_("Present", lang),
            gettext_("Attendance against target", lang))
    return Section("sessions", heading, tables=(Table(head, rows, (30, 15, 18, 15, 22)),))


def _reporting(r: MonthlyReport, lang: str, limit: int | None) -> Section:
    heading = gettext_("Reporting rate", lang)
    if not r.reporting:
        return Section("reporting", heading, empty=gettext_(
            "No district was expected to report this month.", lang))
    words = {REPORTED: gettext_("sent", lang), LATE: gettext_("late", lang),
             MISSING: gettext_("not sent (missing)", lang)}
    counts = tuple((words[s], sum(1 for x in r.reporting if x.status == s))
                   for s in (REPORTED, LATE, MISSING))
    summary = gettext_("{sent} of {expected} districts sent sessions for {month}.", lang).format(
        sent=len(r.reported), expected=len(r.reporting), month=month_name(r.period, lang))
    note = gettext_("A district is expected from its first report on; the store's latest "
                    "month is late rather than missing (its package may still come).", lang)
    order = {MISSING: 0, LATE: 1, REPORTED: 2}
    rows, cut = _cut(tuple(
        (place_name(x.district_code), place_name(x.province_code), words[x.status], x.sessions)
        for x in sorted(r.reporting, key=lambda x: (order[x.status], x.district_code))),
        limit, lang)
    head = (gettext_("District", lang), gettext_("Province", lang), gettext_("Status", lang),
            gettext_("Sessions held", lang))
    return Section("reporting", heading, paragraphs=(summary, note, *cut), tables=(
        Table((gettext_("Status", lang), gettext_("Districts", lang)), counts, (30, 15)),
        Table(head, rows, (36, 30, 16, 18))))


def _quality(r: MonthlyReport, fw: Framework, lang: str, limit: int | None) -> Section:
    _s, activities, _i = _titles(fw, lang)
    heading = gettext_("Data-quality queue", lang)
    if not r.quality:
        return Section("quality", heading, empty=gettext_(
            "No session of this month looks wrong.", lang))
    rows, cut = _cut(tuple(
        (place_name(i.district_code), i.date.isoformat() if i.date else NONE,
         activities.get(i.activity_id or "", i.activity_id or NONE), i.detail)
        for i in r.quality), limit, lang)
    head = (gettext_("District", lang), gettext_("Date", lang), gettext_("Activity", lang),
            gettext_("What looks wrong", lang))
    note = gettext_("Sessions of the month whose figures look wrong, and dates that belong to "
                    "no month (in the future or before 2015).", lang)
    return Section("quality", heading, paragraphs=(note, *cut),
                   tables=(Table(head, rows, (26, 14, 14, 46)),))


def _follow_up(r: MonthlyReport, fw: Framework, lang: str) -> Section:
    _s, activities, items = _titles(fw, lang)
    heading = gettext_("What to follow up", lang)
    lines = []
    for f in r.follow_up:
        if f.kind == "weak_item":
            lines.append(gettext_("Weak item: {item}: {share} of {n} persons assessed at the "
                                  "top level.", lang).format(
                item=items.get(f.key, f.key), share=pct(f.share), n=f.count))
        elif f.kind == "not_reported":
            lines.append(gettext_("No sessions received from {district} for {month}.",
                                  lang).format(district=place_name(f.district_code),
                                               month=month_name(r.period, lang)))
        elif f.kind == "not_reported_more":
            lines.append(ngettext_("… and {n} more district that did not report (see the "
                                   "reporting rate).",
                                   "… and {n} more districts that did not report (see the "
                                   "reporting rate).", f.count, lang).format(n=f.count))
        elif f.kind == "session_size_more":
            lines.append(ngettext_("… and {n} more session far outside its size elsewhere "
                                   "(see the data-quality queue).",
                                   "… and {n} more sessions far outside their size elsewhere "
                                   "(see the data-quality queue).", f.count,
                                   lang).format(n=f.count))
        else:
            lines.append(ngettext_("{district}: {n} session far outside its activity's size "
                                   "({activities}).",
                                   "{district}: {n} sessions far outside their activity's size "
                                   "({activities}).", f.count, lang).format(
                district=place_name(f.district_code), n=f.count,
                activities=", ".join(activities.get(a, a) for a in f.key.split(","))))
    if not lines:
        return Section("follow_up", heading, empty=gettext_("Nothing stands out this month.",
                                                            lang))
    rows = tuple((n, line) for n, line in enumerate(lines, 1))
    return Section("follow_up", heading, tables=(
        Table((gettext_("No.", lang), gettext_("To follow up", lang)), rows, (8, 92)),))


def build(r: MonthlyReport, lang: str, made: dt.datetime | None = None,
          fw: Framework | None = None, limit: int | None = None) -> MonthlyDocument:
    """The report in ``lang``: the cover, then the sections in order.

    ``limit`` cuts the long tables (districts, reporting rate, data-quality queue) to their
    first rows, with a note (the PDF: :data:`PDF_ROWS`); None keeps every row (the workbook).
    """
    fw = fw or framework()
    made = made or dt.datetime.now(dt.UTC)
    body = (_funnel(r, fw, lang), _items(r, fw, lang), _districts(r, lang, limit),
            _sessions(r, fw, lang), class_section(r.classes, lang, fw),
            _reporting(r, lang, limit), _quality(r, fw, lang, limit), _follow_up(r, fw, lang))
    return MonthlyDocument(
        lang=lang, kit_name=gettext_("e-UMKM training and assessment kit", lang),
        title=gettext_("Coordinator's monthly report", lang),
        subtitle=f"{month_name(r.period, lang)} · {_area(r, lang)}",
        cover=_cover(r, lang, made), body=body)
