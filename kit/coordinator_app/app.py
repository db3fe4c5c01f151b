"""The coordinator dashboard's rules: where the store is, the five views' data, their tables.

What :mod:`kit.coordinator_app.widget` shows. Every number comes from
:mod:`kit.coordinator.queries` (the aggregate tables only) or, for the Puskom Kreatif classes,
:mod:`kit.coordinator.class_counts` (the store's class counts); this module turns a query's
rows into a :class:`View`: a title, a table with translated headers and readable labels (stage
titles, item and class-kind titles from the framework, official district names from
:mod:`kit.places`), and the chart drawn by :mod:`kit.coordinator_app.charts`. Exports (PNG,
XLSX) are written whole to the ``reports/`` folder (a temporary file renamed into place).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

from kit import settings
from kit.coordinator import queries as q
from kit.coordinator.class_counts import class_counts, count_rows
from kit.coordinator.queries import Filters
from kit.coordinator.store import default_store
from kit.coordinator_app import charts
from kit.framework import Framework, framework
from kit.i18n import gettext_
from kit.places import District, all_districts, district_by_code

VIEWS = ("funnel", "heatmap", "trend", "sessions", "classes")
HEATMAP_ITEMS = 20  # the chart's rows (weakest first); the table has every item
REPORTS_FOLDER = "reports"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def store_location(environ: Mapping[str, str] | None = None) -> str:
    """The store the dashboard reads.

    ``$UMKM_KIT_COORDINATOR_DB``, else ``coordinator.duckdb`` in the workspace folder: the
    same default as ``aggregate ingest`` and ``report coordinator``
    (:func:`kit.coordinator.store.default_store`).
    """
    return default_store(environ)


def reports_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where exports go: the workspace's ``reports/`` folder (the current folder's without one)."""
    root = settings.workspace_root(environ) or Path.cwd()
    return root / REPORTS_FOLDER


@attrs.frozen
class View:
    """One view of the dashboard: title, note, table (headers + rows) and its chart's PNG."""

    key: str
    title: str
    note: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    png: bytes
    frame: pd.DataFrame = attrs.field(eq=False)

    @property
    def empty(self) -> bool:
        """Whether the filters left nothing to show."""
        return not self.rows


def _pct(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * float(value):.0f}%"


def _whole(value: Any) -> str:
    """A count as text; "–" where there is none (a session stored without a target size)."""
    return "–" if value is None or pd.isna(value) else str(int(value))


def place_name(code: Any) -> str:
    """``33.14`` → ``Kabupaten Sragen``; a province code → its province; else the code."""
    text = str(code)
    found = district_by_code(text)
    if found:
        return found.name
    for d in _districts():
        if d.province_code == text:
            return d.province
    return text


def _districts() -> Sequence[District]:
    return all_districts()


def stage_title(fw: Framework, stage: Any, lang: str) -> str:
    """A stage's title in ``lang`` (none yet: "Not started yet")."""
    for s in fw.stages:
        if s.id == stage:
            return s.title.get(lang)
    return gettext_("Not started yet", lang)


def item_title(fw: Framework, item_id: str, lang: str) -> str:
    """An item's title in ``lang`` (its id when the framework does not know it)."""
    for a in fw.activities:
        for item in a.items:
            if item.id == item_id:
                return item.title.get(lang)
    return item_id


def activity_title(fw: Framework, activity_id: Any, lang: str) -> str:
    """An activity's short title in ``lang``."""
    for a in fw.activities:
        if a.id == activity_id:
            return a.short_title.get(lang)
    return str(activity_id)


# --- the five views ---------------------------------------------------------------------------

def funnel_view(store: q.Store, f: Filters, lang: str, fw: Framework) -> View:
    """The stage funnel (UMKM), with conversion between consecutive stages."""
    frame = q.funnel(store, f, fw=fw)
    total = int(frame["reached"].iloc[0]) if not frame.empty else 0
    stages = frame[frame["stage"].notna()]
    labels = [stage_title(fw, s, lang) for s in stages["stage"]]
    rows = tuple((stage_title(fw, s, lang), str(int(n)), str(int(r)), _pct(c))
                 for s, n, r, c in zip(frame["stage"], frame["n"], frame["reached"],
                                       frame["conversion"], strict=True)) if total else ()
    note = gettext_("Only participants who agreed to the use of their data", lang) \
        if q.consented_only(f) else ""
    png = charts.funnel_png(labels, [int(r) for r in stages["reached"]], total,
                            gettext_("UMKM per stage reached (this stage or later)", lang),
                            gettext_("{n} UMKM", lang).format(n=total))
    return View("funnel", gettext_("Stage funnel", lang), note,
                (gettext_("Stage", lang), gettext_("At this stage", lang),
                 gettext_("Reached (this stage or later)", lang),
                 gettext_("Conversion from the stage before", lang)), rows, png, frame)


def heatmap_view(store: q.Store, f: Filters, lang: str, fw: Framework) -> View:
    """Items × districts, share of persons assessed at the top level, weakest item first."""
    by = "district" if (f.province or f.district) else "province"
    long = q.heatmap(store, f, by=by)
    matrix = q.heatmap_matrix(long, by=by)
    place = q.PLACES[by]
    rows = tuple((item_title(fw, str(i), lang), place_name(p), str(int(a)), str(int(b)), _pct(r))
                 for i, p, a, b, r in zip(long["item_id"], long[place], long["n_assessed"],
                                          long["n_achieved"], long["rate"], strict=True))
    shown = matrix.head(HEATMAP_ITEMS)
    png = charts.heatmap_png(
        [item_title(fw, str(i), lang) for i in shown.index],
        [place_name(p) for p in shown.columns],
        [[None if pd.isna(v) else float(v) for v in row] for row in shown.to_numpy()],
        gettext_("Share at the top level, weakest item first", lang))
    note = gettext_("Per district", lang) if by == "district" else gettext_(
        "Per province (choose a province to see its districts)", lang)
    if len(matrix) > HEATMAP_ITEMS:
        note += ". " + gettext_("The chart shows the {n} weakest items; the table lists all "
                               "{total}.", lang).format(n=HEATMAP_ITEMS, total=len(matrix))
    return View("heatmap", gettext_("Indicator achievement", lang), note,
                (gettext_("Item", lang), gettext_("Place", lang), gettext_("Assessed", lang),
                 gettext_("At the top level", lang), gettext_("Share", lang)), rows, png, long)


def trend_view(store: q.Store, f: Filters, item_id: str | None, lang: str,
               fw: Framework) -> View:
    """One item's monthly share at the top level (the weakest item when none is chosen)."""
    frame = q.trend(store, f, item_id) if item_id else pd.DataFrame()
    title = item_title(fw, item_id, lang) if item_id else ""
    months = [m.strftime("%Y-%m") for m in frame["month"]] if not frame.empty else []
    rows = tuple((m, str(int(a)), str(int(b)), _pct(r), f"{float(lv):.2f}")
                 for m, a, b, r, lv in zip(months, frame["n_assessed"], frame["n_achieved"],
                                           frame["rate"], frame["mean_level"], strict=True)
                 ) if months else ()
    png = charts.trend_png(months, [None if pd.isna(r) else float(r) for r in frame["rate"]]
                           if months else [], title)
    return View("trend", gettext_("Item trend", lang), title,
                (gettext_("Month", lang), gettext_("Assessed", lang),
                 gettext_("At the top level", lang), gettext_("Share", lang),
                 gettext_("Mean level", lang)), rows, png, frame)


def sessions_view(store: q.Store, f: Filters, lang: str, fw: Framework) -> View:
    """Sessions by activity and facilitators compared within their activity.

    Attendance is against the sessions' targets; achievement is person-items at the top level.
    """
    per = q.sessions_by_activity(store, f)
    fac = q.facilitators(store, f)
    rows: list[tuple[str, ...]] = [
        (activity_title(fw, a, lang), "", _whole(n), f"{_whole(p)}/{_whole(t)}", _pct(att),
         _pct(ach), "")
        for a, n, p, t, att, ach in zip(per["activity_id"], per["sessions"], per["present"],
                                        per["target"], per["attendance"], per["achievement"],
                                        strict=True)]
    rows += [
        (activity_title(fw, a, lang), str(name), _whole(n), f"{_whole(p)}/{_whole(t)}",
         _pct(att), _pct(ach), _signed(d))
        for a, name, n, p, t, att, ach, d in zip(
            fac["activity_id"], fac["facilitator"], fac["sessions"], fac["present"],
            fac["target"], fac["attendance"], fac["achievement"], fac["difference"],
            strict=True)]
    png = charts.sessions_png(
        [activity_title(fw, a, lang) for a in per["activity_id"]],
        [None if pd.isna(v) else float(v) for v in per["attendance"]],
        [None if pd.isna(v) else float(v) for v in per["achievement"]],
        gettext_("Attendance against target", lang), gettext_("Achievement", lang),
        gettext_("Sessions by activity", lang))
    note = gettext_("Facilitators are compared only within the same activity; gender, age "
                    "group and sector do not apply to sessions.", lang)
    frame = pd.concat([per.assign(facilitator=None), fac], ignore_index=True)
    return View("sessions", gettext_("Sessions", lang), note,
                (gettext_("Activity", lang), gettext_("Facilitator", lang),
                 gettext_("Number of sessions", lang), gettext_("Present / target", lang),
                 gettext_("Attendance", lang), gettext_("Achievement", lang),
                 gettext_("Against the activity", lang)), tuple(rows), png, frame)


# The filters that do not apply to classes (counted per kind, place and month, without people).
CLASS_IGNORED = ("activity", "gender", "age_band", "sector")


def _ignored_line(f: Filters, lang: str) -> str:
    """One line naming the chosen filters that do not apply to classes (empty when none)."""
    labels = {"activity": gettext_("Activity", lang), "gender": gettext_("Gender", lang),
              "age_band": gettext_("Age group", lang), "sector": gettext_("Sector", lang)}
    chosen = [labels[key] for key in CLASS_IGNORED if getattr(f, key) is not None]
    if not chosen:
        return ""
    return gettext_("These filters do not apply to classes, which are counted without "
                    "people's details: {filters}.", lang).format(filters=", ".join(chosen))


def classes_view(store: q.Store, f: Filters, lang: str, fw: Framework) -> View:
    """Puskom Kreatif classes per kind × district: scheduled, held, enrolled, attended, rate.

    Kinds in the framework's catalogue order, then districts by name; a row without a class
    held yet has no attendance rate (–), not 0 %. Filtered by place and
    period only; a chosen activity, gender, age group or sector is named
    in the note as not applying. The chart compares enrolled and attended per kind.
    """
    frame = class_counts(store, f)
    counted = count_rows(frame)
    titles = {k.id: k.title.get(lang) for k in fw.puskom.class_kinds}
    rank = {k.id: n for n, k in enumerate(fw.puskom.class_kinds)}  # the catalogue's order

    def title(kind: str) -> str:
        return titles.get(kind, kind)

    def place(code: str | None) -> str:
        return place_name(code) if code else "–"

    ordered = sorted(counted, key=lambda c: (rank.get(c.class_kind, len(rank)), title(c.class_kind),
                                    place(c.district_code)))
    rows: list[tuple[str, ...]] = [
        (title(c.class_kind), place(c.district_code), str(c.scheduled), str(c.held),
         str(c.enrolled), str(c.attended), _pct(c.attendance_rate if c.held else None))
        for c in ordered]
    if rows:
        enrolled = sum(c.enrolled for c in counted)
        attended = sum(c.attended for c in counted)
        rows.append((gettext_("All classes", lang), "", str(sum(c.scheduled for c in counted)),
                     str(sum(c.held for c in counted)), str(enrolled), str(attended),
                     _pct(attended / enrolled if enrolled else None)))
    per_kind: dict[str, list[int]] = {}
    for c in ordered:
        sums = per_kind.setdefault(title(c.class_kind), [0, 0])
        sums[0] += c.enrolled
        sums[1] += c.attended
    png = charts.classes_png(list(per_kind), [v[0] for v in per_kind.values()],
                             [v[1] for v in per_kind.values()],
                             gettext_("Enrolled", lang), gettext_("Attended", lang),
                             gettext_("Persons enrolled and attended per class kind", lang))
    note = " ".join(part for part in (
        gettext_("A class is held once the attendance of at least one person is recorded; the "
                 "attendance rate is attended out of enrolled (– while no class is held).",
                 lang),
        _ignored_line(f, lang)) if part)
    return View("classes", gettext_("Creative centre classes", lang), note,
                (gettext_("Class kind", lang), gettext_("District", lang),
                 gettext_("Classes scheduled", lang), gettext_("Classes held", lang),
                 gettext_("Enrolled", lang), gettext_("Attended", lang),
                 gettext_("Attendance rate", lang)), tuple(rows), png, frame)


def _signed(value: Any) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{100 * float(value):+.0f}"


# --- filters from the widgets' text ------------------------------------------------------------

def filters_from(values: Mapping[str, str | None]) -> Filters:
    """A :class:`Filters` from the widgets' values (empty = all; months ``YYYY-MM``)."""
    def get(key: str) -> str | None:
        value = values.get(key)
        return str(value) if value else None

    month_from, month_to = get("month_from"), get("month_to")
    return Filters(province=get("province"), district=get("district"),
                   activity=get("activity"),
                   month_from=q.month_of(month_from) if month_from else None,
                   month_to=q.month_of(month_to) if month_to else None,
                   gender=get("gender"), age_band=get("age_band"), sector=get("sector"))


# --- exports ----------------------------------------------------------------------------------

def export_name(view: View, f: Filters, kind: str) -> str:
    """``dasbor-<view>[-<place>][-<from>_<to>].<png|xlsx>`` (safe characters only)."""
    parts = ["dasbor", view.key, f.district or f.province or "",
             "_".join(m.strftime("%Y-%m") for m in (f.month_from, f.month_to) if m)]
    name = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9._-]", "-", name) + "." + kind


def xlsx_bytes(view: View) -> bytes:
    """The view's table as an Excel workbook (one sheet, the headers in bold)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.create_sheet(view.key, 0)
    for other in book.sheetnames[1:]:
        del book[other]
    sheet.append([view.title])
    if view.note:
        sheet.append([view.note])
    sheet.append(list(view.headers))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in view.rows:
        sheet.append([_cell(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _cell(value: str) -> str | int:
    """A number stays a number in Excel; text starting with = + - @ is not a formula."""
    if value.isdigit():
        return int(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") and value != "–" else value


def save_export(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` whole (temporary file, then rename); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@attrs.define
class Dashboard:
    """The dashboard's state: an open store, the filters, the chosen item; builds views."""

    store: q.Store
    lang: str
    fw: Framework = attrs.field(factory=framework)

    def choices(self) -> dict[str, list[str]]:
        """Every filter's possible values in this store."""
        return q.choices(self.store)

    def items(self, f: Filters) -> list[str]:
        """The items with scores under ``f``, weakest first (the trend's choices)."""
        ids = list(dict.fromkeys(q.heatmap(self.store, f, by="province")["item_id"]))
        return ids or q.item_ids(self.store, f)

    def view(self, key: str, f: Filters, item_id: str | None = None) -> View:
        """Build the view ``key`` (funnel, heatmap, trend, sessions or classes) under ``f``."""
        builders: dict[str, Callable[[], View]] = {
            "funnel": lambda: funnel_view(self.store, f, self.lang, self.fw),
            "heatmap": lambda: heatmap_view(self.store, f, self.lang, self.fw),
            "trend": lambda: trend_view(self.store, f, item_id, self.lang, self.fw),
            "sessions": lambda: sessions_view(self.store, f, self.lang, self.fw),
            "classes": lambda: classes_view(self.store, f, self.lang, self.fw),
        }
        return builders[key]()


def month_label(value: date) -> str:
    """A month as ``YYYY-MM``."""
    return value.strftime("%Y-%m")
