"""Validate every row of a roster before anything is written, collecting every problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from kit.i18n import _
from kit.places import district_candidates
from kit.problems import Problem
from kit.records.consent_service import parse_answer
from kit.records.participants import PARTICIPANT_FIELDS
from kit.roster.headers import REQUIRED, HeaderMatch, example_headers, find_header, header_key
from kit.roster.normalise import (
    clean_text,
    is_empty,
    normalise_age_group,
    normalise_gender,
    normalise_name,
    normalise_participant_type,
    normalise_phone,
)
from kit.roster.read import CellValue, FileRefused, RawRow, Sheet, read_roster
from kit.tabular.cell_safety import has_controls, strip_controls

_PARSERS: dict[str, Callable[[CellValue], str | None]] = {
    "name": normalise_name,
    "business_name": clean_text,
    "sector": clean_text,
    "phone": normalise_phone,
    "village": clean_text,
    "subdistrict": clean_text,
    "district": clean_text,
    "gender": normalise_gender,
    "age": normalise_age_group,
    "age_group": normalise_age_group,
    "participant_type": normalise_participant_type,
}
# The fields of a row: the participant's stored fields and the participant type (3.1.3).
ROW_FIELDS = (*PARTICIPANT_FIELDS, "participant_type")


# Fields whose unclear cell is a warning (the cell is left empty), not a refusal of the file.
OPTIONAL_DEMOGRAPHICS = ("gender", "age", "age_group")


def official_district(text: str | None) -> tuple[str | None, str | None, str | None]:
    """The official name and Kemendagri code of a district as written, or why there is none.

    Returns ``(name, code, None)`` for a recognised district, and ``(text, None, message)``
    when it is unknown or ambiguous: the text is then kept as written and ``message`` (a
    translated warning) says so.
    """
    if text is None:
        return None, None, None
    found = district_candidates(text)
    if len(found) == 1:
        return found[0].name, found[0].code, None
    if found:
        return text, None, _("{value!r} could mean {choices}; stored as written").format(
            value=text, choices=_(" or ").join(d.name for d in found))
    return text, None, _("{value!r} is not known as an official kabupaten/kota; stored as "
                         "written").format(value=text)


def field_label(field: str) -> str:
    """The name of a participant field as facilitators read it (translated)."""
    labels = {
        "name": _("name"), "business_name": _("business name"), "sector": _("sector"),
        "phone": _("phone/WhatsApp"), "village": _("village"), "subdistrict": _("sub-district"),
        "district": _("district"), "gender": _("gender"), "age": _("age"),
        "age_group": _("age group"), "participant_type": _("participant type"),
        "consent": _("consent"),
    }
    return labels[field]


@attrs.frozen
class RosterEntry:
    """One valid person row: its row number and normalised participant fields."""

    row: int
    values: dict[str, str | None]
    columns: dict[str, str] = attrs.field(factory=dict)
    district_code: str | None = None
    age_given: str | None = None
    consent: bool | None = None  # the consent column: yes, no, or blank (not asked)

    @property
    def name(self) -> str:
        """The normalised name (always present)."""
        return self.values["name"] or ""


@attrs.frozen
class ValidatedRoster:
    """The outcome of validation: entries to import, blocking problems, warnings."""

    file: str
    entries: tuple[RosterEntry, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    sheet: str | None = None
    encoding: str | None = None
    refused: bool = False

    @property
    def ok(self) -> bool:
        """Whether the roster can be imported."""
        return not self.problems


def _pick_sheet(sheets: list[Sheet], mapping: Mapping[str, str]
                ) -> tuple[Sheet, HeaderMatch | None]:
    for sheet in sheets:
        header = find_header([r.cells for r in sheet.rows], mapping)
        if header is not None:
            return sheet, header
    return sheets[0], None


def _check_width(label: str, row: RawRow, width: int) -> Problem | None:
    cells = row.cells
    extra_filled = any(not is_empty(c) for c in cells[width:])
    if len(cells) < width or extra_filled:
        return Problem(label, row.number, None, _(
            "the row has {cells} cells but the header has {header}: a separator is missing or "
            "extra, or a cell with a comma is not in quotes").format(cells=len(cells),
                                                                  header=width))
    return None


def _validate_row(label: str, row: RawRow, header: HeaderMatch,
                  problems: list[Problem], warnings: list[Problem]) -> RosterEntry | None:
    values: dict[str, str | None] = dict.fromkeys(ROW_FIELDS)
    titles: dict[str, str] = {}
    district_code: str | None = None
    age_given: str | None = None
    consent: bool | None = None
    ok = True
    for field in dict.fromkeys(header.columns.values()):
        columns = header.columns_of(field)
        filled = [c for c in columns if c < len(row.cells) and not is_empty(row.cells[c])]
        col = filled[0] if filled else columns[0]
        title = header.titles[col]
        cell = row.cells[col] if col < len(row.cells) else None
        if isinstance(cell, str) and has_controls(cell):
            cell = strip_controls(cell)
            warnings.append(Problem(label, row.number, title, _(
                "invisible control characters were removed from {value!r}")
                .format(value=" ".join(cell.split()))))
        if col in row.formulas:
            warnings.append(Problem(label, row.number, title, _(
                "a formula without a saved value ({formula}) was kept as text, not calculated")
                .format(formula=cell)))
        if field == "consent":
            try:
                consent = parse_answer(cell)
            except ValueError as exc:
                warnings.append(Problem(label, row.number, title, _(
                    "{problem}; no consent is recorded for this row").format(problem=exc)))
            titles["consent"] = title
            continue
        try:
            value = _PARSERS[field](cell)
        except ValueError as exc:
            if field in OPTIONAL_DEMOGRAPHICS:
                warnings.append(Problem(label, row.number, title, _(
                    "{problem}; the cell is left empty").format(problem=exc)))
                continue
            problems.append(Problem(label, row.number, title, str(exc)))
            ok = False
            continue
        if field == "district" and value is not None:
            value, code, unknown = official_district(value)
            if unknown is not None:
                warnings.append(Problem(label, row.number, title, unknown))
            if code is not None:
                district_code = code
        if field in ("age", "age_group") and value is not None and age_given is None:
            age_given = clean_text(cell)
        target = "age_group" if field == "age" else field
        titles.setdefault(target, title)
        if value is not None and values.get(target) is None:
            values[target] = value
            titles[target] = title
    for field in REQUIRED:
        if values[field] is None:
            title = header.titles[header.columns_of(field)[0]]
            problems.append(Problem(label, row.number, title,
                                    _("the {field} is missing").format(field=field_label(field))))
            ok = False
    if ok:
        return RosterEntry(row=row.number, values=values, columns=titles,
                           district_code=district_code, age_given=age_given, consent=consent)
    return None


@attrs.frozen
class ValidatedPerson:
    """One person typed in a form, checked as a roster row: the entry or the problems."""

    entry: RosterEntry | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def validate_person(label: str, values: Mapping[str, CellValue], row: int = 1
                    ) -> ValidatedPerson:
    """Check one person's fields exactly as :func:`validate_roster` checks a row.

    ``values`` maps roster fields (:data:`kit.roster.headers.FIELDS`) to what was typed; each
    problem names ``label`` (e.g. "walk-in"), ``row`` and the field's label. Used by the door's
    walk-in registration (:mod:`kit.roster.walk_in`).
    """
    fields = [f for f in dict.fromkeys((*REQUIRED, *values)) if f in _PARSERS]
    header = HeaderMatch(index=0, columns=dict(enumerate(fields)),
                         titles={i: field_label(f) for i, f in enumerate(fields)}, ignored=())
    raw = RawRow(row, tuple(values.get(f) for f in fields))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    entry = _validate_row(label, raw, header, problems, warnings)
    return ValidatedPerson(entry, tuple(problems), tuple(warnings))


def validate_roster(path: Path, mapping: Mapping[str, str] | None = None,
                    label: str | None = None) -> ValidatedRoster:
    """Read and check a roster file; every problem is collected, nothing is written.

    ``mapping`` maps header keys (see :func:`kit.roster.headers.header_key`) to fields, from
    ``--map``. ``label`` is how the file is named in messages (default: the path as given).
    A file refused as a whole (not a regular file, too large, not UTF-8, too many rows) gives
    one problem and ``refused`` set. Control characters are stripped from every cell used,
    with a warning naming the row and column.
    """
    mapping = dict(mapping or {})
    label = label or str(path)
    try:
        sheets = list(read_roster(path, mapping, label))
    except FileRefused as exc:
        return ValidatedRoster(label, (), (exc.problem,), (), refused=True)
    if not any(s.rows for s in sheets):
        found = [p for s in sheets for p in s.problems] or [
            Problem(label, None, None, _("the file is empty"))]
        return ValidatedRoster(label, (), tuple(found), ())
    sheet, header = _pick_sheet(sheets, mapping)
    problems: list[Problem] = list(sheet.problems)
    warnings: list[Problem] = []
    if header is None:
        problems.append(Problem(label, None, None, _(
            "no header row found in the first 30 rows; the roster needs columns such as "
            "{name} and {district} (other headers can be named with --map COLUMN=FIELD)")
            .format(name=example_headers("name"), district=example_headers("district"))))
        return ValidatedRoster(label, (), tuple(problems), (), sheet.name, sheet.encoding)
    header_row = sheet.rows[header.index]
    present = {header_key(t) for t in header.titles.values()}
    for source in mapping:
        if source not in present:
            problems.append(Problem("--map", None, None, _(
                "no column {column!r} in the header (row {row}) of {file}")
                .format(column=source, row=header_row.number, file=label)))
    for field in REQUIRED:
        if not header.columns_of(field):
            problems.append(Problem(label, header_row.number, None, _(
                "no column for the {field}; expected a header such as {examples} "
                "(or use --map COLUMN={key})").format(field=field_label(field),
                                                       examples=example_headers(field),
                                                       key=field)))
    for field in dict.fromkeys(header.columns.values()):
        columns = header.columns_of(field)
        if len(columns) > 1:
            warnings.append(Problem(label, header_row.number, None, _(
                "columns {columns} all give the {field}; the first filled one is used per row")
                .format(columns=", ".join(repr(header.titles[c]) for c in columns),
                        field=field_label(field))))
    if header.ignored:
        warnings.append(Problem(label, header_row.number, None, _(
            "columns not imported: {columns} (use --map COLUMN=FIELD to import one)")
            .format(columns=", ".join(repr(t) for t in header.ignored))))
    if problems:
        return ValidatedRoster(label, (), tuple(problems), tuple(warnings), sheet.name,
                               sheet.encoding)
    width = len(header_row.cells)
    entries: list[RosterEntry] = []
    for row in sheet.rows[header.index + 1:]:
        if row.is_blank():
            continue
        if sheet.delimiter is not None and (problem := _check_width(label, row, width)):
            problems.append(problem)
            continue
        if all(is_empty(row.cells[c]) for c in header.columns if c < len(row.cells)):
            warnings.append(Problem(label, row.number, None,
                                    _("row skipped: none of the imported columns is filled")))
            continue
        entry = _validate_row(label, row, header, problems, warnings)
        if entry is not None:
            entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(label, None, None, _(
            "the file has a header (row {row}) but no participant rows")
            .format(row=header_row.number)))
    return ValidatedRoster(label, tuple(entries), tuple(sorted(problems, key=_order)),
                           tuple(warnings), sheet.name, sheet.encoding)


def _order(problem: Problem) -> tuple[int, int]:
    return (0 if problem.line is None else 1, problem.line or 0)
