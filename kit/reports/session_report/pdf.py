"""The *laporan kegiatan* as a PDF (A4, fpdf2): title block, numbered sections, signatures."""

from __future__ import annotations

from fpdf.enums import Align, XPos, YPos

from kit.reports.session_report.document import Document, Signature
from kit.reports.session_report.pdf_page import FONT, TEXT_SIZE, Page


def _signature(pdf: Page, s: Signature) -> None:
    """Two columns: *Mengetahui* / head of office left, place and date / facilitator right."""
    if pdf.will_page_break(70):
        pdf.add_page()
    pdf.ln(8)
    width = pdf.inner_width / 2 - 6
    left_x, right_x = pdf.l_margin, pdf.l_margin + pdf.inner_width / 2 + 6
    top = pdf.get_y()
    bottom = top
    for x, lines, name in ((left_x, ("", *s.left_lines), s.left_name),
                           (right_x, (s.place_date, *s.right_lines), s.right_name)):
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "", TEXT_SIZE)
        for line in lines:
            pdf.set_x(x)
            pdf.multi_cell(width, 5.5, line, align=Align.L, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + 22)
        pdf.set_x(x)
        pdf.set_font(FONT, "B", TEXT_SIZE)
        pdf.multi_cell(width, 5.5, name or "(" + "." * 40 + ")", align=Align.L,
                       new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottom = max(bottom, pdf.get_y())
    pdf.set_font(FONT, "", TEXT_SIZE)
    pdf.set_y(bottom)


def render(doc: Document) -> bytes:
    """The PDF bytes of ``doc``."""
    pdf = Page(doc.kit_name, f"{doc.title}: {doc.subtitle}",
               doc.lang)
    pdf.add_page()
    pdf.set_font(FONT, "B", 17)
    pdf.multi_cell(0, 8, doc.title.upper(), align=Align.C, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6.5, doc.subtitle, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8.5)
    pdf.multi_cell(0, 5, f"{doc.made_line} · {doc.contacts_note}",
                   align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for number, section in enumerate(doc.sections, 1):
        pdf.section(number, section)
    _signature(pdf, doc.signature)
    return bytes(pdf.output())
