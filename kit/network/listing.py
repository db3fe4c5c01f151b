"""Members' listings for the business network: who they are, what they sell, what they need.

A listing file is a CSV (UTF-8, comma or semicolon separated) with one row per member. Headers
are Indonesian, English accepted, compared without case or punctuation:

* ``nama`` / ``name`` (required): the person;
* ``nama usaha`` / ``business`` (optional): the shop or brand;
* ``komunitas`` / ``community`` (required);
* ``kabupaten/kota`` / ``district`` (required): read through :mod:`kit.places`, stored as the
  official name ("Kab. Sragen" becomes "Kabupaten Sragen");
* ``desa/kelurahan`` / ``village`` (optional);
* ``menjual`` / ``sells`` (required column): products or services offered;
* ``membutuhkan`` / ``needs`` (required column): raw materials or services needed;
* ``kode`` / ``id`` (optional): the member's code; without it the row number is the code.

Items in ``menjual`` and ``membutuhkan`` are separated by ``;`` (a ``,`` inside a quoted cell
works too); ``-`` or blank means nothing. A row must list at least one item. The first bad cell
raises :class:`ListingError` whose :class:`~kit.problems.Problem` names the file, row and
column as written; nothing is returned half-read.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import attrs

from kit.i18n import _
from kit.places import district_candidates, place_key
from kit.problems import Problem
from kit.tabular.cell_safety import strip_controls

MAX_BYTES = 2 * 2**20  # a listing of a district's communities is a few kilobytes
MAX_MEMBERS = 2_000
FIELDS = ("id", "name", "business", "community", "district", "village", "sells", "needs")
REQUIRED = ("name", "community", "district", "sells", "needs")
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "id": ("kode", "kode anggota", "id"),
    "name": ("nama", "nama anggota", "nama pemilik", "name", "member"),
    "business": ("nama usaha", "usaha", "nama toko", "business", "business name", "shop"),
    "community": ("komunitas", "nama komunitas", "community"),
    "district": ("kabupaten/kota", "kab/kota", "kabupaten", "kota", "district", "regency/city"),
    "village": ("desa/kelurahan", "desa", "kelurahan", "village"),
    "sells": ("menjual", "dijual", "produk", "jual", "sells", "offers", "products"),
    "needs": ("membutuhkan", "kebutuhan", "butuh", "bahan baku", "needs", "wants"),
}
# Shown when a required column is missing: the Indonesian header, then the English one.
_SHOWN = {"name": "nama / name", "community": "komunitas / community",
          "district": "kabupaten/kota / district", "sells": "menjual / sells",
          "needs": "membutuhkan / needs"}
_IGNORED = frozenset({"no", "nomor", "no urut"})
_BLANK = frozenset({"", "-", "–", "—"})
_ITEM_SEPARATORS = re.compile(r"[;,\n]")


def header_key(text: str) -> str:
    """A header's comparison form: case, punctuation and spacing ignored (``"Kab / Kota"``)."""
    folded = unicodedata.normalize("NFKC", strip_controls(text)).casefold().replace("_", " ")
    spaced = re.sub(r"[^\w/]+", " ", folded).strip()
    return re.sub(r"\s*/\s*", "/", spaced)


_HEADERS = {header_key(s): field for field, spellings in _SPELLINGS.items() for s in spellings}


class ListingError(ValueError):
    """The listing file cannot be used; ``problem`` says where and why (one line)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@attrs.frozen
class Listing:
    """One member's row: who, where, what they sell and what they need (items as written).

    ``district`` is the official name and ``district_code`` its Kemendagri code; ``line`` is
    the row of the file (for messages).
    """

    id: str
    name: str
    business: str
    community: str
    district: str
    district_code: str
    village: str
    sells: tuple[str, ...]
    needs: tuple[str, ...]
    line: int

    @property
    def label(self) -> str:
        """How the member is named to people: ``Tani Makmur (Bambang Susilo)`` or the name."""
        return f"{self.business} ({self.name})" if self.business else self.name

    def as_dict(self) -> dict[str, object]:
        """The listing as JSON-ready data (keys in English, values as written)."""
        return {"id": self.id, "name": self.name, "business": self.business,
                "community": self.community, "district": self.district,
                "district_code": self.district_code, "village": self.village,
                "sells": list(self.sells), "needs": list(self.needs)}


def split_items(cell: str) -> tuple[str, ...]:
    """The items of a ``menjual``/``membutuhkan`` cell (``"a; b"`` -> ``("a", "b")``)."""
    items = (" ".join(part.split()) for part in _ITEM_SEPARATORS.split(cell))
    return tuple(dict.fromkeys(i for i in items if i not in _BLANK))


def _clean(cell: str) -> str:
    return " ".join(strip_controls(cell).split())


def _decode(label: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ListingError(Problem(label, line, None, _(
            "the file is not UTF-8; save it as \"CSV UTF-8\" and try again"))) from None


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        if not path.is_file():
            raise ListingError(Problem(label, None, None, _(
                "not a file; give the path of a CSV listing file")))
        if path.stat().st_size > MAX_BYTES:
            raise ListingError(Problem(label, None, None, _(
                "the file is larger than {max} MB; a listing is far smaller (is it the right "
                "file?)").format(max=MAX_BYTES // 2**20)))
        return path.read_bytes()
    except OSError as exc:
        raise ListingError(Problem(label, None, None, _(
            "cannot read the file ({error})").format(error=exc.strerror or exc))) from None


def _rows(label: str, text: str) -> list[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
            if len(rows) > MAX_MEMBERS + 1:
                raise ListingError(Problem(label, None, None, _(
                    "more than {max} members; split the listing by district").format(
                        max=MAX_MEMBERS)))
    except csv.Error:
        raise ListingError(Problem(label, start, None, _(
            "this row cannot be read as CSV; check its quotes (\")"))) from None
    return rows


def _columns(label: str, line: int, heads: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, head in enumerate(heads):
        key = header_key(head)
        if not key or key in _IGNORED:
            continue
        field = _HEADERS.get(key)
        if field is None:
            raise ListingError(Problem(label, line, _clean(head), _(
                "unknown column; the columns are nama, nama usaha, komunitas, kabupaten/kota, "
                "desa/kelurahan, menjual, membutuhkan and kode")))
        if field in columns:
            raise ListingError(Problem(label, line, _clean(head), _(
                "this column says the same as column {n}; keep one of them").format(
                    n=columns[field] + 1)))
        columns[field] = index
    for field in REQUIRED:
        if field not in columns:
            raise ListingError(Problem(label, line, _SHOWN[field], _(
                "this column is missing from the header")))
    return columns


def _district(label: str, line: int, column: str, text: str) -> tuple[str, str]:
    found = district_candidates(text)
    if len(found) == 1:
        return found[0].name, found[0].code
    if not text:
        message = _("empty; write the member's kabupaten/kota")
    elif found:
        message = _("{value!r} could be {choices}; write the full name").format(
            value=text, choices=_(" or ").join(d.name for d in found))
    else:
        message = _("{value!r} is not a kabupaten/kota; write its full name, for example "
                    "Kabupaten Sragen").format(value=text)
    raise ListingError(Problem(label, line, column, message))


def parse_listing(label: str, text: str) -> tuple[Listing, ...]:
    """The members of a listing file's text; :class:`ListingError` at the first bad cell."""
    rows = [(n, cells) for n, cells in _rows(label, text) if any(c.strip() for c in cells)]
    if not rows:
        raise ListingError(Problem(label, None, None, _("the file is empty")))
    header_line, heads = rows[0]
    columns = _columns(label, header_line, heads)
    titles = {field: _clean(heads[i]) for field, i in columns.items()}
    members: list[Listing] = []
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, str], int] = {}
    for line, cells in rows[1:]:
        extra = [c for c in cells[len(heads):] if c.strip()]
        if extra:
            raise ListingError(Problem(label, line, None, _(
                "this row has {n} cells but the header has {m} columns; put quotes around a "
                "cell that holds a comma, or separate items with ;").format(
                    n=len(cells), m=len(heads))))

        def cell(field: str, cells: list[str] = cells) -> str:
            index = columns.get(field)
            return _clean(cells[index]) if index is not None and index < len(cells) else ""

        for field in ("name", "community"):
            if not cell(field):
                raise ListingError(Problem(label, line, titles[field], _(
                    "empty; every member needs a name and a community")))
        district, code = _district(label, line, titles["district"], cell("district"))
        sells, needs = split_items(cell("sells")), split_items(cell("needs"))
        if not sells and not needs:
            raise ListingError(Problem(label, line, titles["sells"], _(
                "empty: write what the member sells, or what they need in {column}").format(
                    column=titles["needs"])))
        member_id = cell("id") or str(line)
        if member_id in seen_ids:
            raise ListingError(Problem(label, line, titles.get("id", "id"), _(
                "the code {value!r} is already used on row {row}").format(
                    value=member_id, row=seen_ids[member_id])))
        person = (place_key(cell("name")), place_key(cell("community")))
        if person in seen_people:
            raise ListingError(Problem(label, line, titles["name"], _(
                "this member of the same community is already listed on row {row}; put "
                "everything they sell and need on one row").format(row=seen_people[person])))
        seen_ids[member_id] = line
        seen_people[person] = line
        members.append(Listing(
            id=member_id, name=cell("name"), business=cell("business"),
            community=cell("community"), district=district, district_code=code,
            village=cell("village"), sells=sells, needs=needs, line=line))
    if not members:
        raise ListingError(Problem(label, None, None, _("the file lists no member")))
    return tuple(members)


def read_listing(path: Path) -> tuple[Listing, ...]:
    """Read the listing file at ``path`` (see the module's description for its columns)."""
    label = path.name
    return parse_listing(label, _decode(label, _read_bytes(path, label)))
