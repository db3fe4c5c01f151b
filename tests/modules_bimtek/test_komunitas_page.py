from pathlib import Path

import pytest

from kit.framework import framework
from kit.modules.content import CONTENT_DIR
from kit.modules.komunitas import (
    TOOL,
    KomunitasPage,
    PracticeCheck,
    load_program,
    validate_proposal,
)
from kit.modules.quiz import question_bank
from kit.modules.submission import answers_for
from kit.modules.widgets import KnowledgeCheck
from kit.modules.yamlnodes import ContentError
from tests.modules.helpers import answer
from tests.modules_bimtek.helpers import levels, pick, register

PROGRAM = CONTENT_DIR / "komunitas" / "program.yaml"


def test_bank_and_texts_cover_every_item() -> None:
    """Every one of the 21 items has a text and at least three questions."""
    activity = framework().activity("komunitas")
    bank = question_bank("komunitas")
    assert len(activity.items) == 21
    for item in activity.items:
        assert len(bank.for_item(item.id)) >= 3, item.id
        assert (CONTENT_DIR / "komunitas" / f"{item.id}.md").is_file()


def test_program_config_reads_items_from_the_framework() -> None:
    """Observed items are those of the observed materi; the tool sits on a real item."""
    config = load_program(PROGRAM)
    activity = framework().activity("komunitas")
    expected = [i.id for m in activity.materi if m.id in config.observed_materi for i in m.items]
    assert list(config.observed_items(framework(), "komunitas")) == expected
    assert len(expected) == 5 and config.tool_item in {i.id for i in activity.items}
    assert len(config.kinds) >= 3


def test_program_config_errors_are_located(tmp_path: Path) -> None:
    """An unknown item, an unknown materi and a duplicate kind are all reported with lines."""
    bad = tmp_path / "program.yaml"
    bad.write_text(
        "tool_item: kom_tidak_ada\nobserved_materi: [kom_salah]\nkinds:\n"
        "  - {id: a, title: {id: A, en: A}, example: {id: x, en: x}}\n"
        "  - {id: a, title: {id: B, en: B}, example: {id: y, en: y}}\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_program(bad)
    text = str(err.value)
    assert "kom_tidak_ada" in text and "kom_salah" in text and "program.kinds[1].id" in text
    assert len(err.value.problems) == 3
    assert all(p.line is not None for p in err.value.problems)


def test_observed_items_are_left_to_the_facilitator(komunitas: KomunitasPage) -> None:
    """Observed items say who assesses them; their practice check records nothing."""
    frame = komunitas.frame
    pid = register(frame, "Hadi Latihan Pemilihan")
    item = "kom_pemilihan_pengurus"
    check = komunitas.checks[item]
    assert isinstance(check, PracticeCheck)
    note = komunitas.observation[item].value
    assert "Dinilai oleh fasilitator" in note and "belum diamati" in note
    answer(check, 3)
    check.submit_button.click()
    shown = " ".join(getattr(c, "value", "") for c in check.widget.children)
    assert "Hebat, semua benar" in shown
    assert item not in levels(frame, pid)
    assert frame.state.last_quiz(item) is None
    check.retry_button.click()
    assert check.attempt == 1 and check.submit_button in check.widget.children
    for other in komunitas.checks.values():
        assert isinstance(other, PracticeCheck) == (other.item_id in komunitas.observed)


def test_knowledge_check_records_autograde(komunitas: KomunitasPage) -> None:
    """A knowledge check on a presentation item records its level with source autograde."""
    frame = komunitas.frame
    pid = register(frame, "Lina Cek Pemahaman")
    check = komunitas.checks["kom_peran"]
    assert type(check) is KnowledgeCheck
    answer(check, 2)
    check.submit_button.click()
    assert levels(frame, pid)["kom_peran"] == (1, "autograde")
    assert "1 dari 21 butir tercapai" in frame._progress_label.value


def test_proposal_tool_validates_saves_and_restores(komunitas: KomunitasPage) -> None:
    """A proposal is refused until complete, saved as evidence, and shown again later."""
    frame = komunitas.frame
    tool = komunitas.proposal
    first = register(frame, "Maya Usulan Program")
    tool.save_button.click()
    assert tool.message.value.count("kit-error") == 5
    tool.kind.value = "pelatihan"
    assert "Contoh" in tool.example.value
    tool.inputs["what"].value = "Pelatihan foto produk dengan HP"
    tool.inputs["why"].value = "Banyak foto produk anggota masih gelap"
    tool.inputs["who"].value = "Anggota yang tokonya paling laris"
    tool.inputs["when"].value = "Sebulan sekali"
    tool.save_button.click()
    assert "Usulan tersimpan" in tool.message.value
    assert "Pelatihan foto produk dengan HP" in tool.listing.value
    assert tool.inputs["what"].value == "" and tool.kind.value is None
    evidence = answers_for(frame)[komunitas.config.tool_item]["evidence"]
    assert evidence[0]["kind"] == TOOL and "Sebulan sekali" in evidence[0]["value"]
    frame._start_over()
    register(frame, "Orang Lain Tanpa Usulan")
    assert tool.listing.value == ""
    frame._start_over()
    pick(frame, first)
    assert "Pelatihan foto produk dengan HP" in tool.listing.value


def test_validate_proposal_rules() -> None:
    """Kind, what (≥3 words), why (≥3 words), who and when are required; needs is optional."""
    kinds = load_program(PROGRAM).kinds
    good = {"kind": kinds[0].id, "what": "Pelatihan foto produk", "why": "foto masih gelap",
            "who": "Bu Siti", "when": "Sebulan sekali", "needs": ""}
    assert validate_proposal(good, kinds) == []
    assert len(validate_proposal({**good, "what": "Foto", "when": " "}, kinds)) == 2
    assert validate_proposal({**good, "kind": "lain"}, kinds) == ["Pilih jenis programnya."]
