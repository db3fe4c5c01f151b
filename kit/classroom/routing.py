"""Who may open which address of the classroom server: pure rules, tested without a server.

Every request is classified by its path (:func:`classify`) into an :class:`Area`, then
:func:`decide` combines the area with who is asking (:class:`Principal`) and, for kernel
addresses, who started that kernel. Anything not listed is a facilitator page: new apps, exports
and APIs are closed to participants unless they are added here on purpose.
"""

from __future__ import annotations

import enum
import re
from urllib.parse import unquote

import attrs

from kit.settings import HOME_NOTEBOOK

FACILITATOR, PARTICIPANT = "facilitator", "participant"
HOME_NOTEBOOK_PATH = f"/voila/render/{HOME_NOTEBOOK}"

_KERNEL_ID = r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
_KERNEL_PATHS = (
    re.compile(rf"^/api/kernels/{_KERNEL_ID}(?:/channels)?$"),
    re.compile(rf"^/voila/api/shutdown/{_KERNEL_ID}$"),
    re.compile(rf"^/voila/query/{_KERNEL_ID}$"),
    re.compile(rf"^/voila/execution/{_KERNEL_ID}$"),
)
_PUBLIC = (
    re.compile(r"^/$"),
    re.compile(r"^/favicon\.ico$"),
    re.compile(r"^/k/[A-Za-z0-9-]{1,32}$"),
    re.compile(r"^/kelas(?:/(?:static/[A-Za-z0-9_.-]+|masuk(?:/[A-Za-z0-9_-]{1,32})?|daftar"
               r"|keluar|fasilitator/masuk|siapkan|pilih))?$"),  # pilih: the ballot checks inside
)
_FACILITATOR_OWN = re.compile(r"^/kelas/(?:layar(?:/[a-z]+)?|fasilitator/keluar)$")
_PARTICIPANT = (
    re.compile(r"^/voila/render/modules/[A-Za-z0-9_-]+\.ipynb$"),
    re.compile(r"^/kelas/evaluasi$"),  # the reaction survey (kit.classroom.web.SurveyHandler)
    re.compile(r"^/voila/static/[A-Za-z0-9_./@-]+$"),
    re.compile(r"^/voila/templates/[A-Za-z0-9_-]+/static/[A-Za-z0-9_./@-]+$"),
    re.compile(r"^/voila/labextensions/[A-Za-z0-9_./@-]+$"),
    re.compile(r"^/voila/api/themes/[A-Za-z0-9_./@-]+$"),
    re.compile(r"^/voila/files/modules/[A-Za-z0-9_/-]+\.(?:png|jpe?g|gif|svg|webp)$"),
)


class Area(enum.Enum):
    """Kinds of addresses, from the most open to the most closed."""

    PUBLIC = "public"            # join, login and the classroom's own pages (they check inside)
    PARTICIPANT = "participant"  # module pages and the static files they load
    KERNEL = "kernel"            # one kernel's REST and websocket addresses: its owner only
    FACILITATOR = "facilitator"  # everything else: home page, apps, exports, tree, contents
    BLOCKED = "blocked"          # dot segments, encoded separators, hidden files: 404 for all


class Decision(enum.Enum):
    """What the server does with a request."""

    ALLOW = "allow"
    LOGIN = "login"          # not signed in: go to the join or login page
    FORBIDDEN = "forbidden"  # signed in, but not allowed here: 403 with a friendly page
    NOT_FOUND = "not_found"


@attrs.frozen
class Principal:
    """Who is asking: a participant (with their id) or the facilitator, and their device."""

    role: str
    device: str
    participant_id: str | None = None
    classroom_id: int | None = None

    @property
    def is_facilitator(self) -> bool:
        """Whether this is the facilitator."""
        return self.role == FACILITATOR


@attrs.frozen
class Route:
    """The area of a path and, for kernel addresses, the kernel id."""

    area: Area
    kernel_id: str | None = None


def _decoded_forms(path: str) -> list[str]:
    forms = [path]
    for _ in range(3):
        nxt = unquote(forms[-1])
        if nxt == forms[-1]:
            break
        forms.append(nxt)
    return forms


def is_unsafe(path: str) -> bool:
    """Whether a path tries to leave its folder or reach hidden files, even percent-encoded.

    Any form of the path (decoded up to three times) with a backslash, a NUL, an empty segment
    (``//``) or a segment starting with a dot (``..``, ``.kit``, ``.ipynb_checkpoints``) is unsafe.
    """
    for form in _decoded_forms(path):
        if "\\" in form or "\x00" in form or "//" in form:
            return True
        if any(segment.startswith(".") for segment in form.split("/")):
            return True
    return False


def classify(path: str) -> Route:
    """The area of a request path (without query string, relative to the server root)."""
    if not path.startswith("/") or is_unsafe(path):
        return Route(Area.BLOCKED)
    for pattern in _KERNEL_PATHS:
        if match := pattern.match(path):
            return Route(Area.KERNEL, match.group(1).lower())
    if _FACILITATOR_OWN.match(path):
        return Route(Area.FACILITATOR)
    if any(p.match(path) for p in _PUBLIC):
        return Route(Area.PUBLIC)
    if any(p.match(path) for p in _PARTICIPANT):
        return Route(Area.PARTICIPANT)
    return Route(Area.FACILITATOR)


def decide(route: Route, who: Principal | None, kernel_owner: str | None = None) -> Decision:
    """Whether ``who`` may open ``route``; ``kernel_owner`` is the device that started the kernel.

    Participants may use a kernel only when their own device started it; the facilitator may use
    any kernel; nobody signed out may use one.
    """
    if route.area is Area.BLOCKED:
        return Decision.NOT_FOUND
    if route.area is Area.PUBLIC:
        return Decision.ALLOW
    if who is None:
        return Decision.FORBIDDEN if route.area is Area.KERNEL else Decision.LOGIN
    if who.is_facilitator:
        return Decision.ALLOW
    if route.area is Area.PARTICIPANT:
        return Decision.ALLOW
    if route.area is Area.KERNEL:
        ok = kernel_owner is not None and kernel_owner == who.device
        return Decision.ALLOW if ok else Decision.FORBIDDEN
    return Decision.FORBIDDEN
