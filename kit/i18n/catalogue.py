"""Extract the interface strings of the kit and compare them with the catalogues.

``python -m kit.i18n.catalogue`` prints every message id used in the code that has no
Bahasa Indonesia translation yet (exit status 1 if any), and, with ``--pot FILE``, writes a
template for translators. The tests call :func:`missing_translations`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from kit.i18n import DOMAIN, po_files

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("kit", "voila_apps", "modules", "assessments")
KEYWORDS = {"_": None, "gettext_": None, "ngettext_": (1, 2), "N_": None}
METHOD_MAP = [
    ("**.py", "python"),
    # Jinja templates of the classroom pages (and any other *.j2 page) use Jinja's i18n
    # extension: _(), gettext() and ngettext() calls inside {{ }} / {% %}.
    ("**.j2", "jinja2.ext:babel_extract"),
]


def extract(root: Path = ROOT) -> Iterator[tuple[str, str, int]]:
    """Yield ``(msgid, file, line)`` for every translatable string in the source folders."""
    for folder in SOURCE_DIRS:
        base = root / folder
        if not base.is_dir():
            continue
        for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(base), METHOD_MAP, keywords=KEYWORDS
        ):
            msgids = message if isinstance(message, tuple) else (message,)
            for msgid in msgids:
                if msgid:
                    yield msgid, f"{folder}/{filename}", lineno


def translated_ids(lang: str = "id") -> set[str]:
    """Message ids that have a non-empty, non-fuzzy translation in ``lang``."""
    out: set[str] = set()
    for path in po_files(lang):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang, domain=DOMAIN):
                if not message.id or message.fuzzy:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if all(strings):
                    out.update(str(i) for i in ids)
    return out


def missing_translations(lang: str = "id", root: Path = ROOT) -> list[tuple[str, str, int]]:
    """Strings used in the code without a translation in ``lang``."""
    have = translated_ids(lang)
    return [(m, f, ln) for m, f, ln in extract(root) if m not in have]


def main(argv: list[str] | None = None) -> int:
    """Report untranslated strings; optionally write a ``.pot`` template."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pot", type=Path, help="write a template of all strings here")
    args = parser.parse_args(argv)
    if args.pot:
        catalog = Catalog(domain=DOMAIN)
        for msgid, file, line in extract():
            catalog.add(msgid, locations=[(file, line)])
        with args.pot.open("wb") as fh:
            write_po(fh, catalog)
    missing = missing_translations()
    for msgid, file, line in missing:
        print(f"{file}:{line}: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
