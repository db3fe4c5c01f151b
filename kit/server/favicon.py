"""The kit's icon at ``/favicon.ico`` (every browser asks for it; a 404 is a console error).

``static/favicon.ico`` is a small shop front (16–64 px), drawn with Pillow. The kit's Voila
server answers ``/favicon.ico`` with it, the classroom server included (the classroom's gate
lets ``/favicon.ico`` through to anyone); the pages' templates link it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.utils import url_path_join

ICON = Path(__file__).parent / "static" / "favicon.ico"
MAX_AGE_S = 7 * 24 * 3600


@cache
def icon_bytes() -> bytes:
    """The icon file's bytes (read once)."""
    return ICON.read_bytes()


class FaviconHandler(tornado.web.RequestHandler):
    """Answers ``GET``/``HEAD /favicon.ico`` with the kit's icon, cached by browsers for a week."""

    def icon_headers(self) -> None:
        """The icon's type and how long browsers may keep it."""
        self.set_header("Content-Type", "image/x-icon")
        self.set_header("Cache-Control", f"public, max-age={MAX_AGE_S}")

    def get(self) -> None:
        """Send the icon."""
        self.icon_headers()
        self.finish(icon_bytes())

    def head(self) -> None:
        """Send the icon's headers only."""
        self.icon_headers()
        self.set_header("Content-Length", str(len(icon_bytes())))
        self.finish()


def favicon_route(server_url: str = "/") -> tuple[str, type[Any]]:
    """The handler spec answering ``<server_url>favicon.ico``."""
    return (url_path_join(server_url, r"favicon\.ico"), FaviconHandler)
