"""What the ballot pages show: the open ballots a phone may vote in, and the projector's view.

The classroom's ballot pages (:mod:`kit.classroom.ballot_pages`) show people's names and
programmes, never ids; this module joins the ballot (:mod:`kit.community.ballot_service`) with
the community record (:mod:`kit.community.service`) into plain views, and holds the two steps
the projector takes: closing a ballot (and seating a clear winner on the board) and opening a
run-off. Before a ballot closes its view carries only how many have voted (``voted``), never a
count per candidate: the tally exists only in :class:`ClosedBallot`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from kit.community import ballot_service, service
from kit.community.ballot import CountsCheck
from kit.community.record import role_label
from kit.i18n import _
from kit.problems import InputError
from kit.workspace import Workspace


@attrs.frozen
class Candidate:
    """A candidate as a phone shows them: the id the form sends, the name and the programme."""

    id: str
    name: str
    programme: str


@attrs.frozen
class OpenBallot:
    """An open ballot: what a voter chooses from, and how many have voted so far."""

    id: str
    community_id: str
    community_name: str
    role: str
    role_label: str
    candidates: tuple[Candidate, ...]
    voters: str
    members: tuple[str, ...]
    present: int
    voted: int
    runoff: bool

    def may_vote(self, participant_id: str | None) -> bool:
        """Whether a signed-in participant is on this ballot's roll (ballots of members)."""
        return self.voters == "members" and participant_id is not None \
            and participant_id in self.members


@attrs.frozen
class ClosedBallot:
    """A closed ballot: the tally by name, the receipts, the counts check and the decision."""

    id: str
    community_name: str
    role_label: str
    rows: tuple[tuple[str, int], ...]
    receipts: tuple[str, ...]
    counts: CountsCheck
    tie: bool
    tied: tuple[str, ...]
    tie_rule: str
    decided_by: str | None
    winner: str | None
    runoff_id: str | None
    runoff: bool

    @property
    def needs_runoff(self) -> bool:
        """A tie whose rule is a run-off and whose run-off has not been opened yet."""
        return self.tie and self.tie_rule == "runoff" and self.runoff_id is None \
            and self.decided_by is None


@attrs.frozen
class Board:
    """Every ballot of the workspace: the open ones and the closed ones, newest last."""

    open: tuple[OpenBallot, ...]
    closed: tuple[ClosedBallot, ...]


def _names(ws: Workspace, community_id: str) -> tuple[str, Mapping[str, str], Mapping[str, str]]:
    """The community's name, its members' names and the accepted candidates' programmes."""
    record = service.show(ws, community_id)
    names = {m.id: m.name for m in record.members}
    programmes: dict[str, str] = {}
    for nomination in record.nominations:
        names.setdefault(nomination.nominee_id, nomination.nominee_name)
        if nomination.status == "accepted":
            programmes[f"{nomination.role}:{nomination.nominee_id}"] = nomination.programme
    return record.community.name, names, programmes


def board(ws: Workspace) -> Board:
    """The ballots of every community of the workspace, for the projector and the phones."""
    opened: list[OpenBallot] = []
    closed: list[ClosedBallot] = []
    for community in service.list_communities(ws):
        elections = ballot_service.list_elections(ws, community.id)
        if not elections:
            continue
        name, names, programmes = _names(ws, community.id)
        for election in elections:
            if election.status == ballot_service.OPEN:
                opened.append(OpenBallot(
                    id=election.id, community_id=community.id, community_name=name,
                    role=election.role, role_label=role_label(election.role),
                    candidates=tuple(Candidate(
                        id=c, name=names.get(c, c),
                        programme=programmes.get(f"{election.role}:{c}", ""))
                        for c in election.candidates),
                    voters=election.voters, members=election.members,
                    present=election.members_present,
                    voted=ballot_service.voted_count(ws, election.id),
                    runoff=election.parent_id is not None))
                continue
            found = ballot_service.result(ws, election.id)
            closed.append(ClosedBallot(
                id=election.id, community_name=name, role_label=role_label(election.role),
                rows=tuple((names.get(c, c), n) for c, n in found.tally.counts),
                receipts=found.receipts, counts=found.counts, tie=found.tally.tie,
                tied=tuple(names.get(c, c) for c in found.tally.tied),
                tie_rule=election.tie_rule, decided_by=found.decided_by,
                winner=names.get(found.winner_id, found.winner_id) if found.winner_id else None,
                runoff_id=found.runoff_id, runoff=election.parent_id is not None))
    return Board(open=tuple(opened), closed=tuple(closed))


def open_ballot(ws: Workspace, election_id: str) -> OpenBallot:
    """The open ballot ``election_id``; a closed or unknown one is refused on ``election_id``."""
    for ballot in board(ws).open:
        if ballot.id == election_id:
            return ballot
    ballot_service.get_election(ws, election_id)  # an unknown id: its own message
    raise InputError("election_id", _("this ballot is closed: it takes no more votes"))


def close_and_seat(ws: Workspace, election_id: str) -> ballot_service.Result:
    """Close the ballot; a clear winner takes the role on the community's board.

    A run-off's winner is seated with the run-off as the deciding ballot. A tie is left for the
    run-off or the musyawarah its rule named before voting.
    """
    closed = ballot_service.close(ws, election_id)
    if closed.winner_id is not None:
        ballot_service.seat_winner(ws, election_id)
    return closed


def seat_musyawarah(ws: Workspace, election_id: str, chosen: str,
                    agreed_by: tuple[str, ...]) -> ballot_service.Result:
    """Record the musyawarah's choice among the tied of a closed ballot and seat that person.

    One transaction: a choice the board refuses records nothing (the tie stays open).
    """
    return ballot_service.seat_by_musyawarah(ws, election_id, chosen, agreed_by)
