"""The kit's stand-alone Voila application: Voila plus a redirect from ``/`` to the home page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from traitlets.config import Config
from voila.app import Voila

from kit.server.config import HOME_NOTEBOOK


class KitVoila(Voila):  # type: ignore[misc]
    """Voila serving the built site; ``/`` answers with a redirect to ``voila/render/beranda``."""

    name = "umkm-kit-voila"
    # Set by ``kit start --classroom``: takes (app, Voila's handlers), returns the handlers to
    # serve (kit.classroom.web.ClassroomWeb adds its pages and puts every handler behind its gate).
    handler_hook: Callable[[Any, list[Any]], list[Any]] | None = None

    def init_handlers(self) -> list[Any]:
        """Voila's handlers, preceded by the redirect of the site root to the home page."""
        handlers: list[Any] = super().init_handlers()
        if self.handler_hook is not None:
            return self.handler_hook(self, handlers)
        home = url_path_join(self.base_url, "voila/render", HOME_NOTEBOOK)
        return [(self.server_url, RedirectHandler, {"url": home, "permanent": False}), *handlers]


def run_voila(site: Path, config: dict[str, dict[str, Any]],
              handler_hook: Callable[[Any, list[Any]], list[Any]] | None = None) -> None:
    """Run Voila on ``site`` with ``config`` until it is stopped (Ctrl+C or SIGTERM)."""
    app = KitVoila(config=Config(config))
    app.handler_hook = handler_hook
    app.initialize([str(site)])
    app.start()
