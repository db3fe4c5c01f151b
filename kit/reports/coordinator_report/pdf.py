"""The coordinator's monthly report as a PDF (A4, fpdf2): a title page, then numbered sections.

Drawn with the session report's page (:class:`~kit.reports.session_report.pdf_page.Page`: DejaVu
fonts, the header line, "Halaman N dari M") and its table and chart helpers; this module only
lays out the title page.
"""

from __future__ import annotations

from fpdf.enums import Align, XPos, YPos

from kit.reports.coordinator_report.document import MonthlyDocument
from kit.reports.session_report.pdf_page import FONT, Page

SECTION_ROOM = 55  # mm a section needs below its heading before the page's end


def _title_page(pdf: Page, doc: MonthlyDocument) -> None:
    """The title, the period and area, then the cover's facts (package count, dates)."""
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, doc.title.upper(), align=Align.C, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, doc.subtitle, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    for table in doc.cover.tables:
        pdf.draw_table(table)
    for text in doc.cover.paragraphs:
        pdf.paragraph(text, italic=True)


def render(doc: MonthlyDocument) -> bytes:
    """The PDF bytes of ``doc``."""
    pdf = Page(doc.kit_name, f"{doc.title}: {doc.subtitle}", doc.lang)
    _title_page(pdf, doc)
    pdf.add_page()
    for number, section in enumerate(doc.body, 1):
        pdf.section(number, section, keep_room=SECTION_ROOM)
    return bytes(pdf.output())
