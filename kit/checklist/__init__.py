"""The facilitator's observation checklist: one session, participants × items, one tap per level.

:mod:`kit.checklist.state` holds the logic (what is stored, counts, filters, validation),
:mod:`kit.checklist.service` the storage services it calls, and :mod:`kit.checklist.widget` the
ipywidgets view that ``voila_apps/checklist.py`` displays. This package re-exports the rules only:
importing it never pulls in ipywidgets (import the widget from :mod:`kit.checklist.widget`).
"""

from kit.checklist.service import Cell, ChecklistError, Row
from kit.checklist.state import ChecklistState, default_session_id, session_from_query

__all__ = [
    "Cell",
    "ChecklistError",
    "ChecklistState",
    "Row",
    "default_session_id",
    "session_from_query",
]
