"""The community's work programme (*program kerja*, guide §2.2.5): the members' proposals ranked.

Each participant writes proposals in the komunitas module's "usulan program kerja" tool
(:mod:`kit.modules.komunitas`); every save appends a ``tool`` evidence row whose state holds the
participant's whole list (``{"proposals": [{"kind", "what", "why", "who", "when", …}]}``).

The rules here are pure:

- :func:`merge` gathers the proposals of the members, merging the same proposal (same kind and
  the same text once case, spaces and end punctuation are ignored) proposed by several members;
- the items are ranked by how many members proposed them, ties by kind (alphabetically) and
  then by which was proposed first;
- :func:`split` makes the programme: the top ``top`` items are the priority programme and the
  rest the non-priority programme, unless the facilitator names the priority items by their
  rank (the members' consensus).

:func:`community_programme` reads the stored proposals of a community's members and returns its
:class:`Programme`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.problems import InputError
from kit.storage import schema
from kit.workspace import Workspace, reading

MODULE = "komunitas"
TOOL = "usulan_program"
DEFAULT_TOP = 3
_END_PUNCTUATION = ".,;:!?-–— "


@attrs.frozen
class Proposal:
    """One member's proposal as saved: who proposed it, its kind and what it is."""

    participant_id: str
    kind: str
    what: str


@attrs.frozen
class ProgrammeItem:
    """A merged proposal: its rank, kind, text, the members who proposed it, whether priority."""

    rank: int
    kind: str
    what: str
    proposers: tuple[str, ...]
    priority: bool

    def as_dict(self) -> dict[str, Any]:
        """The item as a JSON-ready dict (``id`` is its rank)."""
        return {"id": self.rank, "rank": self.rank, "kind": self.kind, "what": self.what,
                "proposed_by": list(self.proposers), "members": len(self.proposers),
                "priority": self.priority}


@attrs.frozen
class Programme:
    """The work programme: the priority items, then the non-priority ones, each in rank order."""

    priority: tuple[ProgrammeItem, ...]
    non_priority: tuple[ProgrammeItem, ...]

    @property
    def items(self) -> tuple[ProgrammeItem, ...]:
        """Every item in rank order."""
        return tuple(sorted((*self.priority, *self.non_priority), key=lambda i: i.rank))

    def as_dict(self) -> dict[str, Any]:
        """The programme as a JSON-ready dict."""
        return {"priority": [i.as_dict() for i in self.priority],
                "non_priority": [i.as_dict() for i in self.non_priority]}


def normalise(text: str) -> str:
    """The text compared when merging: case-folded, one space between words, no end stop."""
    return " ".join(text.split()).casefold().strip(_END_PUNCTUATION)


def merge(proposals: Iterable[Proposal]) -> tuple[ProgrammeItem, ...]:
    """Merge the same proposals (kind and normalised text) and rank them.

    ``proposals`` come in the order they were first proposed. The rank is by the number of
    members who proposed an item (most first), then by kind, then by first proposed. An empty
    text is skipped; a member proposing the same item twice counts once.
    """
    found: dict[tuple[str, str], tuple[int, str, list[str]]] = {}
    for order, proposal in enumerate(proposals):
        what = " ".join(proposal.what.split())
        key = (proposal.kind.strip(), normalise(what))
        if not key[1]:
            continue
        if key not in found:
            found[key] = (order, what, [])
        who = found[key][2]
        if proposal.participant_id not in who:
            who.append(proposal.participant_id)
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1][2]), kv[0][0], kv[1][0]))
    return tuple(ProgrammeItem(rank=n, kind=kind, what=what, proposers=tuple(who),
                               priority=False)
                 for n, ((kind, _key), (_order, what, who)) in enumerate(ranked, 1))


def split(items: Sequence[ProgrammeItem], top: int = DEFAULT_TOP,
          chosen: Sequence[int] | None = None) -> Programme:
    """Priority and non-priority: the first ``top`` ranks, or the ranks in ``chosen``.

    ``chosen`` is the facilitator's record of the members' consensus, by rank; an unknown rank
    is refused on ``priority``, a ``top`` below 1 on ``top``.
    """
    if chosen is not None:
        known = {i.rank for i in items}
        wrong = [n for n in chosen if n not in known]
        if wrong or not chosen:
            raise InputError("priority", _("the programme has items 1 to {n}; {value} is not "
                                           "one of them").format(
                n=len(items), value=", ".join(str(n) for n in wrong) or "-"))
        wanted = set(chosen)
    else:
        if top < 1:
            raise InputError("top", _("the number of priority items must be at least 1"))
        wanted = {i.rank for i in items if i.rank <= top}
    marked = [attrs.evolve(i, priority=i.rank in wanted) for i in items]
    return Programme(priority=tuple(i for i in marked if i.priority),
                     non_priority=tuple(i for i in marked if not i.priority))


def stored_proposals(ws: Workspace, participant_ids: Iterable[str]) -> list[Proposal]:
    """The proposals the participants have saved now, in the order they were first proposed."""
    wanted = set(participant_ids)
    if not wanted:
        return []
    e = schema.evidence
    with reading(ws) as conn:
        rows = conn.execute(sa.select(e.c.id, e.c.participant_id, e.c.payload).where(
            e.c.kind == "tool", e.c.participant_id.in_(sorted(wanted))).order_by(e.c.id)).all()
    latest: dict[str, list[dict[str, Any]]] = {}
    first_seen: dict[tuple[str, str, str], tuple[int, int]] = {}
    for row in rows:
        payload = row.payload
        if not isinstance(payload, dict) or payload.get("module") != MODULE \
                or payload.get("tool") != TOOL:
            continue
        state = payload.get("state") or {}
        saved = [p for p in state.get("proposals", []) if isinstance(p, dict)]
        latest[row.participant_id] = saved
        for n, p in enumerate(saved):
            key = (row.participant_id, str(p.get("kind", "")), normalise(str(p.get("what", ""))))
            first_seen.setdefault(key, (row.id, n))
    current: list[tuple[tuple[int, int], Proposal]] = []
    for pid, saved in latest.items():
        for p in saved:
            kind, what = str(p.get("kind", "")), str(p.get("what", ""))
            current.append((first_seen[(pid, kind, normalise(what))],
                            Proposal(participant_id=pid, kind=kind, what=what)))
    return [p for _order, p in sorted(current, key=lambda c: c[0])]


def community_programme(ws: Workspace, community_id: str, top: int = DEFAULT_TOP,
                        chosen: Sequence[int] | None = None) -> Programme:
    """The work programme of a community from its members' saved proposals (see :func:`split`).

    An unknown community is refused on ``id``.
    """
    from kit.community import service

    members = [m.id for m in service.show(ws, community_id).members]
    return split(merge(stored_proposals(ws, members)), top, chosen)
