"""The community's pure rules: roles, admission, nominations, consensus and one person one role."""

from __future__ import annotations

import pytest

from kit.community import record
from kit.i18n import set_language
from kit.problems import InputError
from kit.records.eligibility import Eligibility

MEMBERS = frozenset({"p1", "p2", "p3", "p4"})


def test_roles_are_the_guides_four_in_order_with_both_languages() -> None:
    """The board is ketua, wakil ketua, sekretaris, bendahara, labelled in id and en."""
    assert record.ROLES == ("ketua", "wakil_ketua", "sekretaris", "bendahara")
    set_language("id")
    assert [record.role_label(r) for r in record.ROLES] == [
        "ketua", "wakil ketua", "sekretaris", "bendahara"]
    set_language("en")
    try:
        assert [record.role_label(r) for r in record.ROLES] == [
            "chair", "vice-chair", "secretary", "treasurer"]
    finally:
        set_language("id")


@pytest.mark.parametrize(("given", "role"), [
    ("ketua", "ketua"), (" Wakil Ketua ", "wakil_ketua"), ("wakil-ketua", "wakil_ketua"),
    ("BENDAHARA", "bendahara"), ("sekretaris", "sekretaris"),
])
def test_role_names_are_normalised(given: str, role: str) -> None:
    """Case, spaces and hyphens do not matter in a role's name."""
    assert record.check_role(given) == role


@pytest.mark.parametrize("given", ["presiden", "", "ketua umum"])
def test_unknown_role_is_refused_listing_the_roles(given: str) -> None:
    """A role outside the four is refused on the field ``role``, naming the valid ones."""
    with pytest.raises(InputError) as err:
        record.check_role(given)
    assert err.value.field == "role"
    assert "wakil_ketua" in err.value.message


@pytest.mark.parametrize(("missing", "reason", "by", "stored_reason"), [
    ((), None, "bimtek", None),
    ((), "  ikut  juga ", "bimtek", "ikut juga"),
    (("bimtek",), "pengurus paguyuban desa", "reason", "pengurus paguyuban desa"),
])
def test_admission_by_bimtek_or_by_reason(missing: tuple[str, ...], reason: str | None,
                                          by: str, stored_reason: str | None) -> None:
    """Who completed bimtek is admitted as such; anyone else with the facilitator's reason."""
    got = record.admission(Eligibility("komunitas", missing), reason)
    assert (got.by, got.reason) == (by, stored_reason)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_admission_without_bimtek_and_without_reason_is_refused(reason: str | None) -> None:
    """No bimtek and no reason: refused on ``reason``, saying why (bimtek) and what to write."""
    with pytest.raises(InputError) as err:
        record.admission(Eligibility("komunitas", ("bimtek",)), reason)
    assert err.value.field == "reason"
    assert "bimtek" in err.value.message and "alasan" in err.value.message


@pytest.mark.parametrize(("nominee", "by", "standing", "holders", "field"), [
    ("p9", "p1", {}, {}, "nominee"),                          # nominee not a member
    ("p1", "p9", {}, {}, "by"),                               # nominator not a member
    ("p2", "p1", {"p2": "bendahara"}, {}, "nominee"),         # a second role while one stands
    ("p2", "p1", {"p2": "ketua"}, {}, "nominee"),             # the same role twice
    ("p2", "p1", {}, {"p2": "sekretaris"}, "nominee"),        # already holds a role
])
def test_nomination_refusals(nominee: str, by: str, standing: dict[str, str],
                             holders: dict[str, str], field: str) -> None:
    """Each nomination that breaks a rule is refused on the field that is wrong."""
    with pytest.raises(InputError) as err:
        record.check_nomination("ketua", nominee, by, MEMBERS, standing, holders)
    assert err.value.field == field


@pytest.mark.parametrize(("nominee", "by"), [("p1", "p1"), ("p2", "p1")])
def test_a_member_nominates_themself_or_another(nominee: str, by: str) -> None:
    """Self-nomination and nominating another member are both allowed."""
    record.check_nomination("ketua", nominee, by, MEMBERS, {"p3": "bendahara"},
                            {"p4": "sekretaris"})


def test_a_filled_role_takes_no_nomination() -> None:
    """A role already seated is refused on ``role``."""
    with pytest.raises(InputError) as err:
        record.check_nomination("ketua", "p2", "p1", MEMBERS, {}, {"p4": "ketua"})
    assert err.value.field == "role"


@pytest.mark.parametrize(("person", "agreed", "candidates", "holders", "field"), [
    ("p2", (), ("p2",), {}, "agreed_by"),                    # nobody agreed
    ("p2", ("p1", "p9"), ("p2",), {}, "agreed_by"),          # a non-member agreed
    ("p3", ("p1",), ("p2",), {}, "person"),                  # not an accepted candidate
    ("p9", ("p1",), (), {}, "person"),                       # not a member
    ("p2", ("p1",), ("p2",), {"p2": "bendahara"}, "person"),  # one person one role
    ("p2", ("p1",), ("p2",), {"p3": "ketua"}, "role"),       # the role is already filled
])
def test_consensus_refusals(person: str, agreed: tuple[str, ...], candidates: tuple[str, ...],
                            holders: dict[str, str], field: str) -> None:
    """A consensus that breaks a rule is refused on the field that is wrong."""
    with pytest.raises(InputError) as err:
        record.check_consensus("ketua", person, agreed, MEMBERS, candidates, holders)
    assert err.value.field == field


def test_consensus_on_a_candidate_or_on_a_member_when_nobody_stood() -> None:
    """The agreed person is an accepted candidate, or any member when nobody accepted."""
    assert record.check_consensus("ketua", "p2", ("p1", "p2", "p1"), MEMBERS, ("p2",), {}) \
        == ("p1", "p2")
    assert record.check_consensus("ketua", "p3", ("p4",), MEMBERS, (), {}) == ("p4",)


@pytest.mark.parametrize(("method", "person", "holders", "field"), [
    ("undian", "p1", {}, "method"),
    ("ballot", "p9", {}, "person"),
    ("ballot", "p1", {"p1": "bendahara"}, "person"),
    ("ballot", "p1", {"p2": "ketua"}, "role"),
])
def test_seat_refusals(method: str, person: str, holders: dict[str, str], field: str) -> None:
    """Seating needs a known method, a member, a person without a role and an empty role."""
    with pytest.raises(InputError) as err:
        record.check_seat("ketua", person, method, MEMBERS, holders)
    assert err.value.field == field


def test_seat_by_ballot_is_allowed_for_a_free_member() -> None:
    """A member holding no role may be seated in an empty role by ballot or musyawarah."""
    record.check_seat("ketua", "p1", "ballot", MEMBERS, {"p2": "bendahara"})
    record.check_seat("ketua", "p1", "musyawarah", MEMBERS, {})


@pytest.mark.parametrize(("value", "field"), [("", "programme"), ("   ", "name")])
def test_required_text_is_refused_when_empty(value: str, field: str) -> None:
    """An empty required text is refused on its field; a text is kept on one line."""
    with pytest.raises(InputError) as err:
        record.required(value, field)
    assert err.value.field == field
    assert record.required(" Jual  kopi\nlokal ", field) == "Jual kopi lokal"
