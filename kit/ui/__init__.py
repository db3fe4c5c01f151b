"""The kit's one UI toolkit: widget builders, the stylesheets and the HTML templates.

Modules (:mod:`kit.modules`), sandboxes (:mod:`kit.sandbox`), the checklist and the home page
build their pages from the same pieces:

* :mod:`kit.ui.widgets` — ``html``, ``button``, ``box``, ``labelled``, ``field``, ``text``,
  ``area``, ``upload``, :class:`~kit.ui.widgets.Feedback` (full width, 48 px touch targets);
* :mod:`kit.ui.assets` — the CSS files under ``kit/ui/css/`` (read once, cached) and the Jinja
  templates under ``kit/ui/templates/`` (autoescaped, gettext through ``jinja2.ext.i18n`` like
  the classroom pages; compiled once per language).

Pages are built once and forked per visit (``kit/server/kernels/ARCHITECTURE.md``): nothing here
reads a file or compiles a template more than once per process.
"""

from __future__ import annotations

from kit.ui.assets import Markup, css, render, style_html

__all__ = ["Markup", "css", "render", "style_html"]
