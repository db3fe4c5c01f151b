"""The coordinator dashboard's widgets: filters, five views, each chart's table and exports.

What ``voila_apps/dasbor_koordinator.py`` displays (:func:`dashboard_page`). The data and its
rules are in :mod:`kit.coordinator_app.app`. Filters sit in a row that wraps (one per line on a
phone); a change redraws the chart and its table. Every view has "Show the table" one click away
and exports PNG and XLSX to the workspace's ``reports/`` folder with a download link.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from kit.coordinator.queries import StoreUnavailable, connect
from kit.coordinator_app.app import (
    XLSX_MIME,
    Dashboard,
    View,
    activity_title,
    export_name,
    filters_from,
    item_title,
    place_name,
    reports_folder,
    save_export,
    store_location,
    xlsx_bytes,
)
from kit.i18n import get_language, gettext_
from kit.ui import render, style_html
from kit.ui.widgets import download_link

FILTERS = ("province", "district", "activity", "month_from", "month_to", "gender", "age_band",
           "sector")


def _message(kind: str, text: str, prefix: str = "") -> str:
    return render("message.html.j2", None, kind=kind, text=text, prefix=prefix)


class CoordinatorDashboard:
    """The dashboard for one store; ``widget`` is what the page displays.

    Controls are attributes (``filters`` by name, ``view_bar``, ``item``, ``table_button``,
    ``png_button``, ``xlsx_button``) so tests drive the page as a browser does.
    """

    def __init__(self, dashboard: Dashboard, reports: Path | None = None) -> None:
        self.data = dashboard
        self.lang = dashboard.lang
        self.reports = reports or reports_folder()
        self._syncing = False
        self.current: View | None = None
        lang = self.lang
        found = dashboard.choices()
        labels = {
            "province": gettext_("Province", lang), "district": gettext_("District", lang),
            "activity": gettext_("Activity", lang), "month_from": gettext_("From month", lang),
            "month_to": gettext_("To month", lang), "gender": gettext_("Gender", lang),
            "age_band": gettext_("Age group", lang), "sector": gettext_("Sector", lang)}
        every = gettext_("All", lang)
        genders = {"L": gettext_("Men", lang), "P": gettext_("Women", lang)}

        def name(key: str, value: str) -> str:
            if key in ("province", "district"):
                return place_name(value)
            if key == "activity":
                return activity_title(dashboard.fw, value, lang)
            return genders.get(value, value) if key == "gender" else value

        self._all_districts = found["district"]
        self.filters: dict[str, w.Dropdown] = {}
        for key in FILTERS:
            values = found["month" if key.startswith("month") else key]
            self.filters[key] = w.Dropdown(
                description=labels[key],
                options=[(every, "")] + [(name(key, v), v) for v in values],
                value="", layout=w.Layout(width="auto"), style={"description_width": "initial"},
                _dom_classes=("kit-cd-filter", f"kit-cd-f-{key}"))
        self.view_bar = w.ToggleButtons(
            options=[(gettext_("Stages", lang), "funnel"),
                     (gettext_("Indicators", lang), "heatmap"),
                     (gettext_("Item trend", lang), "trend"),
                     (gettext_("Sessions", lang), "sessions"),
                     (gettext_("Centre classes", lang), "classes")],
            value="funnel", style=w.ToggleButtonsStyle(button_width="auto"),
            _dom_classes=("kit-cd-views",))
        self.item = w.Dropdown(description=gettext_("Item", lang), options=[],
                               layout=w.Layout(width="auto", display="none"),
                               style={"description_width": "initial"},
                               _dom_classes=("kit-cd-item",))
        self.heading = w.HTML(_dom_classes=("kit-cd-heading",))
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", height="auto"),
                             _dom_classes=("kit-cd-chart",))
        self.note = w.HTML(_dom_classes=("kit-cd-note",))
        self.table_button = w.ToggleButton(description=gettext_("Show the table", lang),
                                           value=False, icon="table",
                                           _dom_classes=("kit-cd-table-btn",))
        self.table = w.HTML(layout=w.Layout(display="none", width="100%"),
                            _dom_classes=("kit-cd-table",))
        self.png_button = w.Button(description=gettext_("Save as PNG", lang), icon="image",
                                   _dom_classes=("kit-cd-png",))
        self.xlsx_button = w.Button(description=gettext_("Save as Excel", lang), icon="download",
                                    _dom_classes=("kit-cd-xlsx",))
        self.result = w.HTML(_dom_classes=("kit-cd-result",))
        self.widget = w.VBox(
            [w.HTML(style_html("coordinator_dashboard")),
             w.HTML(render("heading.html.j2", lang, level=2,
                           title=gettext_("Coordinator dashboard", lang),
                           note=gettext_("Every district's packages, without names or phone "
                                         "numbers.", lang))),
             w.Box(list(self.filters.values()), _dom_classes=("kit-cd-filters",)),
             self.view_bar, self.item, self.heading, self.chart, self.note,
             w.Box([self.table_button, self.png_button, self.xlsx_button],
                   _dom_classes=("kit-cd-actions",)),
             self.result, self.table],
            _dom_classes=("kit-coordinator-dashboard",), layout=w.Layout(width="100%"))
        for key, dropdown in self.filters.items():
            dropdown.observe(self._on_filter if key != "province" else self._on_province,
                             names="value")
        self.view_bar.observe(self._on_change, names="value")
        self.item.observe(self._on_change, names="value")
        self.table_button.observe(self._on_table, names="value")
        self.png_button.on_click(lambda _b: self.export("png"))
        self.xlsx_button.on_click(lambda _b: self.export("xlsx"))
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    def values(self) -> Mapping[str, str | None]:
        """The filters' current values (empty = all)."""
        return {key: str(d.value or "") or None for key, d in self.filters.items()}

    def refresh(self) -> None:
        """Redraw the chosen view under the current filters."""
        try:
            f = filters_from(self.values())
        except ValueError:
            self._error(gettext_("The period could not be read.", self.lang))
            return
        key = str(self.view_bar.value)
        try:
            if key == "trend":
                self._fill_items(f)
            view = self.data.view(key, f, str(self.item.value or "") or None)
        except StoreUnavailable as exc:  # being written by 'aggregate ingest', server down
            self._error(exc.line(self.lang))
            return
        self.item.layout.display = "flex" if key == "trend" else "none"
        self.current = view
        self.heading.value = render("heading.html.j2", self.lang, level=3, title=view.title)
        self.chart.value = view.png
        note = view.note
        if view.empty:
            nothing = gettext_("Nothing to show for these filters.", self.lang)
            # The classes' note names the filters that do not apply: keep it after the line.
            note = f"{nothing} {note}" if key == "classes" and note else nothing
        self.note.value = _message("kit-muted", note) if note else ""
        self.table.value = render("coordinator_table.html.j2", self.lang,
                                  headers=view.headers, rows=view.rows, caption=view.title)
        self.result.value = ""

    def export(self, kind: str) -> Path | None:
        """Save the current view as PNG (its chart) or XLSX (its table); offer the link."""
        view = self.current
        if view is None:
            return None
        f = filters_from(self.values())
        name = export_name(view, f, kind)
        data, mime = (view.png, "image/png") if kind == "png" else (xlsx_bytes(view), XLSX_MIME)
        try:
            path = save_export(self.reports, name, data)
        except OSError as exc:
            self._error(str(exc))
            return None
        self.result.value = (
            _message("kit-ok", gettext_("Saved in the reports folder as {name}",
                                        self.lang).format(name=path.name), "✓ ")
            + download_link(name, data, mime))
        return path

    # -- events --------------------------------------------------------------------------------

    def _fill_items(self, f: Any) -> None:
        ids = self.data.items(f)
        options = [(item_title(self.data.fw, i, self.lang), i) for i in ids]
        if [v for _l, v in options] != [v for _l, v in self.item.options]:
            current = self.item.value
            self._syncing = True
            try:
                self.item.options = options
                self.item.value = current if current in ids else (ids[0] if ids else None)
            finally:
                self._syncing = False

    def _on_province(self, change: dict[str, Any]) -> None:
        province = str(change["new"] or "")
        district = self.filters["district"]
        every = district.options[0]
        shown = [d for d in self._all_districts if not province or d.startswith(province + ".")]
        self._syncing = True
        try:
            keep = district.value if district.value in shown else ""
            district.options = [every] + [(place_name(d), d) for d in shown]
            district.value = keep
        finally:
            self._syncing = False
        self.refresh()

    def _on_filter(self, _change: dict[str, Any]) -> None:
        if not self._syncing:
            self.refresh()

    def _on_change(self, _change: dict[str, Any]) -> None:
        if not self._syncing:
            self.refresh()

    def _on_table(self, change: dict[str, Any]) -> None:
        shown = bool(change["new"])
        self.table.layout.display = "block" if shown else "none"
        self.table_button.description = (gettext_("Hide the table", self.lang) if shown
                                         else gettext_("Show the table", self.lang))

    def _error(self, text: str) -> None:
        self.result.value = _message("kit-error", text, "⚠ ")


def dashboard_app(store: str | Path | None = None, lang: str | None = None,
                  reports: Path | None = None) -> CoordinatorDashboard | w.HTML:
    """Build the dashboard for a notebook or Voila page, or one line saying why it cannot open.

    The store defaults to :func:`kit.coordinator_app.app.store_location`.
    """
    lang = lang or get_language()
    try:
        opened = connect(store if store is not None else store_location())
        return CoordinatorDashboard(Dashboard(opened, lang), reports)
    except StoreUnavailable as exc:
        return w.HTML(_message("kit-error", exc.line(lang), "⚠ "))


def dashboard_page() -> w.Widget:
    """What ``voila_apps/dasbor_koordinator.py`` displays."""
    app = dashboard_app()
    return app.widget if isinstance(app, CoordinatorDashboard) else app
