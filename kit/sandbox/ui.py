"""The sandbox pages' pieces, built on the kit's one toolkit (:mod:`kit.ui`).

Phone first (360 px wide): every input and button takes the full width, labels sit above their
input, buttons and inputs are at least 48 px high and text is 18 px (``kit/ui/css/sandbox.css``).
Only what is sandbox-specific lives here: the ``sbx`` column, its stylesheet widget, headings
and full-width buttons; fields, messages, pictures and links are :mod:`kit.ui.widgets`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from kit.ui import render
from kit.ui import style_html as _style_html
from kit.ui.widgets import Feedback, area, download_link, field, image_html, para, text, upload
from kit.ui.widgets import button as _button

__all__ = [
    "CSS",
    "FULL",
    "Feedback",
    "Results",
    "area",
    "box",
    "button",
    "download_link",
    "field",
    "heading",
    "image_html",
    "para",
    "style",
    "text",
    "upload",
]

CSS = _style_html("sandbox")
FULL = w.Layout(width="100%")


def style() -> w.HTML:
    """The stylesheet widget; put it once on the page."""
    return w.HTML(CSS)


def box(children: Sequence[w.Widget]) -> w.VBox:
    """A full-width column carrying the sandbox style class."""
    out = w.VBox(list(children), layout=w.Layout(width="100%"))
    out.add_class("sbx")
    return out


def button(label: str, primary: bool = False) -> w.Button:
    """A full-width button at least 48 px high."""
    b: w.Button = _button(label, primary, max_width="100%", primary_style="primary", classes=())
    b.layout.min_height = "48px"
    return b


def heading(title: str, intro: str = "") -> w.HTML:
    """A section heading with an optional introduction."""
    return w.HTML(render("heading.html.j2", level=3, title=title)
                  + (render("message.html.j2", text=intro) if intro else ""))



class Results:
    """A message area right below every action button of a form, and one at its top.

    The result of a tap shows next to the button tapped, not at the bottom of a long form. The
    areas stay in place (only their text changes), so a message never re-draws the form and the
    phone's view does not jump. When the tapped button's form is gone (after signing up), the
    message shows in the area at the top of the new form.
    """

    def __init__(self, buttons: Sequence[w.Button]):
        self.top = Feedback()
        self.below = {id(b): Feedback() for b in buttons}
        self.current = self.top

    def press(self, button: w.Button | None) -> Feedback:
        """The area of ``button`` (the top one for ``None``); the previous message is cleared."""
        area = self.below.get(id(button), self.top) if button is not None else self.top
        if area is not self.current:
            self.current.widget.value = ""
        self.current = area
        return area

    def lay_out(self, parts: Sequence[w.Widget], top_at: int) -> list[w.Widget]:
        """``parts`` with each button's area right after it and the top area at ``top_at``."""
        out: list[w.Widget] = []
        shown = {id(self.top)}
        for part in parts:
            out.append(part)
            area = self.below.get(id(part))
            if area is not None:
                out.append(area.widget)
                shown.add(id(area))
        out.insert(min(top_at, len(out)), self.top.widget)
        if id(self.current) not in shown:  # the tapped button's form is gone
            self.current.widget.value, self.current = "", self.top
        return out
