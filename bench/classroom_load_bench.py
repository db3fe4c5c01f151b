"""Classroom load without browsers: the server's side of many phones joining a module page.

The ``classroom`` benchmark drives real Chromium pages, which on this 2-core machine compete
with the server for the CPU (50 pages of ~900 widgets each are far more work for the browsers
than for the laptop). Here each participant is :mod:`bench.classroom.ws_participants`: the page,
the static files a real visit loaded, the kernel websocket, the widgets' state and one click
answered — what a phone asks of the laptop, with nothing rendered. For the kit and, in the same
run, stock Voila on the same advokasi notebook:

* ``burst_10`` / ``burst_20`` — that many participants at the same moment: p50/p95 time to
  interactive, errors, and the server tree's CPU seconds per join;
* ``minute_50`` — 50 participants over one minute (one every 1.2 s): the same figures;
* ``two_hours`` (kit) — a two-hour class compressed 60 times: 50 participants visiting 4 times
  each, in 8 waves of 25 visits, one wave every 15 s (a quarter of an hour), visits left open and
  idle kernels culled after 30 s (half an hour); then quiet until every kernel is culled. The
  server tree's memory is sampled after every wave: start, peak and end, kernels left, and the
  memory left per visit (a leak would show there).

Each phase runs on a fresh server (its own process tree), after one warm-up visit.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.classroom.participants import Join, summary
from bench.classroom.servers import (
    Server,
    scratch,
    session_memory,
    session_sample,
    start_kit,
    start_stock,
    tree_sample,
)
from bench.classroom.ws_participants import join, record_static_urls
from bench.measure import stock_over_kit

BURSTS = (10, 20)
MINUTE_JOINS = 50
MINUTE_S = 60.0
SETTLE_S = 3.0
SESSION_WAVES = 8
SESSION_WAVE_JOINS = 25
SESSION_WAVE_S = 15.0
SESSION_CULL_IDLE_S = 30
SESSION_CULL_INTERVAL_S = 5
SESSION_QUIET_S = 75.0


async def _warm_up(server: Server, url: str, page: str, static: list[str]) -> None:
    await join(server.base_url, url, page, static)  # the facilitator's own check of the page
    await asyncio.sleep(SETTLE_S)


async def _joins(server: Server, url: str, page: str, static: list[str], n: int,
                 spread_s: float) -> list[Join]:
    """``n`` participants joining, started evenly over ``spread_s`` seconds (0: all at once)."""
    tasks = []
    for _ in range(n):
        tasks.append(asyncio.ensure_future(join(server.base_url, url, page, static)))
        if spread_s:
            await asyncio.sleep(spread_s / n)
    return list(await asyncio.gather(*tasks))


async def _phase(server: Server, url: str, page: str, static: list[str], n: int,
                 spread_s: float) -> dict[str, Any]:
    await _warm_up(server, url, page, static)
    before = tree_sample(server.proc.pid)
    t0 = time.perf_counter()
    out = summary(await _joins(server, url, page, static, n, spread_s))
    out["all_done_s"] = round(time.perf_counter() - t0, 1)
    await asyncio.sleep(SETTLE_S)
    after = tree_sample(server.proc.pid)
    out["cpu_s_per_join"] = round((after["cpu_s"] - before["cpu_s"]) / n, 3)
    out["uss_mb_per_join"] = round((after["uss_mb"] - before["uss_mb"]) / n, 1)
    return out


async def _two_hours(server: Server, url: str, page: str, static: list[str]) -> dict[str, Any]:
    await _warm_up(server, url, page, static)
    t0 = time.perf_counter()
    samples = [session_sample(server, t0)]
    visits: list[Join] = []
    for _wave in range(SESSION_WAVES):
        visits += await _joins(server, url, page, static, SESSION_WAVE_JOINS, SESSION_WAVE_S)
        samples.append(session_sample(server, t0))
    end = time.perf_counter() + SESSION_QUIET_S
    while time.perf_counter() < end:
        await asyncio.sleep(5.0)
        samples.append(session_sample(server, t0))
    memory = session_memory(samples)
    out = summary(visits)
    out.update({"visits": len(visits), "cull_idle_timeout_s": SESSION_CULL_IDLE_S, **memory,
                "left_per_visit_pss_mb": round(
                    float(memory["end_minus_start_pss_mb"]) / len(visits), 2)})
    return out


def run() -> dict[str, Any]:
    """Bursts of 10 and 20 and 50 over a minute, for the kit and stock Voila."""
    t_start = time.perf_counter()
    result: dict[str, Any] = {}
    with scratch("kit-classroom-load-") as room:
        site, pages, logs, workspace = room.site, room.pages, room.logs, room.workspace
        page = "advokasi" if "advokasi" in pages else "bench"
        result["page"] = page
        for kind in ("kit", "stock"):
            row: dict[str, Any] = {}
            plan = [(f"burst_{n}", n, 0.0) for n in BURSTS]
            plan.append(("minute_50", MINUTE_JOINS, MINUTE_S))
            for name, n, spread in plan:
                log = logs / f"{kind}-{name}.log"
                server = start_kit(site, workspace, log) if kind == "kit" else start_stock(
                    site, workspace, log)
                try:
                    url = server.url("voila/render/" + pages[page])
                    static = asyncio.run(record_static_urls(url, page))
                    row[name] = asyncio.run(_phase(server, url, page, static, n, spread))
                    row[name]["static_files"] = len(static)
                finally:
                    server.stop()
            result[kind] = row
        log = logs / "kit-two_hours.log"
        server = start_kit(site, workspace, log, cull_idle=SESSION_CULL_IDLE_S,
                           cull_interval=SESSION_CULL_INTERVAL_S)
        try:
            url = server.url("voila/render/" + pages[page])
            static = asyncio.run(record_static_urls(url, page))
            result["kit"]["two_hours"] = asyncio.run(_two_hours(server, url, page, static))
        finally:
            server.stop()
    kit, stock = result["kit"], result["stock"]
    result["ratios_stock_over_kit"] = {
        f"{phase}_{key}": stock_over_kit(stock[phase], kit[phase], key)
        for phase in ("burst_10", "burst_20", "minute_50")
        for key in ("p50_s", "p95_s", "cpu_s_per_join")}
    result["runtime_s"] = round(time.perf_counter() - t_start, 1)
    return result
