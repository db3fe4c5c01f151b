"""The phone-first CSS every module page loads once (360 px wide screens, fingers, older eyes).

Targets: no horizontal scrolling at 360×740, tap targets at least 48 px high, text at least
16 px (body 18 px). Scoped to ``.kit-module`` so the rest of the page is untouched. The rules
live in ``kit/ui/css/module.css`` and, for the room bar, ``room.css`` (read once per process by
:func:`kit.ui.css`).
"""

from __future__ import annotations

from kit.ui import css
from kit.ui import style_html as _style_html

CSS = css("module")


def style_html() -> str:
    """The ``<style>`` block to display once at the top of a module page."""
    return _style_html("module", "room")
