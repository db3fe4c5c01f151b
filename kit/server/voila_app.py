"""The kit's stand-alone Voila application: Voila plus a redirect from ``/`` to the home page."""

from __future__ import annotations

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

    def init_handlers(self) -> list[Any]:
        """Voila's handlers, preceded by the redirect of the site root to the home page."""
        handlers: list[Any] = super().init_handlers()
        home = url_path_join(self.base_url, "voila/render", HOME_NOTEBOOK)
        return [(self.server_url, RedirectHandler, {"url": home, "permanent": False}), *handlers]


def run_voila(site: Path, config: dict[str, dict[str, Any]]) -> None:
    """Run Voila on ``site`` with ``config`` until it is stopped (Ctrl+C or SIGTERM)."""
    app = KitVoila(config=Config(config))
    app.initialize([str(site)])
    app.start()
