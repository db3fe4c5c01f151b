"""Module pages: time to interactive and kernel memory of each participant module.

For every module page (``modules/*.py``) served by the kit (``KitVoila``, fork-server kernels)
and, as the baseline in the same run, the bench page with the same kinds of widgets
(``bench/classroom/module_page.py``: text, slider, dropdown, button, pandas table, matplotlib
chart) served by stock Voila: ``REPEAT`` participants open the page one after another (Chromium
at 360×740 on this machine); reported are the median time to interactive and the memory (USS,
PSS) the server's process tree grows by per open page, i.e. what one more participant's kernel
costs the laptop. PSS is the figure to read for the kit: its kernels are forked from a fork
server, and each new kernel sharing the fork server's pages makes them no longer unique to it,
so the tree's USS can even shrink as kernels are added (measured 2026-12-05: about −10 MB USS,
+42 MB PSS per page; the classroom bench's cost per join, ten pages kept open, gives 24 MB USS).

Each module notebook is also served by stock Voila, and both servers are measured again with
Chromium's CPU throttled 4× (CDP ``Emulation.setCPUThrottlingRate``, a mid-range phone): the
``throttled_4x`` rows give, per module, the median time until a button click on the page is
answered on the kit (its light front end, :mod:`kit.server.light_page`), on the kit with
Voila's own front end (``?frontend=voila``: the same server and built page, so the difference
is the front end alone) and on stock Voila. ``goal_throttled_4x`` says, per module, whether the
kit met the goal of issue 12 (≤ 1.5 s).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from bench.classroom.participants import PHONE, TTI_TIMEOUT_S, Classroom, Join, classroom
from bench.classroom.servers import (
    REPO,
    Server,
    kernel_count,
    scratch,
    start_kit,
    start_stock,
    tree_sample,
)

REPEAT = 3
SETTLE_S = 3.0
THROTTLE = 4.0
GOAL_THROTTLED_S = 1.5


async def _throttled_join(room: Classroom, url: str, kind: str) -> Join:
    """Like ``room.join`` but with the page's CPU throttled ``THROTTLE``× before navigating."""
    from bench.classroom.participants import _interact

    context = await room.browser.new_context(viewport=PHONE, locale="id-ID")
    room.contexts.append(context)
    page = await context.new_page()
    room.pages[id(context)] = page
    cdp = await context.new_cdp_session(page)
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(_interact(page, url, kind), TTI_TIMEOUT_S)
    except Exception as exc:
        return Join(error=f"{type(exc).__name__}: {str(exc)[:160]}")
    return Join(tti_s=time.perf_counter() - t0)


async def _measure_throttled(url: str, kind: str) -> dict[str, Any]:
    """Median time to interactive of ``REPEAT`` throttled visits (after one warm-up visit)."""
    async with classroom() as room:
        await room.join(url, kind)
        await room.leave_all()
        joins = []
        for _ in range(REPEAT):
            joins.append(await _throttled_join(room, url, kind))
            await room.leave_all()
    ttis = [j.tti_s for j in joins if j.tti_s is not None]
    return {"tti_median_s": round(statistics.median(ttis), 2) if ttis else None,
            "tti_all_s": [round(t, 2) for t in ttis],
            "errors": [j.error for j in joins if j.error]}


def _build(site: Path) -> dict[str, str]:
    """Convert every module page and the baseline page; return name → path under render/."""
    from bench.classroom.servers import BENCH_PAGE
    from kit.server.build import convert

    pages = {"baseline": "bench_page.ipynb"}
    convert(BENCH_PAGE, site / pages["baseline"])
    for source in sorted((REPO / "modules").glob("*.py")):
        pages[source.stem] = f"modules/{source.stem}.ipynb"
        convert(source, site / pages[source.stem])
    return pages


async def _no_kernel_left(server: Server, timeout_s: float = 60.0) -> None:
    """Wait until the pages left have had their kernels shut down (at most ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while kernel_count(server) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)


async def _measure(server: Server, url: str, kind: str) -> dict[str, Any]:
    async with classroom() as room:
        await room.join(url, kind)  # warm-up: template and import caches
        await room.leave_all()
        # The warm-up's kernel must be gone before the first sample, or its memory, freed
        # during the joins, makes the memory per page look smaller (even negative).
        await _no_kernel_left(server)
        await asyncio.sleep(SETTLE_S)
        before = tree_sample(server.proc.pid)
        joins = [await room.join(url, kind) for _ in range(REPEAT)]
        await asyncio.sleep(SETTLE_S)
        after = tree_sample(server.proc.pid)
    ttis = [j.tti_s for j in joins if j.tti_s is not None]
    return {
        "tti_median_s": round(statistics.median(ttis), 2) if ttis else None,
        "errors": [j.error for j in joins if j.error],
        "uss_mb_per_page": round((after["uss_mb"] - before["uss_mb"]) / REPEAT, 1),
        "pss_mb_per_page": round((after["pss_mb"] - before["pss_mb"]) / REPEAT, 1),
        "cpu_s_per_page": round((after["cpu_s"] - before["cpu_s"]) / REPEAT, 2),
    }


def run() -> dict[str, Any]:
    """Measure each module page on the kit and the baseline page on stock Voila."""
    t0 = time.perf_counter()
    with scratch("kit-modules-bench-", _build) as room:
        site, pages, logs, workspace = room.site, room.pages, room.logs, room.workspace
        result: dict[str, Any] = {"repeat": REPEAT}
        modules = {name: path for name, path in pages.items() if name != "baseline"}
        throttled: dict[str, dict[str, Any]] = {name: {} for name in modules}
        kit = start_kit(site, workspace, logs / "kit.log")
        try:
            for name, path in modules.items():
                result[name] = asyncio.run(
                    _measure(kit, kit.url("voila/render/" + path), "module"))
                throttled[name]["kit"] = asyncio.run(
                    _measure_throttled(kit.url("voila/render/" + path), "module"))
                throttled[name]["kit_voila_front_end"] = asyncio.run(
                    _measure_throttled(kit.url("voila/render/" + path + "?frontend=voila"),
                                       "module"))
        finally:
            kit.stop()
        stock = start_stock(site, workspace, logs / "stock.log")
        try:
            result["baseline_stock_voila"] = asyncio.run(
                _measure(stock, stock.url("voila/render/" + pages["baseline"]), "bench"))
            for name, path in modules.items():
                throttled[name]["stock_voila"] = asyncio.run(
                    _measure_throttled(stock.url("voila/render/" + path), "module"))
        finally:
            stock.stop()
        result["throttled_4x"] = throttled
        result["goal_throttled_4x"] = {
            name: {"goal_s": GOAL_THROTTLED_S, "measured_s": row["kit"].get("tti_median_s"),
                   "met": bool(row["kit"].get("tti_median_s") is not None
                               and row["kit"]["tti_median_s"] <= GOAL_THROTTLED_S)}
            for name, row in throttled.items()}
    base = result["baseline_stock_voila"]
    result["ratios_to_baseline"] = {
        name: {"tti": round(row["tti_median_s"] / base["tti_median_s"], 2)
               if row.get("tti_median_s") and base.get("tti_median_s") else None,
               "uss": round(row["uss_mb_per_page"] / base["uss_mb_per_page"], 2)
               if base.get("uss_mb_per_page") else None}
        for name, row in result.items()
        if isinstance(row, dict)
        and name not in ("baseline_stock_voila", "throttled_4x", "goal_throttled_4x")
    }
    result["runtime_s"] = round(time.perf_counter() - t0, 1)
    return result
