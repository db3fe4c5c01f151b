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
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kit import settings

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kit"
DEFAULT_LANG = "id"
SUPPORTED = ("id", "en")
# A page visit's language: ``?lang=`` in its address, remembered in this cookie (path ``/``) by
# every page of the kit's servers (kit.server.language, kit.classroom.web).
LANG_PARAM = "lang"
LANG_COOKIE = "kit_lang"
LANG_COOKIE_DAYS = 365

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


def known_language(value: str | None) -> str | None:
    """The supported language ``value`` names (``"en"``, ``"en-GB"``, ``"id_ID"``…) or ``None``."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split("_")[0].lower()
    return code if code in SUPPORTED else None


def choose_language(asked: str | None, remembered: str | None,
                    default: str | None = None) -> str:
    """The language of a page visit: ``?lang=`` over the remembered cookie over ``default``.

    ``asked`` is the address's ``?lang=``, ``remembered`` the ``kit_lang`` cookie, ``default``
    the server's language. A value the kit does not know counts as not given, so it never
    becomes a language; with nothing known the page is in Bahasa Indonesia.
    """
    return (known_language(asked) or known_language(remembered) or known_language(default)
            or DEFAULT_LANG)


def request_language(request: Any) -> str:
    """The language of the web request a handler serves: ``?lang=``, the cookie, the server's.

    ``request`` is a Tornado request handler (any object with ``get_query_argument`` and
    ``get_cookie``); the server's language is :func:`get_language`.
    """
    return choose_language(request.get_query_argument(LANG_PARAM, None),
                           request.get_cookie(LANG_COOKIE), get_language())


def remember_language(request: Any) -> str:
    """:func:`request_language`, a known ``?lang=`` also remembered in the ``kit_lang`` cookie.

    The cookie is the kit servers' own (path ``/``, ``SameSite=Lax``, not readable by scripts,
    kept a year); ``request`` also needs ``set_cookie`` (a Tornado request handler).
    """
    asked = known_language(request.get_query_argument(LANG_PARAM, None))
    if asked is not None and asked != request.get_cookie(LANG_COOKIE):
        request.set_cookie(LANG_COOKIE, asked, path="/", httponly=True, samesite="Lax",
                           expires_days=LANG_COOKIE_DAYS)
    return request_language(request)


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


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (translate it when shown)."""
    return message


def ngettext_(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """Translate a message with a plural form."""
    return translations(normalise(lang) if lang else get_language()).ngettext(singular, plural, n)


def bilingual(message: str, **values: object) -> str:
    """``message`` in Bahasa Indonesia, then in English on the next line (once if identical).

    ``message`` is the English message id; call sites write ``gettext_("…", "en")`` (which
    returns the id unchanged) so the catalogue extractor still finds the string. For lines
    shown before a language can be chosen: a server that cannot start, a command's bad input.
    """
    indonesian = gettext_(message, "id").format(**values)
    english = gettext_(message, "en").format(**values)
    return indonesian if indonesian == english else f"{indonesian}\n{english}"


_ = gettext_
