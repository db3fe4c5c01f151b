"""A document's blocks as an A4 PDF (fpdf2), on the kit's shared page.

The page, its DejaVu fonts (from matplotlib's data, no system font), the running head, the
"Halaman x dari y" footer, headings, paragraphs and tables (wrapping cells, heads repeated on
every page) are :mod:`kit.reports.session_report.pdf_page`'s; this module adds the document's
title and the signature blocks, and draws the blocks in order, so the text comes out in the
order :func:`~kit.community.documents.blocks.block_lines` gives.
"""

from __future__ import annotations

from pathlib import Path

from fpdf.enums import Align, XPos, YPos

from kit.community.documents.blocks import (
    Document,
    Heading,
    Paragraph,
    Signatures,
    Signer,
    Table,
    signed_name,
    write_whole,
)
from kit.reports.session_report.document import Table as PageTable
from kit.reports.session_report.pdf_page import FONT, TEXT_SIZE, Page

LINE = 5.0
SIGN_SPACE = 18.0  # mm left blank to sign in


def _signer(pdf: Page, signer: Signer, x: float, width: float, align: Align) -> float:
    """Draw one signature in the column at ``x``; return the height reached (mm from top)."""
    pdf.set_font(FONT, "", TEXT_SIZE)
    for line in signer.above:
        pdf.set_x(x)
        pdf.multi_cell(width, LINE, line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(pdf.get_y() + SIGN_SPACE)
    pdf.set_x(x)
    pdf.set_font(FONT, "B", TEXT_SIZE)
    pdf.multi_cell(width, LINE, signed_name(signer), align=align, new_x=XPos.LEFT,
                   new_y=YPos.NEXT)
    pdf.set_font(FONT, "", TEXT_SIZE)
    for line in signer.below:
        pdf.set_x(x)
        pdf.multi_cell(width, LINE, line, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return float(pdf.get_y())


def _row_height(row: tuple[Signer, ...]) -> float:
    """The height (mm) of one row of signers, with the space to sign."""
    tallest = max((len(s.above) + len(s.below) for s in row), default=0)
    return (tallest + 2) * LINE + SIGN_SPACE + 3


def _kept_height(block: Signatures) -> float:
    """The height (mm) of ``block``'s lead lines and its signers, kept on one page together.

    All rows count (a board of four signs on one page); past two rows only the first row does.
    """
    rows = [block.signers[n:n + 2] for n in range(0, len(block.signers), 2)]
    kept = rows if len(rows) <= 2 else rows[:1]
    return (len(block.lead) + 1) * LINE + 4 + sum(_row_height(row) for row in kept)


def _keep_with_signatures(pdf: Page, paragraph: Paragraph, block: Signatures) -> None:
    """Start a new page unless the closing paragraph and the first signatures fit together."""
    pdf.set_font(FONT, "", TEXT_SIZE)
    lines = pdf.multi_cell(0, LINE, paragraph.text, dry_run=True, output="LINES")
    assert isinstance(lines, list)  # noqa: S101 - output="LINES" gives the wrapped lines
    if pdf.will_page_break(len(lines) * LINE + 1 + _kept_height(block)):
        pdf.add_page()


def _signatures(pdf: Page, block: Signatures) -> None:
    """The lead lines, then the signers two to a row; a row never splits across pages."""
    if pdf.will_page_break(_kept_height(block)):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "", TEXT_SIZE)
    for line in block.lead:
        pdf.multi_cell(0, LINE, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    half = pdf.inner_width / 2
    for start in range(0, len(block.signers), 2):
        row = block.signers[start:start + 2]
        if pdf.will_page_break(_row_height(row)):
            pdf.add_page()
        pdf.ln(3)
        top, bottom = pdf.get_y(), pdf.get_y()
        if len(row) == 1:
            bottom = _signer(pdf, row[0], pdf.l_margin + half / 2, half, Align.C)
        else:
            for n, signer in enumerate(row):
                pdf.set_y(top)
                bottom = max(bottom, _signer(pdf, signer, pdf.l_margin + n * half, half - 6,
                                             Align.L))
        pdf.set_y(bottom)


def pdf_bytes(document: Document) -> bytes:
    """The PDF of ``document``: its blocks in order on A4 pages."""
    pdf = Page(document.running_head, document.running_title, document.lang)
    pdf.add_page()
    for number, block in enumerate(document.blocks):
        following = document.blocks[number + 1] if number + 1 < len(document.blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, Signatures):
            _keep_with_signatures(pdf, block, following)
        if isinstance(block, Heading):
            if block.level == 0:
                pdf.set_font(FONT, "B", 15)
                pdf.multi_cell(0, 8, block.text, align=Align.C, new_x=XPos.LMARGIN,
                               new_y=YPos.NEXT)
                pdf.set_font(FONT, "", TEXT_SIZE)
            else:
                pdf.heading(block.text, size=12 if block.level == 1 else 10.5)
        elif isinstance(block, Paragraph):
            if block.centred:
                pdf.set_font(FONT, "", TEXT_SIZE)
                pdf.multi_cell(0, LINE, block.text, align=Align.C, new_x=XPos.LMARGIN,
                               new_y=YPos.NEXT)
                pdf.ln(1)
            else:
                pdf.paragraph(block.text)
        elif isinstance(block, Table):
            pdf.draw_table(PageTable(block.head, block.rows, block.widths))
        else:
            _signatures(pdf, block)
    return bytes(pdf.output())


def write_pdf(document: Document, path: Path) -> Path:
    """Write ``document`` as a PDF at ``path`` (whole or not at all); return ``path``."""
    return write_whole(pdf_bytes(document), Path(path))
