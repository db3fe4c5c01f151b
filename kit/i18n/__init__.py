"""Interface strings through gettext catalogues (Bahasa Indonesia default, English complete).

Message ids in the code are English; the ``.po`` files in ``locale/id/LC_MESSAGES/`` translate
every one of them (a test checks it is complete). There is one ``.po`` file per area of the kit
(``kit.po``, ``roster.po``…), merged into one catalogue, so that areas can be translated and
reviewed separately. English needs no catalogue: the message id *is* the English text. The files
are compiled in memory with Babel on first use, so no build step and no binary ``.mo`` file is kept
in git.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kit import settings

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kit"
DEFAULT_LANG = "id"
SUPPORTED = ("id", "en")

_current: list[str] = []


def po_files(lang: str) -> list[Path]:
    """The ``.po`` files of ``lang``, in a stable order."""
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Return the gettext translations for ``lang`` (``NullTranslations`` for English)."""
    files = po_files(lang)
    if lang == "en" or not files:
        return gettext.NullTranslations()
    merged: Catalog | None = None
    for po_path in files:
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
        if merged is None:
            merged = catalog
        else:
            for message in catalog:
                if message.id:
                    merged[message.id] = message
    assert merged is not None  # noqa: S101 - files is not empty
    buf = io.BytesIO()
    write_mo(buf, merged)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def normalise(lang: str | None) -> str:
    """Map ``None``, ``"id_ID"``, ``"en-US"``… to a supported language code."""
    if not lang:
        return DEFAULT_LANG
    code = lang.replace("-", "_").split("_")[0].lower()
    return code if code in SUPPORTED else DEFAULT_LANG


def get_language() -> str:
    """The language in force: set by :func:`set_language`, else ``$UMKM_KIT_LANG``, else ``id``."""
    if _current:
        return _current[-1]
    return normalise(settings.language())


def set_language(lang: str | None) -> str:
    """Set the interface language for this process (``None``: back to the default).

    Returns the language now in force.
    """
    if lang is None:
        _current.clear()
    else:
        _current[:] = [normalise(lang)]
    return get_language()


def gettext_(message: str, lang: str | None = None) -> str:
    """Translate ``message`` into ``lang`` (default: the language in force)."""
    return translations(normalise(lang) if lang else get_language()).gettext(message)


def ngettext_(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """Translate a message with a plural form."""
    return translations(normalise(lang) if lang else get_language()).ngettext(singular, plural, n)


_ = gettext_
