"""The *laporan kegiatan* as one printable HTML file: the context of its Jinja template.

The template is ``kit/ui/templates/session_report.html.j2`` (autoescaped: every participant's
text stays text) with the stylesheet ``kit/ui/css/session_report.css``; charts are embedded as
``data:`` URIs so the file stands alone. This module (a rule of the reports layer) only builds
the context; the caller renders it with :func:`kit.ui.render` (see
:func:`kit.reports.session_report.files.report_file`).
"""

from __future__ import annotations

import base64
from typing import Any

from kit.reports.session_report.document import Document

TEMPLATE = "session_report.html.j2"
STYLESHEET = "session_report"


def context(doc: Document) -> dict[str, Any]:
    """The template's context: the document, its sections numbered, charts as data URIs."""
    sections = []
    for number, section in enumerate(doc.sections, 1):
        charts = [{"src": "data:image/png;base64," + base64.b64encode(c.png).decode("ascii"),
                   "alt": c.alt, "width": c.width} for c in section.charts]
        tables = [{"caption": t.caption, "head": list(t.head), "rows": [list(r) for r in t.rows],
                   "group_rows": [len(r) > 1 and all(v == "" for v in r[1:]) for r in t.rows]}
                  for t in section.tables]
        sections.append({"number": number, "key": section.key, "heading": section.heading,
                         "paragraphs": list(section.paragraphs), "tables": tables,
                         "charts": charts, "empty": section.empty})
    s = doc.signature
    return {"lang": doc.lang, "kit_name": doc.kit_name, "title": doc.title,
            "subtitle": doc.subtitle, "made_line": doc.made_line,
            "contacts_note": doc.contacts_note, "sections": sections,
            "signature": {"place_date": s.place_date, "left_lines": list(s.left_lines),
                          "left_name": s.left_name, "right_lines": list(s.right_lines),
                          "right_name": s.right_name}}
