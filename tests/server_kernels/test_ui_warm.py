"""The fork server compiles every UI template before it forks, so no kernel compiles one."""

from __future__ import annotations

import importlib

from kit.i18n import SUPPORTED
from kit.server.kernels.spec import DEFAULT_WARM
from kit.ui import assets


def _run_warm_ups() -> None:
    for spec in DEFAULT_WARM:
        module, _, attr = spec.partition(":")
        getattr(importlib.import_module(module), attr)()


def test_after_the_warm_ups_no_template_is_compiled_again() -> None:
    """Rendering any template in any language after the default warm-ups compiles nothing."""
    _run_warm_ups()
    misses = assets._template.cache_info().misses
    names = sorted(p.name for p in assets.TEMPLATES.glob("*.j2"))
    assert names, "the UI has templates"
    for lang in SUPPORTED:
        for name in names:
            assets._template(lang, name)
    assert assets._template.cache_info().misses == misses


def test_compile_all_counts_every_template_in_every_language() -> None:
    """``compile_all`` reports templates × languages."""
    names = list(assets.TEMPLATES.glob("*.j2"))
    assert assets.compile_all() == len(names) * len(SUPPORTED)
