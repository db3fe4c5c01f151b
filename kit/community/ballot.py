"""The secret ballot of a board role: one-time codes, keyed hashes, tally, ties, the counts check.

Pure rules (no database); :mod:`kit.community.ballot_service` stores an election with them and
:mod:`kit.community.ballot_tables` declares its tables. The design, learnt from Belenios, POLYAS
and Decidim's simple elections, without cryptography: in a room where everyone sees the
projector, procedure does the work.

An election
    One role (``ketua``, ``wakil_ketua``…) of one community. Its candidates are participant ids
    (the accepted nominees, given by the caller), two or more and distinct. The tie rule is chosen
    before voting, ``runoff`` or ``musyawarah``. The number of members present is given at
    opening. The election is ``open`` then ``closed``; a run-off names its parent election.

Who votes
    An election takes votes in ONE way, chosen at opening, so no one can vote both ways:

    * ``codes``: one-time codes printed on slips handed out from a shuffled pile at check-in.
      :func:`new_code` makes 8 characters from :data:`ALPHABET` (no 0/O, 1/I/L), shown as
      ``XXXX-XXXX`` for reading aloud; :func:`normalise_code` reads back what a person typed
      (case, spaces and dashes do not matter). The plain codes are returned once; the store keeps
      only :func:`code_key`, a keyed hash (HMAC-SHA256) with the election's own secret. No record
      links a code to a person. At most as many codes as members present.
    * ``members``: a member signed in through the classroom; the voter key is
      :func:`member_key`, a keyed hash of the participant id. A participant id that is not in the
      community's member list given at opening is refused.

What is stored
    Two tables that cannot be joined: *voted* (election, voter key) says who has voted; *ballots*
    (election, ballot key, candidate, receipt) holds the votes, where the ballot key is
    :func:`ballot_key`, a DIFFERENT keyed hash of the voter key, so the two tables share no
    value but the election id. The ballot table is keyed by a random receipt (SQLite
    ``WITHOUT ROWID``), so its physical order says nothing of the order of voting, and it has
    no time column.

Changing a vote ("ubah suara")
    Until the election closes a voter may vote again with the code (or sign-in) AND the receipt
    of their current ballot: the ballot is replaced (same ballot key), a NEW receipt is given,
    and the old receipt no longer counts. A bare second use of a used code is refused, and so is
    a replayed request (the same code and receipt twice: the receipt is no longer current).

Closing
    Closing writes the tally, sets every ballot key to NULL and deletes the election's secret:
    after closing nothing links a ballot to a voter, not even for whoever holds the database
    file. Before closing only the number who have voted is shown; the tally, the sorted list of
    receipts and :func:`counts_check` (ballots = codes used <= members present) come after.
    While the election is open, whoever holds the database file could link a voter key to a
    ballot (the secret is there, or a re-vote could not find the ballot), and could count the
    ballots before closing: the laptop is the facilitator's, the election is short, and the
    kit's own screens show only the number who have voted until closing.

Ties
    :func:`tally` says whether the top is tied and who is. With ``runoff`` a new election among
    the tied is opened (new codes, or the same members); with ``musyawarah`` the facilitator
    records the choice among the tied and who agreed, and the record says which method decided.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from kit.i18n import _
from kit.problems import InputError

# Upper-case letters and digits without 0/O, 1/I/L: 31 characters, none read like another.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
RECEIPT_LENGTH = 12
GROUP = 4
TIE_RULES = ("runoff", "musyawarah")
VOTERS = ("codes", "members")
# Everything a person may type between the characters of a code: spaces and dashes of any kind.
_SEPARATORS = re.compile(r"[\s\-‐-―−_.]+")


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _grouped(plain: str) -> str:
    return "-".join(plain[i:i + GROUP] for i in range(0, len(plain), GROUP))


def new_code() -> str:
    """A new one-time code, 8 characters of :data:`ALPHABET` grouped ``XXXX-XXXX``."""
    return _grouped(_random(CODE_LENGTH))


def new_receipt() -> str:
    """A new receipt, 12 characters of :data:`ALPHABET` grouped ``XXXX-XXXX-XXXX``."""
    return _grouped(_random(RECEIPT_LENGTH))


def new_secret() -> str:
    """A new per-election secret: 32 random bytes as 64 hex digits."""
    return secrets.token_hex(32)


def _normalise(typed: str, length: int) -> str | None:
    plain = _SEPARATORS.sub("", typed).upper()
    if len(plain) != length or any(c not in ALPHABET for c in plain):
        return None
    return plain


def normalise_code(typed: str) -> str:
    """The code a person typed as its 8 plain characters (case, spaces and dashes ignored).

    Anything else (a wrong length, 0/O/1/I/L or another character) is an :class:`InputError`
    on ``code``.
    """
    plain = _normalise(typed, CODE_LENGTH)
    if plain is None:
        raise InputError("code", _("this is not a ballot code: a code has 8 letters and digits "
                                   "like {example}").format(example="K7QM-3XPA"))
    return plain


def normalise_receipt(typed: str) -> str:
    """The receipt a person typed as its 12 plain characters; anything else is refused."""
    plain = _normalise(typed, RECEIPT_LENGTH)
    if plain is None:
        raise InputError("receipt", _("this is not a ballot receipt: a receipt has 12 letters "
                                      "and digits like {example}").format(
                                          example="K7QM-3XPA-R2DV"))
    return plain


def _hmac(secret: str, purpose: str, value: str) -> str:
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(bytes.fromhex(secret), message, hashlib.sha256).hexdigest()


def code_key(secret: str, code: str) -> str:
    """The stored form of a plain code: HMAC-SHA256 with the election's secret, 64 hex digits."""
    return _hmac(secret, "code", code)


def member_key(secret: str, participant_id: str) -> str:
    """The voter key of a signed-in member: HMAC-SHA256 of the participant id with the secret."""
    return _hmac(secret, "member", participant_id)


def ballot_key(secret: str, voter_key: str) -> str:
    """The key of a voter's ballot: a different keyed hash of the voter key (the tables' link)."""
    return _hmac(secret, "ballot", voter_key)


def check_candidates(candidates: Iterable[str]) -> tuple[str, ...]:
    """The candidates' ids, trimmed, in order; fewer than two, a blank or a duplicate is refused."""
    ids = tuple(c.strip() for c in candidates)
    if any(not c for c in ids):
        raise InputError("candidates", _("a candidate id is empty"))
    doubled = sorted({c for c in ids if ids.count(c) > 1})
    if doubled:
        raise InputError("candidates", _("a candidate is listed twice: {ids}").format(
            ids=", ".join(doubled)))
    if len(ids) < 2:
        raise InputError("candidates", _("a ballot needs at least two candidates; with one, "
                                         "record the role by musyawarah"))
    return ids


def check_tie_rule(rule: str) -> str:
    """``runoff`` or ``musyawarah`` (case and spaces ignored); anything else refused."""
    clean = rule.strip().lower()
    if clean not in TIE_RULES:
        raise InputError("tie_rule", _("the tie rule must be {choices}, not {value!r}").format(
            choices=_(" or ").join(TIE_RULES), value=rule))
    return clean


@attrs.frozen
class Tally:
    """The votes of each candidate in the ballot's order, and whether the top is tied."""

    counts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """The number of ballots counted."""
        return sum(n for _, n in self.counts)

    @property
    def tied(self) -> tuple[str, ...]:
        """The candidates sharing the top count when more than one does, else ``()``."""
        top = max(n for _, n in self.counts)
        leaders = tuple(c for c, n in self.counts if n == top)
        return leaders if len(leaders) > 1 else ()

    @property
    def tie(self) -> bool:
        """Whether two or more candidates share the top count."""
        return bool(self.tied)

    @property
    def winner(self) -> str | None:
        """The one candidate with the most votes, ``None`` on a tie."""
        if self.tie:
            return None
        return max(self.counts, key=lambda item: item[1])[0]


def tally(candidates: Sequence[str], votes: Iterable[str]) -> Tally:
    """Count ``votes`` for ``candidates``; a vote for anyone else is a ``ValueError`` (a defect)."""
    counted = Counter(votes)
    strangers = sorted(set(counted) - set(candidates))
    if strangers:
        raise ValueError(f"ballots for someone not on the ballot: {', '.join(strangers)}")
    return Tally(counts=tuple((c, counted.get(c, 0)) for c in candidates))


def runoff_candidates(result: Tally) -> tuple[str, ...]:
    """The candidates of a run-off: the tied at the top; a clear result is refused."""
    if not result.tie:
        raise InputError("election_id", _("there is no tie: this ballot has a winner, no run-off "
                                          "is needed"))
    return result.tied


@attrs.frozen
class CountsCheck:
    """The check shown with the result: ballots counted == codes used <= members present."""

    ok: bool
    ballots: int
    codes_used: int
    present: int


def counts_check(ballots: int, codes_used: int, present: int) -> CountsCheck:
    """Whether ``ballots == codes_used <= present``, with the three numbers."""
    return CountsCheck(ok=ballots == codes_used <= present, ballots=ballots,
                       codes_used=codes_used, present=present)
