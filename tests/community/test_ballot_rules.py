"""The ballot's pure rules: codes, their normalisation, keyed hashes, tally, ties and the counts."""

from __future__ import annotations

import re

import pytest

from kit.community.ballot import (
    ALPHABET,
    CODE_LENGTH,
    CountsCheck,
    ballot_key,
    check_candidates,
    check_tie_rule,
    code_key,
    counts_check,
    member_key,
    new_code,
    new_receipt,
    new_secret,
    normalise_code,
    normalise_receipt,
    runoff_candidates,
    tally,
)
from kit.i18n import set_language
from kit.problems import InputError


def test_the_alphabet_has_no_character_that_reads_like_another() -> None:
    """No 0/O, 1/I/L in the alphabet; every character is an upper-case letter or a digit."""
    for confusable in "0O1IL":
        assert confusable not in ALPHABET
    assert re.fullmatch(r"[A-Z2-9]+", ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_a_new_code_is_two_groups_of_four_from_the_alphabet() -> None:
    """A code reads as ``XXXX-XXXX``, only alphabet characters, and codes differ."""
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert set(code.replace("-", "")) <= set(ALPHABET)
        assert len(code.replace("-", "")) == CODE_LENGTH


@pytest.mark.parametrize("typed", ["abcd-efgh", " ABCD EFGH ", "abcdefgh", "AB-CD–EF GH",
                                   "ab cd\tef gh"])
def test_a_typed_code_is_normalised_whatever_its_case_spaces_and_dashes(typed: str) -> None:
    """Case, spaces, tabs and (en) dashes do not matter: each typing gives ``ABCDEFGH``."""
    assert normalise_code(typed) == "ABCDEFGH"


@pytest.mark.parametrize("typed", ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "ABCD-EFGI",
                                   "ABCD-EFG!", "ABCD'; DROP"])
def test_a_code_that_cannot_be_one_is_refused_naming_the_code(typed: str) -> None:
    """A wrong length or a character outside the alphabet: one InputError on ``code``."""
    with pytest.raises(InputError) as caught:
        normalise_code(typed)
    assert caught.value.field == "code"


def test_the_refusal_of_a_bad_code_is_indonesian_and_english_on_request() -> None:
    """The message is in Bahasa Indonesia by default and English with ``en``."""
    with pytest.raises(InputError) as caught:
        normalise_code("0000")
    indonesian = caught.value.message
    set_language("en")
    with pytest.raises(InputError) as caught:
        normalise_code("0000")
    assert indonesian != caught.value.message
    assert "kode" in indonesian.lower() and "code" in caught.value.message.lower()


def test_a_receipt_is_normalised_like_a_code() -> None:
    """A receipt is shown grouped and read back whatever its case and dashes."""
    receipt = new_receipt()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", receipt)
    assert normalise_receipt(receipt.lower().replace("-", " ")) == receipt.replace("-", "")
    with pytest.raises(InputError) as caught:
        normalise_receipt("1234")
    assert caught.value.field == "receipt"


def test_keyed_hashes_depend_on_the_secret_and_on_their_purpose() -> None:
    """A code's key, a member's key and the ballot key are different and change with the secret."""
    one, two = new_secret(), new_secret()
    assert one != two and len(one) == 64
    assert code_key(one, "ABCDEFGH") != code_key(two, "ABCDEFGH")
    assert code_key(one, "ABCDEFGH") == code_key(one, "ABCDEFGH")
    assert member_key(one, "p1") != member_key(two, "p1")
    voter = code_key(one, "ABCDEFGH")
    assert ballot_key(one, voter) != voter
    assert ballot_key(one, voter) != ballot_key(two, voter)
    assert "p1" not in member_key(one, "p1") and "ABCDEFGH" not in voter


def test_candidates_must_be_two_or_more_distinct_ids() -> None:
    """Distinct ids pass in their order; a duplicate or fewer than two are refused."""
    assert check_candidates(["p2", " p1 "]) == ("p2", "p1")
    for bad in (["p1", "p1"], ["p1"], [], ["p1", ""]):
        with pytest.raises(InputError) as caught:
            check_candidates(bad)
        assert caught.value.field == "candidates"


def test_the_tie_rule_is_runoff_or_musyawarah() -> None:
    """Only the two tie rules are accepted."""
    assert check_tie_rule("runoff") == "runoff"
    assert check_tie_rule(" Musyawarah ") == "musyawarah"
    with pytest.raises(InputError) as caught:
        check_tie_rule("coin")
    assert caught.value.field == "tie_rule"


def test_tally_counts_every_candidate_and_names_a_clear_winner() -> None:
    """Each candidate has a count (zero too), in the ballot's order; the top one wins."""
    result = tally(("a", "b", "c"), ["b", "a", "b", "b", "a"])
    assert result.counts == (("a", 2), ("b", 3), ("c", 0))
    assert result.winner == "b"
    assert result.tie is False and result.tied == ()
    assert result.total == 5


def test_tally_detects_a_tie_at_the_top_and_names_the_tied() -> None:
    """Two at the top with the same count: a tie, no winner, the tied in the ballot's order."""
    result = tally(("a", "b", "c"), ["c", "a", "a", "c", "b"])
    assert result.tie is True
    assert result.winner is None
    assert result.tied == ("a", "c")
    assert runoff_candidates(result) == ("a", "c")


def test_no_vote_at_all_is_a_tie_of_everyone() -> None:
    """With no ballot every candidate is tied at zero: nobody is elected by default."""
    result = tally(("a", "b"), [])
    assert result.tie is True and result.tied == ("a", "b") and result.winner is None


def test_a_vote_for_someone_not_on_the_ballot_cannot_be_tallied() -> None:
    """A stored candidate outside the list is an error, never silently dropped."""
    with pytest.raises(ValueError, match="x"):
        tally(("a", "b"), ["a", "x"])


def test_runoff_candidates_need_a_tie() -> None:
    """Asking for a run-off after a clear result is refused."""
    with pytest.raises(InputError) as caught:
        runoff_candidates(tally(("a", "b"), ["a"]))
    assert caught.value.field == "election_id"


@pytest.mark.parametrize(("ballots", "used", "present", "ok"), [
    (12, 12, 12, True), (10, 10, 12, True), (0, 0, 5, True),
    (11, 12, 12, False), (13, 13, 12, False), (12, 11, 12, False),
])
def test_counts_check_is_ballots_equal_codes_used_not_above_present(
        ballots: int, used: int, present: int, ok: bool) -> None:
    """The check holds only when ballots == codes used <= members present, and keeps the numbers."""
    check = counts_check(ballots, used, present)
    assert check == CountsCheck(ok=ok, ballots=ballots, codes_used=used, present=present)
