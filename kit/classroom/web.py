"""The classroom server's web side: join and login pages, the access gate, kernel ownership.

:class:`ClassroomWeb` is given to :class:`kit.server.voila_app.KitVoila` as its handler hook.
It adds the classroom pages (``/k/<code>``, ``/kelas/…``) and wraps *every* Voila handler class
in :class:`GateMixin`, whose ``prepare`` applies :mod:`kit.classroom.routing` before the handler
runs. It also wraps the kernel manager's ``start_kernel`` to remember which device started each
kernel and to give participant kernels their signed identity token.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import os
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import jinja2
import tornado.web
from jupyter_core.utils import ensure_async
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketHandler

from kit import settings
from kit.classroom import service, store
from kit.classroom.codes import display_code, join_url, normalise_code
from kit.classroom.credentials import password_problem
from kit.classroom.identity import sign_token
from kit.classroom.network import is_loopback
from kit.classroom.pin_rules import issue_pin
from kit.classroom.qr import qr_svg
from kit.classroom.ratelimit import JOIN_CODE, PASSWORD, PER_ADDRESS, PER_PARTICIPANT, WALK_IN
from kit.classroom.routing import (
    FACILITATOR,
    HOME_NOTEBOOK_PATH,
    PARTICIPANT,
    Area,
    Decision,
    Principal,
    Route,
    classify,
    decide,
    is_unsafe,
)
from kit.classroom.wsfilter import is_allowed, screen_output
from kit.i18n import (
    LANG_COOKIE,
    choose_language,
    get_language,
    gettext_,
    normalise,
    remember_language,
    translations,
)
from kit.workspace import Workspace, database_error, with_database_errors

log = logging.getLogger("kit.classroom")
T = TypeVar("T")

DEVICE_COOKIE = "kit_device"
CODE_COOKIE = "kit_kelas"
COOKIE_DAYS = 2
CACHE_SECONDS = 5.0
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
HOME_URL = f"/voila/render/{settings.HOME_NOTEBOOK}"
SURVEY_PAGE = "/kelas/evaluasi"  # the reaction survey (a participant page in routing)
SURVEY_SCREEN = "/kelas/layar/evaluasi"  # its address and count on the projector
PARTICIPANT_HOME = "/kelas"
FACILITATOR_HOME = "/kelas/layar"
PEOPLE_PAGE = "/kelas/layar/peserta"
# Live kernels one participant device may hold: a module page open in two tabs. Loading a page
# beyond that shuts the device's oldest kernel down first (its page stops responding).
KERNELS_PER_DEVICE = 2
# A device's module pages render one after another, so the limit above never shuts down the
# kernel of a page still being rendered (Voila's render then never ends: its queue waits for a
# snippet that the failed render never puts). A render waits at most this long for the one
# before it (a render that hangs for another reason does not stall the device for ever).
RENDER_WAIT_S = 120.0
# A participant kernel whose page is gone (its last websocket closed and none came back within
# this many seconds: the phone closed Chrome, or left the room) is shut down. A locked phone
# keeps its socket, or reconnects when it wakes up. Setting: $UMKM_KIT_KERNEL_GONE_GRACE_S
# (0 turns it off), read by kit.settings.kernel_gone_grace_seconds.

_PRINCIPAL: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "kit_classroom_principal", default=None)


def _make_env(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def with_next(path: str, after: str) -> str:
    """``path`` with ``?next=after`` when there is a page to go on to after signing in."""
    return f"{path}?next={quote(after, safe='')}" if after else path


def safe_next(value: str | None, default: str) -> str:
    """A redirect target after login: a local path the gate knows, else ``default``."""
    if not value or not value.startswith("/") or value.startswith("//") or is_unsafe(value):
        return default
    if classify(value.split("?", 1)[0]).area in (Area.BLOCKED, Area.KERNEL):
        return default
    return value


class ClassroomWeb:
    """The classroom side of one server: workspace, public address, kernels and templates."""

    def __init__(self, ws: Workspace, public_base: str, site: Path) -> None:
        self.ws = ws
        self.engine = ws.engine
        self.public_base = public_base.rstrip("/")
        self.site = site
        self.kernels: dict[str, str | None] = {}
        self.participant_kernels: set[str] = set()
        self.sockets: dict[str, int] = {}
        self.gone_grace = settings.kernel_gone_grace_seconds()
        self.kernel_manager: Any = None
        self._gone: dict[str, object] = {}
        self._device_locks: dict[str, asyncio.Lock] = {}
        self._render_locks: dict[str, asyncio.Lock] = {}
        self._cache: dict[str, tuple[float, Principal | None]] = {}
        self._envs = {lang: _make_env(lang) for lang in ("id", "en")}

    # ------------------------------------------------------------------ principals
    def principal(self, token: str | None) -> Principal | None:
        """Who holds a device cookie (cached for a few seconds; revocations apply after that)."""
        if not token:
            return None
        hit = self._cache.get(token)
        clock = time.monotonic()
        if hit is not None and clock - hit[0] < CACHE_SECONDS:
            return hit[1]
        who = store.principal_for(self.engine, token)
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[token] = (clock, who)
        return who

    def forget(self, token: str | None) -> None:
        """Drop a device from the cache (after signing in or out)."""
        if token:
            self._cache.pop(token, None)

    def forget_all(self) -> None:
        """Drop every cached device (after closing the classroom)."""
        self._cache.clear()

    def render(self, lang: str, name: str, **context: Any) -> str:
        """Render one of the classroom templates in ``lang``."""
        env = self._envs[normalise(lang)]
        return env.get_template(name).render(lang=normalise(lang), **context)

    # ------------------------------------------------------------------ the Voila hook
    def __call__(self, voila_app: Any, handlers: list[Any]) -> list[Any]:
        """Return the classroom handlers plus Voila's, every one behind the gate."""
        from kit.classroom.ballot_pages import routes as ballot_routes

        self.wrap_kernel_manager(voila_app.kernel_manager)
        ours: list[Any] = [
            (r"/", RootHandler),
            (r"/k/([^/]*)", JoinCodeHandler),
            (r"/kelas", ClassHandler),
            (r"/kelas/masuk", NamesHandler),
            (r"/kelas/masuk/([A-Za-z0-9_-]+)", PinHandler),
            (r"/kelas/daftar", WalkInHandler),
            (r"/kelas/keluar", LogoutHandler),
            (SURVEY_PAGE, SurveyHandler),
            (SURVEY_SCREEN, SurveyScreenHandler),
            *ballot_routes(),
            (r"/kelas/fasilitator/masuk", FacilitatorLoginHandler),
            (r"/kelas/fasilitator/keluar", LogoutHandler),
            (r"/kelas/siapkan", SetupHandler),
            (r"/kelas/layar", ScreenHandler),
            (r"/kelas/layar/peserta", PeopleHandler),
            (r"/kelas/layar/(pin|bukakunci|semuapin)", PeopleActionHandler),
            (r"/kelas/layar/(tutup|buka|baru)", ScreenActionHandler),
            (r"/kelas/static/(.*)", tornado.web.StaticFileHandler, {"path": str(STATIC)}),
        ]
        wrapped = []
        for spec in [*ours, *handlers]:
            if not isinstance(spec, tuple) or len(spec) < 2:
                raise TypeError(f"unexpected handler spec: {spec!r}")
            pattern, cls, *rest = spec
            kwargs = dict(rest[0]) if rest else {}
            if issubclass(cls, PageHandler):
                kwargs["classroom"] = self
            wrapped.append((pattern, self.gated(cls), kwargs))
        return wrapped

    def gated(self, cls: type[Any]) -> type[Any]:
        """A subclass of a handler class that runs the gate first (websockets are filtered)."""
        bases: tuple[type[Any], ...] = (GateMixin, cls)
        if issubclass(cls, WebSocketHandler):
            bases = (GateMixin, KernelMessageFilter, cls)
        elif callable(getattr(cls, "get_generator", None)):
            bases = (GateMixin, OnePageAtATime, cls)
        return type(f"Gated{cls.__name__}", bases, {"kit_classroom": self})

    def wrap_kernel_manager(self, kernel_manager: Any) -> None:
        """Record each kernel's owner and give participant kernels their identity token.

        A participant device keeps at most :data:`KERNELS_PER_DEVICE` live kernels: its kernel
        starts run one at a time, and each first shuts down the device's oldest kernels.
        """
        original = kernel_manager.start_kernel
        web = self
        self.kernel_manager = kernel_manager

        async def start_kernel(*args: Any, **kwargs: Any) -> str:
            who = _PRINCIPAL.get()
            env = dict(kwargs.get("env") or os.environ)
            env.pop(settings.PARTICIPANT_TOKEN_ENV, None)
            if who is None or who.role != PARTICIPANT:
                kwargs["env"] = env
                kernel_id = str(await ensure_async(original(*args, **kwargs)))
                web.kernels[kernel_id] = who.device if who is not None else None
                return kernel_id
            async with web._device_locks.setdefault(who.device, asyncio.Lock()):
                classroom = store.current_classroom(web.engine)
                if (classroom is None or who.participant_id is None
                        or classroom.id != who.classroom_id):
                    raise tornado.web.HTTPError(403)
                env[settings.PARTICIPANT_TOKEN_ENV] = sign_token(
                    classroom.signing_key, who.participant_id, classroom.id)
                kwargs["env"] = env
                await web.make_room(kernel_manager, who.device)
                kernel_id = str(await ensure_async(original(*args, **kwargs)))
                web.kernels[kernel_id] = who.device
                web.participant_kernels.add(kernel_id)
                return kernel_id

        kernel_manager.start_kernel = start_kernel

    # ------------------------------------------------------------------ pages that are gone
    def socket_opened(self, kernel_id: str) -> None:
        """A websocket of ``kernel_id`` opened: it is in use (a pending shut-down is dropped)."""
        self.sockets[kernel_id] = self.sockets.get(kernel_id, 0) + 1
        timer = self._gone.pop(kernel_id, None)
        if timer is not None:
            IOLoop.current().remove_timeout(timer)

    def socket_closed(self, kernel_id: str) -> None:
        """A websocket of ``kernel_id`` closed; the last one of a participant's starts the grace."""
        left = self.sockets.get(kernel_id, 0) - 1
        if left > 0:
            self.sockets[kernel_id] = left
            return
        self.sockets.pop(kernel_id, None)
        if kernel_id not in self.participant_kernels or self.gone_grace <= 0:
            return
        loop = IOLoop.current()
        old = self._gone.pop(kernel_id, None)
        if old is not None:
            loop.remove_timeout(old)
        self._gone[kernel_id] = loop.call_later(
            self.gone_grace, lambda: asyncio.ensure_future(self.free_if_gone(kernel_id)))

    async def free_if_gone(self, kernel_id: str) -> bool:
        """Shut ``kernel_id`` down if no websocket came back to it; whether it was shut down."""
        self._gone.pop(kernel_id, None)
        if self.sockets.get(kernel_id) or self.kernel_manager is None:
            return False
        self.participant_kernels.discard(kernel_id)
        if kernel_id not in set(self.kernel_manager.list_kernel_ids()):
            self.kernels.pop(kernel_id, None)
            return False
        log.info("classroom: the page of kernel %s is gone (no websocket for %.0f s); "
                 "shutting the kernel down", kernel_id, self.gone_grace)
        with contextlib.suppress(KeyError, tornado.web.HTTPError):
            await ensure_async(self.kernel_manager.shutdown_kernel(kernel_id, now=True))
        self.kernels.pop(kernel_id, None)
        return True

    @contextlib.asynccontextmanager
    async def render_turn(self, device: str) -> AsyncIterator[None]:
        """Wait (at most :data:`RENDER_WAIT_S`) until no other page of ``device`` is rendering."""
        lock = self._render_locks.setdefault(device, asyncio.Lock())
        try:
            async with asyncio.timeout(RENDER_WAIT_S):
                await lock.acquire()
        except TimeoutError:
            log.warning("classroom: a page of device %s did not finish rendering in %.0f s; "
                        "rendering the next one anyway", device, RENDER_WAIT_S)
            yield
            return
        try:
            yield
        finally:
            lock.release()

    async def make_room(self, kernel_manager: Any, device: str) -> None:
        """Shut down a device's oldest kernels so that one more keeps it within the limit."""
        live = set(kernel_manager.list_kernel_ids())
        for gone in [k for k in self.kernels if k not in live]:
            self.kernels.pop(gone, None)
        mine = [k for k, owner in self.kernels.items() if owner == device]
        for kernel_id in mine[:max(0, len(mine) - KERNELS_PER_DEVICE + 1)]:
            log.info("classroom: a device opened more than %d pages; shutting its kernel %s down",
                     KERNELS_PER_DEVICE, kernel_id)
            with contextlib.suppress(KeyError, tornado.web.HTTPError):
                await ensure_async(kernel_manager.shutdown_kernel(kernel_id, now=True))
            self.kernels.pop(kernel_id, None)


class OnePageAtATime:
    """Voila page handlers: a participant device's pages render one at a time.

    See :data:`RENDER_WAIT_S`; a facilitator's pages are not held back.
    """

    kit_classroom: ClassroomWeb

    async def get_generator(self, path: str | None = None) -> AsyncIterator[str]:
        """The page's HTML, rendered once the device's previous page has finished rendering."""
        parent: Any = super()
        who = _PRINCIPAL.get()
        if who is None or who.role != PARTICIPANT:
            async for snippet in parent.get_generator(path):
                yield snippet
            return
        async with self.kit_classroom.render_turn(who.device):
            async for snippet in parent.get_generator(path):
                yield snippet


class GateMixin:
    """Checks every request against :mod:`kit.classroom.routing` before its handler runs."""

    kit_classroom: ClassroomWeb
    request: Any

    async def prepare(self) -> None:
        """Allow, redirect to a login page, or answer 403/404 before the handler runs."""
        web = self.kit_classroom
        handler: Any = self
        route = classify(self.request.path)
        who = web.principal(handler.get_cookie(DEVICE_COOKIE))
        owner = web.kernels.get(route.kernel_id) if route.kernel_id else None
        decision = decide(route, who, owner)
        _PRINCIPAL.set(who)
        if decision is not Decision.ALLOW:
            refuse(handler, web, decision, route, who)
            raise tornado.web.Finish()
        parent = super().prepare()  # type: ignore[misc]
        if parent is not None:
            await parent


def refuse(handler: Any, web: ClassroomWeb, decision: Decision, route: Route,
           who: Principal | None) -> None:
    """Answer a request the gate does not allow."""
    lang = _lang_of(handler)
    path = handler.request.path
    page_request = handler.request.method in ("GET", "HEAD") and route.area in (
        Area.PARTICIPANT, Area.FACILITATOR) and not path.startswith("/api/")
    if decision is Decision.LOGIN and page_request:
        target = "/kelas/fasilitator/masuk" if route.area is Area.FACILITATOR else "/kelas"
        handler.redirect(f"{target}?next={quote(handler.request.uri, safe='')}")
        return
    if (decision is Decision.FORBIDDEN and who is not None and not who.is_facilitator
            and path in (HOME_NOTEBOOK_PATH, "/voila/tree", "/voila/render")):
        handler.redirect(PARTICIPANT_HOME)
        return
    if decision is Decision.NOT_FOUND:
        status, title, text = 404, gettext_("Page not found", lang), gettext_(
            "This address does not exist on the classroom server.", lang)
    else:
        status, title, text = 403, gettext_("This page is for the facilitator", lang), gettext_(
            "Your phone cannot open this page. Go back to your modules, or ask the facilitator "
            "for help.", lang)
    handler.clear()
    handler.set_status(status)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-store")
    handler.finish(web.render(lang, "message.html.j2", title=title, text=text,
                              link=PARTICIPANT_HOME, link_label=gettext_("Back to my modules",
                                                                         lang)))


def _lang_of(handler: Any) -> str:
    try:
        asked = handler.get_query_argument("lang", None)
    except Exception:
        asked = None
    return choose_language(asked, handler.get_cookie(LANG_COOKIE), get_language())


class KernelMessageFilter:
    """Passes only widget messages from the browser to the kernel (no ``execute_request``).

    Towards a participant's browser, kernel errors and stderr become one friendly line
    (:func:`kit.classroom.wsfilter.screen_output`); the server log keeps the details.
    """

    selected_subprotocol: str | None
    _kit_counted: str | None = None

    async def open(self, *args: Any, **kwargs: Any) -> None:
        """Count the kernel's open websockets (see :meth:`ClassroomWeb.socket_closed`)."""
        handler: Any = self
        kernel_id = classify(handler.request.path).kernel_id
        if kernel_id:
            self._kit_counted = kernel_id
            handler.kit_classroom.socket_opened(kernel_id)
        result = super().open(*args, **kwargs)  # type: ignore[misc]
        if result is not None:
            await result

    def on_close(self) -> None:
        """Count the websocket as closed, then close it as the server does."""
        handler: Any = self
        counted, self._kit_counted = self._kit_counted, None
        try:
            super().on_close()  # type: ignore[misc]
        finally:
            if counted:
                handler.kit_classroom.socket_closed(counted)

    def on_message(self, message: str | bytes) -> Any:
        """Drop any message that is not widget traffic; pass the rest on."""
        if not is_allowed(message, getattr(self, "selected_subprotocol", None)):
            log.warning("classroom: dropped a kernel message that is not widget traffic")
            return None
        return super().on_message(message)  # type: ignore[misc]

    def write_message(self, message: Any, binary: bool = False) -> Any:
        """Pass kernel output on; a participant gets one friendly line instead of a traceback."""
        if isinstance(message, (str, bytes)):
            shown, withheld = screen_output(message, getattr(self, "selected_subprotocol", None))
            if withheld is not None:
                handler: Any = self
                who = handler.kit_classroom.principal(handler.get_cookie(DEVICE_COOKIE))
                if who is None or not who.is_facilitator:
                    log.warning("classroom: kernel output withheld from a participant's "
                                "browser:\n%s", withheld)
                    message = shown
        return super().write_message(message, binary=binary)  # type: ignore[misc]


class PageHandler(tornado.web.RequestHandler):
    """Base of the classroom pages: language, templates, cookies, work off the event loop."""

    web: ClassroomWeb

    def initialize(self, classroom: ClassroomWeb) -> None:
        """Keep the classroom this page belongs to."""
        self.web = classroom

    @property
    def lang(self) -> str:
        """The page language, by the rule of every kit page (:func:`kit.i18n.remember_language`)."""
        return remember_language(self)

    def next_page(self) -> str:
        """The participant page to go on to after signing in (``next``), or ``""``.

        Only a local participant address is kept: anything else (another site, a kernel or
        facilitator address) is dropped, so the sign-in pages never lead off the classroom.
        """
        wanted = safe_next(self.get_argument("next", "")[:500], "")
        if not wanted or classify(wanted.split("?", 1)[0]).area is not Area.PARTICIPANT:
            return ""
        return wanted

    def t(self, message: str) -> str:
        """Translate a message into the page language."""
        return gettext_(message, self.lang)

    def page(self, name: str, status: int = 200, **context: Any) -> None:
        """Send a rendered template (never cached: pages show who is signed in)."""
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "same-origin")
        self.finish(self.web.render(self.lang, name, xsrf=self.xsrf_form_html(),
                                    path=self.request.path, **context))

    async def work(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking work (database, argon2) in a worker thread.

        A database that cannot be used raises :class:`~kit.workspace.DatabaseUnavailable`
        (one line, shown by :meth:`write_error`).
        """
        return await IOLoop.current().run_in_executor(
            None, functools.partial(with_database_errors, self.web.ws, fn, *args))

    @property
    def client(self) -> str:
        """The client's address as the server sees it (proxy headers are not trusted)."""
        return str(self.request.remote_ip or "unknown")

    @property
    def who(self) -> Principal | None:
        """Who this browser is signed in as."""
        return self.web.principal(self.get_cookie(DEVICE_COOKIE))

    def sign_in(self, token: str) -> None:
        """Put a device token in the browser (kept across screen locks, reloads, restarts)."""
        self.set_cookie(DEVICE_COOKIE, token, httponly=True, samesite="Lax",
                        expires_days=COOKIE_DAYS)
        self.web.forget(token)

    def joined(self) -> store.Classroom | None:
        """The open classroom whose code this browser entered, if it is still open."""
        code = normalise_code(self.get_cookie(CODE_COOKIE))
        if code is None:
            return None
        classroom = store.classroom_by_code(self.web.engine, code)
        return classroom if classroom is not None and classroom.is_open else None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A plain, bilingual-capable error page instead of Tornado's stack trace page.

        A database that cannot be used (the kit's :class:`~kit.workspace.WorkspaceError`, or a
        database failure raised outside :meth:`work`, translated by
        :func:`kit.workspace.database_error`) is shown as its one line, with status 503; the
        server log keeps the traceback.
        """
        text = self._reason
        exc = (kwargs.get("exc_info") or (None, None, None))[1]
        kit_error = database_error(exc, self.web.ws.db_url) if exc is not None else None
        if kit_error is not None:
            status_code, text = 503, str(kit_error)
            self.set_status(status_code)
        self.finish(self.web.render(self.lang, "message.html.j2",
                                    title=str(status_code), text=text,
                                    link=PARTICIPANT_HOME, link_label=self.t("Back")))


class RootHandler(PageHandler):
    """``/``: the home page for the facilitator, the participant's modules, or the join page."""

    def get(self) -> None:
        """Redirect to where this browser belongs."""
        who = self.who
        if who is not None and who.is_facilitator:
            self.redirect(HOME_URL)
        elif who is None and is_loopback(self.client):
            self.redirect(FACILITATOR_HOME)
        else:
            self.redirect(PARTICIPANT_HOME)


class JoinCodeHandler(PageHandler):
    """``/k/<code>``: the address in the QR code; remembers the code and shows the names."""

    async def get(self, typed: str) -> None:
        """Check the code (rate-limited per address) and go on to the name list."""
        await self.enter_code(typed)

    async def enter_code(self, typed: str) -> None:
        """Accept an open session's code, or explain why it does not work."""
        engine, addr = self.web.engine, self.client
        reserved = await self.work(store.reserve_attempt, engine, "code", addr, JOIN_CODE)
        if reserved.attempt_id is None:
            self.page("code.html.j2", 429, error=self.t(
                "Too many wrong codes. Wait {seconds} seconds, then try again.").format(
                    seconds=reserved.wait))
            return
        code = normalise_code(typed)
        classroom = None
        try:
            classroom = await self.work(store.classroom_by_code, engine, code) if code else None
        finally:
            await self.work(store.finish_attempt, engine, reserved.attempt_id,
                            "wrong" if classroom is None else "ok",
                            classroom.id if classroom is not None else None)
        if classroom is None:
            self.page("code.html.j2", 404, error=self.t(
                "That code is not right. Check the code on the screen and type it again."))
            return
        if not classroom.is_open:
            self.clear_cookie(CODE_COOKIE)
            self.page("message.html.j2", 410, title=self.t("This session is closed"),
                      text=self.t("The code of a closed session no longer works. Ask the "
                                  "facilitator for the code of today's session."),
                      link=PARTICIPANT_HOME, link_label=self.t("Type a new code"))
            return
        self.set_cookie(CODE_COOKIE, classroom.code, httponly=True, samesite="Lax",
                        expires_days=COOKIE_DAYS)
        self.redirect(with_next("/kelas/masuk", self.next_page()))


class ClassHandler(JoinCodeHandler):
    """``/kelas``: a participant's modules, or the form to type the session code."""

    async def get(self, typed: str = "") -> None:
        """Show the participant's modules, or ask for the session code."""
        who = self.who
        if who is not None and who.is_facilitator:
            self.redirect(FACILITATOR_HOME)
            return
        after = self.next_page()
        if who is not None and who.participant_id and after:
            self.redirect(after)
            return
        if who is not None and who.participant_id:
            person = await self.work(service.participant, self.web.ws, who.participant_id)
            progress = await self.work(service.progress, self.web.ws, who.participant_id)
            self.page("home.html.j2", person=person, modules=module_links(self.web.site,
                                                                          self.lang),
                      progress=progress)
            return
        if await self.work(self.joined) is not None:
            self.redirect(with_next("/kelas/masuk", after))
            return
        self.page("code.html.j2", next=after)

    async def post(self, typed: str = "") -> None:
        """The typed session code."""
        self.check_xsrf_cookie()
        await self.enter_code(self.get_body_argument("code", ""))


def module_links(site: Path, lang: str) -> list[tuple[str, str]]:
    """``(title, address)`` of every participant module of the site, in a stable order."""
    from kit.framework import framework

    titles = {a.id: a.short_title.get(lang) for a in framework().activities}
    out = []
    for notebook in sorted((site / "modules").glob("*.ipynb")):
        if notebook.name.startswith((".", "_")):
            continue
        title = titles.get(notebook.stem) or notebook.stem.replace("_", " ").capitalize()
        out.append((title, f"/voila/render/modules/{notebook.name}"))
    return out


class NamesHandler(PageHandler):
    """``/kelas/masuk``: the checked-in participants of the session, to pick one's own name."""

    async def get(self) -> None:
        """List the names (or send back to the code form)."""
        classroom = await self.work(self.joined)
        if classroom is None:
            self.redirect(PARTICIPANT_HOME)
            return
        people = await self.work(store.checked_in, self.web.engine, classroom)
        session = await self.work(store.session_of, self.web.engine, classroom)
        query = " ".join(self.get_query_argument("q", "")[:80].split())
        shown = [a for a in people if name_matches(a, query)]
        self.page("names.html.j2", people=shown, session=session, query=query,
                  total=len(people), search_key=search_key, next=self.next_page())


def search_key(text: str | None) -> str:
    """``text`` as the name search compares it: case-folded, accents and extra spaces removed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def name_matches(person: store.Attendee, query: str) -> bool:
    """Whether every word of ``query`` is in the person's name, business or district."""
    who = person.participant
    haystack = search_key(" ".join(filter(None, (who.name, who.business_name, who.district))))
    return all(word in haystack for word in search_key(query).split())


class PinHandler(PageHandler):
    """``/kelas/masuk/<participant>``: enter one's PIN (from the facilitator, or one's own)."""

    async def get(self, participant_id: str) -> None:
        """Show the PIN form, or tell someone without a PIN to ask the facilitator for one."""
        found = await self._attendee(participant_id)
        if found is not None:
            self.page("pin.html.j2", person=found.participant, has_pin=found.has_pin,
                      next=self.next_page())

    async def _attendee(self, participant_id: str) -> store.Attendee | None:
        classroom = await self.work(self.joined)
        if classroom is None:
            self.redirect(PARTICIPANT_HOME)
            return None
        found = await self.work(store.attendee, self.web.engine, classroom, participant_id)
        if found is None:
            self.page("message.html.j2", 404, title=self.t("Name not found"),
                      text=self.t("This name is not on today's list. Go back and find your "
                                  "name, or register."),
                      link="/kelas/masuk", link_label=self.t("Back to the list"))
        return found

    async def post(self, participant_id: str) -> None:
        """Check the PIN (or store the chosen one) and sign the phone in."""
        self.check_xsrf_cookie()
        found = await self._attendee(participant_id)
        if found is None:
            return
        classroom = await self.work(self.joined)
        assert classroom is not None  # noqa: S101 - _attendee checked it
        pin = self.get_body_argument("pin", "").strip()[:64]
        outcome = await self.work(pin_attempt, self.web, classroom, found, pin, self.client,
                                  self.lang)
        if outcome.token is None:
            self.page("pin.html.j2", outcome.status, person=found.participant,
                      has_pin=found.has_pin, error=outcome.message, next=self.next_page())
            return
        self.sign_in(outcome.token)
        self.redirect(self.next_page() or PARTICIPANT_HOME)


class Outcome:
    """What a PIN or password attempt gave: a device token, or a status and a message."""

    def __init__(self, token: str | None, status: int = 200, message: str = "") -> None:
        self.token, self.status, self.message = token, status, message


def pin_attempt(web: ClassroomWeb, classroom: store.Classroom, found: store.Attendee, pin: str,
                addr: str, lang: str | None = None) -> Outcome:
    """One PIN attempt, rate-limited per participant and per address, logged either way.

    A participant without a PIN cannot choose one here: the facilitator gives it (so nobody can
    claim the name of someone who has not arrived yet). Counting and logging the attempt happen
    in one transaction (:func:`kit.classroom.store.reserve_attempt`).
    """
    engine, pid = web.engine, found.participant.id
    if not found.has_pin:
        return Outcome(None, 403, gettext_(NO_PIN_YET, lang))
    reserved = store.reserve_attempt(engine, "pin", addr, PER_ADDRESS, PER_PARTICIPANT,
                                     classroom.id, pid)
    if reserved.attempt_id is None:
        return Outcome(None, 429, gettext_(
            "Too many wrong PINs. Wait {seconds} seconds, then try again, or ask the "
            "facilitator to unlock your name.", lang).format(seconds=reserved.wait))
    right = False
    try:
        right = store.check_pin(engine, pid, pin)
    finally:
        store.finish_attempt(engine, reserved.attempt_id, "ok" if right else "wrong")
    if not right:
        return Outcome(None, 401, gettext_("That PIN is not right. Try again.", lang))
    return Outcome(store.create_device(engine, PARTICIPANT, classroom.id, pid))


NO_PIN_YET = "You do not have a PIN yet. Ask the facilitator for your PIN."


class WalkInHandler(PageHandler):
    """``/kelas/daftar``: a participant who is not on the list registers and chooses a PIN."""

    async def get(self) -> None:
        """Show the registration form."""
        classroom = await self.work(self.joined)
        if classroom is None:
            self.redirect(PARTICIPANT_HOME)
            return
        session = await self.work(store.session_of, self.web.engine, classroom)
        self.page("walkin.html.j2", errors={},
                  values={"district": (session.district if session else "") or ""})

    async def post(self) -> None:
        """Validate, register, check in, store the PIN and sign the phone in."""
        self.check_xsrf_cookie()
        classroom = await self.work(self.joined)
        if classroom is None:
            self.redirect(PARTICIPANT_HOME)
            return
        fields = ("name", "district", "business_name", "phone", "pin", "pin_again")
        values = {f: self.get_body_argument(f, "")[:200] for f in fields}
        try:
            person = await self.work(functools.partial(store.register_walk_in, self.web.engine,
                                                       classroom, client_addr=self.client,
                                                       **values))
        except (store.WalkInError, store.WalkInLimit) as exc:
            values.pop("pin")
            values.pop("pin_again")
            if isinstance(exc, store.WalkInError):
                self.page("walkin.html.j2", 400, errors=exc.errors, values=values)
                return
            self.page("walkin.html.j2", 429, errors={}, values=values, error=self.t(
                "This phone has already registered {count} people in the last {minutes} "
                "minutes. Ask the facilitator for help, or try again in {seconds} seconds.")
                .format(count=WALK_IN.free, minutes=int(WALK_IN.window.total_seconds() // 60),
                        seconds=exc.seconds))
            return
        token = await self.work(store.create_device, self.web.engine, PARTICIPANT,
                                classroom.id, person.id)
        self.sign_in(token)
        self.redirect(PARTICIPANT_HOME)


class SurveyHandler(PageHandler):
    """``/kelas/evaluasi``: the reaction survey (*evaluasi kegiatan*) on a participant's phone.

    Who answers comes from the device cookie only (never from the form), for the session of the
    open classroom the device signed in to; the form carries the XSRF token; each answer is an
    upsert (:func:`kit.survey.service.submit`), so a replayed form changes nothing more. A
    participant not checked in to the session is refused (403), a closed session too (410).
    """

    _session_title = ""

    async def get(self) -> None:
        """Show the survey, filled in with this participant's own earlier answers."""
        target = await self._target()
        if target is None:
            return
        from kit.survey import service as survey_service

        answers = await self.work(survey_service.own_answers, self.web.ws, *target)
        self._form(answers, saved=self.get_query_argument("tersimpan", "") == "1")

    async def post(self) -> None:
        """Check and store the answers, then show the page again (303), or the problem (400)."""
        self.check_xsrf_cookie()
        target = await self._target()
        if target is None:
            return
        from kit.survey import service as survey_service
        from kit.survey.questions import SurveyInputError, evaluation_survey

        raw = {q.id: self.get_body_argument(q.id, "")[:2000]
               for q in evaluation_survey().questions}
        try:
            await self.work(survey_service.submit, self.web.ws, *target, raw)
        except SurveyInputError as exc:
            if exc.field in ("session_id", "participant_id"):
                self._refuse(exc.field)
                return
            self._form(raw, errors={exc.field: exc.text(self.lang)}, status=400)
            return
        self.redirect(SURVEY_PAGE + "?tersimpan=1", status=303)

    async def _target(self) -> tuple[str, str] | None:
        """``(session id, participant id)`` of this phone, or ``None`` after answering."""
        who = self.who
        if who is None or who.is_facilitator or not who.participant_id:
            self.page("message.html.j2", title=self.t("Session evaluation"), text=self.t(
                "This page is for participants' phones. To show its address on the projector, "
                "run: python -m kit survey show SESSION_ID"), link=FACILITATOR_HOME,
                link_label=self.t("Back"))
            return None
        classroom = await self.work(store.current_classroom, self.web.engine)
        if classroom is None or classroom.id != who.classroom_id:
            self.redirect(PARTICIPANT_HOME)
            return None
        session = await self.work(store.session_of, self.web.engine, classroom)
        if session is None or session.status != "open":
            self._refuse("session_id")
            return None
        if await self.work(store.attendee, self.web.engine, classroom,
                           who.participant_id) is None:
            self._refuse("participant_id")
            return None
        self._session_title = session.title
        return classroom.session_id, who.participant_id

    def _refuse(self, field: str) -> None:
        """A closed session (410) or a participant not checked in (403): one message page."""
        if field == "session_id":
            self.page("message.html.j2", 410, title=self.t("This session is closed"),
                      text=self.t("The session evaluation is closed: answers can no longer be "
                                  "sent or changed. Thank you for taking part."),
                      link=PARTICIPANT_HOME, link_label=self.t("Back to my modules"))
        else:
            self.page("message.html.j2", 403, title=self.t("Session evaluation"),
                      text=self.t("Only participants checked in to today's session can fill "
                                  "in its evaluation. Ask the facilitator to check you in."),
                      link=PARTICIPANT_HOME, link_label=self.t("Back to my modules"))

    def _form(self, values: dict[str, str], saved: bool = False,
              errors: dict[str, str] | None = None, status: int = 200) -> None:
        """Render the survey form in the page language."""
        from kit.survey.questions import SCALE_MAX, SCALE_MIN, TEXT_MAX, evaluation_survey
        from kit.ui import Markup, css

        survey = evaluation_survey()
        self.page("survey.html.j2", status, survey=survey, values=values, saved=saved,
                  errors=errors or {}, scale=[str(v) for v in range(SCALE_MIN, SCALE_MAX + 1)],
                  text_max=TEXT_MAX, survey_css=Markup(css("survey")),
                  session_title=self._session_title)


class SurveyScreenHandler(PageHandler):
    """``/kelas/layar/evaluasi``: the survey's QR code, address and count, for the projector.

    A facilitator page (routing); it shows how many of those present have answered, never who,
    and reloads itself every :data:`SURVEY_SCREEN_REFRESH_S` seconds.
    """

    async def get(self) -> None:
        """Show the open classroom's survey address, or send back to the projector page."""
        from kit.survey import service as survey_service

        classroom = await self.work(store.current_classroom, self.web.engine)
        if classroom is None:
            self.redirect(FACILITATOR_HOME)
            return
        session = await self.work(store.session_of, self.web.engine, classroom)
        responded, present = await self.work(survey_service.progress, self.web.ws,
                                             classroom.session_id)
        url = self.web.public_base + SURVEY_PAGE
        self.page("survey_screen.html.j2", url=url, qr=qr_svg(url), session=session,
                  responded=responded, present=present,
                  accepting=session is not None and session.status == "open",
                  refresh=SURVEY_SCREEN_REFRESH_S)


SURVEY_SCREEN_REFRESH_S = 10


class LogoutHandler(PageHandler):
    """``/kelas/keluar`` and ``/kelas/fasilitator/keluar``: sign this browser out."""

    async def post(self) -> None:
        """Revoke the device and forget the cookie."""
        self.check_xsrf_cookie()
        token = self.get_cookie(DEVICE_COOKIE)
        if token:
            await self.work(store.revoke_device, self.web.engine, token)
            self.web.forget(token)
        self.clear_cookie(DEVICE_COOKIE)
        self.redirect(PARTICIPANT_HOME)


class FacilitatorLoginHandler(PageHandler):
    """``/kelas/fasilitator/masuk``: the facilitator's password (rate-limited per address)."""

    async def get(self) -> None:
        """Show the login form (or the first-run page while no password exists)."""
        if not await self.work(store.has_facilitator_password, self.web.engine):
            self.redirect("/kelas/siapkan")
            return
        self.page("login.html.j2", next=self.get_query_argument("next", ""))

    async def post(self) -> None:
        """Check the password and sign the facilitator in."""
        self.check_xsrf_cookie()
        outcome = await self.work(password_attempt, self.web,
                                  self.get_body_argument("password", ""), self.client)
        if outcome.token is None:
            self.page("login.html.j2", outcome.status, error=outcome.message,
                      next=self.get_body_argument("next", ""))
            return
        self.sign_in(outcome.token)
        self.redirect(safe_next(self.get_body_argument("next", ""), FACILITATOR_HOME))


def password_attempt(web: ClassroomWeb, password: str, addr: str) -> Outcome:
    """One facilitator password attempt, rate-limited per address and logged."""
    engine = web.engine
    reserved = store.reserve_attempt(engine, "password", addr, PASSWORD)
    if reserved.attempt_id is None:
        return Outcome(None, 429, gettext_(
            "Too many wrong passwords. Wait {seconds} seconds, then try again.")
            .format(seconds=reserved.wait))
    right = False
    try:
        right = store.check_facilitator_password(engine, password[:1024])
    finally:
        store.finish_attempt(engine, reserved.attempt_id, "ok" if right else "wrong")
    if not right:
        return Outcome(None, 401, gettext_("That password is not right."))
    return Outcome(store.create_device(engine, FACILITATOR))


class SetupHandler(PageHandler):
    """``/kelas/siapkan``: set the facilitator's password, from the laptop itself only."""

    async def prepare(self) -> None:
        """Only from 127.0.0.1/::1, and only while no password is set."""
        if not is_loopback(self.client) or await self.work(store.has_facilitator_password,
                                                           self.web.engine):
            self.page("message.html.j2", 403, title=self.t("Setup is done on the laptop"),
                      text=self.t("The facilitator's password is set on the laptop that runs "
                                  "the classroom, or was set already."),
                      link="/kelas/fasilitator/masuk", link_label=self.t("Facilitator login"))
            raise tornado.web.Finish()

    def get(self) -> None:
        """Show the first-run form."""
        self.page("setup.html.j2")

    async def post(self) -> None:
        """Store the password (hashed) and sign the facilitator in."""
        self.check_xsrf_cookie()
        password = self.get_body_argument("password", "")
        again = self.get_body_argument("password_again", "")
        problem = password_problem(password) or (
            None if password == again else self.t("The two passwords are not the same."))
        if problem:
            self.page("setup.html.j2", 400, error=problem)
            return
        await self.work(store.set_facilitator_password, self.web.engine, password)
        token = await self.work(store.create_device, self.web.engine, FACILITATOR)
        self.sign_in(token)
        self.redirect(FACILITATOR_HOME)


class ScreenHandler(PageHandler):
    """``/kelas/layar``: the projector page (QR code, address, code, how many signed in).

    It never shows PINs or the participant list: that is :class:`PeopleHandler`'s page, for the
    facilitator's own screen. Without an open classroom it asks the facilitator to choose the
    session (or create one): nothing is opened without that choice.
    """

    async def get(self) -> None:
        """Show the join information and how many participants signed in."""
        await self.show()

    async def show(self, message: str = "", status: int = 200, **extra: Any) -> None:
        """Render the projector page with an optional message."""
        engine = self.web.engine
        classroom = await self.work(store.current_classroom, engine)
        context: dict[str, Any] = {"classroom": classroom, "message": message,
                                   "errors": {}, "values": {}}
        if classroom is not None:
            url = join_url(self.web.public_base, classroom.code)
            context.update(
                url=url, qr=qr_svg(url), code=display_code(classroom.code),
                session=await self.work(store.session_of, engine, classroom),
                checklist=CHECKLIST_URL + "?session=" + quote(classroom.session_id, safe=""),
                total=len(await self.work(store.checked_in, engine, classroom)),
                joined=await self.work(store.participant_count, engine, classroom))
        else:
            context.update(sessions=await self.work(store.sessions, engine),
                           activities=_activities(self.lang),
                           today=date.today().isoformat())
        context.update(extra)
        self.page("screen.html.j2", status, **context)


CHECKLIST_URL = "/voila/render/apps/checklist.ipynb"
CONFIRM = "ya"


def _activities(lang: str) -> dict[str, str]:
    """The framework's activities: id -> short title in ``lang``."""
    from kit.framework import framework

    return {a.id: a.short_title.get(lang) for a in framework().activities}


class ScreenActionHandler(ScreenHandler):
    """``/kelas/layar/{tutup,buka,baru}``: close (after confirming), open or create a session."""

    async def get(self, action: str = "") -> None:
        """``tutup`` asks for confirmation; other actions are buttons (back to the page)."""
        if action != "tutup":
            self.redirect(FACILITATOR_HOME)
            return
        await self.confirm_close()

    async def confirm_close(self, status: int = 200, error: str = "") -> None:
        """The confirmation page: how many phones closing the session signs out."""
        engine = self.web.engine
        classroom = await self.work(store.current_classroom, engine)
        if classroom is None:
            self.redirect(FACILITATOR_HOME)
            return
        self.page("close.html.j2", status, classroom=classroom, error=error,
                  session=await self.work(store.session_of, engine, classroom),
                  phones=await self.work(store.devices_signed_in, engine, classroom))

    async def post(self, action: str) -> None:
        """Do the action, then show the projector page again."""
        self.check_xsrf_cookie()
        engine = self.web.engine
        if action == "tutup":
            classroom = await self.work(store.current_classroom, engine)
            if classroom is None:
                await self.show()
                return
            if (self.get_body_argument("confirm", "") != CONFIRM
                    or self.get_body_argument("classroom", "") != str(classroom.id)):
                await self.confirm_close(400, self.t(
                    "The session was not closed: confirm with the button below."))
                return
            await self.work(store.close_classroom, engine)
            self.web.forget_all()
            await self.show(self.t("The session is closed; its code no longer works."))
        elif action == "buka":
            await self.open_chosen()
        else:
            await self.open_new()

    async def open_chosen(self) -> None:
        """Open the classroom of the session the facilitator chose."""
        chosen = self.get_body_argument("session", "").strip()[:64]
        if not chosen:
            await self.show(self.t("Choose the session first."), 400,
                            errors={"session": self.t("Choose the session first.")})
            return
        try:
            await self.work(store.open_classroom, self.web.engine, chosen)
        except store.ClassroomError as exc:
            await self.show(str(exc), 400)
            return
        await self.show()

    async def open_new(self) -> None:
        """Create the session from the form and open its classroom."""
        from kit.records.sessions import SessionProblems

        fields = ("activity_id", "title", "date", "district")
        values = {f: self.get_body_argument(f, "")[:200] for f in fields}
        try:
            await self.work(functools.partial(
                store.open_new_session, self.web.engine, values["activity_id"],
                values["title"], values["date"], values["district"]))
        except SessionProblems as exc:
            await self.show(self.t("The session was not created: check the fields marked "
                                   "below."), 400, errors=exc.problems, values=values)
            return
        except store.ClassroomError as exc:
            await self.show(str(exc), 400)
            return
        await self.show()


class PeopleHandler(PageHandler):
    """``/kelas/layar/peserta``: the facilitator's own list — PINs to give, names to unlock."""

    async def get(self) -> None:
        """Show the checked-in participants with their PIN and lock state."""
        await self.show()

    async def show(self, message: str = "", status: int = 200,
                   given: list[tuple[Any, str]] | None = None) -> None:
        """Render the list with an optional message (such as a newly issued PIN) or PINs given."""
        engine = self.web.engine
        classroom = await self.work(store.current_classroom, engine)
        people = (await self.work(store.checked_in, engine, classroom)
                  if classroom is not None else [])
        locked = await self.work(store.locked_participants, engine, store.ids_of(people))
        self.page("people.html.j2", status, classroom=classroom, people=people, locked=locked,
                  message=message, given=given or [])


class PeopleActionHandler(PeopleHandler):
    """``/kelas/layar/{pin,bukakunci,semuapin}``: a new PIN, an unlock, or PINs for all."""

    async def get(self, action: str = "") -> None:
        """Actions are buttons (POST); a typed address goes back to the list."""
        self.redirect(PEOPLE_PAGE)

    async def post(self, action: str) -> None:
        """Do the action, then show the list again (a new PIN appears only here)."""
        self.check_xsrf_cookie()
        engine = self.web.engine
        classroom = await self.work(store.current_classroom, engine)
        if action == "semuapin" and classroom is not None:
            given = await self.work(store.give_missing_pins, engine, classroom)
            await self.show(self.t("{count} participants received a PIN.").format(
                count=len(given)), given=given)
            return
        pid = self.get_body_argument("participant", "")[:64]
        found = (await self.work(store.attendee, engine, classroom, pid)
                 if classroom is not None else None)
        if found is None:
            await self.show(self.t("Name not found"), 404)
            return
        if action == "bukakunci":
            await self.work(store.unlock_participant, engine, pid, self.client)
            await self.show(self.t("{name} can enter their PIN again.").format(
                name=found.participant.name))
            return
        pin = issue_pin()
        await self.work(store.set_pin, engine, pid, pin, FACILITATOR)
        await self.show(self.t("New PIN for {name}: {pin}").format(
            name=found.participant.name, pin=pin))


__all__ = ["FACILITATOR", "ClassroomWeb", "GateMixin", "SurveyHandler", "SurveyScreenHandler",
           "module_links", "safe_next"]
