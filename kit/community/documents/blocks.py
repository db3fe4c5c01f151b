"""The one document model both formats render: an ordered tuple of blocks.

A document is headings, paragraphs, tables and signature blocks, already worded in its language.
:mod:`~kit.community.documents.pdf` and :mod:`~kit.community.documents.docx` draw the same
blocks, so the PDF and the DOCX cannot say different things; :func:`block_lines` is the text a
block prints, in the order it prints it (what the tests compare in both files).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# What a signature line shows when no name is known: a line to write the name on by hand.
BLANK_NAME = "(" + "." * 36 + ")"


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document's title (centred), 1 a section, 2 a sub-section."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text, optionally centred."""

    text: str
    centred: bool = False


@dataclass(frozen=True)
class Table:
    """A table: column heads (none: a label/value list), rows, relative widths summing to 100.

    A table with heads repeats them at the top of every page it spans.
    """

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]


@dataclass(frozen=True)
class Signer:
    """One signature: the lines above the space to sign, the name, the lines below it."""

    above: tuple[str, ...]
    name: str
    below: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signatures:
    """Lines before the signatures, then the signers two to a row (a lone one centred)."""

    lead: tuple[str, ...]
    signers: tuple[Signer, ...]


Block = Heading | Paragraph | Table | Signatures


@dataclass(frozen=True)
class Document:
    """A whole document: its language, the two lines at the top of each page, its blocks."""

    lang: str
    running_head: str
    running_title: str
    blocks: tuple[Block, ...]


def signed_name(signer: Signer) -> str:
    """The name under a signature, or a line to write it on when the name is blank."""
    return signer.name.strip() or BLANK_NAME


def block_lines(block: Block) -> tuple[str, ...]:
    """The texts ``block`` prints, in printing order (a table: heads, then rows cell by cell)."""
    if isinstance(block, Heading | Paragraph):
        return (block.text,)
    if isinstance(block, Table):
        return (*block.head, *(cell for row in block.rows for cell in row))
    lines = list(block.lead)
    for signer in block.signers:
        lines += [*signer.above, signed_name(signer), *signer.below]
    return tuple(lines)


def document_lines(document: Document) -> tuple[str, ...]:
    """Every text of ``document``'s blocks in order, empty texts left out."""
    return tuple(line for block in document.blocks for line in block_lines(block) if line)


def write_whole(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so no half-written file remains."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
