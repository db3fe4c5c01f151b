"""Header spellings of roster files and the search for the header row.

Every header is compared through :func:`header_key` (lower case, punctuation and extra spaces
removed, spaces around ``/`` dropped), so ``No. HP/WA``, ``no hp / wa`` and ``NO HP/WA`` are the
same header. :data:`SYNONYMS` lists the spellings met in district-office rosters, Indonesian and
English; ``--map SRC=FIELD`` adds others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import attrs

from kit.tabular.cell_safety import strip_controls

# Fields a roster column can fill. ``age`` and ``age_group`` both end up in ``age_group``.
FIELDS = (
    "name", "business_name", "sector", "phone", "village", "subdistrict", "district", "gender",
    "age", "age_group", "participant_type", "consent",
)
REQUIRED = ("name", "district")
# ``--map SRC=ignore`` drops a column that would otherwise be recognised.
IGNORE = "ignore"

_SPELLINGS: dict[str, tuple[str, ...]] = {
    "name": (
        "Nama", "Nama Lengkap", "Nama Peserta", "Nama Pemilik", "Nama Pemilik Usaha",
        "Nama Pelaku Usaha", "Nama Pelaku UMKM", "Peserta", "Name", "Full name",
        "Participant", "Participant name", "Owner name",
    ),
    "business_name": (
        "Nama Usaha", "Nama UMKM", "Nama Toko", "Nama Merek", "Merek", "Nama Brand", "Usaha",
        "Business name", "Business", "Shop name", "Brand",
    ),
    "sector": (
        "Sektor", "Sektor Usaha", "Bidang Usaha", "Jenis Usaha", "Kategori Usaha",
        "Jenis Produk", "Sector", "Business sector", "Business type", "Line of business",
    ),
    "phone": (
        "No. HP/WA", "No HP/WA", "No. HP", "No HP", "Nomor HP", "No. WA", "No WA", "Nomor WA",
        "WhatsApp", "No. WhatsApp", "Nomor WhatsApp", "WA", "HP", "Handphone", "No. Telp",
        "No Telp", "Telp", "Telepon", "No. Telepon", "Nomor Telepon", "Kontak", "HP/WA",
        "Phone", "Phone number", "Mobile", "Mobile number", "WhatsApp number", "Telephone",
    ),
    "village": (
        "Desa/Kelurahan", "Desa/Kel", "Kelurahan/Desa", "Desa", "Kelurahan", "Kel/Desa",
        "Village", "Urban village",
    ),
    "subdistrict": (
        "Kecamatan", "Kec", "Kec.", "Sub-district", "Subdistrict", "Sub district",
    ),
    "district": (
        "Kabupaten/Kota", "Kab/Kota", "Kota/Kabupaten", "Kabupaten", "Kota", "Kab",
        "District", "Regency", "City", "Regency/City",
    ),
    "gender": (
        "Jenis Kelamin", "JK", "L/P", "Kelamin", "Gender", "Sex",
    ),
    "age": (
        "Usia", "Umur", "Usia (tahun)", "Umur (tahun)", "Age", "Age (years)",
    ),
    "age_group": (
        "Kelompok Usia", "Kelompok Umur", "Rentang Usia", "Rentang Umur", "Age group",
        "Age range",
    ),
    # 3.1.3: UMKM, LSM/praktisi, pemerintah, pengurus komunitas (kit.records.participant_types).
    "participant_type": (
        "Jenis Peserta", "Kategori Peserta", "Tipe Peserta", "Unsur", "Unsur Peserta",
        "Asal Peserta", "Participant type", "Type of participant",
    ),
    # Consent to the use of the data (UU PDP No. 27/2022): ya/tidak, blank when not asked.
    "consent": (
        "Persetujuan", "Persetujuan Data", "Setuju Data", "Setuju", "Bersedia",
        "Persetujuan Penggunaan Data", "Consent", "Data consent",
    ),
}
# Columns that are expected in rosters but carry nothing to import (no "ignored" warning).
_KNOWN_UNUSED = ("No", "No.", "Nomor", "No Urut", "ID", "ID Peserta", "Participant id",
                 "Sessions", "Number of sessions", "Jumlah Sesi")

_SEPARATORS = re.compile(r"[^\w/]+")


def header_key(text: object) -> str:
    """The comparison key of a header cell (``"No. HP / WA "`` -> ``"no hp/wa"``).

    Control and invisible characters are dropped first (``"Na\u200bma"`` is ``"nama"``).
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", strip_controls(str(text))).casefold().replace("_", " ")
    spaced = _SEPARATORS.sub(" ", folded).strip()
    return re.sub(r"\s*/\s*", "/", spaced)


def header_display(text: object) -> str:
    """A header as written in the file: controls dropped, line breaks and spaces collapsed."""
    return " ".join(strip_controls(str(text)).split()) if text is not None else ""


SYNONYMS: dict[str, str] = {
    header_key(spelling): field for field, spellings in _SPELLINGS.items()
    for spelling in spellings
}
KNOWN_UNUSED = frozenset(header_key(s) for s in _KNOWN_UNUSED)


def example_headers(field: str) -> str:
    """A few spellings of ``field`` for messages (``Nama, Nama Lengkap, Name``)."""
    spellings = _SPELLINGS[field]
    english = [s for s in spellings if s[0].isupper() and s.isascii()]
    return ", ".join(dict.fromkeys([*spellings[:3], *english[-2:]]))


@attrs.frozen
class HeaderMatch:
    """The header row found in a sheet and what each of its columns holds.

    ``columns`` maps a 0-based column index to its field; ``titles`` holds the header text of
    every column as written (for messages); ``ignored`` lists headers nobody recognised.
    """

    index: int
    columns: dict[int, str]
    titles: dict[int, str]
    ignored: tuple[str, ...]

    def columns_of(self, field: str) -> list[int]:
        """Column indexes that fill ``field``, left to right."""
        return sorted(i for i, f in self.columns.items() if f == field)


def _field_of(cell: object, mapping: Mapping[str, str]) -> str | None:
    key = header_key(cell)
    if not key:
        return None
    if key in mapping:
        return mapping[key]
    return SYNONYMS.get(key)


def match_header(cells: Sequence[object], index: int,
                 mapping: Mapping[str, str]) -> HeaderMatch:
    """Map the cells of a candidate header row (``mapping``: header key -> field or ignore)."""
    columns: dict[int, str] = {}
    titles: dict[int, str] = {}
    ignored: list[str] = []
    for col, cell in enumerate(cells):
        title = header_display(cell)
        titles[col] = title
        field = _field_of(cell, mapping)
        if field is None:
            if title and header_key(cell) not in KNOWN_UNUSED:
                ignored.append(title)
        elif field != IGNORE:
            columns[col] = field
    return HeaderMatch(index=index, columns=columns, titles=titles, ignored=tuple(ignored))


def find_header(rows: Sequence[Sequence[object]], mapping: Mapping[str, str],
                scan: int = 30) -> HeaderMatch | None:
    """The header among the first ``scan`` rows: the first with the most recognised fields.

    Title rows above the header (``DAFTAR PESERTA BIMTEK…``, a date, a blank row) are skipped.
    A row needs at least two distinct recognised fields to count as a header.
    """
    best: HeaderMatch | None = None
    best_score = 1
    for index, cells in enumerate(rows[:scan]):
        match = match_header(cells, index, mapping)
        score = len(set(match.columns.values()))
        if score > best_score:
            best, best_score = match, score
    return best


# ``--map`` accepts the field names in English (as stored) or in Bahasa Indonesia.
FIELD_ALIASES: dict[str, str] = {
    **{f: f for f in (*FIELDS, IGNORE)},
    "nama": "name", "nama_usaha": "business_name", "usaha": "business_name",
    "sektor": "sector", "hp": "phone", "telepon": "phone", "wa": "phone", "whatsapp": "phone",
    "desa": "village", "kelurahan": "village", "kecamatan": "subdistrict",
    "kabupaten": "district", "kota": "district", "jenis_kelamin": "gender", "usia": "age",
    "umur": "age", "kelompok_usia": "age_group", "jenis_peserta": "participant_type",
    "type": "participant_type", "persetujuan": "consent", "setuju": "consent",
    "abaikan": IGNORE,
}


def parse_mappings(specs: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Parse ``--map SRC=FIELD`` options into header key -> field; also return error messages."""
    from kit.i18n import _

    mapping: dict[str, str] = {}
    errors: list[str] = []
    for spec in specs:
        source, sep, target = spec.rpartition("=")
        field = FIELD_ALIASES.get(target.strip().casefold().replace("-", "_").replace(" ", "_"))
        if not sep or not header_key(source):
            errors.append(_("--map {spec!r}: write it as COLUMN=FIELD, e.g. "
                            "--map \"Nama Pemilik=name\"").format(spec=spec))
        elif field is None:
            errors.append(_("--map {spec!r}: unknown field {field!r}; use one of {fields}")
                          .format(spec=spec, field=target,
                                  fields=", ".join((*FIELDS, IGNORE))))
        else:
            mapping[header_key(source)] = field
    return mapping, errors
