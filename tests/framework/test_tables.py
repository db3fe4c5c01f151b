"""The framework transcribes every row of Tables 3.3, 4.3 and 5.3 of the guide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.framework import framework

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_4574b216d70b9e31.txt"

# Sub-materi titles as printed in the tables (the kit's titles may tidy capitalisation only).
EXPECTED = {
    "advokasi": {
        "adv_program": ["Agenda Nasional Nawacita", "MP3EI",
                        "UMKM sebagai pendorong pertumbuhan perekonomian nasional dan menciptakan "
                        "lapangan kerja", "Masterplan broadband Nasional", "Desa Pinter dan PLIK",
                        "Transformasi UMKM menuju e-UMKM"],
        "adv_pentingnya": ["Definisi UMKM dan e-UMKM", "Perkembangan teknologi di dunia",
                           "Potensi Bisnis Online di Indonesia", "Profil Potensi pembeli online",
                           "Kemudahan dan manfaat berbisnis online", "Cara mudah berbisnis online",
                           "Tips sukses berbisnis online"],
        "adv_kisah_sukses": ["Motivasi berbisnis online", "Cara berbisnis online",
                             "Upaya yang dilakukan untuk meningkatkan penjualan",
                             "Tips sukses berbisnis online"],
        "adv_tanya_jawab": ["Pertanyaan dari peserta kepada narasumber atau tanggapan peserta "
                            "kepada peserta lain", "Pertanyaan dari narasumber kepada peserta"],
    },
    "bimtek": {
        "bim_email": ["Pendaftaran email", "Aktivasi Email",
                      "Menulis Email ke satu orang atau lebih",
                      "Membalas (merespon) email", "Mengirimkan attachment file melalui email",
                      "Mengirimkan email CC dan BCC"],
        "bim_blog": ["Pendaftaran sebagai akun pengguna", "Manajemen website",
                     "Melakukan postingan text", "Melakukan postingan gambar dan video",
                     "Mengikuti (follow) website pihak (orang) lain",
                     "Menghubungkan produk di toko online dengan website marketing"],
        "bim_toko": ["Mendaftarkan akun pengguna toko online", "Melakukan aktivasi toko online",
                     "Menginput data diri ke toko online",
                     "Pengaturan nomor rekening, metode pembayaran, dan cara pengiriman produk",
                     "Menginput produk ke dalam toko online",
                     "Pengaturan item terkait produk di toko online"],
    },
    "komunitas": {
        "kom_program_lanjutan": ["Macam-macam pembinaan lanjutan bagi e-UMKM",
                                 "Program pembinaan kemandirian",
                                 "Latar belakang pelibatan masyarakat dalam pembangunan termasuk "
                                 "proses pembinaan e-UMKM",
                                 "Program pengembangan berbasis masyarakat "
                                 "(community based program)",
                                 "Keikutsertaan masyarakat dalam program pembinaan",
                                 "Kriteria e-UMKM yang maju dan mandiri"],
        "kom_pentingnya": ["Latar belakang pentingnya komunitas e-UMKM",
                           "Definisi komunitas e-UMKM",
                           "Program komunitas e-UMKM",
                           "Pentingnya komunitas e-UMKM sebagai sarana penumbuhan kemandirian"],
        "kom_pembentukan": ["Pembentukan komunitas e-UMKM", "Pendataan calon pengurus e-UMKM",
                            "Perkenalan calon pengurus dan program yang akan diusung"],
        "kom_pemilihan": ["Penyaringan dan pemilihan pengurus", "Pelantikan pengurus terpilih"],
        "kom_pembekalan": ["Syarat komunitas yang baik dan efektif",
                           "Cara membuat komunitas tidak membosankan", "Peran pengurus dan anggota",
                           "Tugas pengurus dan anggota", "Contoh usulan program kerja",
                           "Contoh komunitas yang berhasil"],
    },
}


def _norm(text: str) -> str:
    """Fold case, the kit's tidied spellings (teks/lampiran) and spacing for comparison."""
    text = text.lower().replace("postingan text", "postingan teks")
    text = text.replace("attachment file", "lampiran (attachment) file")
    return re.sub(r"\s+", " ", text).strip(" .")


@pytest.mark.parametrize("activity_id", sorted(EXPECTED))
def test_every_row_of_the_table_is_an_item_in_order(activity_id: str) -> None:
    """Each materi holds exactly the table's sub-materi, in the table's order."""
    activity = framework().activity(activity_id)
    assert [m.id for m in activity.materi] == list(EXPECTED[activity_id])
    for materi in activity.materi:
        got = [_norm(i.title.indonesian) for i in materi.items]
        assert got == [_norm(t) for t in EXPECTED[activity_id][materi.id]], materi.id


def test_item_counts_match_the_tables() -> None:
    """Tables 3.3, 4.3 and 5.3 have 19, 18 and 21 sub-materi rows."""
    counts = {a.id: len(a.items) for a in framework().activities}
    assert counts == {"advokasi": 19, "bimtek": 18, "komunitas": 21}


def test_each_table_title_appears_in_the_seed() -> None:
    """Every sub-materi title of the kit can be found in the source guide's text."""
    if not SEED.exists():
        pytest.skip(f"source guide not found at {SEED}")
    seed = _norm(re.sub(r"\|", " ", SEED.read_text(encoding="utf-8")))
    seed = re.sub(r"\s+", " ", seed)
    for activity_id, materi in EXPECTED.items():
        for titles in materi.values():
            for title in titles:
                words = _norm(title).split()
                # A cell can wrap across a page break ("Mengirimkan" | "email CC dan BCC"),
                # so look for its first two words and its last two words separately.
                assert " ".join(words[:2]) in seed, (activity_id, title)
                assert " ".join(words[-2:]) in seed, (activity_id, title)


def test_ids_are_unique_ascii_slugs() -> None:
    """Activity, materi and item ids are unique across the framework and ASCII slugs."""
    fw = framework()
    ids = [a.id for a in fw.activities] + [m.id for a in fw.activities for m in a.materi]
    ids += [i.id for i in fw.iter_items()] + [s.id for s in fw.stages]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_every_item_maps_to_a_known_stage() -> None:
    """Each item evidences one of the five stages, by the activity's purpose."""
    fw = framework()
    stage_ids = [s.id for s in fw.stages]
    assert stage_ids == ["preparatory", "presence", "portal", "transaction_integration",
                         "autonomy"]
    by_materi = {i.materi_id: i.stage for i in fw.iter_items()}
    assert all(i.stage in stage_ids for i in fw.iter_items())
    assert {i.stage for i in fw.activity("advokasi").items} == {"preparatory"}
    assert by_materi["bim_email"] == "presence"
    assert by_materi["bim_blog"] == "portal"
    assert by_materi["bim_toko"] == "transaction_integration"
    assert {i.stage for i in fw.activity("komunitas").items} == {"autonomy"}


def test_merged_cells_are_inherited() -> None:
    """Items under a merged table cell carry the merged competency, indicator and form."""
    fw = framework()
    story = fw.item("adv_kisah_tips")
    why = fw.item("adv_profil_pembeli")
    assert story.competency == why.competency
    assert story.indicator == why.indicator
    assert story.form == why.form
    assert fw.item("adv_definisi_umkm").indicator.indonesian.startswith("Mampu menjelaskan")
    assert fw.item("email_cc_bcc").indicator == fw.item("email_daftar").indicator
    assert "email yang telah berhasil dikirimkan" in fw.item("email_cc_bcc").indicator.indonesian
    assert "bukti tampilan" in fw.item("toko_pengaturan_item").indicator.indonesian
    assert fw.item("kom_keikutsertaan_masyarakat").indicator == fw.item(
        "kom_program_berbasis_masyarakat").indicator
    assert fw.item("kom_contoh_berhasil").competency != fw.item("kom_peran").competency


def test_every_text_has_indonesian_and_english() -> None:
    """Titles, competencies, indicators and forms exist in both languages and differ."""
    for item in framework().iter_items():
        for text in (item.title, item.competency, item.indicator, item.form):
            assert text.indonesian.strip() and text.english.strip()


def test_activities_carry_the_guide_logistics() -> None:
    """Duration, size 25–50, prerequisites, rundown, strategy and design rows are transcribed."""
    fw = framework()
    adv, bim, kom = (fw.activity(a) for a in ("advokasi", "bimtek", "komunitas"))
    assert (adv.duration_minutes, bim.duration_minutes, kom.duration_minutes) == (240, 480, 240)
    assert all((a.size_min, a.size_max) == (25, 50) for a in fw.activities)
    assert bim.prerequisites == ("advokasi",) and kom.prerequisites == ("bimtek",)
    assert [len(a.strategy) for a in (adv, bim, kom)] == [4, 3, 4]
    assert [len(a.session_design) for a in (adv, bim, kom)] == [4, 3, 6]
    assert [len(a.rundown) for a in (adv, bim, kom)] == [8, 9, 9]
    for a in fw.activities:
        assert sum(e.minutes for e in a.rundown) == a.duration_minutes, a.id
    assert [p.no for p in fw.puskom.programmes] == ["1", "2"]
    assert len(fw.puskom.programmes[0].trainings) == 5
    assert [x.id for x in fw.puskom.aspects] == ["infrastruktur", "sdm", "regulasi"]


def test_rubric_levels() -> None:
    """The rubric has levels 2 mandiri, 1 bantuan minimal, 0 belum; achieved from level 1."""
    rubric = framework().rubric
    assert rubric.valid_levels == (0, 1, 2)
    assert [lv.id for lv in rubric.levels] == ["mandiri", "bantuan_minimal", "belum"]
    assert not rubric.is_achieved(0) and rubric.is_achieved(1) and rubric.is_achieved(2)
