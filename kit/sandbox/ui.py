"""Small widget helpers shared by the sandbox pages: phone-friendly style, fields, feedback.

Phone first (360 px wide): every input and button takes the full width, labels sit above their
input, buttons and inputs are at least 44 px high and text is at least 16 px.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

import ipywidgets as w

from kit.i18n import _

CSS = """
<style>
.sbx, .sbx * { box-sizing: border-box; }
.sbx { width: 100%; max-width: 720px; font-size: 16px; line-height: 1.5; overflow-x: hidden; }
.sbx .widget-html-content, .sbx .widget-label, .sbx label { font-size: 16px; }
.sbx button, .sbx .widget-button, .sbx .widget-toggle-button { min-height: 44px;
  font-size: 16px; white-space: normal; height: auto; }
.sbx input, .sbx textarea, .sbx select { font-size: 16px; min-height: 44px; }
.sbx .widget-checkbox input { min-height: 24px; width: 24px; height: 24px; }
.sbx .widget-checkbox { min-height: 44px; }
.sbx .sbx-card { border: 1px solid #c9d3dd; border-radius: 8px; padding: 8px 12px;
  margin: 6px 0; overflow-wrap: anywhere; }
.sbx .sbx-ok { color: #17602a; background: #e8f5ec; border-radius: 8px; padding: 8px 12px; }
.sbx .sbx-err { color: #8a1c1c; background: #fdecec; border-radius: 8px; padding: 8px 12px; }
.sbx .sbx-info { color: #1d3f66; background: #eaf2fb; border-radius: 8px; padding: 8px 12px; }
.sbx .sbx-sms { background: #fff7d6; border: 1px dashed #b08900; border-radius: 8px;
  padding: 8px 12px; }
.sbx img { max-width: 100%; height: auto; }
.sbx .sbx-muted { color: #4a5561; }
</style>
"""

FULL = w.Layout(width="100%")


def style() -> w.HTML:
    """The stylesheet widget; put it once on the page."""
    return w.HTML(CSS)


def box(children: Sequence[w.Widget]) -> w.VBox:
    """A full-width column carrying the sandbox style class."""
    out = w.VBox(list(children), layout=w.Layout(width="100%"))
    out.add_class("sbx")
    return out


def text(value: str = "", placeholder: str = "") -> w.Text:
    """A full-width one-line input."""
    return w.Text(value=value, placeholder=placeholder, layout=w.Layout(width="100%"))


def area(value: str = "", placeholder: str = "", rows: int = 4) -> w.Textarea:
    """A full-width multi-line input."""
    return w.Textarea(value=value, placeholder=placeholder, rows=rows,
                      layout=w.Layout(width="100%"))


def button(label: str, primary: bool = False) -> w.Button:
    """A full-width button at least 44 px high."""
    return w.Button(description=label, button_style="primary" if primary else "",
                    layout=w.Layout(width="100%", min_height="44px", height="auto"))


def upload(accept: str = "", multiple: bool = False) -> w.FileUpload:
    """A file chooser (``accept`` like ``image/*``)."""
    return w.FileUpload(accept=accept, multiple=multiple, description=_("Choose file"),
                        layout=w.Layout(width="100%", min_height="44px", height="auto"))


def field(label: str, widget: w.Widget, hint: str = "") -> w.VBox:
    """A label above its input, with an optional grey hint under the label."""
    parts: list[w.Widget] = [w.HTML(f"<b>{html.escape(label)}</b>")]
    if hint:
        parts.append(w.HTML(f"<span class='sbx-muted'>{html.escape(hint)}</span>"))
    parts.append(widget)
    return w.VBox(parts, layout=w.Layout(width="100%", margin="4px 0"))


def heading(title: str, intro: str = "") -> w.HTML:
    """A section heading with an optional introduction."""
    body = f"<h3>{html.escape(title)}</h3>"
    if intro:
        body += f"<p>{html.escape(intro)}</p>"
    return w.HTML(body)


def para(textual: str, kind: str = "") -> str:
    """Escaped text as HTML paragraphs (blank line → new paragraph, newline → <br>)."""
    blocks = [html.escape(b).replace("\n", "<br>") for b in textual.split("\n\n")]
    cls = f" class='{kind}'" if kind else ""
    return "".join(f"<p{cls}>{b}</p>" for b in blocks if b.strip())


class Feedback:
    """The message area under a form: success, refusal (with every problem) or information."""

    def __init__(self) -> None:
        self.widget = w.HTML("", layout=w.Layout(width="100%"))

    def ok(self, message: str) -> None:
        """Show a success message."""
        self.widget.value = f"<div class='sbx-ok'>✅ {html.escape(message)}</div>"

    def error(self, problems: Sequence[str]) -> None:
        """Show why the input was refused (nothing was saved)."""
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        title = html.escape(_("Not saved yet:"))
        self.widget.value = (f"<div class='sbx-err'><b>{title}</b>"
                             f"<ul>{items}</ul></div>")

    def info(self, message: str) -> None:
        """Show a neutral hint."""
        self.widget.value = f"<div class='sbx-info'>{html.escape(message)}</div>"

    @property
    def text(self) -> str:
        """The current message as HTML (tests read it)."""
        return str(self.widget.value)


def image_html(data: bytes, mime: str, alt: str) -> str:
    """An inline picture (data URI), scaled to the width of the screen."""
    encoded = base64.b64encode(data).decode("ascii")
    return f"<img src='data:{mime};base64,{encoded}' alt='{html.escape(alt, quote=True)}'>"


def download_link(filename: str, data: bytes, mime: str) -> str:
    """A link that saves an attachment on the phone or laptop."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<a download='{html.escape(filename, quote=True)}' "
            f"href='data:{html.escape(mime, quote=True)};base64,{encoded}' "
            f"style='display:inline-block;min-height:44px;padding:10px 0'>"
            f"📎 {html.escape(filename)}</a>")
