"""``python -m kit session door ID``: the door's queue in one process, one line per person.

The facilitator (or a helper at the registration table) types a name, a phone number as it is
written (``0812 3456``) or a participant id, and presses Enter: one match is checked in at once,
several are listed with numbers to choose from, none says how to register a walk-in. A person
refused for a missing prerequisite can still be admitted by typing ``alasan: <reason>`` next.
A person never asked about consent (UU PDP) gets the question, to read aloud, right after the
check-in: ``ya`` or ``tidak`` next records the answer as an event of the session; any other line
goes on with the queue and records nothing (not answering never blocks a check-in).
Each check-in is its own transaction (the same service as the app's door panel); the kit starts
once for the whole queue, so fifty people cost one start-up, not fifty. Lines can also come from
a pipe (``cat ids.txt | python -m kit session door ID``). An empty line or ``selesai`` ends it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import TextIO

import attrs

from kit.i18n import _
from kit.records import consent_service
from kit.records import session_service as service
from kit.records.checkin import MIN_PHONE_DIGITS, Candidate
from kit.workspace import Workspace

STOP_WORDS = frozenset({"", "selesai", "keluar", "done", "quit", "q"})
# Typed after the consent question: no answer now (the question is asked another time).
LATER = frozenset({"nanti", "nanti saja", "lewat", "lewati", "belum", "-", "later", "skip"})
REASON = re.compile(r"^\s*(alasan|reason)\s*:\s*(?P<reason>.*)$", re.IGNORECASE)


@attrs.define
class DoorQueue:
    """The state between two lines: a pending choice among several, a refused person."""

    ws: Workspace
    session_id: str
    out: TextIO
    choices: list[Candidate] = attrs.field(factory=list)
    refused: Candidate | None = None
    asking: tuple[str, str] | None = None  # (id, name) of the person asked about consent
    checked_in: int = 0

    def say(self, text: str) -> None:
        """Print one line of the conversation."""
        print(text, file=self.out)

    def handle(self, line: str) -> None:
        """Act on one typed line: a consent answer, a choice, a reason, or a search."""
        text = line.strip()
        if self.asking is not None:
            asked, self.asking = self.asking, None
            if self._answer(asked, text):
                return
        reason = REASON.match(text)
        if reason and self.refused is not None:
            person, self.refused = self.refused, None
            self._check_in(person, reason.group("reason"))
            return
        self.refused = None
        if text.isdigit() and self.choices and 1 <= int(text) <= len(self.choices):
            person = self.choices[int(text) - 1]
            self.choices = []
            self._check_in(person, None)
            return
        if text.isdigit() and len(text) < MIN_PHONE_DIGITS:
            self.say(_("There is no list to choose from: type a name or a phone number first."))
            return
        self.choices = []
        self._search(text)

    def _search(self, query: str) -> None:
        found = service.find_people(self.ws, self.session_id, query)
        exact = [c for c in found if c.participant_id == query]
        if exact or len(found) == 1:
            self._check_in((exact or found)[0], None)
            return
        if not found:
            self._by_id(query)
            return
        self.choices = found
        for n, c in enumerate(found, start=1):
            self.say("  {n}. {name} · {phone} · {district} · {id}{state}".format(
                n=n, name=c.name, phone=c.phone or "-", district=c.district,
                id=c.participant_id, state=_state(c)))
        self.say(_("Type the number of the right person (1–{n}), or search again.").format(
            n=len(found)))

    def _by_id(self, query: str) -> None:
        """A line that found nobody by name or phone may be a participant id."""
        try:
            done = service.checkin(self.ws, self.session_id, query)
        except service.SessionInputError as exc:
            if exc.field != "participant_id":
                raise
            self.say(_("Nobody found for {query!r}. Someone new: python -m kit session walk-in "
                       "{session} --name … --district …").format(query=query,
                                                                  session=self.session_id))
            return
        self._report(done)

    def _check_in(self, person: Candidate, reason: str | None) -> None:
        if person.present:
            self.say(_("{name} was already checked in.").format(name=person.name))
            self._ask_consent(person.participant_id, person.name)
            return
        try:
            done = service.checkin(self.ws, self.session_id, person.participant_id, reason)
        except service.SessionInputError as exc:
            if exc.field == "participant_id" and exc.admittable:
                self.refused = person
                self.say(_("{name}: {message} To admit anyway, type: alasan: <the reason>")
                         .format(name=person.name, message=exc.message))
                return
            self.say(f"{person.name}: {exc.message}")
            return
        self._report(done)

    def _answer(self, asked: tuple[str, str], text: str) -> bool:
        """Record ``text`` as the consent answer of ``asked`` if it is ya or tidak."""
        try:  # a digit is a choice from a list, never an answer here
            given = None if text.isdigit() else consent_service.parse_answer(text)
        except ValueError:
            given = None
        participant_id, name = asked
        if given is None and " ".join(text.casefold().split()) in LATER:
            self.say(_("{name}: no answer now; ask another time.").format(name=name))
            return True
        if given is None:
            return False
        service.door_consent(self.ws, self.session_id, participant_id, given)
        key = "{name}: consent recorded." if given else "{name}: no consent, recorded."
        self.say(_(key).format(name=name))
        return True

    def _ask_consent(self, participant_id: str, name: str) -> None:
        """Ask a person never asked about consent (the next line may answer)."""
        if consent_service.history(self.ws, participant_id):
            return
        self.asking = (participant_id, name)
        self.say("  " + _(consent_service.QUESTION_LABEL) + " " + _(consent_service.QUESTION))
        self.say("  " + _("Type ya or tidak, or nanti to ask later; a name goes on "
                          "with the queue."))

    def _report(self, done: service.CheckIn) -> None:
        if not done.new:
            self.say(_("{name} was already checked in.").format(name=done.participant_name))
            return
        self.checked_in += 1
        counts = service.door_counts(self.ws, self.session_id)
        key = ("{name} admitted and checked in. ({present} present of {expected} expected)"
               if done.admitted else
               "{name} checked in. ({present} present of {expected} expected)")
        self.say(_(key).format(name=done.participant_name, present=counts.present,
                               expected=counts.expected))
        self._ask_consent(done.participant_id, done.participant_name)


def _state(c: Candidate) -> str:
    """`` · hadir`` / `` · belum memenuhi syarat: …`` after a listed person, or nothing."""
    if c.present:
        return " · " + _("present")
    if c.missing:
        return " · " + _("not eligible: missing {activities}").format(
            activities=", ".join(c.missing))
    return ""


def run_door(ws: Workspace, session_id: str, lines: Iterable[str], out: TextIO,
             prompt: bool) -> int:
    """Check people in from ``lines`` until an empty line or ``selesai``; how many came in."""
    service.session_and_activity(ws, session_id)  # an unknown session: one line, before any
    queue = DoorQueue(ws, session_id, out)
    queue.say(_("Door of session {session}: type a name, a phone number or a participant id, "
                "then Enter. An empty line or 'selesai' ends.").format(session=session_id))
    if prompt:
        out.write("> ")
        out.flush()
    for line in lines:
        if line.strip().casefold() in STOP_WORDS:
            break
        queue.handle(line)
        if prompt:
            out.write("> ")
            out.flush()
    counts = service.door_counts(ws, session_id)
    queue.say(_("Done: {n} checked in now; {present} present of {expected} expected.").format(
        n=queue.checked_in, present=counts.present, expected=counts.expected))
    return queue.checked_in


def door(args: argparse.Namespace, ws: Workspace) -> int:
    """Run the door's queue on standard input (a prompt when it is a terminal)."""
    run_door(ws, args.session_id, sys.stdin, sys.stdout, prompt=sys.stdin.isatty())
    return 0
