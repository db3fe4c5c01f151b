"""One script instead of 72: the chunks of Voila's page script a kit page loads, in one response.

Voila's page script (``voila.js``, built with webpack) fetches its code in 72 small *chunks*,
in waves, as each one names the next. With the widget extensions' files, a phone's first visit
made 91 static requests over the room's Wi-Fi, each a round trip for the phone and a wake-up of
the laptop's event loop (measured on this machine: the same 91 files asked for over 1.5 s, as
Chromium asks, cost the server 0.075 CPU-s per visit).

A webpack chunk file only *registers* code: it pushes ``[[chunk ids], {module id: factory}]`` on
a global array (``self.webpackChunk…``), and webpack's runtime, when it starts, takes every
chunk already pushed as loaded. So the kit sends those chunks as one script, placed before
``voila.js`` in the page (the ``umkm-kit`` template): the runtime finds them installed and asks
for none of them. A chunk that is not in the bundle is fetched as before, so a bundle that lacks
one (another Voila version) costs requests, never correctness.

Which chunks: the ones real Chromium visits of the kit's pages loaded, recorded in
``voila_chunks.json`` (``python -m bench.classroom.record_chunks`` records them again; a browser
test checks that a visit asks for no chunk). The bundle is built from the files installed, so it
always carries this Voila's code; each chunk is wrapped in a function of its own, so its
``"use strict"`` applies to it alone, as when it was a file. The bundle's address names its hash
and is cached by browsers for a year: a reload or the next module costs no request for it.

Only Voila's own chunks: the widget extensions' 12 chunks (``voila/labextensions/…``) are loaded
as usual. Bundled too, they made one page in three fail on a phone-speed CPU (Chromium throttled
10×): the page got every widget's state, then showed "widget model not found", for good.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.web

from kit.server.static_cache import GZIP_LEVEL

RECORDED = Path(__file__).with_name("voila_chunks.json")
STATIC_PREFIX = "voila/static/"
# Key under Voila's ``extension_config`` (page_config ``extensionConfig``) the template reads.
CONFIG_KEY = "umkmKitChunks"
IMMUTABLE = "public, max-age=31536000, immutable"
# A webpack/rspack JSONP chunk: license comments and "use strict" may come first, then a push on
# the chunk global array.
_CHUNK = re.compile(
    rb'^\s*(?:/\*.*?\*/\s*)*(?:"use strict";\s*)?'
    rb"\(self\.((?:webpack|rspack)Chunk\w*)=self\.\1\|\|\[\]\)\.push\(", re.S)
# The address of one of Voila's own chunks.
_CHUNK_URL = re.compile(r"^/voila/static/\d+\.voila\.js$")


@dataclass(frozen=True)
class ChunkBundle:
    """The bundle's bytes (plain and gzip-compressed), its hash and what went into it."""

    body: bytes
    gz: bytes
    digest: str
    included: tuple[str, ...]
    skipped: tuple[str, ...]

    @property
    def file_name(self) -> str:
        """The file name the bundle is served under: it changes whenever the content does."""
        return f"kit-chunks.{self.digest}.js"


def is_chunk_url(path: str) -> bool:
    """Whether the URL path (``/voila/…``, no query) is a front-end chunk a bundle can carry."""
    return bool(_CHUNK_URL.match(path))


def recorded_chunks(path: Path = RECORDED) -> list[str]:
    """The chunk URLs (relative to the server root) recorded from real visits of kit pages."""
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data.get("files", [])
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ValueError(f"{path}: 'files' must be a list of URL paths")
    return list(files)


def locate(url_path: str, static_paths: Sequence[str | Path]) -> Path | None:
    """The installed file Voila serves for ``url_path`` (``voila/static/…``), else None.

    The file is searched in Voila's static folders, in the order Voila's handler searches them.
    """
    if not url_path.startswith(STATIC_PREFIX):
        return None
    rest = url_path[len(STATIC_PREFIX):]
    parts = rest.split("/")
    if not rest or any(part in ("", ".", "..") for part in parts):
        return None
    for root in static_paths:
        candidate = Path(root).joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None


def build_bundle(url_paths: Sequence[str],
                 static_paths: Sequence[str | Path]) -> ChunkBundle | None:
    """Bundle the chunk files behind ``url_paths``; None when not one of them is installed.

    A path whose file is missing, or whose file is not a webpack chunk, is skipped (and named in
    ``skipped``): the page then fetches it as usual.
    """
    parts: list[bytes] = []
    included: list[str] = []
    skipped: list[str] = []
    for url_path in dict.fromkeys(url_paths):
        found = locate(url_path, static_paths)
        code = found.read_bytes() if found is not None else b""
        if not _CHUNK.match(code):
            skipped.append(url_path)
            continue
        # A function of its own per chunk: its "use strict" stays its own, as in its own file.
        parts.append(b"(function(){\n" + code + b"\n})();\n")
        included.append(url_path)
    if not parts:
        return None
    body = b"".join(parts)
    return ChunkBundle(
        body=body,
        gz=gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
        digest=hashlib.sha256(body).hexdigest()[:20],
        included=tuple(included),
        skipped=tuple(skipped),
    )


class ChunkBundleHandler(tornado.web.RequestHandler):
    """Serves the bundle from memory: gzip-compressed when accepted, cached for a year."""

    bundle: ChunkBundle

    def initialize(self, bundle: ChunkBundle) -> None:
        """Keep the bundle this handler serves."""
        self.bundle = bundle

    def compute_etag(self) -> str | None:
        """The bundle's hash (it is also in the address)."""
        return f'"{self.bundle.digest}"'

    def get(self) -> None:
        """Send the bundle, or 304 when the browser has this version."""
        self.set_header("Content-Type", "application/javascript; charset=UTF-8")
        self.set_header("Cache-Control", IMMUTABLE)
        self.set_header("Vary", "Accept-Encoding")
        self.set_etag_header()
        if self.check_etag_header():
            self.set_status(304)
            return
        body = self.bundle.body
        if "gzip" in self.request.headers.get("Accept-Encoding", ""):
            self.set_header("Content-Encoding", "gzip")
            body = self.bundle.gz
        self.write(body)


def bundle_route(base_url: str, bundle: ChunkBundle) -> tuple[str, type[Any], dict[str, Any]]:
    """The tornado route serving ``bundle`` under ``voila/static/`` (where participants may go)."""
    from jupyter_server.utils import url_path_join

    pattern = url_path_join(base_url, STATIC_PREFIX + re.escape(bundle.file_name))
    return (pattern, ChunkBundleHandler, {"bundle": bundle})


def bundle_url(base_url: str, bundle: ChunkBundle) -> str:
    """The address the page's ``<script>`` loads the bundle from."""
    from jupyter_server.utils import url_path_join

    return str(url_path_join(base_url, STATIC_PREFIX + bundle.file_name))
