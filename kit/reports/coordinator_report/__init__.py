"""The coordinator's monthly report (``python -m kit report coordinator``), PDF or XLSX.

* :mod:`kit.coordinator.monthly` (the rules) reads what the report shows from the store;
* :mod:`~kit.reports.coordinator_report.document` — those figures as translated sections, with
  the session report's tables and grey charts;
* :mod:`~kit.reports.coordinator_report.pdf` — the title page and the sections on the session
  report's A4 page; the workbook is the session report's :mod:`~kit.reports.session_report.xlsx`
  (one sheet per section, the formula guard);
* :func:`report_file` — the file's default name and bytes in one format.
"""

from __future__ import annotations

import datetime as dt

from kit.coordinator.monthly import MonthlyReport
from kit.reports.coordinator_report import document, pdf
from kit.reports.session_report import xlsx
from kit.reports.session_report.files import MIME, ReportFile

FORMATS = ("pdf", "xlsx")


def report_name(r: MonthlyReport, fmt: str) -> str:
    """``laporan-koordinator-2026-10[-<province or district>].<fmt>``."""
    place = r.district or r.province
    return "laporan-koordinator-{month}{place}.{fmt}".format(
        month=r.period.strftime("%Y-%m"), place="-" + place if place else "", fmt=fmt)


def report_file(r: MonthlyReport, fmt: str, lang: str,
                made: dt.datetime | None = None) -> ReportFile:
    """The monthly report in ``fmt`` (pdf or xlsx) and ``lang``."""
    if fmt == "pdf":  # printed: long tables cut to their first rows (weakest or missing first)
        data = pdf.render(document.build(r, lang, made, limit=document.PDF_ROWS))
    elif fmt == "xlsx":
        data = xlsx.render(document.build(r, lang, made))
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    return ReportFile(report_name(r, fmt), data, MIME[fmt])
