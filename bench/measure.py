"""Small timing helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 5) -> dict[str, float]:
    """Run ``fn`` ``repeat`` times; return min/median/max wall seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"min_s": min(times), "median_s": statistics.median(times), "max_s": max(times)}


def ratio(kit: float, baseline: float) -> float:
    """Kit / baseline, rounded (how many times slower the kit is than the baseline)."""
    return round(kit / baseline, 3) if baseline else float("inf")
