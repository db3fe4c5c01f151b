"""Scores as data: the tidy score table (for export) and the stage report."""

from kit.scoring.stages import ParticipantStage, StageCount, StageReport, stage_report
from kit.scoring.table import COLUMNS, FORMATS, score_table, write_table

__all__ = [
    "COLUMNS",
    "FORMATS",
    "ParticipantStage",
    "StageCount",
    "StageReport",
    "score_table",
    "stage_report",
    "write_table",
]
