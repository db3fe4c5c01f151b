"""What every module page shares: the frame's opening, one part per materi, the closing."""

from __future__ import annotations

from typing import Any

from kit.modules.frame import ModuleFrame, box


class ModulePage:
    """Base of the module pages: subclasses fill ``materi`` (materi id → widgets) in order."""

    def __init__(self, frame: ModuleFrame):
        self.frame = frame
        self.materi: dict[str, list[Any]] = {}

    def opening(self) -> list[Any]:
        """Style, header, identity and progress: the same opening as every module."""
        f = self.frame
        return [f.style(), f.header(), f.identity(), f.progress()]

    def materi_parts(self, materi_id: str) -> list[Any]:
        """The heading and sections of one materi."""
        return self.materi[materi_id]

    def closing(self) -> list[Any]:
        """The summary with the submission download."""
        return [self.frame.summary()]

    @staticmethod
    def column(parts: list[Any]) -> Any:
        """``parts`` in one full-width column: a notebook cell's last expression shows it.

        (Voila renders a cell's returned widget reliably; pages return one column per cell
        rather than calling ``display`` several times.)
        """
        return box(parts)
