"""A document's blocks as a Word file (python-docx), for an office that edits before signing.

Same blocks as the PDF, same order: the title centred, headings, paragraphs, tables (a table's
head row marked to repeat on every page), signature blocks as borderless tables two signers to a
row. A4, the running head in the page header, the page number in the footer.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph

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

MARGIN_MM = 18
TEXT_WIDTH_MM = 210 - 2 * MARGIN_MM
SIGN_LINES = 3  # empty lines left to sign in


def _repeat_as_head(row: _Row) -> None:
    """Mark ``row`` as a head row, repeated at the top of every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    head = OxmlElement("w:tblHeader")
    head.set(qn("w:val"), "true")
    properties.append(head)


def _shade(cell: _Cell) -> None:
    """A light grey background for a head cell."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E1E1E1")
    cell._tc.get_or_add_tcPr().append(shading)


def _write_cell(cell: _Cell, text: str, bold: bool = False) -> None:
    """Put ``text`` in the cell's first paragraph (bold if asked)."""
    cell.paragraphs[0].add_run(text).bold = bold


def _table(word: WordDocument, block: Table) -> None:
    """A table with a repeated grey head row, or a borderless label/value list (bold labels)."""
    table = word.add_table(rows=0, cols=len(block.widths))
    if block.head:
        table.style = "Table Grid"
    widths = [Mm(TEXT_WIDTH_MM * w / 100) for w in block.widths]
    if block.head:
        row = table.add_row()
        _repeat_as_head(row)
        for cell, text in zip(row.cells, block.head, strict=True):
            _write_cell(cell, text, bold=True)
            _shade(cell)
    for values in block.rows:
        row = table.add_row()
        for n, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _write_cell(cell, text, bold=not block.head and n == 0)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # each cell (Word reads these)
    word.add_paragraph()


def _signer(cell: _Cell, signer: Signer, centred: bool) -> None:
    """One signature in a cell: lines above, room to sign, the name in bold, lines below."""
    lines: list[tuple[str, bool]] = [(text, False) for text in signer.above]
    lines += [("", False)] * SIGN_LINES
    lines += [(signed_name(signer), True), *((text, False) for text in signer.below)]
    for n, (text, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        if text:
            paragraph.add_run(text).bold = bold
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _signatures(word: WordDocument, block: Signatures) -> None:
    """Lead lines, then one borderless table per row of two signers (a lone one centred)."""
    for line in block.lead:
        word.add_paragraph(line)
    for start in range(0, len(block.signers), 2):
        row = block.signers[start:start + 2]
        table = word.add_table(rows=1, cols=len(row))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for column in table.columns:
            column.width = Mm(TEXT_WIDTH_MM / 2)
        for cell, signer in zip(table.rows[0].cells, row, strict=True):
            cell.width = Mm(TEXT_WIDTH_MM / 2)
            _signer(cell, signer, centred=len(row) == 1)
        word.add_paragraph()


def _page_number(paragraph: WordParagraph) -> None:
    """A PAGE field (Word fills in the page number)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def docx_bytes(document: Document) -> bytes:
    """The DOCX of ``document``: its blocks in order, A4 with the running head and page numbers."""
    word = docx.Document()
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(16)
    head = section.header.paragraphs[0]
    head.add_run(document.running_head).font.size = Pt(8)
    head.add_run("\n" + document.running_title).font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(foot)
    word.core_properties.title = document.running_title
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level == 0:
                title = word.add_paragraph()
                title.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = title.add_run(block.text)
                run.bold, run.font.size = True, Pt(15)
            else:
                word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            if block.centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Table):
            _table(word, block)
        else:
            _signatures(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def write_docx(document: Document, path: Path) -> Path:
    """Write ``document`` as a DOCX at ``path`` (whole or not at all); return ``path``."""
    return write_whole(docx_bytes(document), Path(path))
