"""The *laporan kegiatan* as a PDF (A4, fpdf2): title block, numbered sections, signatures."""

from __future__ import annotations

from fpdf.enums import Align, XPos, YPos

from kit.reports.session_report.document import Document, Signature
from kit.reports.session_report.pdf_page import FONT, TEXT_SIZE, Page


def _signature(pdf: Page, s: Signature) -> None:
    """Two columns: *Mengetahui* / head of office left, place and date / facilitator right."""
    if pdf.will_page_break(62):
        pdf.add_page()
    pdf.ln(8)
    half = pdf.inner_width / 2
    left_x, right_x = pdf.l_margin, pdf.l_margin + half + 6
    top = pdf.get_y()
    pdf.set_font(FONT, "", TEXT_SIZE)
    for x, lines, name, first in ((left_x, s.left_lines, s.left_name, ""),
                                  (right_x, s.right_lines, s.right_name, s.place_date)):
        pdf.set_xy(x, top)
        rows = (first, *lines) if first else ("", *lines)
        for line in rows:
            pdf.set_x(x)
            pdf.cell(half - 6, 5.5, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.ln(22)
        pdf.set_x(x)
        pdf.set_font(FONT, "B", TEXT_SIZE)
        shown = name or "(" + "." * 40 + ")"
        pdf.cell(half - 6, 5.5, shown, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", TEXT_SIZE)
        if name:
            width = min(pdf.get_string_width(name) + 2, half - 6)
            pdf.line(x, pdf.get_y(), x + width, pdf.get_y())


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
        pdf.heading(f"{number}. {section.heading}")
        for text in section.paragraphs:
            pdf.paragraph(text)
        for table in section.tables:
            pdf.draw_table(table)
        for chart in section.charts:
            pdf.chart(chart)
        if section.empty:
            pdf.paragraph(section.empty, italic=True)
    _signature(pdf, doc.signature)
    return bytes(pdf.output())
