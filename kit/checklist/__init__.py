"""The facilitator's observation checklist: one session, participants × items, one tap per level.

:mod:`kit.checklist.state` holds the logic (what is stored, counts, filters, validation) and
:mod:`kit.checklist.widget` the ipywidgets factory that ``voila_apps/checklist.py`` displays.
"""

from kit.checklist.state import (
    Cell,
    ChecklistError,
    ChecklistState,
    Row,
    default_session_id,
    session_from_query,
)
from kit.checklist.widget import ChecklistApp, checklist_app, checklist_page

__all__ = [
    "Cell",
    "ChecklistApp",
    "ChecklistError",
    "ChecklistState",
    "Row",
    "checklist_app",
    "checklist_page",
    "default_session_id",
    "session_from_query",
]
