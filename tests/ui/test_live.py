"""The shared refresh timer: ticks on the event loop, survives errors, stops when told or closed."""

from __future__ import annotations

import asyncio

import pytest

from kit.ui.live import Repeating


def _run(seconds: float, setup: object) -> None:
    """Run an event loop for ``seconds`` after calling ``setup`` inside it."""
    async def main() -> None:
        setup()  # type: ignore[operator]
        await asyncio.sleep(seconds)

    asyncio.run(main())


def test_ticks_repeat_until_stopped_from_inside_a_tick() -> None:
    """Ticks come every interval; a tick that stops the timer is the last one."""
    calls: list[int] = []
    timer: Repeating

    def tick() -> None:
        calls.append(1)
        if len(calls) == 3:
            timer.stop()

    timer = Repeating(tick)
    _run(0.3, lambda: timer.start(0.02))
    assert len(calls) == 3 and not timer.running


def test_an_error_in_a_tick_is_logged_and_the_timer_goes_on(
        caplog: pytest.LogCaptureFixture) -> None:
    """A failing tick does not stop the page from updating; the log names the timer."""
    calls: list[int] = []

    def tick() -> None:
        calls.append(1)
        raise RuntimeError("database away")

    timer = Repeating(tick, name="board refresh")
    _run(0.15, lambda: timer.start(0.02))
    timer.stop()
    assert len(calls) >= 3
    assert "board refresh failed" in caplog.text and "database away" in caplog.text


def test_a_closed_widget_stops_the_timer_and_a_late_tick_after_stop_does_nothing() -> None:
    """``alive()`` false ends the timer; a tick fired after ``stop`` neither runs nor repeats."""
    calls: list[int] = []
    open_ = [True]
    timer = Repeating(lambda: calls.append(1), alive=lambda: open_[0])

    async def main() -> None:
        timer.start(60)
        assert timer.running
        timer.fire()
        assert calls == [1] and timer.running
        open_[0] = False
        timer.fire()
        assert calls == [1] and not timer.running
        open_[0] = True
        timer.start(60)
        timer.stop()
        timer.fire()
        assert calls == [1] and not timer.running

    asyncio.run(main())



def test_start_without_a_loop_creates_none() -> None:
    """A fresh process with no loop schedules nothing and creates no loop (it would leak)."""
    import subprocess
    import sys

    script = ("import asyncio\n"
              "from kit.ui.live import Repeating\n"
              "timer = Repeating(lambda: None)\n"
              "timer.start(0.1)\n"
              "print(timer.running, getattr(asyncio.get_event_loop_policy()._local, '_loop', 0))\n")
    done = subprocess.run([sys.executable, "-W", "error", "-c", script], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "None"]
