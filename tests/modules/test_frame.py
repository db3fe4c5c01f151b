import sqlalchemy as sa

from kit.modules.advokasi import AdvokasiPage, build_advokasi
from kit.modules.identity import LOCAL, ROSTER
from kit.records.scores import latest_scores
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace
from tests.modules.helpers import answer, pick, register_new


def test_page_builds_every_item_section_from_the_framework(page: AdvokasiPage) -> None:
    """The page has one section and one knowledge check per framework item, in table order."""
    items = [i.id for i in page.frame.activity.items]
    assert list(page.sections) == items
    assert list(page.checks) == items
    assert page.frame.section_ids == items
    assert page.frame.ctx.mode == ROSTER


def test_header_lists_duration_items_and_no_facilitator_notes(page: AdvokasiPage) -> None:
    """The header shows the duration and every item id, but no facilitator block (issue 12)."""
    header = page.frame.header()
    text = header.children[0].value
    assert "Sekitar 75 menit" in text
    assert "Catatan fasilitator" not in text and "kit-facilitator" not in text
    for item in page.frame.items:
        assert item.id in text


def test_english_toggle_adds_the_class_to_every_part(page: AdvokasiPage) -> None:
    """Ticking the English box shows the English lines on every root box of the page."""
    header = page.frame.header()
    header.children[1].value = True
    assert all("kit-show-en" in root._dom_classes for root in page.frame._roots)
    header.children[1].value = False
    assert not any("kit-show-en" in root._dom_classes for root in page.frame._roots)


def test_picking_from_the_roster_and_answering_records_a_score(page: AdvokasiPage,
                                                              ws: Workspace) -> None:
    """Register, answer all three questions right: level 2 is stored with its details."""
    pid = register_new(page, "Ani Nawacita")
    check = page.checks["adv_nawacita"]
    assert len(check.inputs) == 3
    answer(check, 3)
    check.submit_button.click()
    with read_tx(ws.engine) as conn:
        scores = [s for s in latest_scores(conn, pid) if s.item_id == "adv_nawacita"]
    assert scores[0].level == 2 and scores[0].source == "autograde"
    details = scores[0].details
    assert details is not None
    assert len(details["questions"]) == 3
    assert details["correct"] == [True, True, True]
    assert page.frame.levels["adv_nawacita"] == 2
    assert "adv_nawacita" in page.frame.state.sections_done


def test_progress_bar_moves_when_an_item_is_achieved(page: AdvokasiPage) -> None:
    """A participant without scores starts at 0; one achieved check moves the bar to 1."""
    p = page
    register_new(p, "Wahyu Baru")
    bar = p.frame._progress_bar
    assert bar.value == 0 and bar.max == 19
    check = p.checks["adv_mp3ei"]
    answer(check, 2)
    check.submit_button.click()
    assert bar.value == 1
    assert "1 dari 19 butir tercapai" in p.frame._progress_label.value


def test_unanswered_questions_are_not_submitted(page: AdvokasiPage, ws: Workspace) -> None:
    """Submitting with an empty answer shows a friendly message and writes nothing."""
    pid = register_new(page, "Bayu Kosong")
    check = page.checks["adv_broadband"]
    check.submit_button.click()
    assert "Mohon jawab semua pertanyaan" in check.message.value
    with read_tx(ws.engine) as conn:
        n = conn.execute(sa.select(sa.func.count()).select_from(schema.evidence)
                         .where(schema.evidence.c.participant_id == pid)).scalar()
    assert n == 0


def test_one_wrong_answer_gives_level_one_and_retry_draws_again(page: AdvokasiPage) -> None:
    """Two of three right → level 1 and the result view; "try again" draws a new attempt."""
    register_new(page, "Tari Coba")
    check = page.checks["adv_tips_sukses"]
    first = list(check.inputs)
    answer(check, 2)
    check.submit_button.click()
    assert page.frame.state.last_quiz("adv_tips_sukses")["level"] == 1
    assert check.retry_button in check.widget.children
    check.retry_button.click()
    assert check.attempt == 1 and len(check.inputs) == 3
    assert set(check.inputs) <= {q.id for q in page.bank.for_item("adv_tips_sukses")}
    assert first  # the first draw was shown


def test_resume_shows_saved_answers_sections_and_tools(page: AdvokasiPage, ws: Workspace,
                                                      tmp_path) -> None:
    """A new page for the same participant restores results, finished parts and tool states."""
    pid = register_new(page, "Rini Lanjut")
    check = page.checks["adv_definisi_umkm"]
    answer(check, 3)
    check.submit_button.click()
    page.frame.mark_done("adv_mp3ei")
    calc = page.tools["calculator"]
    calc.fields["price"].value, calc.fields["orders_per_month"].value = "25.000", 40
    calc.compute.click()
    checklist = page.tools["checklist"]
    checklist.boxes["sandi_kuat"].value = True
    checklist.save_button.click()

    again = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
    again.opening()
    assert pick(again, "Rini Lanjut") == pid
    state = again.frame.state
    assert {"adv_definisi_umkm", "adv_mp3ei"} <= state.sections_done
    restored = again.checks["adv_definisi_umkm"]
    assert restored.retry_button in restored.widget.children
    assert again.tools["calculator"].fields["price"].value == "25.000"
    assert "Omzet per bulan" in again.tools["calculator"].result.value
    assert again.tools["checklist"].boxes["sandi_kuat"].value is True
    assert "Selamat datang kembali" in again.frame._identity_status.value


def test_local_mode_registers_a_profile_and_recognises_it(tmp_path) -> None:
    """Without a roster workspace the page registers a local profile and remembers it."""
    home = tmp_path / "home"
    p = build_advokasi(local_home=home)
    p.opening()
    assert p.frame.ctx.mode == LOCAL
    form = p.frame.register_form
    assert form is not None
    form.name.value, form.district.value = "Ibu Lestari", "Kota Pontianak"
    form.save.click()
    pid = p.frame.participant_id
    assert pid is not None
    again = build_advokasi(local_home=home)
    assert again.frame.participant_id == pid


def test_register_form_shows_validation_messages(page: AdvokasiPage) -> None:
    """An empty name and a one-letter district are refused with messages; nobody is chosen."""
    page.frame.picker.new.click()
    form = page.frame.register_form
    form.name.value, form.district.value, form.phone.value = "", "X", "abc"
    form.save.click()
    text = form.errors.value
    assert "Mohon tulis nama Anda" in text
    assert "kabupaten atau kota" in text
    assert "Nomor HP hanya berisi angka" in text
    assert page.frame.participant is None


def test_picking_a_demo_participant_shows_their_business(page: AdvokasiPage) -> None:
    """Roster matches show business and district, and confirming greets the participant."""
    pick(page, "siti")
    p = page.frame.participant
    assert p is not None
    assert p.district in page.frame._identity_status.value


def test_registering_a_namesake_asks_before_adding(page: AdvokasiPage, ws: Workspace) -> None:
    """Registering an existing name and district offers "that is me" instead of a duplicate."""
    existing = page.frame.picker.people[0]
    page.frame.picker.new.click()
    form = page.frame.register_form
    form.name.value, form.district.value = existing.name.upper(), existing.district
    form.save.click()
    assert "sudah terdaftar" in form.errors.value
    yes = form.follow_up.children[0]
    yes.click()
    assert page.frame.participant_id == existing.id


def test_tools_are_saved_as_evidence(page: AdvokasiPage, ws: Workspace) -> None:
    """Self-check and question box write kit_evidence rows tagged with the module."""
    pid = register_new(page, "Dedi Alat")
    sc = page.tools["selfcheck"]
    for field in sc.fields.values():
        field.value = "yes"
    sc.fields["blog_tanya"].value = "not_yet"
    sc.show.click()
    assert "Portal" in sc.result.value
    ask = page.tools["ask"]
    ask.text.value = "Bagaimana cara mengemas keripik?"
    ask.send.click()
    assert "mengemas keripik" in ask.listing.value
    with read_tx(ws.engine) as conn:
        rows = conn.execute(sa.select(schema.evidence.c.kind, schema.evidence.c.payload)
                            .where(schema.evidence.c.participant_id == pid)).all()
    tools = {r.payload["tool"] for r in rows if r.kind == "tool"}
    assert {"selfcheck", "ask"} <= tools
    assert all(r.payload["module"] == "advokasi" for r in rows)


def test_controls_are_disabled_until_a_name_is_chosen(page: AdvokasiPage) -> None:
    """Before anyone is chosen the check asks for a name and "finished" buttons are disabled."""
    check = page.checks["adv_nawacita"]
    assert "Pilih nama Anda" in check.widget.children[1].value
    section = page.sections["adv_nawacita"]
    done_box = section.children[-1]
    assert done_box.children[1].disabled is True
