"""The front-end chunks of a page as one script: what goes in, and how it is served."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx
import pytest

from kit.server import chunk_bundle
from kit.server.chunk_bundle import (
    build_bundle,
    bundle_route,
    bundle_url,
    is_chunk_url,
    locate,
    recorded_chunks,
)
from tests.local_tornado import serve

STRICT = b'"use strict";(self.webpackChunk_X=self.webpackChunk_X||[]).push([[12],{1:e=>{}}]);'
LICENSED = (b"/*! For license information please see 7.voila.js.LICENSE.txt */\n"
            b"(self.webpackChunk_X=self.webpackChunk_X||[]).push([[7],{2:e=>{}}]);")
RSPACK = b"(self.rspackChunk_w=self.rspackChunk_w||[]).push([[3],{3(e){}}]);"
ENTRY = b"var _JUPYTERLAB;(()=>{var e={};})();"


@pytest.fixture
def installed(tmp_path: Path) -> list[Path]:
    """Two Voila static folders (searched in order) with chunks and an entry script."""
    static, extra = tmp_path / "static", tmp_path / "extra"
    static.mkdir()
    extra.mkdir()
    (static / "12.voila.js").write_bytes(STRICT)
    (static / "7.voila.js").write_bytes(LICENSED)
    (static / "voila.js").write_bytes(ENTRY)
    (extra / "3.voila.js").write_bytes(RSPACK)
    (extra / "12.voila.js").write_bytes(ENTRY)
    (tmp_path / "secret.js").write_bytes(STRICT)
    return [static, extra]


def test_chunks_are_found_where_voila_serves_them(installed: list[Path]) -> None:
    """The folders are searched in order; '..' and other addresses find nothing."""
    static, extra = installed
    assert locate("voila/static/12.voila.js", installed) == static / "12.voila.js"
    assert locate("voila/static/3.voila.js", installed) == extra / "3.voila.js"
    assert locate("voila/static/../secret.js", installed) is None
    assert locate("voila/static/missing.js", installed) is None
    assert locate("voila/render/x.ipynb", installed) is None


def test_bundle_holds_each_chunk_in_its_own_function(installed: list[Path]) -> None:
    """Every chunk goes in, wrapped so its "use strict" stays its own; others are skipped."""
    paths = ["voila/static/12.voila.js", "voila/static/7.voila.js", "voila/static/3.voila.js",
             "voila/static/voila.js", "voila/static/404.voila.js",
             "voila/labextensions/@w/manager/static/3.abc.js",
             "voila/static/12.voila.js"]
    bundle = build_bundle(paths, installed)
    assert bundle is not None
    assert bundle.included == tuple(paths[:3])
    assert bundle.skipped == tuple(paths[3:6])
    assert bundle.body == b"".join(b"(function(){\n" + code + b"\n})();\n"
                                   for code in (STRICT, LICENSED, RSPACK))
    assert gzip.decompress(bundle.gz) == bundle.body
    assert bundle.file_name == f"kit-chunks.{bundle.digest}.js"


def test_bundle_name_follows_its_content(installed: list[Path]) -> None:
    """A changed chunk gives another file name, so browsers never keep an old bundle."""
    first = build_bundle(["voila/static/12.voila.js"], installed)
    (installed[0] / "12.voila.js").write_bytes(STRICT.replace(b"[[12]", b"[[12,13]"))
    second = build_bundle(["voila/static/12.voila.js"], installed)
    assert first is not None and second is not None
    assert first.file_name != second.file_name
    assert build_bundle(["voila/static/voila.js"], installed) is None


def test_chunk_addresses() -> None:
    """Voila's numbered chunks are bundled; its entry script, extensions and pages are not."""
    assert is_chunk_url("/voila/static/9212.voila.js")
    assert not is_chunk_url("/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/"
                            "7.2a0ce575775f5aad.js")
    assert not is_chunk_url("/voila/static/voila.js")
    assert not is_chunk_url("/voila/labextensions/@w/manager/static/remoteEntry.abc.js")
    assert not is_chunk_url("/voila/static/kit-chunks.0123abcd.js")
    assert not is_chunk_url("/voila/render/modules/advokasi.ipynb")


def test_recorded_list_is_checked(tmp_path: Path) -> None:
    """A recorded list that is not a list of paths is refused with the file's name."""
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"files": ["voila/static/1.voila.js"]}), encoding="utf-8")
    assert recorded_chunks(good) == ["voila/static/1.voila.js"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"files": "voila/static/1.voila.js"}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.json"):
        recorded_chunks(bad)


def test_every_recorded_chunk_is_installed() -> None:
    """The kit's list matches this Voila and ipywidgets: each file is installed and a chunk."""
    from voila.paths import collect_static_paths

    from kit.server.config import TEMPLATE_NAME

    files = recorded_chunks()
    assert len(files) > 50
    bundle = build_bundle(files, collect_static_paths(["voila", "nbconvert"], TEMPLATE_NAME))
    assert bundle is not None
    assert bundle.skipped == ()
    assert len(bundle.included) == len(files)


def test_bundle_served_compressed_and_cached_for_a_year(installed: list[Path]) -> None:
    """Gzip when accepted, immutable caching, 304 for the same version, 404 for another name."""
    bundle = build_bundle(["voila/static/12.voila.js", "voila/static/7.voila.js"], installed)
    assert bundle is not None
    with serve([bundle_route("/", bundle)]) as base:
        url = base + bundle_url("/", bundle)
        assert url.endswith(f"/voila/static/{bundle.file_name}")
        first = httpx.get(url, headers={"Accept-Encoding": "gzip"})
        assert first.status_code == 200
        assert first.headers["Content-Encoding"] == "gzip"
        assert first.content == bundle.body  # httpx decompresses
        assert first.headers["Cache-Control"] == chunk_bundle.IMMUTABLE
        assert first.headers["Content-Type"].startswith("application/javascript")
        plain = httpx.get(url, headers={"Accept-Encoding": "identity"})
        assert plain.content == bundle.body and "Content-Encoding" not in plain.headers
        again = httpx.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.content == b""
        other = httpx.get(base + "/voila/static/kit-chunks.0000.js")
        assert other.status_code == 404
