"""A bad value located in a file: the one problem type of the roster, framework and content readers.

Every reader of a file a person wrote (a roster spreadsheet, a framework or content YAML file)
reports what is wrong as a :class:`Problem` naming the file, the row or line a person sees, the
field (a column header as written, or a YAML path such as ``items[2].title``) and a message that
is already translated. It is shown as one line, ``file:line:field: message``. This module is at
the bottom of the layers: it imports nothing of the kit's.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Problem:
    """One problem (or warning) with its place in the file.

    ``line`` is the line (CSV, YAML) or row (XLSX) number a person sees; ``field`` is the column
    header as written in the file or the path of a YAML value. Either is ``None`` (or empty)
    when the problem concerns the whole file or the whole row. ``message`` is already
    translated.
    """

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        place = [self.file]
        if self.line:
            place.append(str(self.line))
        if self.field:
            place.append(self.field)
        return ":".join(place) + ": " + self.message


class InputError(ValueError):
    """Input a service cannot use: ``field`` names it, ``message`` says why (translated).

    The one base of the services' input errors (session, consent, rundown, room, report,
    export…): every front end shows it as one line naming the field — an option on the command
    line, a form field in an app — and nothing was written.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)
