"""Record which front-end chunks the kit's pages load: ``python -m bench.classroom.record_chunks``.

Builds the whole site (home page, apps, modules) and a demo workspace in a temporary folder, starts
the kit's Voila with the chunk bundle off (``UMKM_KIT_CHUNK_BUNDLE=0``, so the pages fetch every
chunk), opens every page in Chromium at a phone's size, waits until the page has stopped loading,
and writes every chunk of Voila's page script it asked for (``voila/static/N.voila.js``) to
``kit/server/voila_chunks.json``, which :mod:`kit.server.chunk_bundle` bundles. Run it again after
upgrading Voila or ipywidgets; the browser test ``tests/browser/test_chunk_bundle.py`` fails while
the list misses a chunk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench.classroom.participants import CHROMIUM, CHROMIUM_ARGS, PHONE
from bench.classroom.servers import REPO, start_kit
from kit.server.chunk_bundle import is_chunk_url

SETTLE_MS = 2_000
LOAD_TIMEOUT_MS = 120_000


def chunk_paths(urls: list[str]) -> list[str]:
    """The chunk files among ``urls``, as paths relative to the server root, once each."""
    out = []
    for url in urls:
        path = urlsplit(url).path
        if is_chunk_url(path):
            out.append(path.lstrip("/"))
    return list(dict.fromkeys(out))


async def record(base_url: str, pages: list[str]) -> list[str]:
    """Open every page of ``pages`` in Chromium; the chunk files they asked for, sorted."""
    from playwright.async_api import async_playwright

    seen: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages:
            context = await browser.new_context(viewport=PHONE)
            page = await context.new_page()
            page.on("request", lambda request: seen.append(request.url))
            await page.goto(base_url + "voila/render/" + page_path, wait_until="networkidle",
                            timeout=LOAD_TIMEOUT_MS)
            await page.wait_for_selector(".widget-button, .jupyter-widgets",
                                         timeout=LOAD_TIMEOUT_MS)
            await page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
            await page.wait_for_timeout(SETTLE_MS)
            await context.close()
        await browser.close()
    return sorted(chunk_paths(seen), key=_natural)


def _natural(path: str) -> tuple[str, int, str]:
    head, _, name = path.rpartition("/")
    number = re.match(r"\d+", name)
    return (head, int(number.group()) if number else -1, name)


def main(argv: list[str] | None = None) -> int:
    """Build the site, record the chunks of every page and write the list."""
    import voila

    from kit.assess.demo import ensure_demo_workspace
    from kit.server.build import build_site
    from kit.server.chunk_bundle import RECORDED
    from kit.settings import CHUNK_BUNDLE_ENV

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RECORDED)
    args = parser.parse_args(argv)
    os.environ[CHUNK_BUNDLE_ENV] = "0"
    with tempfile.TemporaryDirectory(prefix="kit-chunks-") as tmp:
        root = Path(tmp)
        report = build_site(root / "site", REPO)
        workspace = ensure_demo_workspace(root / "workspace").root
        server = start_kit(root / "site", workspace, root / "kit.log")
        try:
            files = asyncio.run(record(server.base_url, list(report.notebooks)))
        finally:
            server.stop()
    data = {
        "about": "Front-end chunks the kit's pages load (kit.server.chunk_bundle); "
                 "written by python -m bench.classroom.record_chunks",
        "voila": voila.__version__,
        "pages": list(report.notebooks),
        "files": files,
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{len(files)} chunks from {len(report.notebooks)} pages -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
