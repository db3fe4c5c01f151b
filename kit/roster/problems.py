"""Problems and warnings found in a roster file, located as ``file:row:column``."""

from __future__ import annotations

import attrs


@attrs.frozen
class Problem:
    """One problem (or warning) with its place in the file.

    ``row`` is the line number (CSV) or row number (XLSX) a person sees; ``column`` is the header
    text as written in the file. Either is ``None`` when the problem concerns the whole file or
    the whole row. ``message`` is already translated.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = [self.file]
        if self.row is not None:
            place.append(str(self.row))
        if self.column is not None:
            place.append(self.column)
        return ":".join(place) + ": " + self.message


class RosterError(Exception):
    """The roster cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
