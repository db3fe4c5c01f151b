import pytest

from kit.modules.identity import (
    DuplicateParticipant,
    register,
    resolve_context,
    search,
    validate_registration,
)
from kit.records.participants import Participant
from kit.workspace import Workspace


def test_registration_requires_name_and_district() -> None:
    """Empty or too-short name/district and a phone with letters each give a message."""
    errors = validate_registration("", "", "")
    assert set(errors) == {"name", "district"}
    assert set(validate_registration("A", "Kab. Sragen", "")) == {"name"}
    assert set(validate_registration("Siti", "Sr", "")) == {"district"}
    assert set(validate_registration("Siti", "Sragen", "08a12")) == {"phone"}
    assert validate_registration("  Siti   Aminah ", "Kabupaten Sragen", "0812 3456 7890") == {}


def test_register_cleans_input_and_refuses_a_namesake(ws: Workspace) -> None:
    """Registering trims spaces; the same name and district again raises DuplicateParticipant."""
    p = register(ws, "  Yanti   Mulia ", "Kota Pontianak", business_name=" Kue Yanti ")
    assert p.name == "Yanti Mulia" and p.business_name == "Kue Yanti" and p.phone is None
    with pytest.raises(DuplicateParticipant) as dup:
        register(ws, "yanti mulia", "kota pontianak")
    assert dup.value.existing.id == p.id
    other = register(ws, "yanti mulia", "kota pontianak", allow_duplicate=True)
    assert other.id != p.id
    with pytest.raises(ValueError):
        register(ws, "", "Kota Pontianak")


def test_search_matches_every_word_and_ranks_name_starts_first() -> None:
    """Search needs every word; names starting with the query come first; empty finds nothing."""
    people = [Participant(id="p1", name="Ani Siti", district="A"),
              Participant(id="p2", name="Siti Rahayu", district="B", business_name="Batik"),
              Participant(id="p3", name="Budi", district="C", business_name="Batik Siti")]
    assert [p.id for p in search(people, "siti")] == ["p2", "p1", "p3"]
    assert [p.id for p in search(people, "siti batik")] == ["p2", "p3"]
    assert search(people, "  ") == []


def test_without_a_workspace_variable_a_local_workspace_is_used(tmp_path, monkeypatch) -> None:
    """No UMKM_KIT_WORKSPACE → local mode in UMKM_KIT_HOME; with it → the roster workspace."""
    monkeypatch.delenv("UMKM_KIT_WORKSPACE", raising=False)
    monkeypatch.setenv("UMKM_KIT_HOME", str(tmp_path / "home"))
    ctx = resolve_context()
    assert ctx.mode == "local" and ctx.ws.root == tmp_path / "home" / "workspace"
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ctx.ws.root))
    assert resolve_context().mode == "roster"


def test_registration_takes_the_official_district_and_proper_case(ws: Workspace) -> None:
    """"kab. sragen" registers as Kabupaten Sragen, "SITI AMINAH" as Siti Aminah; "Bogor" asks."""
    p = register(ws, "SITI AMINAH", "kab. sragen")
    assert (p.name, p.district) == ("Siti Aminah", "Kabupaten Sragen")
    assert set(validate_registration("Siti", "Bogor", "")) == {"district"}
    assert set(validate_registration("Siti", "Kampung Durian", "")) == {"district"}
