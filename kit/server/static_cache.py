"""Static files (Voila's scripts, styles, fonts) kept in memory and sent gzip-compressed.

With stock Voila a participant page loads about 90 static files, 5 MB, on every phone's first visit
(the kit's chunk bundle, :mod:`kit.server.chunk_bundle`, makes that 20 files with the same code).
Stock, tornado reads each file from disk and hashes all of it (the ETag) on every request, and sends
it uncompressed: 50 phones joining mean 250 MB through the room's Wi-Fi and a laptop busy reading
and hashing. :func:`cached_static` makes a static handler class that keeps each file in memory
(read, hashed and, for text types, gzip-compressed once, again only when the file changes) and sends
the compressed copy to every browser that accepts gzip (all do): about a quarter of the bytes.

Finding a file is remembered too: Voila's template handler looks through every template folder
(reading their configuration) for each request; once a URL has led to a valid file, the same URL
leads straight to it while that file exists. So are the response headers the handler class gives
that file (type, ETag, Last-Modified, caching): computed by tornado once per version of the file and
replayed for every phone that asks. ``Expires`` is left out: ``Cache-Control: max-age`` says the
same to every browser and does not go stale.

A request with a ``Range`` header is served by tornado as usual.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from dataclasses import dataclass
from typing import Any

import tornado.web

from kit.server import upstream

COMPRESSIBLE = (".js", ".mjs", ".css", ".json", ".map", ".svg", ".html", ".txt", ".ttf",
                ".eot", ".otf", ".xml", ".md")
GZIP_LEVEL = 6
MAX_CACHED_FILE = 16 * 1024 * 1024


@dataclass(frozen=True)
class CachedFile:
    """One static file: its stamp, bytes, gzip-compressed bytes (if worth it) and ETag."""

    stamp: tuple[int, int]
    raw: bytes
    gz: bytes | None
    etag: str


_FILES: dict[str, CachedFile] = {}


@dataclass(frozen=True)
class Headers:
    """The headers a handler class sends with one version of a file, and its modification time."""

    stamp: tuple[int, int]
    items: tuple[tuple[str, str], ...]
    modified: Any


@dataclass
class Found:
    """Where a URL led: the parsed and the validated absolute path, and the headers sent."""

    path: str
    absolute_path: str
    headers: Headers | None = None


# (handler class, URL path) -> the file it led to before.
_FOUND: dict[tuple[type[Any], str], Found] = {}
# Headers that are per response (tornado sets Date and Server on every one), or dropped.
_NOT_REPLAYED = frozenset({"Date", "Server", "Expires", "Content-Length", "Content-Encoding"})
_LOCK = threading.Lock()


def load(abspath: str) -> CachedFile | None:
    """The cached file at ``abspath`` (read again if it changed); None if too big or missing."""
    try:
        st = os.stat(abspath)
    except OSError:
        return None
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _FILES.get(abspath)
    if cached is not None and cached.stamp == stamp:
        return cached
    if st.st_size > MAX_CACHED_FILE:
        return None
    with open(abspath, "rb") as handle:
        raw = handle.read()
    gz = None
    if abspath.lower().endswith(COMPRESSIBLE):
        packed = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
        gz = packed if len(packed) < len(raw) * 0.9 else None
    entry = CachedFile(stamp=stamp, raw=raw, gz=gz,
                       etag=hashlib.sha256(raw).hexdigest())
    with _LOCK:
        _FILES[abspath] = entry
    return entry


class CachedStaticMixin:
    """Mixed into a ``StaticFileHandler`` subclass: serve from :func:`load`, gzip when accepted."""

    request: Any
    root: str
    path: str
    absolute_path: str | None

    @classmethod
    def get_content_version(cls, abspath: str) -> str:
        """The file's hash, computed once per version of the file."""
        entry = load(abspath)
        if entry is None:
            version: str = tornado.web.StaticFileHandler.get_content_version(abspath)
            return version
        return entry.etag

    def compute_etag(self) -> str | None:
        """The ETag of the file's current version (tornado's own hash cache never forgets one)."""
        entry = load(self.absolute_path) if self.absolute_path else None
        if entry is None:
            etag: str | None = super().compute_etag()  # type: ignore[misc]
            return etag
        return f'"{entry.etag}"'

    async def get(self, path: str, include_body: bool = True) -> None:
        """Send the file (compressed when the browser accepts gzip), or 304 if unchanged."""
        handler: Any = self
        if self.request.headers.get("Range"):
            await super().get(path, include_body)  # type: ignore[misc]
            return
        key = (type(self), self.request.path)
        found = _FOUND.get(key)
        entry = load(found.absolute_path) if found else None
        if found is None or entry is None:
            _FOUND.pop(key, None)
            handler.path = handler.parse_url_path(path)
            absolute_path = handler.get_absolute_path(handler.root, handler.path)
            handler.absolute_path = handler.validate_absolute_path(handler.root, absolute_path)
            if handler.absolute_path is None:
                return
            entry = load(handler.absolute_path)
            if entry is None:
                await super().get(path, include_body)  # type: ignore[misc]
                return
            found = _FOUND[key] = Found(handler.path, handler.absolute_path)
        handler.path, handler.absolute_path = found.path, found.absolute_path
        prepared = found.headers
        if prepared is None or prepared.stamp != entry.stamp:
            handler.modified = handler.get_modified_time()
            handler.set_headers()
            handler.clear_header("Expires")
            handler.set_header("Vary", "Accept-Encoding")
            prepared = Headers(entry.stamp, tuple(
                (name, value) for name, value in upstream.response_headers(handler)
                if name not in _NOT_REPLAYED), handler.modified)
            found.headers = prepared
        else:
            handler.modified = prepared.modified
            for name, value in prepared.items:
                upstream.put_response_header(handler, name, value)
        conditional = self.request.headers
        if ("If-None-Match" in conditional or "If-Modified-Since" in conditional) and \
                handler.should_return_304():
            handler.set_status(304)
            return
        body = entry.raw
        if entry.gz is not None and "gzip" in self.request.headers.get("Accept-Encoding", ""):
            handler.set_header("Content-Encoding", "gzip")
            body = entry.gz
        handler.set_header("Content-Length", len(body))
        if include_body:
            handler.write(body)


def cached_static(handler_class: type[Any]) -> type[Any]:
    """A subclass of the static handler class ``handler_class`` serving through the cache."""
    cls = type(f"Cached{handler_class.__name__}", (CachedStaticMixin, handler_class), {})
    return cls
