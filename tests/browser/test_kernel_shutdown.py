"""Leaving a page shuts its kernel down, so reloads and closed tabs do not pile up kernels."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDGET = ".jupyter-widgets"


def _shutdowns(log_text: str) -> int:
    return len(re.findall(r"Kernel shutdown: [0-9a-f-]{36}", log_text))


def test_reload_shuts_the_previous_kernel_down(
    open_page: Callable[..., tuple[Any, Any]], kit_server: Any
) -> None:
    """Reloading the home page shuts down the kernel of the page that was left (no 403)."""
    page, watch = open_page("voila/render/beranda.ipynb", wait_for=WIDGET)
    assert "_xsrf" in {c["name"] for c in page.context.cookies()}
    before = _shutdowns(kit_server.log.read_text(encoding="utf-8", errors="replace"))
    page.reload(wait_until="load")
    page.wait_for_selector(WIDGET, timeout=90_000)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = kit_server.log.read_text(encoding="utf-8", errors="replace")
        if _shutdowns(text) > before:
            break
        time.sleep(0.5)
    assert _shutdowns(text) > before, text[-2000:]
    assert not [e for e in watch.console_errors if "shutdown" in e and "403" in e]
