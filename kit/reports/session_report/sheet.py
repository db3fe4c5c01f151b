"""The attendance sheet (*daftar hadir*) of a session: a printable PDF with a signature column.

:func:`gather_sheet` (a service: it takes a :class:`~kit.workspace.Workspace`) lists who is
expected: the participants already checked in, then those eligible for the activity who have not
taken part in it yet (of the session's district; see
:func:`kit.reports.session_report.gather.eligible_absent`), by name; :func:`render` prints them
as numbered rows (name, village and district, business, signature) under the session's facts,
followed by blank rows for walk-ins. Names only: no phone number is printed.
"""

from __future__ import annotations

import attrs
import sqlalchemy as sa
from fpdf.fonts import FontFace

from kit.framework import Framework, framework
from kit.i18n import gettext_
from kit.reports.session_report.document import Table, long_date
from kit.reports.session_report.gather import Facts, eligible_absent, session_facts
from kit.reports.session_report.pdf_page import FONT, GREY, TEXT_SIZE, Page
from kit.storage import schema
from kit.workspace import Workspace, reading

WALK_IN_ROWS = 10


@attrs.frozen
class SheetRow:
    """One expected participant: name, where from, business."""

    name: str
    place: str
    business: str


@attrs.frozen
class AttendanceSheet:
    """The session's facts and the expected participants, in the sheet's language."""

    lang: str
    facts: Facts
    rows: tuple[SheetRow, ...]


def _place(village: str | None, district: str, session_district: str | None) -> str:
    """The village, with the district only when it is not the session's own."""
    if district == session_district:
        return village or "-"
    return f"{village}, {district}" if village else district


def gather_sheet(ws: Workspace, session_id: str, *, lang: str = "id",
                 fw: Framework | None = None) -> AttendanceSheet:
    """The sheet of ``session_id`` (:class:`~.gather.ReportInputError` for an unknown id)."""
    fw = fw or framework()
    p, a = schema.participant, schema.attendance
    with reading(ws) as conn:
        facts = session_facts(conn, session_id, fw, lang)
        present = conn.execute(
            sa.select(p.c.id, p.c.name, p.c.village, p.c.district, p.c.business_name)
            .join(a, a.c.participant_id == p.c.id).where(a.c.session_id == session_id)).all()
        expected = eligible_absent(conn, fw.activity(facts.activity_id), facts.district,
                                   {str(r[0]) for r in present})
        business = dict(conn.execute(sa.select(p.c.id, p.c.business_name)).all())
    rows = [SheetRow(str(name), _place(village, str(district), facts.district), str(shop or ""))
            for _pid, name, village, district, shop in present]
    rows += [SheetRow(name, _place(village, district, facts.district),
                      str(business.get(pid) or ""))
             for pid, name, district, village, _phone in expected]
    return AttendanceSheet(lang, facts, tuple(sorted(rows, key=lambda r: r.name.casefold())))


def render(sheet: AttendanceSheet) -> bytes:
    """The sheet as PDF bytes: facts, numbered rows, blank rows for walk-ins."""
    f, lang = sheet.facts, sheet.lang
    title = gettext_("Attendance sheet", lang)
    pdf = Page(gettext_("e-UMKM training and assessment kit", lang), f"{title}: {f.title}",
               lang)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 9, title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11.5)
    pdf.multi_cell(0, 6, f"{f.activity_title}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    facts = (
        (gettext_("Title", lang), f.title),
        (gettext_("Date", lang), long_date(f.date, lang)),
        (gettext_("Venue", lang), f.venue or "-"),
        (gettext_("District", lang), f.district or "-"),
        (gettext_("Facilitators", lang), ", ".join(f.facilitators) or "-"),
    )
    pdf.draw_table(Table((), facts, (25, 75)))
    head = (gettext_("No.", lang), gettext_("Name", lang),
            gettext_("Village / district", lang), gettext_("Business", lang),
            gettext_("Signature", lang))
    rows = [(n, r.name, r.place, r.business or "-", "") for n, r in enumerate(sheet.rows, 1)]
    start = len(rows) + 1
    rows += [(n, "", "", "", "") for n in range(start, start + WALK_IN_ROWS)]
    pdf.set_font(FONT, "", TEXT_SIZE)
    with pdf.table(col_widths=(7, 31, 26, 18, 18), width=pdf.inner_width, line_height=5,
                   text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT"),
                   headings_style=FontFace(emphasis="BOLD", fill_color=GREY), padding=(2.2, 1.2),
                   borders_layout="ALL") as grid:
        heading = grid.row()
        for text in head:
            heading.cell(text)
        for values in rows:
            row = grid.row()
            for value in values:
                row.cell(str(value))
    pdf.ln(3)
    pdf.set_font(FONT, "I", 8.5)
    pdf.multi_cell(0, 4.5, gettext_("Rows without a name are for participants who come "
                                    "without an invitation.", lang),
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())

