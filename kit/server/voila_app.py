"""The kit's stand-alone Voila application: Voila plus a redirect from ``/`` to the home page."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler, StaticFileHandler
from tornado.websocket import WebSocketHandler
from traitlets.config import Config
from voila.app import Voila

from kit.i18n import _, get_language
from kit.server.chunk_bundle import (
    CONFIG_KEY,
    build_bundle,
    bundle_route,
    bundle_url,
    recorded_chunks,
)
from kit.server.favicon import favicon_route
from kit.server.kernel_socket import v1_only
from kit.server.language import with_visit_language
from kit.server.page_snapshot_handler import with_page_snapshots
from kit.server.static_cache import cached_static
from kit.settings import CHUNK_BUNDLE_ENV, HOME_NOTEBOOK, switched_off

# Key under Voila's ``extension_config`` (page_config ``extensionConfig``) holding the texts of the
# "connection lost" banner; the template (connection.macro.html.j2) shows it only when present.
CONNECTION_CONFIG_KEY = "umkmKitConnection"


def _connection_texts(lang: str) -> dict[str, str]:
    return {
        "lost_title": _("The connection to the facilitator's laptop was lost.", lang),
        "lost_body": _("Your last answer may not have been saved. Reload this page once the "
                       "facilitator's laptop and the kit are running again.", lang),
        "kernel_title": _("This page stopped working on the facilitator's laptop.", lang),
        "kernel_body": _("Your last answer may not have been saved. Reload this page.", lang),
        "reload": _("Reload page", lang),
        "still_down": _("The facilitator's laptop still does not answer. Try again in a "
                        "moment.", lang),
    }


def connection_strings(lang: str | None = None) -> dict[str, list[str]]:
    """The "connection lost" banner's texts: key → [text in ``lang``, English text].

    ``lang`` defaults to the language in force; the page shows the first text and, when it
    differs, the English one beneath it.
    """
    chosen, english = _connection_texts(lang or get_language()), _connection_texts("en")
    return {key: [chosen[key], english[key]] for key in chosen}


def with_xsrf_cookie(handler_class: type[Any]) -> type[Any]:
    """A subclass of a page handler that always sets the ``_xsrf`` cookie.

    Voila's page script shuts the page's kernel down on ``beforeunload`` with a beacon that
    carries the ``_xsrf`` cookie's value; stand-alone Voila never sets that cookie, so the beacon
    is refused (403) and every reload or closed tab leaves a ~94 MB kernel running until it is
    culled. Reading ``xsrf_token`` in ``prepare`` sets the cookie.
    """

    class XsrfCookiePage(handler_class):  # type: ignore[misc]
        async def prepare(self, *args: Any, **kwargs: Any) -> None:
            result = super().prepare(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
            # After the base prepare() has set current_user; reading it sets the cookie.
            self.xsrf_token  # noqa: B018

    XsrfCookiePage.__name__ = f"XsrfCookie{handler_class.__name__}"
    return XsrfCookiePage


def _wrap_handlers(handlers: list[Any], built_pages: bool) -> list[Any]:
    """Voila's handlers, with the kit's page and static-file behaviour.

    Page handlers set the ``_xsrf`` cookie, start their kernels in the visit's language
    (:mod:`kit.server.language`) and, with ``built_pages``, serve opted-in notebooks from a page
    the fork server built once (:mod:`kit.server.page_snapshot_handler`). Static
    file handlers serve from memory, gzip-compressed (:mod:`kit.server.static_cache`).
    """
    out = []
    for spec in handlers:
        if isinstance(spec, tuple) and len(spec) >= 2 and "voila/render" in str(spec[0]):
            page_class = spec[1]
            if built_pages:
                page_class = with_page_snapshots(page_class)
            spec = (spec[0], with_xsrf_cookie(with_visit_language(page_class)), *spec[2:])
        elif (isinstance(spec, tuple) and len(spec) >= 2 and isinstance(spec[1], type)
              and issubclass(spec[1], StaticFileHandler)):
            spec = (spec[0], cached_static(spec[1]), *spec[2:])
        elif (isinstance(spec, tuple) and len(spec) >= 2 and isinstance(spec[1], type)
              and issubclass(spec[1], WebSocketHandler) and "channels" in str(spec[0])):
            spec = (spec[0], v1_only(spec[1]), *spec[2:])
        out.append(spec)
    return out


class KitVoila(Voila):  # type: ignore[misc]
    """Voila serving the built site; ``/`` answers with a redirect to ``voila/render/beranda``."""

    name = "umkm-kit-voila"
    # Set by ``kit start --classroom``: takes (app, Voila's handlers), returns the handlers to
    # serve (kit.classroom.web.ClassroomWeb adds its pages and puts every handler behind its gate).
    handler_hook: Callable[[Any, list[Any]], list[Any]] | None = None

    def init_settings(self) -> dict[str, Any]:
        """Voila's settings; kernels come from the fork server when it is configured."""
        # Classroom kernels (kit.server.kernels): see kit.server.config.fork_kernel_config.
        if "ForkKernelSpecManager" in self.config:
            from kit.server.kernels.spec import ForkKernelSpecManager

            self.voila_configuration.kernel_spec_manager_class = ForkKernelSpecManager
        settings: dict[str, Any] = super().init_settings()
        return settings

    def init_handlers(self) -> list[Any]:
        """Voila's handlers, preceded by the redirect of the site root to the home page."""
        handlers: list[Any] = _wrap_handlers(super().init_handlers(),
                                             "ForkKernelSpecManager" in self.config)
        self.voila_configuration.extension_config = {
            **self.voila_configuration.extension_config,
            CONNECTION_CONFIG_KEY: connection_strings(),
        }
        handlers = [favicon_route(self.server_url), *self._chunk_bundle_routes(), *handlers]
        if self.handler_hook is not None:
            return self.handler_hook(self, handlers)
        home = url_path_join(self.base_url, "voila/render", HOME_NOTEBOOK)
        return [(self.server_url, RedirectHandler, {"url": home, "permanent": False}), *handlers]

    def _chunk_bundle_routes(self) -> list[Any]:
        """Serve the page's front-end chunks as one script (:mod:`kit.server.chunk_bundle`).

        The template loads it when Voila's ``extension_config`` names it, so a server that
        does not serve it (Voila inside JupyterHub) renders pages that fetch every chunk.
        """
        if switched_off(CHUNK_BUNDLE_ENV):
            return []
        bundle = build_bundle(recorded_chunks(), self.static_paths)
        if bundle is None:
            self.log.warning("No front-end chunk found to bundle; pages load them one by one")
            return []
        if bundle.skipped:
            self.log.info("Chunks not bundled (not installed or not a chunk): %s",
                          ", ".join(bundle.skipped))
        self.voila_configuration.extension_config = {
            **self.voila_configuration.extension_config,
            CONFIG_KEY: bundle_url(self.base_url, bundle),
        }
        return [bundle_route(self.server_url, bundle)]


def run_voila(site: Path, config: dict[str, dict[str, Any]],
              handler_hook: Callable[[Any, list[Any]], list[Any]] | None = None) -> None:
    """Run Voila on ``site`` with ``config`` until it is stopped (Ctrl+C or SIGTERM)."""
    app = KitVoila(config=Config(config))
    app.handler_hook = handler_hook
    app.initialize([str(site)])
    app.start()
