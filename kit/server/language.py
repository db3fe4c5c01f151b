"""The language of a page visit, remembered across pages, and how its kernel learns it.

A visit's language is ``?lang=`` in its address, else the ``kit_lang`` cookie, else the
server's language (``kit start --lang``, Bahasa Indonesia by default):
:func:`kit.i18n.request_language`. A ``?lang=`` the kit knows is remembered in the cookie
(path ``/``, ``SameSite=Lax``, a year: :func:`kit.i18n.remember_language`), so the next page —
a module, the checklist, the classroom's pages — opens in it. The home page's language links
are such addresses.

Kernels learn the language from their environment: the visit's kernel starts with
``UMKM_KIT_LANG`` set to it (:class:`VisitKernels`), where :func:`kit.i18n.get_language` reads
it. A page built once in the fork server (:mod:`kit.server.page_snapshot_handler`) is built in
that environment too, and ``UMKM_KIT_LANG`` is not a per-visit variable, so each language has
a build of its own (made on its first visit) and a forked kernel needs no re-rendering. The
language comes only from the visit's own request: one visit never changes another's kernel.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

from kit.i18n import remember_language, request_language
from kit.settings import LANG_ENV


class VisitKernels:
    """The server's kernel manager as one page visit sees it: its kernels get its language.

    Every other attribute is the server's manager's own.
    """

    def __init__(self, manager: Any, lang: str) -> None:
        self._manager = manager
        self._lang = lang

    def start_kernel(self, *args: Any, **kwargs: Any) -> Any:
        """Start a kernel as the server's manager does, with ``UMKM_KIT_LANG`` of this visit."""
        env = dict(kwargs.get("env") or os.environ)
        env[LANG_ENV] = self._lang
        kwargs["env"] = env
        return self._manager.start_kernel(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)


def with_visit_language(handler_class: type[Any]) -> type[Any]:
    """A subclass of a page handler whose kernels start in the visit's language.

    Its ``prepare`` remembers a known ``?lang=`` in the cookie; ``kernel_manager`` hands the
    visit's language to every kernel the page starts.
    """

    class VisitLanguagePage(handler_class):  # type: ignore[misc]
        kit_lang: str | None = None

        async def prepare(self, *args: Any, **kwargs: Any) -> None:
            result = super().prepare(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
            self.kit_lang = remember_language(self)

        @property
        def kernel_manager(self) -> Any:
            return VisitKernels(super().kernel_manager, self.kit_lang or request_language(self))

    VisitLanguagePage.__name__ = f"VisitLanguage{handler_class.__name__}"
    return VisitLanguagePage
