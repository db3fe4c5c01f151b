"""The community's printed documents: the surat kesepakatan (MoU) and the berita acara.

One document model, rendered twice: :func:`mou_document` (an :class:`Agreement`) and
:func:`minutes_document` (an :class:`ElectionMinutes`) return a :class:`Document`, an ordered
tuple of blocks (headings, paragraphs, tables, signature blocks) already worded in Bahasa
Indonesia (``lang="id"``) or English (``"en"``); :func:`write_pdf` (fpdf2) and
:func:`write_docx` (python-docx) draw the same blocks, so the PDF and the DOCX cannot say
different things; they are imported when first called, so reading the model costs no fpdf2,
matplotlib or python-docx import. Bad input raises :class:`~kit.problems.InputError` before
anything is written.

    document = mou_document(agreement, "id")
    write_pdf(document, Path("kesepakatan.pdf"))
    write_docx(document, Path("kesepakatan.docx"))
"""

from __future__ import annotations

from pathlib import Path

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


def pdf_bytes(document: Document) -> bytes:
    """The PDF of ``document`` (see :mod:`kit.community.documents.pdf`)."""
    from kit.community.documents import pdf

    return pdf.pdf_bytes(document)


def write_pdf(document: Document, path: Path) -> Path:
    """Write ``document`` as a PDF at ``path``, whole or not at all; return ``path``."""
    from kit.community.documents import pdf

    return pdf.write_pdf(document, path)


def docx_bytes(document: Document) -> bytes:
    """The DOCX of ``document`` (see :mod:`kit.community.documents.docx`)."""
    from kit.community.documents import docx

    return docx.docx_bytes(document)


def write_docx(document: Document, path: Path) -> Path:
    """Write ``document`` as a DOCX at ``path``, whole or not at all; return ``path``."""
    from kit.community.documents import docx

    return docx.write_docx(document, path)
