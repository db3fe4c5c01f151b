"""The report's files: their names, their bytes per format, and writing them whole or not at all.

Reports go to the workspace's ``reports/`` folder unless another path is given: the report of a
session is ``laporan-<session id>.<pdf|xlsx|html>``, its attendance sheet
``daftar-hadir-<session id>.pdf`` and an activity's handout ``handout-<activity id>.pdf``. A file
is written to a temporary name beside its target and renamed into place, so a failure never
leaves half a report.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from kit.reports.session_report import document, html, pdf, xlsx
from kit.reports.session_report.gather import SessionReport
from kit.workspace import Workspace

FORMATS = ("pdf", "xlsx", "html")
MIME = {"pdf": "application/pdf", "html": "text/html",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
REPORTS_FOLDER = "reports"

# ``kit.ui``'s page renderer, given by the caller (an app or a command): ``render(template,
# lang, **context)``. The reports layer builds the context; the UI layer owns the templates.
HtmlRenderer = Callable[..., str]
StyleSheet = Callable[..., Any]


@attrs.frozen
class ReportFile:
    """A produced file: its default name, its bytes and its MIME type."""

    name: str
    data: bytes
    mime: str


def report_name(session_id: str, fmt: str) -> str:
    """``laporan-<session id>.<fmt>``."""
    return f"laporan-{session_id}.{fmt}"


def sheet_name(session_id: str) -> str:
    """``daftar-hadir-<session id>.pdf``."""
    return f"daftar-hadir-{session_id}.pdf"


def handout_name(activity_id: str) -> str:
    """``handout-<activity id>.pdf``."""
    return f"handout-{activity_id}.pdf"


def report_file(report: SessionReport, fmt: str, render_html: HtmlRenderer,
                style_html: StyleSheet) -> ReportFile:
    """The report in ``fmt`` (pdf, xlsx or html); HTML through the UI's renderer and styles."""
    doc = document.build(report)
    if fmt == "pdf":
        data = pdf.render(doc)
    elif fmt == "xlsx":
        data = xlsx.render(doc)
    elif fmt == "html":
        page = render_html(html.TEMPLATE, report.lang, style=style_html(html.STYLESHEET),
                           **html.context(doc))
        data = page.encode("utf-8")
    else:
        raise ValueError(f"unknown report format {fmt!r}")
    return ReportFile(report_name(report.facts.session_id, fmt), data, MIME[fmt])


def reports_folder(ws: Workspace) -> Path:
    """The workspace's ``reports/`` folder (made when missing)."""
    folder = ws.root / REPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(ws: Workspace, produced: ReportFile, output: Path | None = None) -> Path:
    """Write ``produced`` to ``output`` (default: the reports folder), atomically; its path."""
    target = output if output is not None else reports_folder(ws) / produced.name
    return write_whole(produced, target)


def write_whole(produced: ReportFile, target: Path) -> Path:
    """Write ``produced`` to ``target`` (a folder: under its name) whole or not at all; its path.

    The bytes go to a temporary file beside the target, renamed into place.
    """
    if target.is_dir():
        target = target / produced.name
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(produced.data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
