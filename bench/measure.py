"""Small timing helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any


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


def stock_over_kit(stock: Mapping[str, Any], kit: Mapping[str, Any], key: str) -> float | None:
    """``stock[key] / kit[key]`` rounded (how many times the kit is better), if both exist."""
    if key in stock and key in kit and kit[key]:
        return round(float(stock[key]) / float(kit[key]), 2)
    return None
