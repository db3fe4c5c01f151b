"""Consent to data processing (UU PDP No. 27/2022): the log of events and a person's current state.

Connection-level functions (the caller owns the transaction). A person's current consent is their
latest event; a person with no event has not consented. A participant without consent is counted
in every figure but never leaves the workspace row by row (issue 14).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
import sqlalchemy as sa

from kit.records.clock import now
from kit.records.consent_table import CONTEXTS, consent


@attrs.frozen
class ConsentState:
    """A participant's latest consent event: given or not, when, by whom and where."""

    participant_id: str
    given: bool
    recorded_at: datetime
    recorded_by: str
    context: str
    session_id: str | None = None


def record_consent(conn: sa.Connection, participant_id: str, *, given: bool, recorded_by: str,
                   context: str, session_id: str | None = None,
                   at: datetime | None = None) -> ConsentState:
    """Append a consent event (given or withdrawn) for a participant and return it."""
    if context not in CONTEXTS:
        raise ValueError(f"unknown consent context {context!r}")
    state = ConsentState(participant_id=participant_id, given=given,
                         recorded_at=at or now(), recorded_by=recorded_by, context=context,
                         session_id=session_id)
    conn.execute(consent.insert().values(**attrs.asdict(state)))
    return state


def _state(row: Any) -> ConsentState:
    """A consent event from a row of the six state columns."""
    return ConsentState(participant_id=row.participant_id, given=bool(row.given),
                        recorded_at=row.recorded_at, recorded_by=row.recorded_by,
                        context=row.context, session_id=row.session_id)


def _latest() -> sa.Select[tuple[str, bool, datetime, str, str, str | None]]:
    """The latest event of every participant who has one."""
    ranked = sa.select(
        consent.c.participant_id, consent.c.given, consent.c.recorded_at, consent.c.recorded_by,
        consent.c.context, consent.c.session_id,
        sa.func.row_number().over(
            partition_by=consent.c.participant_id,
            order_by=(consent.c.recorded_at.desc(), consent.c.id.desc())).label("rank"),
    ).subquery()
    return sa.select(ranked.c.participant_id, ranked.c.given, ranked.c.recorded_at,
                     ranked.c.recorded_by, ranked.c.context, ranked.c.session_id
                     ).where(ranked.c.rank == 1)


def current_consent(conn: sa.Connection) -> dict[str, ConsentState]:
    """Every participant's current consent, by participant id (absent: never recorded = no)."""
    return {row.participant_id: _state(row) for row in conn.execute(_latest())}


def consented_ids(conn: sa.Connection) -> set[str]:
    """The ids of the participants whose current consent is given."""
    return {pid for pid, state in current_consent(conn).items() if state.given}


def consent_history(conn: sa.Connection, participant_id: str) -> list[ConsentState]:
    """All consent events of one participant, oldest first."""
    rows = conn.execute(
        sa.select(consent.c.participant_id, consent.c.given, consent.c.recorded_at,
                  consent.c.recorded_by, consent.c.context, consent.c.session_id)
        .where(consent.c.participant_id == participant_id)
        .order_by(consent.c.recorded_at, consent.c.id))
    return [_state(row) for row in rows]
