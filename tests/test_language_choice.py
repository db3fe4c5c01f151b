"""Which language a page visit is served in, and how the kernel learns it (issue 12).

The rule: ``?lang=`` over the ``kit_lang`` cookie over the server's language; a value the kit
does not know counts as not given; Indonesian when nothing is known. The seam: the server puts
the visit's language in the kernel's environment (``UMKM_KIT_LANG``), which is part of a built
page's environment, so each language has its own build and a visit never changes another's.
"""

from __future__ import annotations

import json
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
import tornado.web

from kit.i18n import LANG_COOKIE, choose_language, known_language
from kit.server.kernels.page_snapshot import build_env, snapshot_key
from kit.server.language import with_visit_language
from kit.settings import LANG_ENV
from tests.local_tornado import serve


@pytest.mark.parametrize(("asked", "remembered", "default", "expected"), [
    ("en", None, None, "en"),
    ("en", "id", "id", "en"),
    ("id", "en", "en", "id"),
    (None, "en", "id", "en"),
    ("", "en", None, "en"),
    (None, None, "en", "en"),
    (None, None, None, "id"),
    ("EN-us", None, None, "en"),
    ("id_ID", "en", None, "id"),
])
def test_lang_parameter_wins_over_cookie_over_default(
        asked: str | None, remembered: str | None, default: str | None, expected: str) -> None:
    """``?lang=`` beats the cookie, the cookie beats the server's default, Indonesian is last."""
    assert choose_language(asked, remembered, default) == expected


@pytest.mark.parametrize(("asked", "remembered", "default", "expected"), [
    ("fr", None, None, "id"),
    ("<script>", None, None, "id"),
    ("xx", "en", None, "en"),
    (None, "jv", None, "id"),
    (None, "jv", "en", "en"),
    ("de", "nl", "zz", "id"),
])
def test_unknown_values_count_as_not_given(
        asked: str | None, remembered: str | None, default: str | None, expected: str) -> None:
    """An unknown ``?lang=`` or cookie value never becomes a language: the next rule decides."""
    assert choose_language(asked, remembered, default) == expected


def test_known_language_names_only_supported_codes() -> None:
    """Only Indonesian and English (in any common spelling) are known; anything else is None."""
    assert [known_language(v) for v in ("id", "en", "en-GB", "ID_id", " en ")] == [
        "id", "en", "en", "id", "en"]
    assert [known_language(v) for v in (None, "", "fr", "english", "e")] == [None] * 5


def test_language_is_part_of_a_built_page_not_of_the_visit(tmp_path: Path) -> None:
    """A page built in English is another build than the Indonesian one (not shared)."""
    notebook = tmp_path / "page.ipynb"
    notebook.write_text("{}")
    env = {"UMKM_KIT_WORKSPACE": "/ws", "QUERY_STRING": "lang=en"}
    assert build_env({**env, LANG_ENV: "en"})[LANG_ENV] == "en"
    english = snapshot_key(str(notebook), {**env, LANG_ENV: "en"}, None)
    indonesian = snapshot_key(str(notebook), {**env, LANG_ENV: "id"}, None)
    assert english != indonesian
    assert english == snapshot_key(str(notebook), {**env, LANG_ENV: "en",
                                                   "QUERY_STRING": "lang=en&x=1"}, None)


class _Kernels:
    """Stands in for Voila's kernel manager: records the environment of each kernel start."""

    def __init__(self) -> None:
        self.started: list[dict[str, str]] = []
        self.notebook_data: dict[str, Any] = {}

    async def start_kernel(self, **kwargs: Any) -> str:
        """Record the kernel's environment; return a kernel id."""
        self.started.append(dict(kwargs["env"]))
        return f"k{len(self.started)}"


KERNELS = _Kernels()


class _Page(tornado.web.RequestHandler):
    """A page that starts a kernel the way Voila's page handler does."""

    @property
    def kernel_manager(self) -> Any:
        """The server's kernel manager."""
        return KERNELS

    async def get(self) -> None:
        """Start a kernel with the server's environment; answer with that kernel's language."""
        await self.kernel_manager.start_kernel(kernel_name="python3", env={LANG_ENV: "id"})
        self.finish(json.dumps({"lang": KERNELS.started[-1][LANG_ENV],
                                "data": len(self.kernel_manager.notebook_data)}))


def _get(base: str, path: str, cookie: str = "") -> tuple[str, SimpleCookie]:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        body = json.loads(response.read())
        jar: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return str(body["lang"]), jar


def test_kernels_start_in_the_visits_language() -> None:
    """A real server: ``?lang=`` sets the cookie and the kernel's language; the cookie is kept."""
    with serve([(r"/page", with_visit_language(_Page))]) as base:
        lang, jar = _get(base, "/page?lang=en")
        assert lang == "en"
        cookie = jar[LANG_COOKIE]
        assert cookie.value == "en"
        assert cookie["path"] == "/"
        assert cookie["samesite"] == "Lax"
        assert _get(base, "/page", f"{LANG_COOKIE}=en")[0] == "en"
        lang, jar = _get(base, "/page?lang=fr", f"{LANG_COOKIE}=en")
        assert (lang, LANG_COOKIE in jar) == ("en", False)
        assert _get(base, "/page?lang=id", f"{LANG_COOKIE}=en")[0] == "id"
        assert _get(base, "/page", f"{LANG_COOKIE}=xx")[0] == "id"
        lang, jar = _get(base, "/page")
        assert (lang, LANG_COOKIE in jar) == ("id", False)


def test_one_visits_language_never_reaches_another_kernel() -> None:
    """Visits in two languages, interleaved: each kernel gets its own visit's language only."""
    with serve([(r"/page", with_visit_language(_Page))]) as base:
        seen = [_get(base, path, cookie)[0] for path, cookie in (
            ("/page?lang=en", ""), ("/page", ""), ("/page", f"{LANG_COOKIE}=en"),
            ("/page?lang=id", f"{LANG_COOKIE}=en"), ("/page", ""))]
    assert seen == ["en", "id", "en", "id", "id"]
