"""The coordinator package, format 2: one zip (``.umkmpkg``) of a manifest and six Parquet tables.

This module is the only code that writes or reads the file format. A package is a ``ZIP_STORED``
zip holding ``manifest.json`` and one Parquet file per table of :data:`SCHEMAS`. The manifest names
every table's file, row count and sha256, so that a damaged, truncated or tampered package is
refused on read (:class:`PackageError` names the member and the field). Writing goes to a temporary
file in the same folder, renamed into place at the end: a package is never half-written.

``person_id`` columns hold 32 lowercase hex digits (a keyed hash made by
:mod:`kit.coordinator.pseudonym`); names, phones and free text never have a column here.

Format 2 added the table ``classes``: Puskom Kreatif classes counted per class kind × district ×
month (classes scheduled and held, persons enrolled and attended), counts only, no person id. A
package of format 1 (five tables) is still read: it is mapped to format 2 with an empty
``classes`` table (:data:`ADDED_TABLES`); any other version is refused with the reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import uuid
import zipfile
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kit.i18n import _

FORMAT = "umkm-kit-coordinator-package"
FORMAT_VERSION = 2
# Older format versions still read, each with the tables added after it (read as empty tables).
ADDED_TABLES: dict[int, tuple[str, ...]] = {1: ("classes",)}
SUFFIX = ".umkmpkg"
MANIFEST = "manifest.json"
# The ``member`` of an error about the whole file (not a zip, cannot be read).
WHOLE_FILE = "-"
# A zip entry's timestamp: fixed, so the same tables give the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PERSON_ID = re.compile(r"^[0-9a-f]{32}$")
# The manifest's identifiers (package, workspace, key, province): they name rows in the store
# and reach its SQL, so nothing but letters, digits and . _ : - (a quote, ``?`` or ``%`` in a
# forged manifest is refused here, never passed on).
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

SCHEMAS: dict[str, pa.Schema] = {
    "participants": pa.schema([
        pa.field("person_id", pa.string(), nullable=False),
        pa.field("participant_type", pa.string()),
        pa.field("province_code", pa.string()),
        pa.field("district_code", pa.string()),
        pa.field("gender", pa.string()),
        pa.field("age_band", pa.string()),
        pa.field("sector", pa.string()),
        pa.field("stage", pa.string()),
    ]),
    "participant_counts": pa.schema([
        pa.field("province_code", pa.string()),
        pa.field("district_code", pa.string()),
        pa.field("participant_type", pa.string()),
        pa.field("stage", pa.string()),
        pa.field("gender", pa.string()),
        pa.field("consented", pa.bool_()),
        pa.field("n", pa.int64(), nullable=False),
    ]),
    "sessions": pa.schema([
        pa.field("session_key", pa.string(), nullable=False),
        pa.field("activity_id", pa.string()),
        pa.field("province_code", pa.string()),
        pa.field("district_code", pa.string()),
        pa.field("date", pa.date32()),
        pa.field("status", pa.string()),
        pa.field("target_size", pa.int32()),
        pa.field("room_capacity", pa.int32()),
        pa.field("n_present", pa.int32()),
        pa.field("facilitator", pa.string()),
    ]),
    "attendance": pa.schema([
        pa.field("session_key", pa.string()),
        pa.field("person_id", pa.string()),
        pa.field("admitted_with_reason", pa.bool_()),
    ]),
    "scores": pa.schema([
        pa.field("person_id", pa.string()),
        pa.field("session_key", pa.string()),
        pa.field("activity_id", pa.string()),
        pa.field("item_id", pa.string()),
        pa.field("level", pa.int8()),
        pa.field("source", pa.string()),
        pa.field("recorded_at", pa.timestamp("us", tz="UTC")),
        pa.field("note", pa.string()),
    ]),
    # Puskom Kreatif classes (format 2): counts per class kind x district x month (the first
    # day of the month of the classes' day). ``classes_held``: classes with the attendance of at
    # least one person recorded.
    "classes": pa.schema([
        pa.field("province_code", pa.string()),
        pa.field("district_code", pa.string()),
        pa.field("month", pa.date32(), nullable=False),
        pa.field("class_kind", pa.string(), nullable=False),
        pa.field("classes_scheduled", pa.int32(), nullable=False),
        pa.field("classes_held", pa.int32(), nullable=False),
        pa.field("enrolled", pa.int32(), nullable=False),
        pa.field("attended", pa.int32(), nullable=False),
    ]),
}
# Tables whose rows are people: their person_id must be a pseudonym (32 lowercase hex).
PERSON_TABLES = ("participants", "attendance", "scores")
# Count columns that may never be negative.
COUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "classes": ("classes_scheduled", "classes_held", "enrolled", "attended"),
}


def tables_of(version: int) -> tuple[str, ...]:
    """The tables a package of format ``version`` holds (in :data:`SCHEMAS` order)."""
    added = ADDED_TABLES.get(version, ())
    return tuple(name for name in SCHEMAS if name not in added)


def empty_table(name: str) -> pa.Table:
    """A table of ``name``'s schema without rows."""
    return SCHEMAS[name].empty_table()


class PackageError(Exception):
    """A package cannot be written or read; one line naming the file, the member and the field."""

    def __init__(self, path: Path, member: str, field: str, message: str) -> None:
        self.path = path
        self.member = member
        self.field = field
        self.message = message
        if member == WHOLE_FILE:
            line = _("{path}: {message}").format(path=path, message=message)
        else:
            line = _("{path}: {member}, field {field}: {message}").format(
                path=path, member=member, field=field, message=message)
        super().__init__(line)


@attrs.frozen
class TableEntry:
    """One table's Parquet member in the package: its file name, row count and sha256 (hex)."""

    file: str
    rows: int
    sha256: str


@attrs.frozen
class Manifest:
    """What ``manifest.json`` declares about the package and each of its tables."""

    package_id: str
    workspace_id: str
    framework_version: str
    created_at: datetime
    period_from: date | None
    period_to: date | None
    key_id: str
    province_code: str | None
    notes_included: bool
    tables: dict[str, TableEntry]
    # The format version of the file (an older one is read mapped to the current format).
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, object]:
        """The manifest as the JSON object stored in ``manifest.json``."""
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "package_id": self.package_id,
            "workspace_id": self.workspace_id,
            "framework_version": self.framework_version,
            "created_at": self.created_at.isoformat(),
            "period_from": self.period_from.isoformat() if self.period_from else None,
            "period_to": self.period_to.isoformat() if self.period_to else None,
            "key_id": self.key_id,
            "province_code": self.province_code,
            "notes_included": self.notes_included,
            "tables": {name: {"file": e.file, "rows": e.rows, "sha256": e.sha256}
                       for name, e in sorted(self.tables.items())},
        }


@attrs.frozen
class Package:
    """A verified package: its manifest, the sha256 of the whole file, and its tables.

    ``tables`` holds every table of :data:`SCHEMAS`, also for a package of an older format
    (a table it lacks is empty); ``manifest.tables`` lists what the file itself holds.
    """

    manifest: Manifest
    content_sha256: str
    tables: dict[str, pa.Table]


# Bytes of a pseudonym: 0-9 and a-f.
_HEX = np.zeros(256, dtype=np.bool_)
_HEX[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = True


def _all_pseudonyms(column: pa.ChunkedArray) -> bool:
    """Whether every value of a string column is a pseudonym (:data:`PERSON_ID`), none null.

    On the column's buffers with numpy (each value 32 bytes, every byte a lowercase hex
    digit): a few microseconds a package, where the regex costs a fraction of a millisecond.
    """
    if column.null_count or not pa.types.is_string(column.type):
        return False
    for chunk in column.chunks:
        if not len(chunk):
            continue
        _validity, offsets_buf, data_buf = chunk.buffers()
        offsets = np.frombuffer(offsets_buf, dtype=np.int32)[
            chunk.offset:chunk.offset + len(chunk) + 1]
        if not (np.diff(offsets) == 32).all():
            return False
        data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]:offsets[-1]]
        if not _HEX[data].all():
            return False
    return True


def _check_table(path: Path, name: str, table: pa.Table) -> None:
    """Refuse a table off the format: another schema, a null where not allowed, a bad person_id."""
    member = name + ".parquet"
    schema = SCHEMAS[name]
    if not table.schema.equals(schema, check_metadata=False):
        got = {f.name: f for f in table.schema}
        for want in schema:
            have = got.get(want.name)
            if have is None:
                raise PackageError(path, member, want.name, _("the column is missing"))
            if have.type != want.type or have.nullable != want.nullable:
                raise PackageError(path, member, want.name, _(
                    "the column is {got}, the format says {want}").format(
                        got=_type_text(have), want=_type_text(want)))
        extra = [n for n in table.schema.names if n not in schema.names]
        field = extra[0] if extra else "schema"
        raise PackageError(path, member, field, _("the columns differ from the format"))
    for col in schema:
        if not col.nullable and table.column(col.name).null_count:
            raise PackageError(path, member, col.name, _("a value is empty"))
    if name in PERSON_TABLES and not _all_pseudonyms(table.column("person_id")):
        # Only a table that fails the fast check pays for the regex that finds the row.
        column = table.column("person_id")
        ok = pc.fill_null(pc.match_substring_regex(column, PERSON_ID.pattern), False)
        if not pc.all(ok).as_py() and table.num_rows:
            row = pc.index(ok, False).as_py() + 1
            raise PackageError(path, member, "person_id", _(
                "row {row} is not a pseudonym (32 lowercase hex digits)").format(row=row))
    # An empty table (the usual ``classes``) has no count to check: no compute call at all.
    for col_name in COUNT_COLUMNS.get(name, ()) if table.num_rows else ():
        column = table.column(col_name)
        negative = pc.fill_null(pc.less(column, 0), False)
        if pc.any(negative).as_py():
            row = pc.index(negative, True).as_py() + 1
            raise PackageError(path, member, col_name, _(
                "row {row} is a negative count").format(row=row))


def _type_text(field: pa.Field) -> str:
    """A column's type as text, with ``not null`` when it may not be empty."""
    return str(field.type) + ("" if field.nullable else " not null")


def _conform(path: Path, name: str, table: pa.Table) -> pa.Table:
    """Cast ``table`` to ``SCHEMAS[name]`` where that loses nothing; refuse anything else."""
    member = name + ".parquet"
    schema = SCHEMAS[name]
    extra = [n for n in table.column_names if n not in schema.names]
    if extra:
        raise PackageError(path, member, extra[0], _("the format has no such column"))
    for want in schema:
        if want.name not in table.column_names:
            raise PackageError(path, member, want.name, _("the column is missing"))
    columns = []
    for want in schema:
        column = table.column(want.name)
        if column.type != want.type:
            try:
                column = column.cast(want.type, safe=True)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise PackageError(path, member, want.name, _(
                    "cannot be stored as {want}: {reason}").format(
                        want=want.type, reason=str(exc).splitlines()[0])) from None
        columns.append(column)
    for f, c in zip(schema, columns, strict=True):
        if not f.nullable and c.null_count:
            raise PackageError(path, member, f.name, _("a value is empty"))
    conformed = pa.Table.from_arrays(columns, schema=schema)
    _check_table(path, name, conformed)
    return conformed


def _parquet_bytes(table: pa.Table) -> bytes:
    """The Parquet file of ``table`` as bytes, uncompressed: its bytes show what it holds."""
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="none", dictionary_pagesize_limit=1 << 26)
    return buf.getvalue()


def _as_date(path: Path, field: str, value: object) -> date | None:
    """A manifest date (``None``, a ``date`` or ISO text) as a ``date``."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PackageError(path, MANIFEST, field, _("not a date (YYYY-MM-DD): {value!r}").format(
        value=value))


def _as_time(path: Path, value: object) -> datetime:
    """The manifest's ``created_at`` (a ``datetime`` or ISO text with a zone) in UTC."""
    when: datetime | None = None
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            when = None
    if when is None or when.tzinfo is None:
        raise PackageError(path, MANIFEST, "created_at", _(
            "not a date and time with its time zone: {value!r}").format(value=value))
    return when.astimezone(UTC)


def _text(path: Path, fields: Mapping[str, object], name: str, *, optional: bool = False
          ) -> str | None:
    """A text field of the manifest; refuses a missing or empty one unless ``optional``."""
    value = fields.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        raise PackageError(path, MANIFEST, name, _("missing or not text"))
    return value


def _identifier(path: Path, fields: Mapping[str, object], name: str, *,
                optional: bool = False) -> str | None:
    """A text field of the manifest that is an identifier (:data:`IDENTIFIER`)."""
    value = _text(path, fields, name, optional=optional)
    if value is not None and not IDENTIFIER.fullmatch(value):
        raise PackageError(path, MANIFEST, name, _(
            "not an identifier (letters, digits and . _ : - only, at most 128): {value!r}"
        ).format(value=value[:40]))
    return value


def _manifest(path: Path, fields: Mapping[str, object], tables: dict[str, TableEntry],
              version: int = FORMAT_VERSION) -> Manifest:
    """Build a :class:`Manifest` from its fields, refusing any that has the wrong type."""
    notes = fields.get("notes_included", False)
    if not isinstance(notes, bool):
        raise PackageError(path, MANIFEST, "notes_included", _("must be true or false"))
    period_from = _as_date(path, "period_from", fields.get("period_from"))
    period_to = _as_date(path, "period_to", fields.get("period_to"))
    if period_from and period_to and period_from > period_to:
        raise PackageError(path, MANIFEST, "period_to", _("the period ends before it starts"))
    return Manifest(
        package_id=str(_identifier(path, fields, "package_id")),
        workspace_id=str(_identifier(path, fields, "workspace_id")),
        framework_version=str(_text(path, fields, "framework_version")),
        created_at=_as_time(path, fields.get("created_at")),
        period_from=period_from,
        period_to=period_to,
        key_id=str(_identifier(path, fields, "key_id")),
        province_code=_identifier(path, fields, "province_code", optional=True),
        notes_included=notes,
        tables=tables,
        format_version=version,
    )


def write_package(path: Path, manifest_fields: dict[str, object],
                  tables: dict[str, pa.Table]) -> Manifest:
    """Write the package at ``path`` and return its manifest; never leaves a half-written file.

    ``tables`` holds the tables of :data:`SCHEMAS` (cast to them where lossless); a table added
    by format 2 (``classes``) may be left out and is then written empty (a writer made for
    format 1 still writes a valid package). ``package_id`` and ``created_at`` are made when
    ``manifest_fields`` does not give them.
    """
    path = Path(path)
    optional = ADDED_TABLES[1]
    tables = {**{n: empty_table(n) for n in optional if n not in tables}, **tables}
    missing = [n for n in SCHEMAS if n not in tables]
    unknown = [n for n in tables if n not in SCHEMAS]
    if missing or unknown:
        member = (missing or unknown)[0]
        raise PackageError(path, member + ".parquet", "tables", _(
            "the format has exactly the tables {names}").format(names=", ".join(SCHEMAS)))
    fields = dict(manifest_fields)
    fields.setdefault("package_id", uuid.uuid4().hex)
    fields.setdefault("created_at", datetime.now(UTC))
    members: dict[str, bytes] = {}
    entries: dict[str, TableEntry] = {}
    for name in SCHEMAS:
        table = _conform(path, name, tables[name])
        data = _parquet_bytes(table)
        file = name + ".parquet"
        members[file] = data
        entries[name] = TableEntry(file=file, rows=table.num_rows,
                                   sha256=hashlib.sha256(data).hexdigest())
    manifest = _manifest(path, fields, entries)
    manifest_bytes = json.dumps(manifest.to_json(), indent=2, sort_keys=True).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as zf:
                zf.writestr(zipfile.ZipInfo(MANIFEST, date_time=_ZIP_TIME), manifest_bytes)
                for file, data in members.items():
                    zf.writestr(zipfile.ZipInfo(file, date_time=_ZIP_TIME), data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest


def _read_member(path: Path, zf: zipfile.ZipFile, member: str, field: str) -> bytes:
    """The bytes of one member; a damaged member (CRC) is refused naming it."""
    try:
        return zf.read(member)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(path, member, field, _("the member is damaged: {reason}").format(
            reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from None


def _manifest_tables(path: Path, raw: object, version: int = FORMAT_VERSION
                     ) -> dict[str, TableEntry]:
    """The ``tables`` object of a manifest read from JSON: exactly the tables of ``version``."""
    if not isinstance(raw, dict):
        raise PackageError(path, MANIFEST, "tables", _("missing or not an object"))
    names = tables_of(version)
    for name in raw:
        if name not in names:
            raise PackageError(path, MANIFEST, "tables." + str(name),
                               _("the format has no such table"))
    entries: dict[str, TableEntry] = {}
    for name in names:
        entry = raw.get(name)
        if not isinstance(entry, dict):
            raise PackageError(path, MANIFEST, "tables." + name, _("the table is not listed"))
        file, rows, sha = entry.get("file"), entry.get("rows"), entry.get("sha256")
        if not isinstance(file, str) or not file or file == MANIFEST:
            raise PackageError(path, MANIFEST, f"tables.{name}.file",
                               _("missing or not text"))
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
            raise PackageError(path, MANIFEST, f"tables.{name}.rows",
                               _("must be a whole number, 0 or more"))
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise PackageError(path, MANIFEST, f"tables.{name}.sha256",
                               _("must be 64 lowercase hex digits"))
        entries[name] = TableEntry(file=file, rows=rows, sha256=sha)
    return entries


def read_package(path: Path) -> Package:
    """Read and verify the package at ``path``.

    Anything not exactly as the manifest and the format say raises :class:`PackageError`.
    """
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise PackageError(path, WHOLE_FILE, "file", _("cannot be read: {reason}").format(
            reason=exc.strerror or type(exc).__name__)) from None
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, EOFError):
        raise PackageError(path, WHOLE_FILE, "zip", _(
            "not a complete package (zip) file; it may be cut short")) from None
    with zf:
        names = zf.namelist()
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise PackageError(path, dup, "member", _("the member appears twice"))
        if MANIFEST not in names:
            raise PackageError(path, MANIFEST, "member", _("the manifest is missing"))
        try:
            raw = json.loads(_read_member(path, zf, MANIFEST, "json").decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise PackageError(path, MANIFEST, "json", _("not valid JSON")) from None
        if not isinstance(raw, dict):
            raise PackageError(path, MANIFEST, "json", _("not a JSON object"))
        if raw.get("format") != FORMAT:
            raise PackageError(path, MANIFEST, "format", _(
                "not a coordinator package: {value!r}").format(value=raw.get("format")))
        version = raw.get("format_version")
        readable = (FORMAT_VERSION, *ADDED_TABLES)
        if type(version) is not int or version not in readable:
            raise PackageError(path, MANIFEST, "format_version", _(
                "version {value!r} is not supported (this kit reads versions {versions})"
            ).format(value=version,
                     versions=", ".join(str(v) for v in sorted(readable))))
        entries = _manifest_tables(path, raw.get("tables"), version)
        manifest = _manifest(path, raw, entries, version)
        listed = {MANIFEST} | {e.file for e in entries.values()}
        for name in names:
            if name not in listed:
                raise PackageError(path, name, "member", _("the manifest does not list it"))
        tables: dict[str, pa.Table] = {}
        for name, entry in entries.items():
            if entry.file not in names:
                raise PackageError(path, entry.file, "member", _("the table is missing"))
            data = _read_member(path, zf, entry.file, "sha256")
            if hashlib.sha256(data).hexdigest() != entry.sha256:
                raise PackageError(path, entry.file, "sha256", _(
                    "the bytes do not match the manifest's checksum"))
            try:
                table = pq.ParquetFile(pa.BufferReader(data)).read(use_threads=False)
            except (pa.ArrowException, OSError) as exc:
                raise PackageError(path, entry.file, "parquet", _(
                    "not a readable Parquet table: {reason}").format(
                        reason=str(exc).splitlines()[0])) from None
            if table.num_rows != entry.rows:
                raise PackageError(path, entry.file, "rows", _(
                    "{got} rows, the manifest says {want}").format(
                        got=table.num_rows, want=entry.rows))
            _check_table(path, name, table)
            tables[name] = table.replace_schema_metadata(None)
    for name in ADDED_TABLES.get(version, ()):  # an older format: the tables added since, empty
        tables[name] = empty_table(name)
    tables = {name: tables[name] for name in SCHEMAS}
    return Package(manifest=manifest, content_sha256=hashlib.sha256(content).hexdigest(),
                   tables=tables)
