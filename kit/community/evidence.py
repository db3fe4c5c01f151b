"""Table 5.3 evidence from what members do in the community's election (issue 15).

The komunitas items of Table 5.3 are recorded where the action itself is the evidence, as the
modules and the sandbox record theirs (:func:`kit.assess.dual_write.record_module_score`:
source ``autograde`` in ``kit_score`` and the gradebook's auto score, one transaction):

* ``kom_pemilihan_pengurus`` ("takes an active part in the election and proposes the best
  candidates"): a member who nominates someone (themself included), a nominee who accepts, a
  member who agrees to a musyawarah decision, and a signed-in member who votes in a ballot of
  members (the first vote only; a changed vote is the same participation);
* ``kom_pelantikan``: each board member when seated (by musyawarah or by ballot).

The level is the rubric's level for "achieved" (``achieved_min_level``). A level the
participant already has at or above it is never lowered: nothing is written then, so repeating
an action writes nothing twice. A facilitator's judgement of the item stands, as for every
``autograde`` level (the action is then kept as evidence only).

Sessions: the community's actions happen outside a checked-in session (a ballot may run days
after the komunitas session), and the score log does not need one, so the level is recorded
with no session and no facilitator name (``recorded_by`` stays empty: the action is the
evidence). A member is a participant of the workspace (admission checks it), so a member who
never attended a komunitas session still gets the evidence of what they did. Someone who is not
a participant of the workspace at all (a roll typed by hand) gets nothing: a warning is logged
and the action stands.

Secrecy of the ballot: a vote's evidence is written only for a signed-in member (a code voter
is anonymous: nothing is recorded), after the vote's own transaction has committed, in a
separate transaction. It says that the member took part in the election of a role of the
community, never the election's ballot, the candidate or the receipt; the ballot table has no
time column, so the score's time links to no ballot. (The score log does keep the order in which
members first took part, as it does for every action.)

Recording is best effort for the caller: :func:`record_action` logs a failure and returns
``None``, so a vote or a seat already committed is never lost because its evidence could not be
written.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from kit.framework import framework
from kit.i18n import _
from kit.records.participants import get_participant
from kit.records.scores import ScoreEntry, latest_scores
from kit.storage.db import read_tx
from kit.workspace import Workspace

log = logging.getLogger(__name__)

ELECTION_ITEM: Final = "kom_pemilihan_pengurus"
INAUGURATION_ITEM: Final = "kom_pelantikan"

# action → the Table 5.3 item it is evidence of
ITEMS: Final[dict[str, str]] = {
    "nominate": ELECTION_ITEM,
    "accept": ELECTION_ITEM,
    "agree": ELECTION_ITEM,
    "vote": ELECTION_ITEM,
    "seated": INAUGURATION_ITEM,
}


def note_for(action: str, role_label: str) -> str:
    """The score's note: which action was the evidence, in the interface's language."""
    notes = {
        "nominate": _("community: nominated a candidate for {role}"),
        "accept": _("community: accepted the nomination for {role}"),
        "agree": _("community: agreed to the musyawarah decision on {role}"),
        "vote": _("community: voted in the ballot for {role}"),
        "seated": _("community: seated on the board as {role}"),
    }
    return notes[action].format(role=role_label)


def evidence_for(action: str) -> tuple[str, int]:
    """The item an action is evidence of and the level it earns (the rubric's "achieved")."""
    try:
        item_id = ITEMS[action]
    except KeyError:
        raise ValueError(f"unknown community action {action!r}") from None
    return item_id, framework().rubric.achieved_min_level


def needs_record(current: int | None, level: int) -> bool:
    """Whether to write ``level`` over the participant's ``current`` level (never lower it)."""
    return current is None or current < level


def _current_level(ws: Workspace, participant_id: str, item_id: str) -> int | bool | None:
    """The participant's level of the item, ``None`` if none, ``False`` if not a participant."""
    with read_tx(ws.engine) as conn:
        if get_participant(conn, participant_id) is None:
            return False
        found = [e.level for e in latest_scores(conn, participant_id) if e.item_id == item_id]
    return found[0] if found else None


def record_action(ws: Workspace, participant_id: str, action: str, *, community_id: str,
                  role: str) -> ScoreEntry | None:
    """Record what ``action`` by ``participant_id`` is evidence of; the entry written or None.

    Nothing is written when the participant already has the level or higher. Any failure is
    logged and gives ``None``: the caller's own action has committed and stands.
    """
    from kit.assess.dual_write import record_module_score  # nbgrader: load on first use
    from kit.community.record import role_label

    try:
        item_id, level = evidence_for(action)
        current = _current_level(ws, participant_id, item_id)
        if current is False:
            log.warning("no %s evidence: %r is not a participant of the workspace",
                        action, participant_id)
            return None
        if not needs_record(current, level):
            return None
        details: dict[str, Any] = {"community": {"action": action, "community_id": community_id,
                                                 "role": role}}
        entry = ScoreEntry(participant_id=participant_id, item_id=item_id, level=level,
                           source="autograde", note=note_for(action, role_label(role)),
                           details=details)
        return record_module_score(ws, entry)
    except Exception:
        log.exception("could not record the %s evidence of %s in community %s",
                      action, participant_id, community_id)
        return None
