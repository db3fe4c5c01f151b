"""A jupyter-server extension: Voila's pages under JupyterHub and Binder keep the visit's language.

``kit start`` serves Voila's pages through the kit's own handlers, which read ``?lang=`` and the
``kit_lang`` cookie (:mod:`kit.server.language`). Under JupyterHub and on Binder, Voila runs as
a jupyter-server extension with its own handlers, so a choice of English was forgotten there
(issue 12). Enabled next to Voila (``ServerApp.jpserver_extensions``:
:data:`SERVER_EXTENSIONS`), this extension replaces, once every extension is loaded and before
the first page is served, each Voila page handler in the server's routing table by the same
handler made by :func:`kit.server.language.with_visit_language`: the page remembers a known
``?lang=`` in the cookie and starts its kernel with ``UMKM_KIT_LANG`` of the visit. Nothing else
of the routing changes; a server without Voila is left as it is.
"""

from __future__ import annotations

import logging
from typing import Any

from kit.server.language import with_visit_language

log = logging.getLogger(__name__)

MODULE = "kit.server.visit_language_extension"
# The extensions the kit's jupyter-server settings enable: Voila and this one.
SERVER_EXTENSIONS: dict[str, bool] = {"voila": True, MODULE: True}


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """The extension's one point: this module (jupyter-server's discovery hook)."""
    return [{"module": MODULE}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Nothing to add while extensions load: Voila's handlers may not be there yet."""


async def _start_jupyter_server_extension(serverapp: Any) -> None:
    """Once every extension is loaded, make Voila's page handlers follow the visit's language."""
    wrapped = wrap_voila_pages(serverapp.web_app)
    log.info("kit: %d Voila page handler(s) follow the visit's language", wrapped)


def _voila_page_classes() -> tuple[type[Any], ...]:
    """Voila's page handler classes (none when Voila is not installed)."""
    try:
        from voila.tornado.handler import TornadoVoilaHandler
    except ImportError:
        return ()
    return (TornadoVoilaHandler,)


def _routers(app: Any) -> list[Any]:
    """The application's routers (a tornado ``Application`` has a default and a wildcard one)."""
    return [r for r in (getattr(app, "default_router", None), getattr(app, "wildcard_router",
                                                                    None)) if r is not None]


def wrap_voila_pages(app: Any) -> int:
    """Replace every Voila page handler in ``app``'s routing by its visit-language twin.

    Returns how many rules were changed; a rule already changed is left alone, so calling this
    twice changes nothing more.
    """
    pages = _voila_page_classes()
    if not pages:
        return 0
    changed = 0
    seen: set[int] = set()
    todo = _routers(app)
    while todo:
        router = todo.pop()
        if id(router) in seen:
            continue
        seen.add(id(router))
        for rule in getattr(router, "rules", ()):
            target = rule.target
            if hasattr(target, "rules"):
                todo.append(target)
            elif isinstance(target, type) and issubclass(target, pages) \
                    and not getattr(target, "kit_visit_language", False):
                twin = with_visit_language(target)
                twin.kit_visit_language = True
                rule.target = twin
                changed += 1
    return changed
