"""Why a roster file cannot be imported: every located :class:`~kit.problems.Problem` at once.

A roster problem is ``file:row:column: message`` (:class:`kit.problems.Problem`, shared with the
framework and content readers): ``line`` is the line number (CSV) or row number (XLSX) a person
sees, ``field`` the header text as written in the file.
"""

from __future__ import annotations

from kit.problems import Problem


class RosterError(Exception):
    """The roster cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
