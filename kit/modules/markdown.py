"""Markdown → HTML for module texts (mistune, already installed with Jupyter; raw HTML escaped)."""

from __future__ import annotations

import html
from functools import cache
from typing import Any


@cache
def _renderer() -> Any:
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def to_html(text: str) -> str:
    """Render Markdown ``text`` to HTML; any raw HTML in it is shown as text, never run."""
    return str(_renderer()(text))


def esc(text: str) -> str:
    """Escape ``text`` for use inside HTML."""
    return html.escape(text, quote=True)
