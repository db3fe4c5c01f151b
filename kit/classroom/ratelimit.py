"""Rate limiting of PIN, password and join-code attempts: a few free tries, then a growing lock.

The rule is a pure function of the failures since the last success (:func:`locked_until`), so it
is tested without a clock; :mod:`kit.classroom.store` reads those failures from the attempt log.
With the participant policy, five wrong PINs lock that participant for 30 s, each further wrong
PIN doubles the lock (60 s, 120 s, … up to 15 min). One client address gets ten failures over any
participants before it is locked the same way, so one phone cannot try PINs across the class.
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


def locked_until(policy: Policy, failures: Sequence[datetime]) -> datetime | None:
    """When the lock-out ends given the failures since the last success, or ``None``."""
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
