"""The board election on the phones and the projector: light HTML pages, no kernel (issue 15).

``/kelas/pilih`` (a public address: it checks inside) shows the open ballots. A ballot of
*codes* asks for the code on the voter's paper slip; a ballot of *members* takes the signed-in
participant of this phone (the device cookie, never a form field) and refuses anyone not on the
community's roll. Voting returns a receipt; changing the vote ("ubah suara") needs that receipt,
so a replayed form or a second use of a code is refused and counts nothing
(:mod:`kit.community.ballot_service` decides; this module only carries the request). Wrong codes
are counted per client address with the classroom's join-code limit, so a phone cannot try
codes for long.

``/kelas/layar/pilih`` is the facilitator's: before closing it shows how many have voted, never
a count per candidate; "Tutup pemungutan suara" asks for confirmation, closes the ballot and
seats a clear winner on the board; after closing it shows the tally, the receipts and the
counts check, and for a tie whose rule is a run-off, the button that opens it.
"""

from __future__ import annotations

from typing import Any

from kit.classroom import store
from kit.classroom.qr import qr_svg
from kit.classroom.ratelimit import JOIN_CODE
from kit.classroom.web import CONFIRM, PageHandler
from kit.community import ballot_board, ballot_service
from kit.problems import InputError

BALLOT_PAGE = "/kelas/pilih"
BALLOT_SCREEN = "/kelas/layar/pilih"
# How often the projector's ballot page reloads while a ballot is open (the voted count).
SCREEN_REFRESH_S = 5
# The longest code, receipt or id a form may send (longer is cut before anything reads it).
FIELD_MAX = 64


class BallotPage(PageHandler):
    """A ballot page: the classroom's page with the ballot's own style sheet."""

    def page(self, name: str, status: int = 200, **context: Any) -> None:
        """Send the rendered template with ``ballot_css`` in its context."""
        from kit.ui import Markup, css

        super().page(name, status, ballot_css=Markup(css("ballot")), **context)


class BallotHandler(BallotPage):
    """``/kelas/pilih``: vote in an open ballot with a slip's code or as a signed-in member."""

    async def get(self) -> None:
        """Show the open ballots (or say there is none)."""
        await self.ballots()

    async def ballots(self, status: int = 200, **extra: Any) -> None:
        """Render the ballot page with the open ballots and this phone's signed-in member."""
        board = await self.work(ballot_board.board, self.web.ws)
        who = self.who
        member = who.participant_id if who is not None and not who.is_facilitator else None
        election_id = self.get_body_argument("election", "") if self.request.method == "POST" \
            else ""
        chosen = {election_id: self.get_body_argument("candidate", "")} if election_id else {}
        self.page("ballot.html.j2", status, ballots=board.open, member=member, chosen=chosen,
                  **extra)

    def field(self, name: str) -> str:
        """A form field, cut to :data:`FIELD_MAX` characters."""
        return self.get_body_argument(name, "")[:FIELD_MAX].strip()

    async def post(self) -> None:
        """Cast (or change) one vote, then show its receipt; a refusal says why, counts nothing."""
        self.check_xsrf_cookie()
        election_id = self.field("election")
        candidate = self.field("candidate")
        receipt = self.field("receipt") or None
        try:
            ballot = await self.work(ballot_board.open_ballot, self.web.ws, election_id)
        except InputError as exc:
            await self.ballots(410 if election_id else 400, error=exc.message)
            return
        if not candidate:
            await self.ballots(400, error=self.t("Choose one candidate first."))
            return
        if ballot.voters == "members":
            await self.as_member(ballot, candidate, receipt)
        else:
            await self.with_code(ballot, candidate, receipt)

    async def as_member(self, ballot: ballot_board.OpenBallot, candidate: str,
                        receipt: str | None) -> None:
        """A ballot of members: the voter is this phone's signed-in participant, nobody else."""
        who = self.who
        if who is None or who.is_facilitator or not who.participant_id:
            await self.ballots(403, error=self.t(
                "Sign in to the classroom with your name and PIN first: this ballot is for the "
                "community's members."))
            return
        if not ballot.may_vote(who.participant_id):
            await self.ballots(403, error=self.t(
                "You are not on this community's member list, so you cannot vote in this "
                "ballot. Ask the facilitator if this is a mistake."))
            return
        try:
            new_receipt = await self.work(ballot_service.vote_as_member, self.web.ws, ballot.id,
                                          who.participant_id, candidate, receipt)
        except InputError as exc:
            await self.ballots(400, error=exc.message)
            return
        self.voted(ballot, new_receipt, changed=receipt is not None)

    async def with_code(self, ballot: ballot_board.OpenBallot, candidate: str,
                        receipt: str | None) -> None:
        """A ballot of codes: the code is checked under the per-address limit of wrong tries."""
        engine = self.web.engine
        reserved = await self.work(store.reserve_attempt, engine, "ballot", self.client,
                                   JOIN_CODE)
        if reserved.attempt_id is None:
            await self.ballots(429, error=self.t(
                "Too many code attempts from this phone's address. Wait {seconds} seconds, "
                "then try again.").format(seconds=reserved.wait))
            return
        outcome = "ok"
        try:
            new_receipt = await self.work(ballot_service.vote_with_code, self.web.ws, ballot.id,
                                          self.field("code"), candidate, receipt)
        except InputError as exc:
            if exc.field == "code":
                outcome = "wrong"
            await self.ballots(400, error=exc.message)
            return
        finally:
            await self.work(store.finish_attempt, engine, reserved.attempt_id, outcome)
        self.voted(ballot, new_receipt, changed=receipt is not None)

    def voted(self, ballot: ballot_board.OpenBallot, receipt: str, changed: bool) -> None:
        """The confirmation: the receipt, and how to change the vote before closing."""
        self.page("ballot_done.html.j2", ballot=ballot, receipt=receipt, changed=changed)


class BallotScreenHandler(BallotPage):
    """``/kelas/layar/pilih``: the ballots on the projector; closing and run-offs (facilitator)."""

    async def get(self) -> None:
        """Show every ballot: open ones with the voted count, closed ones with their result."""
        await self.show()

    async def show(self, status: int = 200, **extra: Any) -> None:
        """Render the projector's ballot page."""
        board = await self.work(ballot_board.board, self.web.ws)
        url = self.web.public_base + BALLOT_PAGE
        self.page("ballot_screen.html.j2", status, board=board, url=url,
                  qr=qr_svg(url) if board.open else "",
                  refresh=SCREEN_REFRESH_S if board.open else None, **extra)

    async def post(self) -> None:
        """``tutup`` (after confirming) closes a ballot; ``putaran`` opens a tie's run-off."""
        self.check_xsrf_cookie()
        action = self.get_body_argument("action", "")
        election_id = self.get_body_argument("election", "")[:FIELD_MAX]
        try:
            if action == "tutup":
                if self.get_body_argument("confirm", "") != CONFIRM:
                    ballot = await self.work(ballot_board.open_ballot, self.web.ws, election_id)
                    self.page("ballot_close.html.j2", ballot=ballot)
                    return
                await self.work(ballot_board.close_and_seat, self.web.ws, election_id)
                await self.show(message=self.t("The ballot is closed; the result is below."))
            elif action == "putaran":
                await self.work(ballot_service.open_runoff, self.web.ws, election_id)
                await self.show(message=self.t(
                    "The run-off is open: the tied candidates only. Members vote again."))
            else:
                await self.show(400, error=self.t("Unknown action."))
        except InputError as exc:
            await self.show(400, error=exc.message)


def routes() -> list[tuple[str, type[PageHandler]]]:
    """The ballot pages' addresses and handlers (the classroom adds them behind its gate)."""
    return [(BALLOT_PAGE, BallotHandler), (BALLOT_SCREEN, BallotScreenHandler)]


__all__ = ["BALLOT_PAGE", "BALLOT_SCREEN", "BallotHandler",
           "BallotScreenHandler", "routes"]
