"""Serve pages built in advance: cached HTML plus a kernel forked from the built page.

For a notebook whose metadata says ``"umkm_kit": {"snapshot": true}`` (the participant modules),
when kernels come from the fork server, a visit does not execute the notebook. Instead:

1. the fork server builds the page once (:mod:`kit.server.kernels.page_snapshot`) and answers
   with the build's id and each cell's outputs;
2. the page's HTML is rendered once per build with Voila's own template and exporter, the
   kernel id left as a placeholder (:func:`kit.server.upstream.snapshot_renderer`);
3. a kernel is started as usual (``kernel_manager.start_kernel``: culling, ownership and the
   classroom's identity token all apply) with ``UMKM_KIT_PAGE_ID`` in its environment, so the
   provisioner forks it from the built page;
4. the cached HTML is sent with that kernel's id; the browser connects to the kernel and asks
   for the widgets' state as on any Voila page.

A notebook that also says ``"light": true`` (the participant modules) gets the kit's light page
(:mod:`kit.server.light_page`) instead of Voila's template, unless the visit asks for
``?frontend=voila``.

If anything in this path fails (the page cannot be built in advance, the fork server restarted),
the page is rendered the usual way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import nbformat
import tornado.web
from nbclient.util import ensure_async
from tornado.httputil import split_host_and_port
from voila import __version__ as voila_version
from voila.utils import ENV_VARIABLE, get_page_config

from kit.i18n import request_language
from kit.server import light_page, upstream
from kit.server.kernels.client import ForkServerError
from kit.settings import LANG_ENV, PAGE_ID_ENV

log = logging.getLogger(__name__)

METADATA_KEY = "umkm_kit"
KERNEL_ID_PLACEHOLDER = "kit-page-kernel-id-5f0c1d2e"
# HTML per (build id, template, theme); bounded: builds change only when a notebook changes.
_HTML: dict[tuple[str, str | None, str | None], tuple[str, str]] = {}
_HTML_MAX = 64
# Per notebook (path, mtime): None when it is served from a build, else why it is not.
_DECIDED: dict[tuple[str, int], str | None] = {}
# Per notebook (path, mtime): whether it asks for the light front end.
_LIGHT: dict[tuple[str, int], bool] = {}


def wants_snapshot(notebook: Path) -> bool:
    """Whether the notebook's metadata asks to be served from a page built in advance."""
    try:
        meta = nbformat.read(notebook, as_version=4).metadata  # type: ignore[no-untyped-call]
    except Exception:
        return False
    return bool(dict(meta.get(METADATA_KEY) or {}).get("snapshot"))


def with_page_snapshots(handler_class: type[Any]) -> type[Any]:
    """A subclass of Voila's page handler serving opted-in notebooks from builds."""

    class SnapshotPage(handler_class):  # type: ignore[misc]
        async def get_generator(self, path: str | None = None) -> Any:
            notebook_path = self.notebook_path or path
            html = None
            if notebook_path and not (self.notebook_path and path):
                try:
                    html = await self._from_build(str(notebook_path))
                except tornado.web.HTTPError:  # a refusal (e.g. a closed classroom) stands
                    raise
                except Exception:  # any other failure: the usual rendering serves the page
                    log.exception("page %s: built page not served", notebook_path)
            if html is not None:
                self.set_header("Content-Type", "text/html")
                self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
                self.set_header("Pragma", "no-cache")
                self.set_header("Expires", "0")
                self.set_header("X-Kit-Page", "built")
                yield html
                return
            async for snippet in super().get_generator(path):
                yield snippet

        def _fork_server(self) -> Any:
            manager = self.kernel_spec_manager
            get = getattr(manager, "fork_server", None)
            return get() if callable(get) else None

        def _kernel_env(self) -> dict[str, str]:
            """The environment Voila gives a page's kernel (see ``VoilaHandler.get_generator``)."""
            request = self.request
            host, port = split_host_and_port(request.host.lower())
            env = {**os.environ}
            env.update({
                ENV_VARIABLE.SCRIPT_NAME: request.path,
                ENV_VARIABLE.PATH_INFO: "",
                ENV_VARIABLE.QUERY_STRING: str(request.query),
                ENV_VARIABLE.SERVER_SOFTWARE: f"voila/{voila_version}",
                ENV_VARIABLE.SERVER_PROTOCOL: str(request.version),
                ENV_VARIABLE.SERVER_PORT: str(port) if port else "",
                ENV_VARIABLE.SERVER_NAME: host,
                ENV_VARIABLE.VOILA_PREHEAT: "False",
                ENV_VARIABLE.VOILA_BASE_URL: self.base_url,
                ENV_VARIABLE.VOILA_SERVER_URL: self.settings.get("server_url", "/"),
                ENV_VARIABLE.VOILA_REQUEST_URL: request.full_url(),
                ENV_VARIABLE.VOILA_APP_PORT: str(port) if port else "",
            })
            # Not a per-visit variable: each language has a build of its own (the page's texts
            # are chosen while it is built), and the kernel forked from it has the same one.
            env[LANG_ENV] = request_language(self)
            return env

        async def _from_build(self, notebook_path: str) -> str | None:
            server = self._fork_server()
            if server is None:
                return None
            root = Path(self.contents_manager.root_dir)
            notebook = root / notebook_path
            try:
                stamp = (str(notebook), notebook.stat().st_mtime_ns)
            except OSError:
                return None
            if stamp not in _DECIDED:
                _DECIDED[stamp] = None if wants_snapshot(notebook) else "not opted in"
            if _DECIDED[stamp] is not None:
                return None
            if stamp not in _LIGHT:
                _LIGHT[stamp] = light_page.wants_light(notebook)
            light = _LIGHT[stamp] and (self.get_argument(light_page.FRONTEND_ARG, None)
                                       != light_page.FULL_FRONTEND)
            cwd = os.path.dirname(notebook_path)
            env = self._kernel_env()
            for _attempt in range(2):  # a second time if the fork server was restarted
                try:
                    build = await server.page(str(notebook), env, str(root / cwd))
                except ForkServerError as exc:
                    # A failed build is remembered; a busy or restarting fork server is not
                    # (the next visit tries the build again).
                    if exc.lasting:
                        _DECIDED[stamp] = str(exc)
                    return None
                html, kernel_name = await self._html(notebook_path, build, light)
                env[PAGE_ID_ENV] = build["id"]
                try:
                    kernel_id = await ensure_async(self.kernel_manager.start_kernel(
                        kernel_name=kernel_name, path=cwd, env=env))
                except ForkServerError:
                    _HTML.pop(self._html_key(build, light), None)
                    continue
                return html.replace(KERNEL_ID_PLACEHOLDER, str(kernel_id))
            return None

        def _html_key(self, build: dict[str, Any],
                      light: bool) -> tuple[str, str | None, str | None]:
            if light:  # one build per language, so the build id also names the language
                return (str(build["id"]), light_page.TEMPLATE, None)
            return (str(build["id"]), self.get_argument("template", None),
                    self.get_argument("theme", None))

        async def _html(self, notebook_path: str, build: dict[str, Any],
                        light: bool) -> tuple[str, str]:
            key = self._html_key(build, light)
            cached = _HTML.get(key)
            if cached is not None:
                return cached
            if light:
                return self._light_html(notebook_path, build, key)
            kwargs = {"base_url": self.base_url, "settings": self.settings, "log": self.log,
                      "voila_configuration": self.voila_configuration}
            page_config = get_page_config(**kwargs)
            if self.page_config_hook:
                page_config = self.page_config_hook(page_config, **kwargs,
                                                    notebook_path=notebook_path)
            renderer = upstream.snapshot_renderer(
                build["cells"], request_handler=self,
                voila_configuration=self.voila_configuration,
                traitlet_config=self.traitlet_config, notebook_path=notebook_path,
                template_paths=self.template_paths, config_manager=self.config_manager,
                contents_manager=self.contents_manager, base_url=self.base_url,
                kernel_spec_manager=self.kernel_spec_manager,
                prelaunch_hook=self.prelaunch_hook, page_config=page_config,
                mathjax_config=self.settings.get("mathjax_config"),
                mathjax_url=self.settings.get("mathjax_url"))
            await renderer.initialize(template=key[1], theme=key[2])
            html = await renderer.generate_content_str(KERNEL_ID_PLACEHOLDER, None)
            kernel_name = str(renderer.notebook.metadata.kernelspec.name)
            if len(_HTML) >= _HTML_MAX:
                _HTML.clear()
            _HTML[key] = (html, kernel_name)
            return html, kernel_name

        def _light_html(self, notebook_path: str, build: dict[str, Any],
                        key: tuple[str, str | None, str | None]) -> tuple[str, str]:
            from kit.server.voila_app import CONNECTION_CONFIG_KEY

            root = Path(self.contents_manager.root_dir)
            nb = nbformat.read(root / notebook_path, as_version=4)  # type: ignore[no-untyped-call]
            kernel_name = str(nb.metadata.kernelspec.name)
            extension = self.voila_configuration.extension_config or {}
            html = light_page.render(
                build["cells"], kernel_id=KERNEL_ID_PLACEHOLDER, base_url=self.base_url,
                lang=request_language(self),
                title=str(nb.metadata.get("title") or Path(notebook_path).stem),
                connection=extension.get(CONNECTION_CONFIG_KEY))
            if len(_HTML) >= _HTML_MAX:
                _HTML.clear()
            _HTML[key] = (html, kernel_name)
            return html, kernel_name

    SnapshotPage.__name__ = f"Snapshot{handler_class.__name__}"
    return SnapshotPage
