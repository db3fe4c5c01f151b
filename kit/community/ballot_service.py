"""The secret ballot of a board role, stored in the workspace: open, issue codes, vote, close.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction; a refused input
is an :class:`~kit.problems.InputError` naming the field (``election_id``, ``code``,
``receipt``, ``candidate``, ``participant_id``, ``count``…) with one translated line, and nothing
is written. The rules and the design are in :mod:`kit.community.ballot`; the tables in
:mod:`kit.community.ballot_tables`.

A web handler calls :func:`vote_with_code` with what a phone sent (the election id, the code as
typed, the candidate and, to change a vote, the receipt it was given), or :func:`vote_as_member`
with the participant id of a signed-in member. It should limit attempts per client: a code has
31^8 (about 8.5 x 10^11) possible values, the kit's classroom PIN limiter is the model.

Every vote takes the write lock up front (SQLite ``BEGIN IMMEDIATE``; the election row ``FOR
UPDATE`` on PostgreSQL), so two phones sending the same code at once count once, and a vote
cannot slip in while the election closes. On SQLite the kit's writes here run with
``secure_delete`` on, and closing ends with a WAL checkpoint that empties the journal, so the
deleted secret and the replaced ballots are not left readable in the file. (On PostgreSQL old
row versions stay until ``VACUUM``.)

:func:`seat_winner` seats the decided winner on the board through
:func:`kit.community.service.seat` (``method="ballot"``, or ``musyawarah`` with who agreed when a
tie was settled by consensus), naming the election.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from kit.community import ballot_tables as t
from kit.community import evidence
from kit.community import service as community_service
from kit.community.ballot import (
    VOTERS,
    CountsCheck,
    Tally,
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
from kit.community.record import check_role
from kit.community.tables import community
from kit.i18n import _
from kit.problems import InputError
from kit.records.clock import now
from kit.workspace import Workspace, reading, writing

__all__ = ["Election", "Result", "close", "decide_by_musyawarah", "get_election", "issue_codes",
           "issue_slips", "list_elections", "open_election", "open_runoff", "result",
           "seat_winner", "vote_as_member", "vote_with_code", "voted_count"]

OPEN = "open"
CLOSED = "closed"


@attrs.frozen
class Election:
    """One election as stored (never its secret)."""

    id: str
    community_id: str
    role: str
    candidates: tuple[str, ...]
    tie_rule: str
    voters: str
    members_present: int
    status: str
    parent_id: str | None
    codes_issued: int
    members: tuple[str, ...]


@attrs.frozen
class Result:
    """A closed election: the tally, the sorted receipts, the counts check and the decision.

    ``decided_by`` is ``ballot`` (a clear winner), ``runoff`` (decided by the run-off
    ``runoff_id``, or this is a run-off with a winner), ``musyawarah`` (a tie settled by
    consensus, ``agreed_by`` who agreed) or ``None`` (a tie not settled yet).
    """

    election: Election
    tally: Tally
    receipts: tuple[str, ...]
    counts: CountsCheck
    decided_by: str | None
    winner_id: str | None
    agreed_by: tuple[str, ...]
    runoff_id: str | None


def _grouped(plain: str) -> str:
    return "-".join(plain[i:i + 4] for i in range(0, len(plain), 4))


def _secure(conn: sa.Connection) -> None:
    """Overwrite deleted content with zeros on SQLite (the secret, replaced ballots)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete = ON")


def _checkpoint(ws: Workspace) -> None:
    """Copy the WAL into the file and empty it (best effort), so old pages do not linger."""
    if ws.engine.dialect.name != "sqlite":
        return
    raw = ws.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA secure_delete = ON")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.close()
    finally:
        raw.close()


def _unknown(election_id: str) -> InputError:
    return InputError("election_id", _("there is no ballot {id!r}").format(id=election_id))


def _load(conn: sa.Connection, election_id: str, *, lock: bool = False) -> sa.Row[Any]:
    query = sa.select(t.election).where(t.election.c.id == election_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise _unknown(election_id)
    return row


def _election(conn: sa.Connection, row: sa.Row[Any]) -> Election:
    names = conn.execute(sa.select(t.candidate.c.participant_id)
                         .where(t.candidate.c.election_id == row.id)
                         .order_by(t.candidate.c.position)).scalars().all()
    members = conn.execute(sa.select(t.roll.c.participant_id)
                           .where(t.roll.c.election_id == row.id)
                           .order_by(t.roll.c.participant_id)).scalars().all()
    return Election(id=row.id, community_id=row.community_id, role=row.role,
                    candidates=tuple(names), tie_rule=row.tie_rule, voters=row.voters,
                    members_present=row.members_present, status=row.status,
                    parent_id=row.parent_id, codes_issued=row.codes_issued,
                    members=tuple(members))


def _clean_ids(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        clean = value.strip()
        if clean and clean not in out:
            out.append(clean)
    return tuple(out)


def _insert_election(conn: sa.Connection, *, community_id: str, role: str,
                     candidates: tuple[str, ...], tie_rule: str, voters: str, present: int,
                     members: tuple[str, ...], parent_id: str | None) -> str:
    election_id = "bl" + secrets.token_hex(6)
    conn.execute(t.election.insert().values(
        id=election_id, community_id=community_id, role=role, tie_rule=tie_rule, voters=voters,
        members_present=present, status=OPEN, parent_id=parent_id, secret=new_secret(),
        codes_issued=0, opened_at=now()))
    conn.execute(t.candidate.insert(), [
        {"election_id": election_id, "participant_id": c, "position": n}
        for n, c in enumerate(candidates)])
    if members:
        conn.execute(t.roll.insert(), [{"election_id": election_id, "participant_id": m}
                                       for m in members])
    return election_id


def open_election(ws: Workspace, community_id: str, role: str, candidates: Sequence[str], *,
                  present: int, tie_rule: str, voters: str = "codes",
                  members: Iterable[str] = ()) -> Election:
    """Open the ballot of ``role`` in a community and return it.

    ``candidates`` are the accepted nominees' participant ids; ``present`` the members present;
    ``tie_rule`` ``runoff`` or ``musyawarah``, chosen now; ``voters`` ``codes`` (slips, see
    :func:`issue_codes`) or ``members`` (signed in; ``members`` is then the community's member
    list). When ``members`` is given the candidates must be members and ``present`` at most
    their number. Only one election per role of a community is open at a time.
    """
    names = check_candidates(candidates)
    rule = check_tie_rule(tie_rule)
    clean_role = check_role(role)
    way = voters.strip().lower()
    if way not in VOTERS:
        raise InputError("voters", _("the voters must be {choices}, not {value!r}").format(
            choices=_(" or ").join(VOTERS), value=voters))
    roll = _clean_ids(members)
    if way == "members" and not roll:
        raise InputError("members", _("a ballot of signed-in members needs the member list"))
    if roll:
        strangers = [c for c in names if c not in roll]
        if strangers:
            raise InputError("candidates", _("a candidate is not a member: {ids}").format(
                ids=", ".join(strangers)))
    if isinstance(present, bool) or not isinstance(present, int) or present < 1:
        raise InputError("present", _("the number of members present must be at least 1"))
    if roll and present > len(roll):
        raise InputError("present", _("{present} present, but the community has {n} members"
                                      ).format(present=present, n=len(roll)))
    with writing(ws) as conn:
        if conn.execute(sa.select(community.c.id).where(community.c.id == community_id)
                        ).first() is None:
            raise InputError("community_id", _("there is no community {id!r}").format(
                id=community_id))
        busy = conn.execute(sa.select(t.election.c.id).where(
            t.election.c.community_id == community_id, t.election.c.role == clean_role,
            t.election.c.status == OPEN)).first()
        if busy is not None:
            raise InputError("role", _("the ballot {id} for this role is still open; close it "
                                       "first").format(id=busy.id))
        election_id = _insert_election(conn, community_id=community_id, role=clean_role,
                                       candidates=names, tie_rule=rule, voters=way,
                                       present=present, members=roll, parent_id=None)
        return _election(conn, _load(conn, election_id))


def get_election(ws: Workspace, election_id: str) -> Election:
    """The election with this id; an unknown id is refused on ``election_id``."""
    with reading(ws) as conn:
        return _election(conn, _load(conn, election_id))


def list_elections(ws: Workspace, community_id: str) -> list[Election]:
    """The community's elections, in the order they were opened."""
    with reading(ws) as conn:
        rows = conn.execute(sa.select(t.election)
                            .where(t.election.c.community_id == community_id)
                            .order_by(t.election.c.opened_at, t.election.c.id)).all()
        return [_election(conn, r) for r in rows]


def _must_be_open(row: sa.Row[Any]) -> None:
    if row.status != OPEN:
        raise InputError("election_id", _("the ballot {id} is closed: it takes no more votes "
                                          "or codes").format(id=row.id))


def issue_slips(ws: Workspace, election_ids: Sequence[str], count: int) -> list[dict[str, str]]:
    """Make ``count`` slips, each with one new code per election (``{election id: code}``).

    The plain codes are returned this once (to print and hand out from a shuffled pile); only
    their keyed hashes are stored. Each election must be open and voted by codes, and its codes
    issued never exceed its members present.
    """
    ids = _clean_ids(election_ids)
    if not ids:
        raise InputError("election_id", _("no ballot given"))
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InputError("count", _("the number of codes must be at least 1"))
    slips: list[dict[str, str]] = [{} for _ in range(count)]
    with writing(ws) as conn:
        _secure(conn)
        for election_id in ids:
            row = _load(conn, election_id, lock=True)
            _must_be_open(row)
            if row.voters != "codes":
                raise InputError("election_id", _("the ballot {id} is voted by signed-in "
                                                  "members, not by codes").format(id=row.id))
            if row.codes_issued + count > row.members_present:
                raise InputError("count", _(
                    "{count} more codes would exceed the {present} members present "
                    "({issued} issued already)").format(
                        count=count, present=row.members_present, issued=row.codes_issued))
            made: set[str] = set()
            while len(made) < count:
                made.add(new_code())
            keys = [code_key(row.secret, c.replace("-", "")) for c in made]
            taken = set(conn.execute(sa.select(t.code.c.code_key).where(
                t.code.c.election_id == row.id, t.code.c.code_key.in_(keys))).scalars())
            if taken:  # pragma: no cover - 1 in 10^11 per code; try again rather than reuse
                raise InputError("count", _("a code came out twice; issue the codes again"))
            conn.execute(t.code.insert(), [{"election_id": row.id, "code_key": k}
                                           for k in keys])
            conn.execute(t.election.update().where(t.election.c.id == row.id).values(
                codes_issued=row.codes_issued + count))
            for slip, made_code in zip(slips, sorted(made), strict=True):
                slip[row.id] = made_code
    # The slips are handed out shuffled; do not let their order follow the sorted codes.
    secrets.SystemRandom().shuffle(slips)
    return slips


def issue_codes(ws: Workspace, election_id: str, count: int) -> list[str]:
    """``count`` new one-time codes for one election (see :func:`issue_slips`), shown once."""
    return [slip[election_id] for slip in issue_slips(ws, [election_id], count)]


def _new_receipt(conn: sa.Connection) -> str:
    while True:
        plain = new_receipt().replace("-", "")
        if conn.execute(sa.select(t.ballot.c.receipt).where(t.ballot.c.receipt == plain)
                        ).first() is None:
            return plain


def _cast(conn: sa.Connection, row: sa.Row[Any], voter_key: str, voter_field: str,
          candidate: str, receipt: str | None) -> str:
    """Record or replace the voter's ballot; return the new receipt, grouped."""
    chosen = candidate.strip()
    on_ballot = conn.execute(sa.select(t.candidate.c.participant_id).where(
        t.candidate.c.election_id == row.id, t.candidate.c.participant_id == chosen)).first()
    if on_ballot is None:
        raise InputError("candidate", _("{id!r} is not a candidate on this ballot").format(
            id=candidate))
    key = ballot_key(row.secret, voter_key)
    has_voted = conn.execute(sa.select(t.voted.c.voter_key).where(
        t.voted.c.election_id == row.id, t.voted.c.voter_key == voter_key)).first() is not None
    if receipt is None:
        if has_voted:
            if voter_field == "code":
                message = _("this code has been used; to change your vote, give the code "
                            "with the receipt of your last vote")
            else:
                message = _("you have voted already; to change your vote, give the receipt "
                            "of your last vote")
            raise InputError(voter_field, message)
        if row.voters == "members" and conn.execute(
                sa.select(sa.func.count()).select_from(t.voted)
                .where(t.voted.c.election_id == row.id)).scalar_one() >= row.members_present:
            raise InputError(voter_field, _("all {present} members present have voted; a "
                                            "further vote would exceed them").format(
                                                present=row.members_present))
        conn.execute(t.voted.insert().values(election_id=row.id, voter_key=voter_key))
    else:
        given = normalise_receipt(receipt)
        current = conn.execute(sa.select(t.ballot.c.receipt).where(
            t.ballot.c.election_id == row.id, t.ballot.c.ballot_key == key)).scalar_one_or_none()
        if not has_voted or current is None or not secrets.compare_digest(current, given):
            raise InputError("receipt", _("this receipt is not the one of your last vote; only "
                                          "the newest receipt can change a vote"))
        conn.execute(t.ballot.delete().where(t.ballot.c.receipt == current))
    fresh = _new_receipt(conn)
    conn.execute(t.ballot.insert().values(receipt=fresh, election_id=row.id, ballot_key=key,
                                          candidate_id=chosen))
    return _grouped(fresh)


def vote_with_code(ws: Workspace, election_id: str, code: str, candidate: str,
                   receipt: str | None = None) -> str:
    """Vote with a one-time code (as typed) for ``candidate``; return the ballot's receipt.

    The first vote with a code needs no receipt. To change it before closing ("ubah suara"),
    give the code AND the receipt of the last vote: the ballot is replaced, a new receipt
    returned, and the old receipt no longer counts. Anything else is refused.
    """
    plain = normalise_code(code)
    with writing(ws) as conn:
        _secure(conn)
        row = _load(conn, election_id, lock=True)
        _must_be_open(row)
        if row.voters != "codes":
            raise InputError("election_id", _("the ballot {id} is voted by signed-in members, "
                                              "not by codes").format(id=row.id))
        key = code_key(row.secret, plain)
        issued = conn.execute(sa.select(t.code.c.code_key).where(
            t.code.c.election_id == row.id, t.code.c.code_key == key)).first()
        if issued is None:
            raise InputError("code", _("this code was not issued for this ballot; check it "
                                       "against your slip"))
        return _cast(conn, row, key, "code", candidate, receipt)


def vote_as_member(ws: Workspace, election_id: str, participant_id: str, candidate: str,
                   receipt: str | None = None) -> str:
    """Vote as the signed-in member ``participant_id``; return the ballot's receipt.

    Only a member on the election's roll may vote; a change needs the receipt of the last vote,
    as with a code.
    """
    who = participant_id.strip()
    with writing(ws) as conn:
        _secure(conn)
        row = _load(conn, election_id, lock=True)
        _must_be_open(row)
        if row.voters != "members":
            raise InputError("election_id", _("the ballot {id} is voted with codes from the "
                                              "slips").format(id=row.id))
        on_roll = conn.execute(sa.select(t.roll.c.participant_id).where(
            t.roll.c.election_id == row.id, t.roll.c.participant_id == who)).first()
        if on_roll is None:
            raise InputError("participant_id", _("{id!r} is not a member of this community and "
                                                 "cannot vote").format(id=participant_id))
        given = _cast(conn, row, member_key(row.secret, who), "participant_id", candidate,
                      receipt)
        community_id, role = row.community_id, row.role
    if receipt is None:  # the first vote, committed: the member took part (never whom for)
        evidence.record_action(ws, who, "vote", community_id=community_id, role=role)
    return given


def voted_count(ws: Workspace, election_id: str) -> int:
    """How many have voted so far (a changed vote counts once): all there is before closing."""
    with reading(ws) as conn:
        _load(conn, election_id)
        return int(conn.execute(sa.select(sa.func.count()).select_from(t.voted)
                                .where(t.voted.c.election_id == election_id)).scalar_one())


def _result(conn: sa.Connection, row: sa.Row[Any]) -> Result:
    election = _election(conn, row)
    ballots = conn.execute(sa.select(t.ballot.c.receipt, t.ballot.c.candidate_id)
                           .where(t.ballot.c.election_id == row.id)).all()
    used = int(conn.execute(sa.select(sa.func.count()).select_from(t.voted)
                            .where(t.voted.c.election_id == row.id)).scalar_one())
    child = conn.execute(sa.select(t.election.c.id).where(t.election.c.parent_id == row.id)
                         ).scalar_one_or_none()
    return Result(
        election=election, tally=tally(election.candidates, [b.candidate_id for b in ballots]),
        receipts=tuple(sorted(_grouped(b.receipt) for b in ballots)),
        counts=counts_check(len(ballots), used, row.members_present),
        decided_by=row.decided_by, winner_id=row.winner_id,
        agreed_by=tuple(row.agreed_by or ()), runoff_id=child)


def close(ws: Workspace, election_id: str) -> Result:
    """Close the ballot: write the tally, unlink every ballot, delete the secret; the result.

    A clear winner is recorded as decided by ``ballot`` (``runoff`` for a run-off, whose parent
    then records the winner too). Closing twice is refused.
    """
    with writing(ws) as conn:
        _secure(conn)
        row = _load(conn, election_id, lock=True)
        if row.status != OPEN:
            raise InputError("election_id", _("the ballot {id} is closed already").format(
                id=row.id))
        found = _result(conn, row)
        for candidate_id, votes in found.tally.counts:
            conn.execute(t.candidate.update().where(
                t.candidate.c.election_id == row.id,
                t.candidate.c.participant_id == candidate_id).values(votes=votes))
        winner = found.tally.winner
        decided = None if winner is None else ("runoff" if row.parent_id else "ballot")
        conn.execute(t.ballot.update().where(t.ballot.c.election_id == row.id)
                     .values(ballot_key=None))
        conn.execute(t.code.delete().where(t.code.c.election_id == row.id))
        conn.execute(t.election.update().where(t.election.c.id == row.id).values(
            status=CLOSED, secret=None, closed_at=now(), ballots_counted=found.counts.ballots,
            voters_counted=found.counts.codes_used, decided_by=decided, winner_id=winner))
        parent_id = row.parent_id if winner is not None else None
        while parent_id is not None:  # a run-off's winner decides every round above it
            conn.execute(t.election.update().where(t.election.c.id == parent_id).values(
                decided_by="runoff", winner_id=winner))
            parent_id = _load(conn, parent_id).parent_id
        closed = _result(conn, _load(conn, election_id))
    _checkpoint(ws)
    return closed


def result(ws: Workspace, election_id: str) -> Result:
    """The result of a closed ballot; while it is open only :func:`voted_count` is available."""
    with reading(ws) as conn:
        row = _load(conn, election_id)
        if row.status == OPEN:
            voted = conn.execute(sa.select(sa.func.count()).select_from(t.voted)
                                 .where(t.voted.c.election_id == row.id)).scalar_one()
            raise InputError("election_id", _(
                "the ballot is still open: {voted} of {present} members present have voted; "
                "the tally is shown after closing").format(
                    voted=voted, present=row.members_present))
        return _result(conn, row)


def _closed_tie(conn: sa.Connection, election_id: str, rule: str) -> tuple[sa.Row[Any], Result]:
    row = _load(conn, election_id, lock=True)
    if row.status == OPEN:
        raise InputError("election_id", _("close the ballot {id} first").format(id=row.id))
    found = _result(conn, row)
    runoff_candidates(found.tally)
    if row.decided_by is not None or found.runoff_id is not None:
        raise InputError("election_id", _("the tie of ballot {id} has been settled already"
                                          ).format(id=row.id))
    if row.tie_rule != rule:
        raise InputError("election_id", _("the tie rule of ballot {id} is {rule}, chosen before "
                                          "voting").format(id=row.id, rule=row.tie_rule))
    return row, found


def open_runoff(ws: Workspace, election_id: str) -> Election:
    """Open the run-off of a closed, tied ballot whose tie rule is ``runoff``, among the tied.

    The run-off keeps the role, the way of voting, the members present and the roll; a ballot
    by codes needs new codes (:func:`issue_codes`): the first round's codes are not valid.
    """
    with writing(ws) as conn:
        row, found = _closed_tie(conn, election_id, "runoff")
        child = _insert_election(
            conn, community_id=row.community_id, role=row.role, candidates=found.tally.tied,
            tie_rule=row.tie_rule, voters=row.voters, present=row.members_present,
            members=found.election.members, parent_id=row.id)
        return _election(conn, _load(conn, child))


def _decide(conn: sa.Connection, election_id: str, chosen: str, agreed_by: Iterable[str]
            ) -> sa.Row[Any]:
    agreed = _clean_ids(agreed_by)
    who = chosen.strip()
    row, found = _closed_tie(conn, election_id, "musyawarah")
    if who not in found.tally.tied:
        raise InputError("chosen", _("{id!r} is not one of the tied candidates: {tied}"
                                     ).format(id=chosen, tied=", ".join(found.tally.tied)))
    if not agreed:
        raise InputError("agreed_by", _("write who agreed to the musyawarah"))
    conn.execute(t.election.update().where(t.election.c.id == row.id).values(
        decided_by="musyawarah", winner_id=who, agreed_by=list(agreed)))
    return _load(conn, election_id)


def decide_by_musyawarah(ws: Workspace, election_id: str, chosen: str,
                         agreed_by: Iterable[str]) -> Result:
    """Record the musyawarah's choice among the tied of a closed ballot, and who agreed.

    The ballot's tie rule must be ``musyawarah``; ``chosen`` must be one of the tied.
    """
    with writing(ws) as conn:
        return _result(conn, _decide(conn, election_id, chosen, agreed_by))


def seat_by_musyawarah(ws: Workspace, election_id: str, chosen: str,
                       agreed_by: Iterable[str]) -> Result:
    """Record the musyawarah's choice (:func:`decide_by_musyawarah`) and seat that person.

    Both in ONE transaction: a choice the board refuses (the person holds another role, the
    role is filled) records nothing, so the tie stays open for another choice.
    """
    with writing(ws) as conn:
        row = _decide(conn, election_id, chosen, agreed_by)
        made = community_service.seat_in(
            conn, row.community_id, row.role, row.winner_id, "musyawarah", row.id,
            tuple(row.agreed_by or ()))
        decided = _result(conn, row)
    community_service.seat_evidence(ws, row.community_id, made)
    return decided


def seat_winner(ws: Workspace, election_id: str) -> community_service.Seat:
    """Seat the decided winner of a closed ballot in its role on the community's board.

    The method is ``ballot`` (a clear winner, or the winner of its run-off) or ``musyawarah``
    (a tie settled by consensus, with who agreed); the seat names this election. A ballot whose
    tie is not settled yet is refused; the board's own rules (one person, one role; a role
    filled once) are :func:`kit.community.service.seat`'s.
    """
    decided = result(ws, election_id)
    if decided.winner_id is None:
        raise InputError("election_id", _("the ballot {id} has no winner yet: settle its tie "
                                          "first").format(id=election_id))
    method = "musyawarah" if decided.decided_by == "musyawarah" else "ballot"
    return community_service.seat(ws, decided.election.community_id, decided.election.role,
                                  decided.winner_id, method=method, election_id=election_id,
                                  agreed_by=decided.agreed_by)
