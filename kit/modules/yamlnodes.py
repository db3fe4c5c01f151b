"""Located YAML reading for module content (shared with the framework loader).

The reader itself lives in :mod:`kit.framework.located_yaml`; module loaders raise
:class:`ContentError` with every problem found.
"""

from __future__ import annotations

from kit.framework.located_yaml import Bail, NodeReader, Problem, compose, read_text_file

__all__ = ["Bail", "ContentError", "NodeReader", "compose", "read_text_file"]


class ContentError(Exception):
    """Module content is invalid; ``problems`` lists every issue found (file, line, path)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
