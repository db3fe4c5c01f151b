"""What ``python -m kit start --classroom`` adds: address, password, session, the web hook.

:func:`bind_address` decides where the server listens; :func:`prepare_classroom` makes sure the
facilitator's password exists (asked in the terminal, or on a first-run page served to the laptop
only), opens the classroom (or brings the open one back after a restart), prints how to join and
returns the :class:`kit.classroom.web.ClassroomWeb` hook for :class:`KitVoila`.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from kit.classroom import store
from kit.classroom.codes import display_code, join_url
from kit.classroom.identity import CLASSROOM_ENV
from kit.classroom.network import ANY, LOOPBACK, base_url, lan_address
from kit.classroom.qr import qr_text
from kit.classroom.secrets_store import password_problem
from kit.classroom.web import ClassroomWeb
from kit.i18n import _
from kit.workspace import Workspace


def bind_address(host: str | None) -> str:
    """Where to listen: ``--host`` when given, else every interface (phones reach the laptop)."""
    return host or ANY


def shown_host(bind: str) -> str:
    """The address phones should use: the Wi-Fi address when listening everywhere."""
    if bind in (ANY, "::", ""):
        return lan_address() or LOOPBACK
    return bind


def ask_password(stdin_is_tty: bool | None = None) -> str | None:
    """Ask the facilitator for a new password in the terminal (``None`` without a terminal)."""
    if not (sys.stdin.isatty() if stdin_is_tty is None else stdin_is_tty):
        return None
    print(_("Choose the facilitator's password (at least 8 characters). Participants never "
            "need it."))
    while True:
        first = getpass.getpass(_("Facilitator password: "))
        problem = password_problem(first)
        if problem:
            print(problem)
            continue
        if getpass.getpass(_("The same password again: ")) != first:
            print(_("The two passwords are not the same."))
            continue
        return first


def prepare_classroom(ws: Workspace, site: Path, *, host: str, port: int) -> ClassroomWeb | None:
    """Get the classroom ready and print how to join; ``None`` (after a message) if it cannot.

    Marks this server's environment (inherited by every kernel and page build) as the
    classroom's: module pages then never build the roster picker (:mod:`kit.classroom.identity`).
    """
    os.environ[CLASSROOM_ENV] = "1"
    engine = ws.engine
    if not store.has_facilitator_password(engine):
        password = ask_password()
        if password is not None:
            store.set_facilitator_password(engine, password)
    try:
        classroom = store.open_classroom(engine)
    except store.ClassroomError as exc:
        print(exc, file=sys.stderr)
        return None
    shown = shown_host(host)
    public = base_url(shown, port)
    local = base_url(LOOPBACK if host in (ANY, "::", "") else host, port)
    url = join_url(public, classroom.code)
    session = store.session_of(engine, classroom)
    print(_("Classroom session: {title} ({id})").format(
        title=session.title if session else "", id=classroom.session_id))
    print(_("Participants: connect to the same Wi-Fi and open {url} (session code {code}).")
          .format(url=url, code=display_code(classroom.code)))
    if shown == LOOPBACK and host in (ANY, "::", ""):
        print(_("No Wi-Fi address was found: phones cannot connect until the laptop is on the "
                "room's network (or use --host ADDRESS)."), file=sys.stderr)
    print(qr_text(url))
    if store.has_facilitator_password(engine):
        print(_("Facilitator: open {url} on this laptop and sign in; show it on the projector.")
              .format(url=local + "/kelas/layar"))
    else:
        print(_("Facilitator: open {url} on this laptop to set your password first.")
              .format(url=local + "/kelas/siapkan"))
    print(_("Stop with Ctrl+C; 'python -m kit start --classroom' brings the same session back. "
            "Close the session with 'python -m kit classroom close'."), flush=True)
    return ClassroomWeb(ws, public, site)
