"""What ``python -m kit start --classroom`` adds: address, password, session, the web hook.

:func:`bind_address` decides where the server listens; :func:`prepare_classroom` makes sure the
facilitator's password exists (asked in the terminal, or on a first-run page served to the laptop
only), opens the classroom for the session the facilitator chooses (``--session``, the terminal,
or later the projector page; an open one is brought back after a restart), prints how to join and
returns the :class:`kit.classroom.web.ClassroomWeb` hook for :class:`KitVoila`.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kit import settings
from kit.classroom import store
from kit.classroom.codes import display_code, join_url
from kit.classroom.credentials import password_problem
from kit.classroom.network import ANY, LOOPBACK, base_url, lan_address
from kit.classroom.qr import qr_text
from kit.classroom.web import ClassroomWeb
from kit.framework import framework
from kit.i18n import _, get_language
from kit.workspace import Workspace

SESSIONS_LISTED = 30


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


def choose_session(engine: Any, stdin_is_tty: bool | None = None,
                   ask: Callable[[str], str] = input) -> str | None:
    """Ask in the terminal which session the classroom runs; ``None`` without a terminal.

    Shows a numbered list (activity, title, date, district) of the workspace's sessions, open
    ones first; ``0`` creates a new session (activity, title, date, district asked in turn,
    checked by :func:`kit.records.sessions.create_session`); an empty answer opens nothing (the
    projector page then asks).
    """
    from kit.records.sessions import SessionProblems

    if not (sys.stdin.isatty() if stdin_is_tty is None else stdin_is_tty):
        return None
    activities = {a.id: a.short_title.get(get_language()) for a in framework().activities}
    found = store.sessions(engine)[:SESSIONS_LISTED]
    print(_("Which session is this classroom for?"))
    for number, s in enumerate(found, start=1):
        print(session_line(number, s, activities))
    print(_("  0. Create a new session"))
    while True:
        answer = ask(_("Number (Enter: choose later on the projector page): ")).strip()
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(found):
            return found[int(answer) - 1].id
        if answer == "0":
            break
        print(_("Type a number from the list, 0 for a new session, or press Enter."))
    ids = list(activities)
    for number, activity_id in enumerate(ids, start=1):
        print(f"  {number}. {activities[activity_id]}")
    while True:
        picked = ask(_("Activity (number): ")).strip()
        fields = {
            "activity_id": ids[int(picked) - 1] if picked.isdigit()
            and 1 <= int(picked) <= len(ids) else "",
            "title": ask(_("Title: ")),
            "day": ask(_("Date (YYYY-MM-DD, Enter: today): ")).strip() or date.today().isoformat(),
            "district": ask(_("District or city (kabupaten/kota): ")),
        }
        try:
            return store.new_session(engine, **fields).id
        except SessionProblems as exc:
            for problem in exc.problems.values():
                print(problem)


def session_line(number: int, session: Any, activities: dict[str, str]) -> str:
    """One line of the terminal's session list: number, activity, title, date, district."""
    closed = "" if session.status == "open" else " " + _("(closed)")
    return "  {n}. {activity} · {title} · {date} · {district}{closed}".format(
        n=number, activity=activities.get(session.activity_id, session.activity_id),
        title=session.title, date=session.date.isoformat() if session.date else "—",
        district=session.district or "—", closed=closed)


def prepare_classroom(ws: Workspace, site: Path, *, host: str, port: int,
                      session_id: str | None = None) -> ClassroomWeb | None:
    """Get the classroom ready and print how to join; ``None`` (after a message) if it cannot.

    An open classroom is brought back (a restart). Otherwise the classroom opens for
    ``session_id`` (``--session``), or for the session chosen in the terminal
    (:func:`choose_session`); without either nothing is opened and the projector page asks
    the facilitator to choose or create the session. Marks this server's environment
    (inherited by every kernel and page build) as the classroom's: module pages then never
    build the roster picker (:mod:`kit.classroom.identity`).
    """
    os.environ[settings.CLASSROOM_ENV] = "1"
    engine = ws.engine
    if not store.has_facilitator_password(engine):
        password = ask_password()
        if password is not None:
            store.set_facilitator_password(engine, password)
    classroom = store.current_classroom(engine)
    try:
        if classroom is None or session_id:
            chosen = session_id or choose_session(engine)
            classroom = store.open_classroom(engine, chosen) if chosen else None
    except store.ClassroomError as exc:
        print(exc, file=sys.stderr)
        return None
    shown = shown_host(host)
    public = base_url(shown, port)
    local = base_url(LOOPBACK if host in (ANY, "::", "") else host, port)
    if classroom is not None:
        url = join_url(public, classroom.code)
        session = store.session_of(engine, classroom)
        print(_("Classroom session: {title} ({id})").format(
            title=session.title if session else "", id=classroom.session_id))
        print(_("Participants: connect to the same Wi-Fi and open {url} (session code {code}).")
              .format(url=url, code=display_code(classroom.code)))
    else:
        print(_("No classroom session is open yet: choose or create the session on the "
                "projector page {url}.").format(url=local + "/kelas/layar"))
    if shown == LOOPBACK and host in (ANY, "::", ""):
        print(_("No Wi-Fi address was found: phones cannot connect until the laptop is on the "
                "room's network (or use --host ADDRESS)."), file=sys.stderr)
    if classroom is not None:
        print(qr_text(join_url(public, classroom.code)))
    if store.has_facilitator_password(engine):
        print(_("Facilitator: open {url} on this laptop and sign in; show it on the projector.")
              .format(url=local + "/kelas/layar"))
    else:
        print(_("Facilitator: open {url} on this laptop to set your password first.")
              .format(url=local + "/kelas/siapkan"))
    print(_("Stop with Ctrl+C; 'python -m kit start --classroom' brings the same session back. "
            "Close the session with 'python -m kit classroom close'."), flush=True)
    return ClassroomWeb(ws, public, site)
