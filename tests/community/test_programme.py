"""The work programme: the members' saved proposals merged, ranked and split (guide §2.2.5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from kit.community import service
from kit.community.programme import (
    Proposal,
    community_programme,
    merge,
    normalise,
    split,
    stored_proposals,
)
from kit.modules.store import save_evidence
from kit.problems import InputError
from kit.workspace import Workspace


def save_proposals(ws: Workspace, pid: str, proposals: Sequence[tuple[str, str]]) -> None:
    """Save a participant's proposal list as the komunitas module's tool does (whole list)."""
    state = {"proposals": [{"kind": k, "what": w, "why": "alasan yang cukup panjang",
                            "who": "semua anggota", "when": "bulanan"} for k, w in proposals]}
    save_evidence(ws, pid, "kom_usulan_program", "tool",
                  {"module": "komunitas", "tool": "usulan_program", "state": state})


def test_normalise_ignores_case_spaces_and_end_stop() -> None:
    """Two writings of the same proposal normalise to the same text."""
    assert normalise("  Pelatihan  foto produk. ") == normalise("pelatihan foto PRODUK")


def test_merge_ranks_by_members_then_kind_then_first_proposed() -> None:
    """The most-proposed item is first; a tie goes to the kind, then to the first proposed."""
    items = merge([
        Proposal("a", "pemasaran", "Toko daring bersama"),
        Proposal("a", "pelatihan", "Kelas foto produk"),
        Proposal("b", "pemasaran", "toko  daring bersama."),
        Proposal("b", "berbagi", "Temu anggota bulanan"),
        Proposal("c", "pelatihan", "Kelas foto produk"),
        Proposal("c", "pelatihan", "Kelas foto produk"),  # the same member twice counts once
        Proposal("c", "pemasaran", ""),  # empty: skipped
        Proposal("c", "berbagi", "Grup WhatsApp anggota"),
    ])
    assert [(i.rank, i.kind, i.what, i.proposers) for i in items] == [
        (1, "pelatihan", "Kelas foto produk", ("a", "c")),
        (2, "pemasaran", "Toko daring bersama", ("a", "b")),
        (3, "berbagi", "Temu anggota bulanan", ("b",)),
        (4, "berbagi", "Grup WhatsApp anggota", ("c",)),
    ]


def test_split_takes_the_top_or_the_facilitators_choice() -> None:
    """The top N are priority by default; a chosen list of ranks replaces it; bad ranks refused."""
    items = merge([Proposal("a", "k", f"usulan {n}") for n in range(5)])
    made = split(items, top=2)
    assert [i.rank for i in made.priority] == [1, 2]
    assert [i.rank for i in made.non_priority] == [3, 4, 5]
    chosen = split(items, chosen=[4, 1])
    assert [i.rank for i in chosen.priority] == [1, 4]
    assert all(i.priority for i in chosen.priority) and not any(
        i.priority for i in chosen.non_priority)
    with pytest.raises(InputError) as bad:
        split(items, chosen=[9])
    assert bad.value.field == "priority" and "9" in bad.value.message
    with pytest.raises(InputError) as low:
        split(items, top=0)
    assert low.value.field == "top"


def test_community_programme_reads_the_members_latest_lists(town: Workspace) -> None:
    """Only members' proposals count, and each member's newest saved list is the one used."""
    made = service.create(town, "Komunitas Sragen", "sragen", "Aula", date(2026, 12, 4))
    for pid in ("pani", "pbudi", "pcitra"):
        service.add_member(town, made.id, pid, None)
    save_proposals(town, "pani", [("pemasaran", "Toko daring bersama")])
    save_proposals(town, "pani", [("pemasaran", "Toko daring bersama"),
                                  ("pelatihan", "Kelas foto produk")])
    save_proposals(town, "pbudi", [("pelatihan", "kelas foto produk.")])
    save_proposals(town, "pcitra", [("berbagi", "Temu anggota bulanan")])
    save_proposals(town, "pdedi", [("berbagi", "Usulan orang luar")])  # not a member
    assert [p.participant_id for p in stored_proposals(town, ["pani", "pbudi"])] == [
        "pani", "pani", "pbudi"]
    found = community_programme(town, made.id, top=1)
    assert [(i.what, len(i.proposers)) for i in found.priority] == [("Kelas foto produk", 2)]
    assert [i.what for i in found.non_priority] == ["Temu anggota bulanan",
                                                    "Toko daring bersama"]
    assert found.as_dict()["priority"][0]["proposed_by"] == ["pani", "pbudi"]
    with pytest.raises(InputError) as unknown:
        community_programme(town, "nope")
    assert unknown.value.field == "id"
