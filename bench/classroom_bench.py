"""Classroom benchmark: many phones joining a module page served by the facilitator's laptop.

Measured on this machine, browser and server on the same machine, only 127.0.0.1, for the kit
(``KitVoila`` with fork-server kernels, :mod:`kit.server.kernels`) and, in the same run, stock
Voila (plain ``voila``: a fresh kernel process per page visit):

* ``cost_per_join`` — the server's whole process tree (psutil: server, fork server, kernels)
  before and after ``JOINS`` participants join one after another and keep their page open: CPU
  seconds (user+sys) and USS/PSS MB per participant. PSS counts memory shared between processes
  once (fairly divided), so it is the honest total for forked kernels; USS is what the brief asks.
  ``requests_per_join``: the HTTP requests one participant's page made until interactive;
* ``burst_10`` / ``burst_20`` — that many participants (Chromium contexts at 360×740) start
  joining at the same moment: p50/p95 time to interactive (the kernel answers a button click) and
  errors, with the ratio stock / kit;
* ``minute_50`` (kit) — 50 participants joining over one minute;
* ``long_session`` (kit, culling 30 s) — waves of joins, some tabs closed, the rest abandoned,
  then silence: the tree's memory sampled every few seconds, with the number of kernels.

Every phase uses the advokasi module page (a participant's real page); the browsers run on the
same cores as the server, so bursts measure this machine's Chromium as much as the server (see
``classroom_load_bench`` for the server alone). Each phase runs on a fresh server, so phases do
not see each other's kernels. About 15 minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.classroom.participants import classroom, summary
from bench.classroom.servers import (
    Server,
    kernel_count,
    scratch,
    session_memory,
    session_sample,
    start_kit,
    start_stock,
    tree_sample,
)
from bench.measure import stock_over_kit

JOINS = 10
BURSTS = (10, 20)
MINUTE_JOINS = 50
MINUTE_S = 60.0
SESSION_CULL_IDLE_S = 30
SESSION_CULL_INTERVAL_S = 5
SESSION_WAVES = 8
SESSION_WAVE_JOINS = 4
SESSION_WAVE_LEAVES = 2
SESSION_WAVE_S = 12.0
SESSION_QUIET_S = 60.0
SAMPLE_S = 5.0
SETTLE_S = 3.0


@contextlib.contextmanager
def _server(kind: str, site: Path, workspace: Path, logs: Path, **kwargs: Any) -> Iterator[Server]:
    log = logs / f"{kind}-{time.monotonic_ns()}.log"
    server = start_kit(site, workspace, log, **kwargs) if kind == "kit" else start_stock(
        site, workspace, log)
    try:
        yield server
    finally:
        server.stop()


def _per(before: dict[str, float], after: dict[str, float], n: int) -> dict[str, float]:
    return {f"{key}_per_join": round((after[key] - before[key]) / n, 3)
            for key in ("cpu_s", "uss_mb", "pss_mb", "rss_mb")}


async def _cost_per_join(server: Server, url: str, kind: str) -> dict[str, Any]:
    async with classroom() as room:
        warm = await room.join(url, kind)  # first visit: caches, template compilation
        await room.leave_all()
        await asyncio.sleep(SETTLE_S)
        before = tree_sample(server.proc.pid)
        joins = [await room.join(url, kind) for _ in range(JOINS)]
        await asyncio.sleep(SETTLE_S)
        after = tree_sample(server.proc.pid)
        out = {"joins": JOINS, "warm_up_tti_s": warm.tti_s, "before": _round(before),
               "after": _round(after), **_per(before, after, JOINS),
               "requests_per_join": statistics.median(j.requests for j in joins),
               "sequential_tti": summary(joins)}
    return out


async def _burst(server: Server, url: str, kind: str, n: int) -> dict[str, Any]:
    async with classroom() as room:
        await room.join(url, kind)  # the facilitator's own check of the page
        t0 = time.perf_counter()
        joins = await asyncio.gather(*(room.join(url, kind) for _ in range(n)))
        out = summary(list(joins))
        out["all_done_s"] = round(time.perf_counter() - t0, 1)
        out["kernels_after"] = kernel_count(server)
    return out


async def _minute(server: Server, url: str, kind: str) -> dict[str, Any]:
    async with classroom() as room:
        before = tree_sample(server.proc.pid)
        tasks = []
        for _ in range(MINUTE_JOINS):
            tasks.append(asyncio.ensure_future(room.join(url, kind)))
            await asyncio.sleep(MINUTE_S / MINUTE_JOINS)
        joins = await asyncio.gather(*tasks)
        after = tree_sample(server.proc.pid)
        out = summary(list(joins))
        out.update(_per(before, after, MINUTE_JOINS))
        out["after"] = _round(after)
        out["kernels"] = kernel_count(server)
    return out


async def _long_session(server: Server, url: str, kind: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    samples: list[dict[str, float]] = []

    def sample() -> None:
        samples.append(session_sample(server, t0))

    joined = errors = 0
    async with classroom() as room:
        sample()
        for _wave in range(SESSION_WAVES):
            start = time.perf_counter()
            joins = await asyncio.gather(*(room.join(url, kind)
                                           for _ in range(SESSION_WAVE_JOINS)))
            joined += len(joins)
            errors += sum(1 for j in joins if j.error)
            await room.leave(SESSION_WAVE_LEAVES)  # tabs closed; the others are left open, idle
            sample()
            await asyncio.sleep(max(0.0, SESSION_WAVE_S - (time.perf_counter() - start)))
        end = time.perf_counter() + SESSION_QUIET_S
        while time.perf_counter() < end:
            await asyncio.sleep(SAMPLE_S)
            sample()
    return {"cull_idle_timeout_s": SESSION_CULL_IDLE_S, "joins": joined, "errors": errors,
            **session_memory(samples)}


def _round(sample: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 2) for k, v in sample.items()}


def _phase(kind: str, site: Path, workspace: Path, logs: Path,
           body: Callable[[Server], Any], **kwargs: Any) -> dict[str, Any]:
    with _server(kind, site, workspace, logs, **kwargs) as server:
        result: dict[str, Any] = asyncio.run(body(server))
        return result


def run() -> dict[str, Any]:
    """Run every phase for the kit and stock Voila; return the measurements and ratios."""
    t_start = time.perf_counter()
    with scratch("kit-classroom-bench-") as room:
        site, pages, logs, workspace = room.site, room.pages, room.logs, room.workspace
        # Every phase on the advokasi module (a participant's real page, ~900 widgets) when it
        # exists, else on the bench page (the same kinds of widgets).
        page = "advokasi" if "advokasi" in pages else "bench"
        cost_page = page
        cost_url = burst_url = "voila/render/" + pages[page]
        result: dict[str, Any] = {"page_for_cost": page, "page_for_bursts": page}
        for kind in ("kit", "stock"):
            row: dict[str, Any] = {}
            row["cost_per_join"] = _phase(
                kind, site, workspace, logs,
                lambda s, k=kind: _cost_per_join(s, s.url(cost_url), cost_page))
            for n in BURSTS:
                row[f"burst_{n}"] = _phase(
                    kind, site, workspace, logs,
                    lambda s, n=n: _burst(s, s.url(burst_url), page, n))
            result[kind] = row
        result["kit"]["minute_50"] = _phase(
            "kit", site, workspace, logs, lambda s: _minute(s, s.url(burst_url), page))
        result["kit"]["long_session"] = _phase(
            "kit", site, workspace, logs, lambda s: _long_session(s, s.url(burst_url), page),
            cull_idle=SESSION_CULL_IDLE_S, cull_interval=SESSION_CULL_INTERVAL_S)
    kit, stock = result["kit"], result["stock"]
    result["ratios_stock_over_kit"] = {
        "cpu_s_per_join": stock_over_kit(stock["cost_per_join"], kit["cost_per_join"],
                                 "cpu_s_per_join"),
        "uss_mb_per_join": stock_over_kit(stock["cost_per_join"], kit["cost_per_join"],
                                  "uss_mb_per_join"),
        "pss_mb_per_join": stock_over_kit(stock["cost_per_join"], kit["cost_per_join"],
                                  "pss_mb_per_join"),
        **{f"burst_{n}_{q}": stock_over_kit(stock[f"burst_{n}"], kit[f"burst_{n}"], q)
           for n in BURSTS for q in ("p50_s", "p95_s")},
    }
    result["goals"] = {
        "cpu_s_per_join_max": 0.25, "uss_mb_per_join_max": 40,
        "kit_cpu_s_per_join": kit["cost_per_join"]["cpu_s_per_join"],
        "kit_uss_mb_per_join": kit["cost_per_join"]["uss_mb_per_join"],
    }
    result["runtime_s"] = round(time.perf_counter() - t_start, 1)
    return result
