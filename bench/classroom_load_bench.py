"""Classroom load without browsers: the server's side of many phones joining a module page.

The ``classroom`` benchmark drives real Chromium pages, which on this 2-core machine compete
with the server for the CPU (50 pages of ~900 widgets each are far more work for the browsers
than for the laptop). Here each participant is :mod:`bench.classroom.ws_participants`: the page,
the static files a real visit loaded, the kernel websocket, the widgets' state and one click
answered — what a phone asks of the laptop, with nothing rendered. For the kit and, in the same
run, stock Voila on the same advokasi notebook:

* ``burst_10`` / ``burst_20`` — that many participants at the same moment: p50/p95 time to
  interactive, errors, and the server tree's CPU seconds per join;
* ``minute_50`` — 50 participants over one minute (one every 1.2 s): the same figures.

Each phase runs on a fresh server (its own process tree), after one warm-up visit.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.classroom.participants import summary
from bench.classroom.servers import Server, scratch, start_kit, start_stock, tree_sample
from bench.classroom.ws_participants import join, record_static_urls
from bench.measure import stock_over_kit

BURSTS = (10, 20)
MINUTE_JOINS = 50
MINUTE_S = 60.0
SETTLE_S = 3.0


async def _phase(server: Server, url: str, page: str, static: list[str], n: int,
                 spread_s: float) -> dict[str, Any]:
    await join(server.base_url, url, page, static)  # the facilitator's own check of the page
    await asyncio.sleep(SETTLE_S)
    before = tree_sample(server.proc.pid)
    t0 = time.perf_counter()
    tasks = []
    for _ in range(n):
        tasks.append(asyncio.ensure_future(join(server.base_url, url, page, static)))
        if spread_s:
            await asyncio.sleep(spread_s / n)
    joins = await asyncio.gather(*tasks)
    out = summary(list(joins))
    out["all_done_s"] = round(time.perf_counter() - t0, 1)
    await asyncio.sleep(SETTLE_S)
    after = tree_sample(server.proc.pid)
    out["cpu_s_per_join"] = round((after["cpu_s"] - before["cpu_s"]) / n, 3)
    out["uss_mb_per_join"] = round((after["uss_mb"] - before["uss_mb"]) / n, 1)
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
    kit, stock = result["kit"], result["stock"]
    result["ratios_stock_over_kit"] = {
        f"{phase}_{key}": stock_over_kit(stock[phase], kit[phase], key)
        for phase in ("burst_10", "burst_20", "minute_50")
        for key in ("p50_s", "p95_s", "cpu_s_per_join")}
    result["runtime_s"] = round(time.perf_counter() - t_start, 1)
    return result
