"""The phone-first CSS every module page loads once (360 px wide screens, fingers, older eyes).

Targets: no horizontal scrolling at 360×740, tap targets at least 44 px high, text at least
16 px (body 18 px). Scoped to ``.kit-module`` so the rest of the page is untouched.
"""

from __future__ import annotations

CSS = """
.kit-module { font-size: 18px; line-height: 1.55; width: 100%; max-width: 760px;
  box-sizing: border-box; overflow-wrap: anywhere; color: #1d1d1d; }
.kit-module * { box-sizing: border-box; }
.kit-module .widget-html, .kit-module .widget-html-content { font-size: 18px; line-height: 1.55;
  white-space: normal; height: auto; width: 100%; }
.kit-module h1 { font-size: 1.55em; margin: .4em 0; line-height: 1.25; }
.kit-module h2 { font-size: 1.3em; margin: .8em 0 .3em; line-height: 1.3; }
.kit-module h3 { font-size: 1.12em; margin: .7em 0 .3em; }
.kit-module p, .kit-module li { font-size: 18px; }
.kit-module table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
.kit-module td, .kit-module th { border: 1px solid #ccc; padding: 4px 8px; font-size: 16px; }
.kit-module .widget-inline-hbox, .kit-module .widget-inline-vbox, .kit-module .widget-text,
.kit-module .widget-textarea, .kit-module .widget-dropdown, .kit-module .widget-radio,
.kit-module .widget-checkbox, .kit-module .widget-combobox, .kit-module .widget-hprogress {
  width: 100% !important; max-width: 100%; }
.kit-module .widget-label, .kit-module .widget-label-basic { font-size: 18px; white-space: normal;
  overflow: visible; text-overflow: clip; height: auto; line-height: 1.35; }
.kit-module .jupyter-button, .kit-module .widget-button, .kit-module .widget-toggle-button {
  min-height: 48px; height: auto !important; font-size: 18px; padding: 8px 16px;
  white-space: normal; line-height: 1.3; border-radius: 8px; max-width: 100%; }
.kit-module .kit-primary { background: #0b6e4f; color: #fff; }
.kit-module input[type=text], .kit-module input[type=number], .kit-module select,
.kit-module textarea { min-height: 48px; font-size: 18px !important; padding: 8px; }
.kit-module .widget-text input, .kit-module .widget-dropdown select,
.kit-module .widget-combobox input { height: 48px; }
.kit-module textarea { min-height: 96px; }
.kit-module .widget-radio-box { width: 100%; }
.kit-module .widget-radio-box label { min-height: 48px; height: auto; display: flex;
  align-items: center; gap: 12px; font-size: 18px; white-space: normal; line-height: 1.3;
  padding: 6px 4px; border-bottom: 1px solid #eee; }
.kit-module .widget-radio, .kit-module .widget-radio-box { height: auto; }
.kit-module .widget-radio-box input, .kit-module .widget-checkbox input { width: 26px;
  height: 26px; flex: none; margin: 0 8px 0 0; }
.kit-module .widget-checkbox label { min-height: 48px; display: flex; align-items: center; }
.kit-module .widget-checkbox span { white-space: normal; }
.kit-module summary { min-height: 48px; display: flex; align-items: center; cursor: pointer;
  font-weight: 600; }
.kit-module details { margin: 8px 0; }
.kit-section { border-top: 3px solid #d9e8e1; margin-top: 28px; padding-top: 8px; }
.kit-card { background: #f4f8f6; border-radius: 10px; padding: 10px 14px; margin: 10px 0; }
.kit-facilitator { background: #fff6dc; border-left: 5px solid #d99a00; padding: 2px 12px;
  border-radius: 6px; }
.kit-en { display: none; color: #4a4a4a; font-style: italic; font-size: 16px; }
.kit-show-en .kit-en { display: block; }
.kit-ok { color: #0b6e4f; font-weight: 600; }
.kit-bad { color: #a3231d; font-weight: 600; }
.kit-muted { color: #555; font-size: 16px; }
.kit-error { color: #a3231d; font-size: 16px; }
.kit-sources { color: #555; font-size: 16px; }
.kit-progress { position: sticky; top: 0; z-index: 10; background: #fff;
  border-bottom: 2px solid #d9e8e1; padding: 6px 0; }
.kit-module a { color: #0b5cad; }
.kit-module a.kit-download, .kit-module a.kit-link-button { display: inline-flex;
  align-items: center; min-height: 48px; padding: 8px 18px; border-radius: 8px;
  background: #0b6e4f; color: #fff; text-decoration: none; font-size: 18px; margin: 6px 0; }
"""


def style_html() -> str:
    """The ``<style>`` block to display once at the top of a module page."""
    return f"<style>{CSS}</style>"
