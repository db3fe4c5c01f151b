"""The surat kesepakatan (MoU) and the berita acara of the election, as PDF and DOCX.

The PDF is read back with ``pdftotext`` (poppler-utils, installed by ``make system-deps``), the
DOCX with python-docx; both must print exactly the texts of the one document model.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx as python_docx
import pytest
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from kit.community.documents import (
    Agreement,
    BoardSeat,
    Document,
    ElectionMinutes,
    Member,
    Official,
    RoleElection,
    Tally,
    block_lines,
    document_lines,
    minutes_document,
    mou_document,
    write_docx,
    write_pdf,
)
from kit.problems import InputError

VILLAGES = ("Karangmalang", "Sine", "Plumbungan", "Nglorog")
NAMES = ("Siti Aminah", "Nur'aini Rahmawati", "Bambang Sutejo", "Dédé Kurniasih",
         "Ni Luh Putu Ayu", "Agus Salim", "Maria Goreti Lestari", "Yohanes Ma'ruf",
         "Sri Wahyuningsih", "Rudi Hartono", "Teguh Prasetyo", "Wulan Sari")
BOARD = {"ketua": "Nur'aini Rahmawati", "wakil_ketua": "Bambang Sutejo",
         "sekretaris": "Dédé Kurniasih", "bendahara": "Yohanes Ma'ruf"}
ROLE_LABELS_ID = {"ketua": "Ketua", "wakil_ketua": "Wakil Ketua", "sekretaris": "Sekretaris",
                  "bendahara": "Bendahara"}
ROLE_LABELS_EN = {"ketua": "Chair", "wakil_ketua": "Vice-chair", "sekretaris": "Secretary",
                  "bendahara": "Treasurer"}
DAY = date(2026, 12, 4)


def _members(count: int) -> tuple[Member, ...]:
    """``count`` members: the twelve example names, then numbered ones."""
    names = list(NAMES) + [f"Anggota Tambahan {n:02d}" for n in range(1, count - len(NAMES) + 1)]
    return tuple(Member(name, f"Desa {VILLAGES[n % 4]}") for n, name in enumerate(names[:count]))


def _agreement(count: int = 12) -> Agreement:
    """The example agreement: ``count`` members, a board of four, 3 + 2 programme items."""
    return Agreement(
        community="Komunitas e-UMKM Sukowati Maju", district="Kabupaten Sragen",
        office="Dinas Koperasi dan UMKM Kabupaten Sragen", place="Sragen", signed_on=DAY,
        purpose="Saling belajar memasarkan produk lewat internet dan mencatat keuangan usaha.",
        priority=("Pelatihan foto produk dengan ponsel", "Toko daring bersama di lokapasar",
                  "Pencatatan keuangan sederhana"),
        non_priority=("Kunjungan ke sentra batik Masaran", "Pameran produk tahunan"),
        board=tuple(BoardSeat(role, name) for role, name in BOARD.items()),
        members=_members(count),
        official=Official(title="Kepala Dinas Koperasi dan UMKM Kabupaten Sragen"))


def _minutes() -> ElectionMinutes:
    """Four roles: a ballot tied then decided by run-off, two by musyawarah, one plain ballot."""
    return ElectionMinutes(
        community="Komunitas e-UMKM Sukowati Maju", district="Kabupaten Sragen",
        place="Aula Kecamatan Sragen", held_on=DAY, facilitator="Hendra Gunawan",
        members_present=12,
        roles=(
            RoleElection("ketua", "ballot", ("Nur'aini Rahmawati", "Siti Aminah", "Agus Salim"),
                         "Nur'aini Rahmawati",
                         rounds=(Tally((("Nur'aini Rahmawati", 5), ("Siti Aminah", 5),
                                        ("Agus Salim", 1)), 11, 11),
                                 Tally((("Nur'aini Rahmawati", 7), ("Siti Aminah", 4)), 11, 11,
                                       runoff=True)),
                         tie_handling="runoff"),
            RoleElection("wakil_ketua", "consensus", ("Bambang Sutejo",), "Bambang Sutejo",
                         agreed_by=("Siti Aminah", "Agus Salim", "Wulan Sari")),
            RoleElection("sekretaris", "ballot", ("Dédé Kurniasih", "Rudi Hartono"),
                         "Dédé Kurniasih",
                         rounds=(Tally((("Dédé Kurniasih", 8), ("Rudi Hartono", 4)), 12, 12),)),
            RoleElection("bendahara", "consensus", ("Yohanes Ma'ruf", "Teguh Prasetyo"),
                         "Yohanes Ma'ruf")),
        witnesses=("Maria Goreti Lestari", ""))


def _squash(text: str) -> str:
    """``text`` without any whitespace (a PDF's line breaks and spacing are the layout's)."""
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> list[str]:
    """The PDF's pages as text in drawing order (``pdftotext -raw``), running lines removed."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install poppler-utils (make system-deps)")
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [page for page in out.split("\f") if page.strip()]


def _pdf_body(path: Path, document: Document) -> str:
    """All pages' text squashed, without the two running lines and the page-number footer."""
    running = {document.running_head, document.running_title}
    footer = re.compile(r"^(Halaman \d+ dari \d+|Page \d+ of \d+)$")
    kept = [line for page in _pdf_text(path) for line in page.splitlines()
            if line.strip() not in running and not footer.match(line.strip())]
    return _squash("\n".join(kept))


def _docx_lines(path: Path) -> list[str]:
    """The DOCX's texts in document order: paragraphs, then table cells row by row."""
    lines: list[str] = []
    for item in python_docx.Document(str(path)).iter_inner_content():
        if isinstance(item, DocxParagraph):
            lines.append(item.text)
        elif isinstance(item, DocxTable):
            for row in item.rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
    return [line for line in lines if line]


def _missing_in_order(body: str, texts: tuple[str, ...] | list[str]) -> list[str]:
    """The texts not found in ``body`` (squashed) in the given order."""
    position, missing = 0, []
    for text in texts:
        found = body.find(_squash(text), position)
        if found < 0:
            missing.append(text)
        else:
            position = found + len(_squash(text))
    return missing


def _both(document: Document, tmp_path: Path, stem: str) -> tuple[str, list[str]]:
    """Write ``document`` as PDF and DOCX; return the PDF body and the DOCX lines."""
    pdf = write_pdf(document, tmp_path / f"{stem}.pdf")
    docx_path = write_docx(document, tmp_path / f"{stem}.docx")
    return _pdf_body(pdf, document), _docx_lines(docx_path)


def test_mou_pdf_names_the_board_the_community_the_date_and_the_member_count(
        tmp_path: Path) -> None:
    """The MoU PDF shows each elected name after its role label, the community, date and count."""
    document = mou_document(_agreement(), "id")
    body = _pdf_body(write_pdf(document, tmp_path / "mou.pdf"), document)
    for role, name in BOARD.items():
        assert _squash(f"{ROLE_LABELS_ID[role]} {name}") in body, role
    assert _squash("Komunitas e-UMKM Sukowati Maju") in body
    assert _squash("Sragen, 4 Desember 2026") in body
    assert _squash("Jumlah anggota: 12 orang") in body
    assert _squash("Mengetahui,") in body
    assert _squash("Kepala Dinas Koperasi dan UMKM Kabupaten Sragen") in body
    assert not _missing_in_order(body, [f"{n}. {m.name}" for n, m in
                                        enumerate(_agreement().members, 1)])


def test_mou_docx_says_the_same_as_the_pdf(tmp_path: Path) -> None:
    """The DOCX holds the model's texts exactly, in order: the board, community, date, count."""
    document = mou_document(_agreement(), "id")
    lines = _docx_lines(write_docx(document, tmp_path / "mou.docx"))
    assert lines == list(document_lines(document))
    board = lines.index("Jabatan")
    for role, name in BOARD.items():
        at = lines.index(ROLE_LABELS_ID[role], board)
        assert lines[at + 1] == name, role
    text = "\n".join(lines)
    assert "Komunitas e-UMKM Sukowati Maju" in text
    assert "Sragen, 4 Desember 2026" in lines
    assert "Jumlah anggota: 12 orang" in lines


def test_pdf_and_docx_text_equal_block_by_block(tmp_path: Path) -> None:
    """Every block of both documents, in both languages, prints the same texts in both formats."""
    for lang in ("id", "en"):
        for stem, document in (("mou", mou_document(_agreement(), lang)),
                               ("minutes", minutes_document(_minutes(), lang))):
            body, docx_lines = _both(document, tmp_path, f"{stem}-{lang}")
            pdf_at, docx_at = 0, 0
            for number, block in enumerate(document.blocks):
                texts = [t for t in block_lines(block) if t]
                assert docx_lines[docx_at:docx_at + len(texts)] == texts, (stem, lang, number)
                docx_at += len(texts)
                for text in texts:
                    found = body.find(_squash(text), pdf_at)
                    assert found >= 0, (stem, lang, number, text)
                    pdf_at = found + len(_squash(text))
            assert docx_at == len(docx_lines)


def test_the_member_list_has_names_and_villages_only(tmp_path: Path) -> None:
    """Each member row is number, name and village; the MoU has the programme numbered 1…."""
    document = mou_document(_agreement(), "id")
    lines = _docx_lines(write_docx(document, tmp_path / "mou.docx"))
    start = lines.index("Desa/Kelurahan")
    assert lines[start + 1:start + 4] == ["1.", "Siti Aminah", "Desa Karangmalang"]
    for item in ("1. Pelatihan foto produk dengan ponsel", "3. Pencatatan keuangan sederhana",
                 "2. Pameran produk tahunan"):
        assert item in lines


def test_minutes_say_how_each_role_was_chosen_with_counts_and_the_tie(tmp_path: Path) -> None:
    """The berita acara: method per role, votes, count check, run-off, elected, signatures."""
    document = minutes_document(_minutes(), "id")
    body, lines = _both(document, tmp_path, "minutes")
    assert lines == list(document_lines(document))
    expected = [
        "BERITA ACARA PEMILIHAN PENGURUS", "Jumat, 4 Desember 2026", "Hendra Gunawan",
        "12 orang",
        "Ketua", "Pemungutan suara rahasia", "Putaran pertama", "Nur'aini Rahmawati", "5",
        "Siti Aminah", "5", "Agus Salim", "1", "Surat suara dihitung", "11", "Kode terpakai",
        "11", "Anggota hadir", "12",
        "Surat suara dihitung = kode terpakai ≤ anggota hadir", "Sesuai",
        "Putaran ulang antara calon dengan suara sama", "Nur'aini Rahmawati", "7",
        "Penanganan suara sama", "Putaran ulang antara calon dengan suara sama",
        "Terpilih", "Nur'aini Rahmawati",
        "Wakil Ketua", "Musyawarah mufakat", "Disetujui oleh",
        "Siti Aminah, Agus Salim, Wulan Sari", "Penanganan suara sama", "Tidak ada",
        "Terpilih", "Bambang Sutejo",
        "Sekretaris", "Pemungutan suara rahasia", "Dédé Kurniasih", "8",
        "Terpilih", "Dédé Kurniasih",
        "Bendahara", "Musyawarah mufakat", "Terpilih", "Yohanes Ma'ruf",
        "Pengurus Terpilih", "Ketua", "Nur'aini Rahmawati", "Wakil Ketua", "Bambang Sutejo",
        "Sekretaris", "Dédé Kurniasih", "Bendahara", "Yohanes Ma'ruf",
        "Saksi 1", "Maria Goreti Lestari", "Saksi 2", "Fasilitator", "Hendra Gunawan"]
    assert not _missing_in_order(body, expected)
    assert not _missing_in_order("".join(_squash(t) for t in lines), expected)


def test_a_count_that_does_not_add_up_is_shown_as_such() -> None:
    """Ballots counted ≠ codes used (or above those present) prints "Tidak sesuai", not "Sesuai"."""
    bad = Tally((("Dédé Kurniasih", 8), ("Rudi Hartono", 5)), 13, 12)
    minutes = _minutes()
    roles = (*minutes.roles[:2],
             RoleElection("sekretaris", "ballot", ("Dédé Kurniasih", "Rudi Hartono"),
                          "Dédé Kurniasih", rounds=(bad,)), minutes.roles[3])
    lines = document_lines(minutes_document(
        ElectionMinutes(**{**minutes.__dict__, "roles": roles}), "id"))
    assert lines.count("Tidak sesuai") == 1
    assert lines.count("Sesuai") == 2  # the chair's two rounds


def test_english_versions_have_english_headings(tmp_path: Path) -> None:
    """With ``lang="en"`` headings, role labels and dates are English in both formats."""
    mou = mou_document(_agreement(), "en")
    body, lines = _both(mou, tmp_path, "mou-en")
    for text in ("MEMORANDUM OF UNDERSTANDING", "The board", "Members", "Work programme",
                 "Sragen, December 4, 2026", "Number of members: 12", "Acknowledged by,"):
        assert text in lines, text
        assert _squash(text) in body, text
    for role, name in BOARD.items():
        assert _squash(f"{ROLE_LABELS_EN[role]} {name}") in body
    minutes = minutes_document(_minutes(), "en")
    lines = list(document_lines(minutes))
    for text in ("MINUTES OF THE BOARD ELECTION", "Secret ballot", "Consensus (musyawarah)",
                 "Run-off between the tied candidates", "Elected", "Witness 1", "Facilitator"):
        assert text in lines, text
    assert "Ketua" not in lines and "Terpilih" not in lines


def test_sixty_members_span_pages_with_the_head_repeated_and_everyone_listed(
        tmp_path: Path) -> None:
    """A 60-member list wraps onto more pages, repeats its head and still lists all 60."""
    agreement = _agreement(60)
    members = list(agreement.members)
    members[29] = Member("Raden Ajeng Siti Hartinah Kusumawardhani Prameswari Ningrat Sastro'",
                         "Kelurahan Sragen Wetan, Kecamatan Sragen")  # wraps in its cells
    agreement = Agreement(**{**agreement.__dict__, "members": tuple(members)})
    document = mou_document(agreement, "id")
    pdf = write_pdf(document, tmp_path / "mou60.pdf")
    pages = _pdf_text(pdf)
    assert len(pages) >= 3
    with_head = [p for p in pages if "Desa/Kelurahan" in p]
    assert len(with_head) >= 2
    body = _pdf_body(pdf, document)
    assert not _missing_in_order(body, [f"{n}. {m.name} {m.village}" for n, m in
                                        enumerate(agreement.members, 1)])
    lines = _docx_lines(write_docx(document, tmp_path / "mou60.docx"))
    assert all(m.name in lines for m in agreement.members)
    assert "Jumlah anggota: 60 orang" in lines
    table = next(t for t in python_docx.Document(str(tmp_path / "mou60.docx")).tables
                 if t.rows[0].cells[-1].text == "Desa/Kelurahan")
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # the head repeats on each page


def test_a_board_without_a_chair_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """A board missing a role is one clear InputError on ``board``; no file appears."""
    agreement = _agreement()
    no_chair = Agreement(**{**agreement.__dict__, "board": agreement.board[1:]})
    with pytest.raises(InputError) as refused:
        write_pdf(mou_document(no_chair, "id"), tmp_path / "mou.pdf")
    assert refused.value.field == "board"
    assert "Ketua" in refused.value.message
    assert list(tmp_path.iterdir()) == []


def test_one_person_in_two_roles_is_refused() -> None:
    """The same person elected to two roles is refused, naming the second role."""
    minutes = _minutes()
    twice = RoleElection("bendahara", "consensus", ("Bambang Sutejo",), "Bambang Sutejo")
    with pytest.raises(InputError) as refused:
        minutes_document(ElectionMinutes(**{**minutes.__dict__,
                                            "roles": (*minutes.roles[:3], twice)}), "en")
    assert refused.value.field == "roles[4].elected"
    assert "Bambang Sutejo" in refused.value.message


def test_an_elected_person_who_was_no_candidate_is_refused() -> None:
    """The elected name must be one of the role's candidates."""
    minutes = _minutes()
    odd = RoleElection("bendahara", "consensus", ("Teguh Prasetyo",), "Yohanes Ma'ruf")
    with pytest.raises(InputError) as refused:
        minutes_document(ElectionMinutes(**{**minutes.__dict__,
                                            "roles": (*minutes.roles[:3], odd)}), "id")
    assert refused.value.field == "roles[4].elected"


def test_the_closing_sentence_stays_on_the_page_of_the_signatures(tmp_path: Path) -> None:
    """The last paragraph shares its page with the signatures; the board's four sign together."""
    for stem, document in (("minutes", minutes_document(_minutes(), "id")),
                           ("mou", mou_document(_agreement(), "id")),
                           ("mou60", mou_document(_agreement(60), "id"))):
        pages = _pdf_text(write_pdf(document, tmp_path / f"{stem}.pdf"))
        closing = [p for p in pages if "Demikian" in p]
        assert len(closing) == 1, stem
        if stem == "minutes":
            assert "Saksi 1" in closing[0]
        else:
            signing = closing[0].split("Pihak Pertama,", 1)[1]
            assert all(name in signing for name in BOARD.values()), stem


def test_a_nameless_member_or_a_board_member_outside_the_list_is_refused() -> None:
    """A member row without a name, or a board member who is not a member, is refused."""
    agreement = _agreement()
    members = list(agreement.members)
    members[2] = Member(" ", "Desa Sine")
    with pytest.raises(InputError) as refused:
        mou_document(Agreement(**{**agreement.__dict__, "members": tuple(members)}), "id")
    assert refused.value.field == "members[3].name"
    outsider = (BoardSeat("ketua", "Joko Susilo"), *agreement.board[1:])
    with pytest.raises(InputError) as refused:
        mou_document(Agreement(**{**agreement.__dict__, "board": outsider}), "en")
    assert refused.value.field == "board"
    assert "Joko Susilo" in refused.value.message and "Chair" in refused.value.message


def test_a_tie_settled_by_musyawarah_says_so() -> None:
    """A ballot whose tie the candidates settled by consensus names that rule, not a run-off."""
    minutes = _minutes()
    settled = RoleElection("sekretaris", "ballot", ("Dédé Kurniasih", "Rudi Hartono"),
                           "Dédé Kurniasih",
                           rounds=(Tally((("Dédé Kurniasih", 6), ("Rudi Hartono", 6)), 12, 12),),
                           tie_handling="consensus")
    lines = document_lines(minutes_document(ElectionMinutes(**{
        **minutes.__dict__, "roles": (*minutes.roles[:2], settled, minutes.roles[3])}), "id"))
    at = lines.index("Sekretaris")
    section = lines[at:lines.index("Bendahara", at)]
    assert "Musyawarah antara calon dengan suara sama" in section
    assert "Putaran ulang antara calon dengan suara sama" not in section


def test_the_signature_line_names_the_town_not_the_hall() -> None:
    """Above the signatures: "Sragen, 4 Desember 2026", though the meeting was in a hall."""
    from dataclasses import replace

    in_hall = replace(_agreement(), place="Aula Dinas Koperasi dan UKM Kabupaten Sragen")
    lines = document_lines(mou_document(in_hall, "id"))
    assert "Sragen, 4 Desember 2026" in lines
    assert "Aula Dinas Koperasi dan UKM Kabupaten Sragen, 4 Desember 2026" not in lines
    minutes = document_lines(minutes_document(_minutes(), "id"))
    assert "Sragen, 4 Desember 2026" in minutes
    city = replace(_agreement(), district="Kota Pontianak", place="Balai Kota")
    assert "Pontianak, 4 Desember 2026" in document_lines(mou_document(city, "id"))
