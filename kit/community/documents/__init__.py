"""The community's printed documents: the surat kesepakatan (MoU) and the berita acara.

One document model, rendered twice: :func:`mou_document` (an :class:`Agreement`) and
:func:`minutes_document` (an :class:`ElectionMinutes`) return a :class:`Document`, an ordered
tuple of blocks (headings, paragraphs, tables, signature blocks) already worded in Bahasa
Indonesia (``lang="id"``) or English (``"en"``); :func:`write_pdf` (fpdf2) and
:func:`write_docx` (python-docx) draw the same blocks, so the PDF and the DOCX cannot say
different things. Bad input raises :class:`~kit.problems.InputError` before anything is written.

    document = mou_document(agreement, "id")
    write_pdf(document, Path("kesepakatan.pdf"))
    write_docx(document, Path("kesepakatan.docx"))
"""

from __future__ import annotations

from kit.community.documents.blocks import (
    Block,
    Document,
    Heading,
    Paragraph,
    Signatures,
    Signer,
    Table,
    block_lines,
    document_lines,
)
from kit.community.documents.docx import docx_bytes, write_docx
from kit.community.documents.minutes import check_minutes, minutes_document
from kit.community.documents.model import (
    ROLES,
    Agreement,
    BoardSeat,
    ElectionMinutes,
    Member,
    Official,
    RoleElection,
    Tally,
    counts_agree,
)
from kit.community.documents.mou import check_agreement, mou_document
from kit.community.documents.pdf import pdf_bytes, write_pdf

__all__ = [
    "ROLES",
    "Agreement",
    "Block",
    "BoardSeat",
    "Document",
    "ElectionMinutes",
    "Heading",
    "Member",
    "Official",
    "Paragraph",
    "RoleElection",
    "Signatures",
    "Signer",
    "Table",
    "Tally",
    "block_lines",
    "check_agreement",
    "check_minutes",
    "counts_agree",
    "document_lines",
    "docx_bytes",
    "minutes_document",
    "mou_document",
    "pdf_bytes",
    "write_docx",
    "write_pdf",
]
