"""The advokasi module (chapter III, Table 3.3): four materi, one section per item.

The page shows a section menu (one section per item, grouped by materi) and builds a section's
widgets when it is opened
(:class:`kit.modules.page.ModulePage`).

:func:`build_advokasi` returns an :class:`AdvokasiPage`; ``modules/advokasi.py`` only displays
its parts. Sections follow the framework's materi and items (never a list typed here); the texts
come from ``modules/advokasi/``, the questions from ``assessments/questions/advokasi.yaml``,
and ``module.yaml`` says which item hosts which tool.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from kit.content_reader import PATHS
from kit.modules.content import load_checklist, load_selfcheck
from kit.modules.frame import ModuleFrame
from kit.modules.page import LazyParts, ModulePage
from kit.modules.quiz import question_bank
from kit.modules.widgets import (
    AskTool,
    CalculatorTool,
    ChecklistTool,
    KnowledgeCheck,
    SelfCheckTool,
)

MODULE_ID = "advokasi"


class AdvokasiPage(ModulePage):
    """The page: the frame, one section per item, built when the participant opens it.

    ``checks``, ``tools`` and ``sections`` are :class:`LazyParts`: asking for one builds its
    section.
    """

    def __init__(self, frame: ModuleFrame):
        super().__init__(frame)
        self.bank = question_bank(frame.activity.id)
        self.checks: LazyParts[KnowledgeCheck] = LazyParts(self)
        self.tools: LazyParts[Any] = LazyParts(self)
        self.sections: LazyParts[Any] = LazyParts(self)
        for materi in frame.activity.materi:
            for item in materi.items:
                self.add_section(item.id, materi.id, item.title, [item.id],
                                 partial(self._build_section, item.id))

    def _build_section(self, item_id: str) -> list[Any]:
        frame = self.frame
        extra = [self._tool(tool, item_id).widget for tool in frame.content.tool_at(item_id)]
        check = KnowledgeCheck(frame, item_id, self.bank)
        self.checks[item_id] = check
        section = frame.item_section(item_id, extra=extra, check=check.widget)
        self.sections[item_id] = section
        return [section]

    def _tool(self, tool: str, item_id: str) -> Any:
        frame = self.frame
        made: Any
        if tool == "selfcheck":
            made = SelfCheckTool(frame, load_selfcheck(PATHS.selfcheck(MODULE_ID)), item_id)
        elif tool == "calculator":
            made = CalculatorTool(frame, item_id)
        elif tool == "checklist":
            made = ChecklistTool(frame, load_checklist(PATHS.checklist(MODULE_ID)), item_id)
        else:
            made = AskTool(frame, item_id)
        self.tools[tool] = made
        return made



def build_advokasi(workspace: Path | None = None, local_home: Path | None = None) -> AdvokasiPage:
    """Build the advokasi page for the roster workspace (``$UMKM_KIT_WORKSPACE``) or locally."""
    return AdvokasiPage(ModuleFrame(MODULE_ID, workspace=workspace, local_home=local_home))
