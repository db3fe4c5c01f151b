"""The competency framework: the programme of the guide as validated, typed data."""

from kit.framework.loader import FrameworkError, framework, load_framework
from kit.framework.model import Activity, Framework, Item, Materi, Stage, Text
from kit.problems import Problem

__all__ = [
    "Activity",
    "Framework",
    "FrameworkError",
    "Item",
    "Materi",
    "Problem",
    "Stage",
    "Text",
    "framework",
    "load_framework",
]
