"""The panels of the session app, in the order of the day, and what each is built from.

Each panel lives in its own module ``kit/session_app/<name>_panel.py`` and exposes
``build(ctx: PanelContext) -> ipywidgets.Widget``. The app (``kit/session_app/app.py``) shows
one tab per entry of :data:`PANELS`; a panel reads and writes only through the services of the
package that owns the records (never SQLAlchemy or ``kit.storage``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import attrs

from kit.i18n import N_, gettext_
from kit.workspace import Workspace


@attrs.frozen
class PanelContext:
    """What every panel gets: the workspace, the session shown, the language, who acts."""

    workspace: Workspace
    session_id: str
    lang: str = "id"
    actor: str = "fasilitator"


@attrs.frozen
class PanelSpec:
    """One tab of the app: its module under ``kit.session_app`` and its title (a message id)."""

    module: str
    title: str


# The day's order: before the session, during it, after it. Each engineer adds the line of the
# panel they built, e.g. ``PanelSpec("door_panel", N_("Check-in"))`` (``from kit.i18n import
# N_``); the title is an English message id with its translation in the panel's .po file.
PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("plan_panel", N_("Session plan")),
    PanelSpec("invite_panel", N_("Invite list")),
    PanelSpec("door_panel", N_("Check-in at the door")),
    PanelSpec("rundown_panel", N_("Day's rundown")),
    PanelSpec("draw_panel", N_("Random question draw")),
    PanelSpec("questions_panel", N_("The room's questions")),
    PanelSpec("help_panel", N_("Help queue")),
    PanelSpec("board_panel", N_("Live board")),
    PanelSpec("community_panel", N_("Community formation")),
    PanelSpec("report_panel", N_("Activity report")),
)


def builder(spec: PanelSpec) -> Callable[[PanelContext], Any]:
    """The ``build`` function of the panel ``spec`` names."""
    module = importlib.import_module(f"kit.session_app.{spec.module}")
    build: Callable[[PanelContext], Any] = module.build
    return build


def title(spec: PanelSpec, lang: str) -> str:
    """The panel's tab title in ``lang``."""
    return gettext_(spec.title, lang)
