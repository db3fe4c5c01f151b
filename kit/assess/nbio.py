"""Typed wrappers around the few nbformat functions the assessment code uses.

nbformat ships without complete type hints; these wrappers keep ``mypy --strict`` meaningful for
the rest of :mod:`kit.assess`.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import nbformat
from nbformat import NotebookNode


def new_notebook(cells: list[NotebookNode]) -> NotebookNode:
    """A new nbformat-4 notebook with these cells."""
    return cast(NotebookNode, nbformat.v4.new_notebook(cells=cells))  # type: ignore[no-untyped-call]


def new_cell(kind: str, source: str) -> NotebookNode:
    """A new ``markdown`` or ``code`` cell."""
    if kind == "markdown":
        return cast(NotebookNode, nbformat.v4.new_markdown_cell(source))  # type: ignore[no-untyped-call]
    return cast(NotebookNode, nbformat.v4.new_code_cell(source))  # type: ignore[no-untyped-call]


def read(path: Path) -> NotebookNode:
    """Read a notebook file as nbformat 4."""
    return cast(NotebookNode, nbformat.read(path, as_version=4))  # type: ignore[no-untyped-call]


def reads(text: str) -> NotebookNode:
    """Parse notebook JSON text as nbformat 4 (``ValueError``/``NotJSONError`` if it is not)."""
    return cast(NotebookNode, nbformat.reads(text, as_version=4))  # type: ignore[no-untyped-call]


def writes(nb: NotebookNode) -> str:
    """The notebook as JSON text (nbformat 4), ending with a newline."""
    return cast(str, nbformat.writes(nb, version=4)) + "\n"  # type: ignore[no-untyped-call]


def write(nb: NotebookNode, path: Path) -> None:
    """Write the notebook to ``path`` (nbformat 4)."""
    path.write_text(writes(nb), encoding="utf-8")


def validate(nb: NotebookNode) -> None:
    """Raise ``nbformat.ValidationError`` if the notebook does not follow the schema."""
    nbformat.validate(nb)
