"""A participant's progress per activity: items achieved out of the activity's items."""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from kit.framework import Framework
from kit.records.scores import latest_scores


@attrs.frozen
class Progress:
    """Items achieved (level ≥ the rubric's minimum) out of an activity's items."""

    activity_id: str
    achieved: int
    total: int

    @property
    def percent(self) -> int:
        """Achieved items as a whole percentage (0 for an activity without items)."""
        return round(100 * self.achieved / self.total) if self.total else 0


def participant_progress(conn: sa.Connection, fw: Framework,
                         participant_id: str) -> dict[str, Progress]:
    """Progress of one participant in every activity, by the latest score of each item."""
    levels = {e.item_id: e.level for e in latest_scores(conn, participant_id)}
    return {
        a.id: Progress(a.id, sum(1 for i in a.items if fw.rubric.is_achieved(levels.get(i.id, -1))),
                       len(a.items))
        for a in fw.activities
    }
