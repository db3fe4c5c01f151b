"""Static files served from memory, gzip-compressed, found once per URL (real tornado server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from voila.static_file_handler import MultiStaticFileHandler

from kit.server import static_cache
from tests.local_tornado import serve

SCRIPT = "console.log('halo');\n" * 200


@dataclass
class Site:
    """The static folder and the base URL of a server serving it under ``/static/``."""

    root: Path
    url: str
    handler: type

    def found(self, url_path: str) -> list[tuple[str, str]]:
        """What this server's handler remembers for ``url_path`` (parsed and absolute path)."""
        return [(v.path, v.absolute_path) for k, v in static_cache._FOUND.items()
                if k == (self.handler, url_path)]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """Voila's multi-folder handler, wrapped as the kit does, on 127.0.0.1 in its own thread."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "app.js").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("rahasia", encoding="utf-8")
    handler = static_cache.cached_static(MultiStaticFileHandler)
    with serve([(r"/static/(.*)", handler, {"paths": [str(root)]})]) as base:
        yield Site(root, f"{base}/static/", handler)


def test_served_compressed_and_found_once(site: Site) -> None:
    """Gzip when accepted, the same bytes; the URL's file is remembered after the first hit."""
    first = httpx.get(site.url + "app.js", headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.text == SCRIPT  # httpx decompresses
    assert int(first.headers["Content-Length"]) < len(SCRIPT) / 4
    assert [abspath for _parsed, abspath in site.found("/static/app.js")] == [
        str(site.root / "app.js")]
    plain = httpx.get(site.url + "app.js", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and plain.text == SCRIPT
    assert "Content-Encoding" not in plain.headers
    # The second response replays the headers tornado computed for the first one.
    for name in ("Etag", "Last-Modified", "Content-Type", "Vary", "Accept-Ranges"):
        assert plain.headers[name] == first.headers[name], name
    assert "javascript" in plain.headers["Content-Type"]
    assert "Expires" not in first.headers and "Expires" not in plain.headers
    assert int(plain.headers["Content-Length"]) == len(SCRIPT)
    again = httpx.get(site.url + "app.js", headers={"If-None-Match": first.headers["Etag"]})
    assert again.status_code == 304


def test_a_removed_or_changed_file_is_not_served_from_memory(site: Site) -> None:
    """After the file changes it is read again; after it is removed the URL answers 404."""
    assert httpx.get(site.url + "app.js").text == SCRIPT
    etag = httpx.get(site.url + "app.js").headers["Etag"]
    (site.root / "app.js").write_text("baru();\n", encoding="utf-8")
    changed = httpx.get(site.url + "app.js")
    assert changed.text == "baru();\n"
    assert changed.headers["Etag"] != etag  # the new version's headers, not the old ones
    (site.root / "app.js").unlink()
    assert httpx.get(site.url + "app.js").status_code == 404
    assert site.found("/static/app.js") == []


def test_paths_outside_the_folder_are_refused_and_not_remembered(site: Site) -> None:
    """A ``..`` path gets no file, and nothing about it is remembered."""
    response = httpx.get(site.url + "%2E%2E/secret.txt")
    assert response.status_code in (403, 404)
    assert "rahasia" not in response.text
    assert not [k for k in static_cache._FOUND if "secret" in k[1]]
