"""Rate limiting of PIN, password and join-code attempts, and of walk-in registrations.

The rules are pure functions of the counted failures (:func:`locked_until`) or of the accepted
actions (:func:`quota_wait_seconds`), so they are tested without a clock;
:mod:`kit.classroom.store` reads those from the attempt log, and counts and records an attempt in
one write transaction so simultaneous attempts cannot all pass the same check.

* Per participant: five wrong PINs lock that participant for 30 s, each further wrong PIN
  doubles the lock (60 s, 120 s, … up to 15 min). A correct PIN, or the facilitator unlocking
  the participant, starts the count again.
* Per client address: ten wrong PINs within an hour, over any participants and *whatever
  successes happened in between*, lock that address the same way, so one phone cannot try PINs
  across the class (signing in to its own name does not reset the count). Passwords and join
  codes are counted per address likewise.
* Walk-ins: at most three registrations from one address in ten minutes (:data:`WALK_IN`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs


@attrs.frozen
class Policy:
    """How many failures are free, and how the lock-out grows after them."""

    free: int
    base_seconds: float = 30.0
    factor: float = 2.0
    max_seconds: float = 900.0
    window: timedelta = timedelta(hours=12)

    def lock_seconds(self, failures: int) -> float:
        """Length of the lock-out after ``failures`` consecutive failures (0: not locked)."""
        if failures < self.free:
            return 0.0
        return float(min(self.base_seconds * self.factor ** (failures - self.free),
                         self.max_seconds))


PER_PARTICIPANT = Policy(free=5)
PER_ADDRESS = Policy(free=10, window=timedelta(hours=1))
PASSWORD = Policy(free=5, window=timedelta(hours=1))
JOIN_CODE = Policy(free=10, window=timedelta(hours=1))
WALK_IN = Policy(free=3, window=timedelta(minutes=10))


def locked_until(policy: Policy, failures: Sequence[datetime]) -> datetime | None:
    """When the lock-out ends given the counted failures, or ``None``."""
    seconds = policy.lock_seconds(len(failures))
    if not seconds:
        return None
    return max(failures) + timedelta(seconds=seconds)


def is_locked(policy: Policy, failures: Sequence[datetime], now: datetime) -> bool:
    """Whether a new attempt at ``now`` must be refused without checking it."""
    until = locked_until(policy, failures)
    return until is not None and now < until


def wait_seconds(policy: Policy, failures: Sequence[datetime], now: datetime) -> int:
    """Whole seconds left until the lock-out ends (0 when not locked)."""
    until = locked_until(policy, failures)
    if until is None or now >= until:
        return 0
    return max(1, int((until - now).total_seconds() + 0.999))


def quota_wait_seconds(policy: Policy, accepted: Sequence[datetime], now: datetime) -> int:
    """Whole seconds until one more action is allowed (0: now), ``policy.free`` per window.

    ``accepted`` are the times of the actions already accepted; those older than the window no
    longer count.
    """
    recent = sorted(t for t in accepted if t > now - policy.window)
    if len(recent) < policy.free:
        return 0
    frees_at = recent[len(recent) - policy.free] + policy.window
    return max(1, int((frees_at - now).total_seconds() + 0.999))
