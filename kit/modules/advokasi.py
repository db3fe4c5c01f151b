"""The advokasi module (chapter III, Table 3.3): four materi, one section per item.

:func:`build_advokasi` returns an :class:`AdvokasiPage`; ``modules/advokasi.py`` only displays
its parts. Sections follow the framework's materi and items (never a list typed here); the texts
come from ``modules/advokasi/``, the questions from ``assessments/questions/advokasi.yaml``,
and ``module.yaml`` says which item hosts which tool.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.content_reader import PATHS
from kit.modules.content import load_checklist, load_selfcheck
from kit.modules.frame import ModuleFrame
from kit.modules.page import ModulePage
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
    """The built page: the frame, every section's widgets, and handles on the interactive parts."""

    def __init__(self, frame: ModuleFrame):
        super().__init__(frame)
        self.bank = question_bank(frame.activity.id)
        self.checks: dict[str, KnowledgeCheck] = {}
        self.tools: dict[str, Any] = {}
        self.sections: dict[str, Any] = {}
        for materi in frame.activity.materi:
            parts = [frame.materi_heading(materi.id)]
            for item in materi.items:
                extra = [self._tool(tool, item.id).widget
                         for tool in frame.content.tool_at(item.id)]
                check = KnowledgeCheck(frame, item.id, self.bank)
                self.checks[item.id] = check
                section = frame.item_section(item.id, extra=extra, check=check.widget)
                self.sections[item.id] = section
                parts.append(section)
            self.materi[materi.id] = parts

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
