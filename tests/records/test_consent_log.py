"""The consent log: the latest event counts, no event means no consent (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from kit.records.consent import consent_history, consented_ids, current_consent, record_consent
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, writing


def test_latest_event_wins_and_unrecorded_means_no(make_workspace: Callable[..., Workspace]
                                                   ) -> None:
    """A withdrawal after consent removes the person; a person never asked is not consented."""
    ws = make_workspace()
    t0 = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    with writing(ws) as conn:
        for pid in ("pa", "pb", "pc"):
            add_participant(conn, Participant(id=pid, name=pid.upper(), district="Sragen"))
        record_consent(conn, "pa", given=True, recorded_by="Fasil", context="roster", at=t0)
        record_consent(conn, "pb", given=True, recorded_by="Fasil", context="checkin", at=t0)
        record_consent(conn, "pb", given=False, recorded_by="Fasil", context="withdrawal",
                       at=t0 + timedelta(days=1))
    with writing(ws) as conn:
        assert consented_ids(conn) == {"pa"}
        states = current_consent(conn)
        assert set(states) == {"pa", "pb"}
        assert states["pb"].context == "withdrawal" and not states["pb"].given
        assert [s.given for s in consent_history(conn, "pb")] == [True, False]
