"""Widget builders shared by modules, sandboxes, the checklist and the home page.

Phone first (360 px wide): every input and button takes the full width (buttons of a module stop
at 480 px), labels sit above their input, touch targets are at least 48 px high (the CSS in
``kit/ui/css/`` sets the sizes; these builders set widths and classes).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from kit.i18n import _
from kit.ui.assets import render

FULL = w.Layout(width="100%", max_width="100%")

__all__ = ["FULL", "Feedback", "area", "box", "button", "close_tree", "download_link", "field",
           "html", "image_html", "labelled", "para", "text", "upload"]


def close_tree(widget: Any) -> None:
    """Close ``widget``, its children (recursively) and their own layouts and styles.

    A closed widget leaves the kernel's widget registry: the browser can no longer reach it.
    The shared :data:`FULL` layout stays.
    """
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget) and part is not FULL:
            part.close()
    widget.close()


def html(value: str = "", classes: Sequence[str] = ()) -> Any:
    """A full-width HTML widget with CSS classes."""
    widget = w.HTML(value=value, layout=w.Layout(width="100%", max_width="100%"))
    for c in classes:
        widget.add_class(c)
    return widget


def button(label: str, primary: bool = False, icon: str = "", *, max_width: str = "480px",
           primary_style: str = "success", classes: Sequence[str] | None = None) -> Any:
    """A big, full-width, phone-friendly button (``kit-primary``/``kit-secondary`` by default)."""
    b = w.Button(description=label, icon=icon,
                 layout=w.Layout(width="100%", max_width=max_width, height="auto"))
    for c in (("kit-primary" if primary else "kit-secondary",) if classes is None else classes):
        b.add_class(c)
    if primary:
        b.button_style = primary_style
    return b


def box(children: Sequence[Any], classes: Sequence[str] = ()) -> Any:
    """A full-width vertical box with CSS classes."""
    b = w.VBox(list(children), layout=w.Layout(width="100%", max_width="100%"))
    for c in classes:
        b.add_class(c)
    return b


def labelled(label: str, widget: Any) -> Any:
    """A bold label above its input (forms of the modules)."""
    return box([html(render("label.html.j2", label=label)), widget])


def field(label: str, widget: Any, hint: str = "") -> Any:
    """A label above its input, with an optional grey hint under the label (sandbox forms)."""
    parts: list[Any] = [w.HTML(render("field_label.html.j2", label=label))]
    if hint:
        parts.append(w.HTML(render("field_label.html.j2", hint=hint)))
    parts.append(widget)
    return w.VBox(parts, layout=w.Layout(width="100%", margin="4px 0"))


def text(value: str = "", placeholder: str = "") -> Any:
    """A full-width one-line input."""
    return w.Text(value=value, placeholder=placeholder, layout=w.Layout(width="100%"))


def area(value: str = "", placeholder: str = "", rows: int = 4) -> Any:
    """A full-width multi-line input."""
    return w.Textarea(value=value, placeholder=placeholder, rows=rows,
                      layout=w.Layout(width="100%"))


def upload(accept: str = "", multiple: bool = False) -> Any:
    """A file chooser (``accept`` like ``image/*``)."""
    label = _("Choose file")
    # ``tooltip`` defaults to None, which the browser shows as a "null" tooltip.
    return w.FileUpload(accept=accept, multiple=multiple, description=label, tooltip=label,
                        layout=w.Layout(width="100%", min_height="48px", height="auto"))


def para(textual: str, kind: str = "") -> str:
    """Escaped text as HTML paragraphs (blank line → new paragraph, newline → <br>)."""
    blocks = [b for b in textual.split("\n\n") if b.strip()]
    return render("paragraphs.html.j2", blocks=[b.split("\n") for b in blocks], kind=kind)


class Feedback:
    """The message area under a form: success, refusal (with every problem) or information."""

    def __init__(self) -> None:
        self.widget = w.HTML("", layout=w.Layout(width="100%"))

    def ok(self, message: str, note: str = "") -> None:
        """Show a success message, with an optional second line (e.g. how to do better)."""
        self.widget.value = render("feedback.html.j2", kind="ok", message=message, note=note)

    def error(self, problems: Sequence[str]) -> None:
        """Show why the input was refused (nothing was saved)."""
        self.widget.value = render("feedback.html.j2", kind="err", problems=list(problems))

    def info(self, message: str) -> None:
        """Show a neutral hint."""
        self.widget.value = render("feedback.html.j2", kind="info", message=message)

    @property
    def text(self) -> str:
        """The current message as HTML (tests read it)."""
        return str(self.widget.value)


def image_html(data: bytes, mime: str, alt: str) -> str:
    """An inline picture (data URI), scaled to the width of the screen."""
    encoded = base64.b64encode(data).decode("ascii")
    return render("image.html.j2", src=f"data:{mime};base64,{encoded}", alt=alt)


def download_link(filename: str, data: bytes, mime: str) -> str:
    """A link that saves an attachment on the phone or laptop."""
    encoded = base64.b64encode(data).decode("ascii")
    return render("attachment.html.j2", filename=filename,
                  href=f"data:{mime};base64,{encoded}")
