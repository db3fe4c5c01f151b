"""The session report on a real SQLite workspace: gathered once, printed as PDF, XLSX and HTML."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
import pytest

from kit.framework import framework
from kit.modules.quiz import question_bank
from kit.records import session_service
from kit.records.scores import ScoreEntry, record_score
from kit.reports.session_report import document, files, handout, pdf, sheet, xlsx
from kit.reports.session_report.gather import ReportInputError, gather
from kit.tabular.cell_safety import DANGEROUS_PREFIXES
from kit.ui import Markup, render, style_html
from kit.workspace import Workspace, writing
from tests.reports.conftest import EVIL, SHOWN_PHONE, Finished, build_finished

SECTIONS_ID = ("Keterangan kegiatan", "Panitia dan narasumber", "Susunan acara",
               "Kehadiran", "Capaian per materi dan butir", "Perpindahan tahap",
               "Peserta yang perlu tindak lanjut", "Pertanyaan dari peserta", "Pertanyaan acak",
               "Survei evaluasi kegiatan", "Catatan fasilitator", "Mengetahui,")
SECTIONS_EN = ("Session facts", "Committee and speakers", "Rundown: planned and as run",
               "Attendance", "Achievement per materi and item", "Stage movement",
               "Who needs follow-up", "Questions raised by participants", "Random questions",
               "Reaction survey", "Facilitator's notes", "Acknowledged by,")


def _numbered(headings: tuple[str, ...]) -> list[str]:
    """The section headings as printed ("1. …"), then the signature block's first words."""
    return [f"{n}. {h}" for n, h in enumerate(headings[:-1], 1)] + [headings[-1]]


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text by pdftotext (layout kept)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True)
    return done.stdout


def _flat(text: str) -> str:
    """Text with its runs of spaces and line breaks collapsed (wrapped cells join again)."""
    return " ".join(text.split())


def test_gather_reads_every_part_of_the_session(finished: Finished) -> None:
    """Facts, people, rundown, attendance, levels, stages, follow-up, questions, draws, survey."""
    r = gather(finished.ws, finished.session_id)
    assert r.facts.facilitators == ("Agus Prasetyo", "Wulan Sari")
    assert [m.name for m in r.facts.committee] == ["Yohanes Pardede", "Nur Aini"]
    assert r.facts.head_of_office == "Dr. Hj. Sri Wahyuni, M.Si."
    assert len(r.rundown) == len(framework().activity("advokasi").rundown)
    assert r.rundown[0].actual_minutes == 14 and r.rundown[6].started_at is None
    a = r.attendance
    assert a.target == 30 and len(a.present) == 3
    assert dict(a.by_type) == {"umkm": 2, "government": 1}
    assert dict(a.by_gender) == {"P": 2, "L": 1}
    assert dict(a.by_district) == {"Kabupaten Sragen": 3}
    assert [x.name for x in a.eligible_absent] == ["Bambang Absen"]
    first = r.achievement[0].items[0]
    assert dict(first.by_level) == {2: 1, 1: 0, 0: 1} and first.not_assessed == 1
    assert first.achieved == 1 and first.present == 3
    assert r.stages.moved == (("Siti Nurhaliza", "Belum mulai", "Persiapan (Preparatory)"),)
    assert r.stages.counted == 2
    assert [f.name for f in r.follow_up] == ["Dédé Kurniawan — Ñoño", "Ratna Dewi"]
    assert r.questions[0].text.startswith(EVIL) and not r.questions[0].answered
    assert r.draws[0].name == "Siti Nurhaliza" and r.draws[0].level == 2
    assert r.draws[0].question == "nawacita_arti"
    assert r.survey.respondents == 2 and r.survey.present == 3
    useful = next(q for q in r.survey.questions if q.question_id == "manfaat")
    assert useful.mean == 4.5 and dict(useful.distribution)[5] == 1
    assert all(x.phone is None for x in a.present) and a.eligible_absent[0].phone is None


def test_gather_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """The same session on PostgreSQL gives the same figures and a PDF."""
    own = build_finished(tmp_path / "ws", db_url=pg_url)
    r = gather(own.ws, own.session_id)
    assert dict(r.attendance.by_type) == {"umkm": 2, "government": 1}
    assert [x.name for x in r.attendance.eligible_absent] == ["Bambang Absen"]
    assert r.stages.moved == (("Siti Nurhaliza", "Belum mulai", "Persiapan (Preparatory)"),)
    assert r.rundown[0].actual_minutes == 14 and r.survey.respondents == 2
    assert pdf.render(document.build(r)).startswith(b"%PDF")


def test_random_questions_show_the_bank_prompt(finished: Finished) -> None:
    """With the activity's question bank a drawn question shows its prompt, not its id."""
    r = gather(finished.ws, finished.session_id, banks=question_bank)
    assert r.draws[0].question == question_bank("advokasi").get("nawacita_arti").prompt.get("id")


def test_phone_numbers_only_when_contacts_are_asked_for(finished: Finished) -> None:
    """Without ``include_contacts`` no phone is gathered; with it, in the 08… display form."""
    with_contacts = gather(finished.ws, finished.session_id, include_contacts=True)
    phones = {x.name: x.phone for x in with_contacts.attendance.present}
    assert phones["Siti Nurhaliza"] == SHOWN_PHONE
    assert with_contacts.attendance.eligible_absent[0].phone == "081311112222"


def test_unknown_and_empty_sessions_are_refused(finished: Finished) -> None:
    """An unknown id and a session nobody was checked in to are refused, naming the session."""
    with pytest.raises(ReportInputError) as unknown:
        gather(finished.ws, "tidak-ada")
    assert unknown.value.field == "session_id" and "tidak-ada" in unknown.value.message
    with pytest.raises(ReportInputError) as empty:
        gather(finished.ws, finished.empty_id)
    assert "belum punya peserta hadir" in empty.value.message


def test_pdf_has_every_section_names_intact_and_no_phone(finished: Finished,
                                                         tmp_path: Path) -> None:
    """The PDF's text holds each heading in order, "—" and diacritics, pages, and no phone."""
    data = pdf.render(document.build(gather(finished.ws, finished.session_id)))
    text = _pdf_text(data, tmp_path)
    flat = _flat(text)
    places = [flat.find(heading) for heading in _numbered(SECTIONS_ID)]
    assert -1 not in places and places == sorted(places), places
    assert "Dédé Kurniawan — Ñoño" in flat and "Dr. Hj. Sri Wahyuni, M.Si." in flat
    assert "Halaman 1 dari" in flat and "LAPORAN KEGIATAN" in flat
    assert SHOWN_PHONE not in flat and "6281234567890" not in flat
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2 and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)


def test_pdf_with_contacts_prints_phones(finished: Finished, tmp_path: Path) -> None:
    """``include_contacts`` puts the phone numbers in the PDF and says so in its head."""
    report = gather(finished.ws, finished.session_id, include_contacts=True)
    flat = _flat(_pdf_text(pdf.render(document.build(report)), tmp_path))
    assert SHOWN_PHONE in flat and "Memuat nomor HP" in flat


def test_english_report_has_english_headings(finished: Finished, tmp_path: Path) -> None:
    """``lang="en"`` gives the headings, the page numbers and the date in English."""
    report = gather(finished.ws, finished.session_id, lang="en")
    flat = _flat(_pdf_text(pdf.render(document.build(report)), tmp_path))
    places = [flat.find(heading) for heading in _numbered(SECTIONS_EN)]
    assert -1 not in places and places == sorted(places), places
    assert "Page 1 of" in flat and "December 3, 2026" in flat


def test_empty_sections_say_so(tmp_path: Path) -> None:
    """A session with one person checked in and nothing else keeps every heading, "no data"."""
    own = build_finished(tmp_path / "ws")
    session_service.checkin(own.ws, own.empty_id, "pbambang")
    doc = document.build(gather(own.ws, own.empty_id))
    empty = {s.key for s in doc.sections if s.empty}
    assert {"people", "rundown", "questions", "draws", "survey", "notes"} <= empty
    flat = _flat(_pdf_text(pdf.render(doc), tmp_path))
    assert flat.count("Belum ada data") >= 6


def test_xlsx_has_a_sheet_per_section_and_formulas_stay_text(finished: Finished) -> None:
    """Every section is a sheet; text starting with = + - @ is a quote-prefixed text cell."""
    data = xlsx.render(document.build(gather(finished.ws, finished.session_id)))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert len(wb.sheetnames) == 11 and wb.sheetnames[0].startswith("1. Keterangan")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    risky = [c for c in cells if isinstance(c.value, str)
             and c.value.lstrip().startswith(DANGEROUS_PREFIXES)]
    assert {c.value for c in risky} >= {'=HYPERLINK("http://x")', "=1+1"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    values = {c.value for c in cells}
    assert "Dédé Kurniawan — Ñoño" in values and SHOWN_PHONE not in values


def test_html_escapes_participant_text_and_embeds_charts(finished: Finished) -> None:
    """A question ``<script>`` stays text; charts are data: URIs; the page is standalone."""
    report = gather(finished.ws, finished.session_id)
    produced = files.report_file(report, "html", render, lambda n: Markup(style_html(n)))
    page = produced.data.decode("utf-8")
    assert produced.name == f"laporan-{finished.session_id}.html"
    assert EVIL not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("data:image/png;base64,") == 2 and "<style>" in page
    assert "Dédé Kurniawan — Ñoño" in page and SHOWN_PHONE not in page


def test_attendance_sheet_lists_who_is_expected(finished: Finished, tmp_path: Path) -> None:
    """The daftar hadir lists the present and eligible of the district, a signature column."""
    found = sheet.gather_sheet(finished.ws, finished.session_id)
    assert [r.name for r in found.rows] == ["Bambang Absen", "Dédé Kurniawan — Ñoño",
                                            "Ratna Dewi", "Siti Nurhaliza"]
    flat = _flat(_pdf_text(sheet.render(found), tmp_path))
    assert "DAFTAR HADIR" in flat and "Tanda tangan" in flat and "Orang Luar" not in flat
    assert "Karangmalang" in flat and SHOWN_PHONE not in flat
    assert [r.place for r in found.rows] == ["-", "-", "-", "Karangmalang"]


@pytest.mark.parametrize("activity_id", ["advokasi", "bimtek", "komunitas"])
def test_handout_is_one_page_from_the_framework(activity_id: str, tmp_path: Path) -> None:
    """Each activity's handout is one page naming its title and every materi."""
    activity = framework().activity(activity_id)
    data = handout.render(activity, "id")
    path = tmp_path / "handout.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    flat = _flat(_pdf_text(data, tmp_path))
    assert all(_flat(m.title.get("id")) in flat for m in activity.materi)


def test_save_writes_into_the_reports_folder(finished: Finished) -> None:
    """A produced file lands whole in ``reports/`` under its default name."""
    ws: Workspace = finished.ws
    produced = files.ReportFile("laporan-x.pdf", b"%PDF-1.4 test", files.MIME["pdf"])
    path = files.save(ws, produced)
    assert path == ws.root / "reports" / "laporan-x.pdf"
    assert path.read_bytes() == b"%PDF-1.4 test"
    assert not list(path.parent.glob(".*.tmp"))


def test_levels_of_an_earlier_session_count_before_even_if_entered_later(
        tmp_path: Path) -> None:
    """Advokasi levels typed in after the bimtek began still count as before it (session date)."""
    own = build_finished(tmp_path / "ws")
    fw = framework()
    early, _w = session_service.create(own.ws, "advokasi", "2026-12-01", "Sragen")
    session_service.checkin(own.ws, early.id, "pbambang")
    bimtek, _w = session_service.create(own.ws, "bimtek", "2026-12-10", "Sragen")
    session_service.checkin(own.ws, bimtek.id, "pbambang")
    with writing(own.ws) as conn:
        for item in fw.activity("advokasi").items:
            record_score(conn, fw, ScoreEntry("pbambang", item.id, 2, "observation",
                                              session_id=early.id))
    stages = gather(own.ws, bimtek.id).stages
    before = dict(zip([sid for sid, _t in stages.stages], stages.before, strict=True))
    assert before["preparatory"] == 1 and stages.moved == ()
