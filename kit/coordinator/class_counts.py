"""Puskom Kreatif classes in the coordinator store: one ibis query for every engine (issue 15).

Packages of format 2 carry the table ``classes`` (:data:`kit.coordinator.package.SCHEMAS`):
classes per class kind × district × month, counts only. The store keeps them as
``raw_classes`` (one row per workspace × kind × district × month; a newer package of a
workspace replaces its rows), the DuckDB and PostgreSQL stores in their database, the Spark
lake as a view of the aggregate generation the dashboard reads
(:mod:`kit.coordinator.spark_store`).

:func:`class_counts_expr` is ONE ibis expression over that table, compiled by
:class:`kit.coordinator.queries.Store` to the store's dialect (DuckDB, PostgreSQL, Spark SQL)
like the dashboard's own queries; :func:`class_counts` runs it. The rows are small (kinds ×
districts × months), so reading the raw table is cheap: it already holds counts.

:func:`report_section` is the monthly report's section "Kelas Pusat Komunitas Kreatif"
(:class:`ClassCount` rows from :func:`kit.coordinator.monthly.gather_monthly`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import ibis
import pandas as pd
from ibis.expr.types import Table

from kit.coordinator.queries import Filters, Store
from kit.framework import Framework, framework
from kit.i18n import gettext_
from kit.places import district_by_code

if TYPE_CHECKING:
    from kit.reports.session_report.document import Section

CLASSES = "raw_classes"
# The columns read (the raw table also holds the package's origin columns).
SCHEMA: dict[str, str] = {
    "province_code": "string", "district_code": "string", "month": "date",
    "class_kind": "string", "classes_scheduled": "int32", "classes_held": "int32",
    "enrolled": "int32", "attended": "int32",
}
COUNTS = ("classes_scheduled", "classes_held", "enrolled", "attended")
COLUMNS = ("class_kind", "province_code", "district_code", *COUNTS, "attendance_rate")
SPARK_DIALECT = "pyspark"
NONE = "–"


def table() -> Table:
    """The unbound ibis table of the store's class counts."""
    return ibis.table(SCHEMA, name=CLASSES)


def _sum(column: Any) -> Any:
    """The sum of ``column`` as a 64-bit integer on every engine (PostgreSQL sums to numeric)."""
    return column.sum().cast("int64")


def class_counts_expr(f: Filters, *, by_month: bool = False) -> Table:
    """Classes scheduled and held, persons enrolled and attended per kind × district (× month).

    Filtered by ``f``'s province, district and months (its activity and people filters do not
    apply to classes). ``attendance_rate`` is attended / enrolled (null when nobody enrolled).
    """
    t = table()
    conditions = [t[col] == value for col, value in (("province_code", f.province),
                                                     ("district_code", f.district))
                  if value is not None]
    if f.month_from is not None:
        conditions.append(t.month >= f.month_from)
    if f.month_to is not None:
        conditions.append(t.month <= f.month_to)
    if conditions:
        t = t.filter(*conditions)
    keys = ["class_kind", "province_code", "district_code", *(["month"] if by_month else [])]
    g = t.group_by(keys).aggregate(**{name: _sum(t[name]) for name in COUNTS})
    g = g.mutate(attendance_rate=g.attended.cast("float64")
                 / g.enrolled.nullif(0).cast("float64"))
    return g.order_by([*(["month"] if by_month else []), "class_kind", "district_code"])


def has_class_table(store: Store) -> bool:
    """Whether the store holds the class table (a store made before format 2 gains it on ingest).

    A Spark store always has the view (empty for a lake built before format 2).
    """
    if store.dialect == SPARK_DIALECT:
        return True
    _names, rows = store.rows("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = current_schema()")
    return CLASSES in {str(row[0]) for row in rows}


def class_counts(store: Store, f: Filters | None = None, *,
                 by_month: bool = False) -> pd.DataFrame:
    """The store's class counts under ``f``, one row per kind × district (× month).

    Columns: ``class_kind``, ``province_code``, ``district_code`` (``month`` first when
    ``by_month``), ``classes_scheduled``, ``classes_held``, ``enrolled``, ``attended``,
    ``attendance_rate``; ordered by (month,) kind and district. No rows when the store has none
    (also a store made before the classes came).
    """
    columns = [*(["month"] if by_month else []), *COLUMNS]
    if not has_class_table(store):
        return pd.DataFrame({n: pd.Series(dtype=object) for n in columns})
    frame = store.frame(class_counts_expr(f or Filters(), by_month=by_month))
    if by_month and not frame.empty:
        frame["month"] = [pd.Timestamp(m).date() for m in frame["month"]]
    frame["attendance_rate"] = [None if v is None or pd.isna(v) else float(v)
                                for v in frame["attendance_rate"]]
    return frame[columns].reset_index(drop=True)


@attrs.frozen
class ClassCount:
    """Classes of one kind in one district over a period: scheduled, held, enrolled, attended."""

    class_kind: str
    district_code: str | None
    scheduled: int
    held: int
    enrolled: int
    attended: int

    @property
    def attendance_rate(self) -> float | None:
        """Persons attended out of persons enrolled (None when nobody enrolled)."""
        return self.attended / self.enrolled if self.enrolled else None


def count_rows(frame: pd.DataFrame) -> tuple[ClassCount, ...]:
    """:func:`class_counts`' rows as :class:`ClassCount` values."""
    def whole(value: Any) -> int:
        return 0 if value is None or pd.isna(value) else int(value)

    return tuple(ClassCount(
        class_kind=str(r["class_kind"]),
        district_code=None if r["district_code"] is None or pd.isna(r["district_code"])
        else str(r["district_code"]),
        scheduled=whole(r["classes_scheduled"]), held=whole(r["classes_held"]),
        enrolled=whole(r["enrolled"]), attended=whole(r["attended"]))
        for r in frame.to_dict("records"))


def _pct(share: float | None) -> str:
    return NONE if share is None else f"{100 * share:.0f}%"


def _district(code: str | None) -> str:
    found = district_by_code(code) if code else None
    return found.name if found is not None else (code or NONE)


def report_section(rows: Sequence[ClassCount], lang: str,
                   fw: Framework | None = None) -> Section:
    """The monthly report's section "Creative centre classes": kind × district rows.

    Kinds by their framework title, districts by their official name; classes scheduled and
    held, persons enrolled and attended, attendance rate. A month without classes says so.
    """
    # The report's building blocks load matplotlib: only when a report is made.
    from kit.reports.session_report.document import Section, Table

    fw = fw or framework()
    titles = {k.id: k.title.get(lang) for k in fw.puskom.class_kinds}
    heading = gettext_("Creative centre classes", lang)
    if not rows:
        return Section("classes", heading, empty=gettext_(
            "No Puskom Kreatif class was scheduled this month.", lang))
    note = gettext_("Puskom Kreatif classes of the month per kind and district: classes "
                    "scheduled, classes held (attendance recorded), persons enrolled and "
                    "persons who attended; the attendance rate is attended out of enrolled. "
                    "Counts only: no names.", lang)
    head = (gettext_("Class kind", lang), gettext_("District", lang),
            gettext_("Classes scheduled", lang), gettext_("Classes held", lang),
            gettext_("Enrolled", lang), gettext_("Attended", lang),
            gettext_("Attendance rate", lang))
    body = tuple((titles.get(r.class_kind, r.class_kind), _district(r.district_code),
                  r.scheduled, r.held, r.enrolled, r.attended, _pct(r.attendance_rate))
                 for r in rows)
    total = ClassCount("", None, sum(r.scheduled for r in rows), sum(r.held for r in rows),
                       sum(r.enrolled for r in rows), sum(r.attended for r in rows))
    body += ((gettext_("All classes", lang), "", total.scheduled, total.held, total.enrolled,
              total.attended, _pct(total.attendance_rate)),)
    return Section("classes", heading, paragraphs=(note,),
                   tables=(Table(head, body, (24, 20, 12, 11, 11, 11, 11)),))
