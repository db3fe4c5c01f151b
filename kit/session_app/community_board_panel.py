"""The board part of the community panel: roles, nominations, musyawarah, the secret ballot.

One row per role (ketua, wakil ketua, sekretaris, bendahara) with its holder and how chosen. For
an empty role: record a nomination and accept it; then either record the musyawarah (the person
and who agreed) or open a secret ballot among the accepted nominees, its tie rule chosen before
voting. A ballot by codes gets its slips PDF here; the count, closing and the tally are on the
projector page (``/kelas/layar/pilih`` of the classroom server). A closed tie whose rule is
musyawarah is settled here. "Perbarui" reads the board again (the projector seats winners).
Everything goes through :mod:`kit.community.service`, :mod:`kit.community.ballot_service` and
:mod:`kit.community.ballot_board`.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from kit.community import ballot_board, ballot_service, service
from kit.community.documents.model import ROLES
from kit.community.documents.wording import role_label
from kit.community.slips import SlipBallot, slips_pdf
from kit.i18n import gettext_
from kit.session_app.community_panel import attempt, dropdown, line, save_and_link, tick
from kit.ui import render
from kit.ui.widgets import box, button, close_tree, html, labelled, text

if TYPE_CHECKING:
    from kit.session_app.community_panel import CommunityPanel

BALLOT_SCREEN = "/kelas/layar/pilih"  # kit.classroom.ballot_pages.BALLOT_SCREEN
BALLOT_PHONE = "/kelas/pilih"


def _ticks(people: list[tuple[str, str]]) -> dict[str, Any]:
    """One on/off button per ``(name, id)``, off."""
    return {pid: tick(name) for name, pid in people}


def _tick_box(ticks: dict[str, Any]) -> Any:
    row = w.HBox(list(ticks.values()), layout=w.Layout(width="100%", flex_flow="row wrap"))
    row.add_class("kit-sp-pair")
    return row


class BoardSection:
    """The board table, the nomination, musyawarah and ballot forms, and tie settling."""

    def __init__(self, panel: CommunityPanel):
        self.panel = panel
        lang = panel.ctx.lang
        self.record: service.CommunityRecord | None = None
        self.tied: dict[str, tuple[str, ...]] = {}  # a tied ballot (musyawarah rule): the tied
        # A role whose ballot is open or whose tie waits: no second way of choosing meanwhile.
        self.busy: dict[str, str] = {}
        self.table = html()
        self.refresh_button = button(gettext_("Refresh the board", lang), max_width="20em")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.role = dropdown([])
        self.role.observe(lambda _c: self.role_changed(), names="value")
        # Nomination
        self.nominee, self.nominated_by = dropdown([]), dropdown([])
        self.programme = text(placeholder=gettext_("e.g. monthly product-photo training",
                                                   lang))
        self.nominate_button = button(gettext_("Record the nomination", lang))
        self.nominate_button.on_click(lambda _b: self.nominate())
        self.proposed = dropdown([])
        self.accept_button = button(gettext_("The nominee accepts", lang))
        self.accept_button.on_click(lambda _b: self.accept())
        self.nominate_status = html()
        # Musyawarah
        self.chosen = dropdown([])
        self.agreed: dict[str, Any] = {}
        self.agreed_box = box([])
        self.consensus_button = button(gettext_("Record the musyawarah", lang), primary=True)
        self.consensus_button.on_click(lambda _b: self.consensus())
        self.consensus_status = html()
        # Ballot
        self.tie_rule = w.ToggleButtons(options=[(gettext_("Run-off", lang), "runoff"),
                                                 ("Musyawarah", "musyawarah")], value=None,
                                        layout=w.Layout(width="100%"),
                                        style={"button_width": "auto"})
        self.voters = w.ToggleButtons(options=[(gettext_("Codes on paper slips", lang), "codes"),
                                               (gettext_("Signed-in members", lang), "members")],
                                      value="codes", layout=w.Layout(width="100%"),
                                      style={"button_width": "auto"})
        self.present = w.BoundedIntText(value=1, min=1, max=10_000,
                                        layout=w.Layout(width="8em"))
        self.open_button = button(gettext_("Open the ballot", lang), primary=True)
        self.open_button.on_click(lambda _b: self.open_ballot())
        self.ballot_status = html()
        self.ballots = html()
        self.projector = html(line("kit-muted", gettext_(
            "Open {screen} of the classroom server on the projector: it shows how many have "
            "voted, closes the ballot and shows the tally. Members vote on their phones at "
            "{phone}.", lang).format(screen=BALLOT_SCREEN, phone=BALLOT_PHONE), lang))
        self.slips_ballot = dropdown([])
        self.slips_count = w.BoundedIntText(value=1, min=1, max=10_000,
                                            layout=w.Layout(width="8em"))
        self.slips_button = button(gettext_("Print the slips (PDF)", lang))
        self.slips_button.on_click(lambda _b: self.slips())
        self.slips_status, self.slips_link = html(), html()
        # A tie settled by musyawarah
        self.tie_ballot = dropdown([])
        self.tie_ballot.observe(lambda _c: self.tie_changed(), names="value")
        self.tie_chosen = dropdown([])
        self.tie_agreed: dict[str, Any] = {}
        self.tie_agreed_box = box([])
        self.tie_button = button(gettext_("Seat the one agreed", lang), primary=True)
        self.tie_button.on_click(lambda _b: self.settle_tie())
        self.tie_status = html()
        self.tie_form = box([
            html(render("heading.html.j2", lang, level=4,
                        title=gettext_("A tied ballot settled by musyawarah", lang))),
            labelled(gettext_("Ballot", lang), self.tie_ballot),
            labelled(gettext_("The one agreed on", lang), self.tie_chosen),
            labelled(gettext_("Who agreed", lang), self.tie_agreed_box),
            self.tie_button, self.tie_status], ("kit-sp-form",))
        self.accept_box = box([labelled(gettext_("Nomination waiting for acceptance", lang),
                                        self.proposed), self.accept_button])
        h4 = "heading.html.j2"
        self.busy_note = html()
        self.consensus_form = box([
            html(render(h4, lang, level=4, title=gettext_("2a. Musyawarah", lang))),
            labelled(gettext_("The one agreed on", lang), self.chosen),
            labelled(gettext_("Who agreed", lang), self.agreed_box),
            self.consensus_button, self.consensus_status], ("kit-sp-form",))
        self.ballot_form = box([
            html(render(h4, lang, level=4, title=gettext_("2b. Secret ballot", lang),
                        note=gettext_("Among the accepted nominees (two or more).", lang))),
            labelled(gettext_("If there is a tie (chosen before voting)", lang), self.tie_rule),
            labelled(gettext_("Who votes", lang), self.voters),
            labelled(gettext_("Members present", lang), self.present),
            self.open_button], ("kit-sp-form",))
        self.role_forms = box([
            labelled(gettext_("Role to fill", lang), self.role),
            box([html(render(h4, lang, level=4, title=gettext_("1. Nomination", lang))),
                 labelled(gettext_("Nominee", lang), self.nominee),
                 labelled(gettext_("Nominated by", lang), self.nominated_by),
                 labelled(gettext_("The candidate's short programme", lang), self.programme),
                 self.nominate_button, self.accept_box, self.nominate_status], ("kit-sp-form",)),
            self.busy_note, self.consensus_form, self.ballot_form, self.ballot_status])
        self.slips_form = box([
            labelled(gettext_("Ballot by codes", lang), self.slips_ballot),
            labelled(gettext_("Number of slips", lang), self.slips_count),
            self.slips_button, self.slips_status, self.slips_link], ("kit-sp-form",))
        head = html(render("heading.html.j2", lang, level=3, title=gettext_("The board", lang)))
        self.widget = box([head, self.table, self.refresh_button, self.role_forms,
                           self.ballots, self.projector, self.slips_form, self.tie_form])

    # ------------------------------------------------------------------ reading

    def _people(self) -> list[tuple[str, str]]:
        return [(m.name, m.id) for m in self.record.members] if self.record else []

    def refresh(self) -> None:
        """Read the community's record and ballots again and rebuild every choice."""
        ctx, cid = self.panel.ctx, self.panel.community_id
        lang = ctx.lang
        if cid is None:
            return
        found = attempt(lang, self.ballot_status, lambda: service.show(ctx.workspace, cid))
        if found is None:
            return
        self.record = found
        seated = {s.role: s for s in found.board}
        how = {"musyawarah": "musyawarah", "ballot": gettext_("secret ballot", lang)}
        cell = "style='text-align:left;vertical-align:top;padding:4px 10px 4px 0;"
        th = cell + "white-space:nowrap'"
        td = cell + "overflow-wrap:normal;word-break:normal'"
        empty_word = escape(gettext_("empty", lang))
        rows = "".join(
            f"<tr><th {th}>{escape(role_label(r, lang))}</th><td {td}>"
            + (f"{escape(seated[r].name)}</td><td {td}>{escape(how.get(seated[r].method, ''))}"
               if r in seated else f"<span class='kit-muted'>{empty_word}</span></td><td {td}>")
            + "</td></tr>" for r in ROLES)
        self.table.value = f"<table class='kit-cp-board' style='width:100%'>{rows}</table>"
        people = self._people()
        empty = [(role_label(r, lang), r) for r in ROLES if r not in seated]
        before = self.role.value
        self.role.options = empty
        self.role.value = before if before in dict(empty).values() else (
            empty[0][1] if empty else None)
        self.role_forms.layout.display = "flex" if empty else "none"
        for picker in (self.nominee, self.nominated_by):
            picker.options = people
            picker.value = people[0][1] if people else None
        self.agreed = self._replace(self.agreed, self.agreed_box, people)
        self.present.value = max(1, len(people))
        self._read_ballots()
        self.role_changed()

    def _replace(self, old: dict[str, Any], holder: Any, people: list[tuple[str, str]]
                 ) -> dict[str, Any]:
        for toggle in old.values():
            close_tree(toggle)
        made = _ticks(people)
        holder.children = [_tick_box(made)] if made else []
        return made

    def role_changed(self) -> None:
        """The chosen role's waiting nominations and musyawarah candidates."""
        role = self.role.value
        noms = [n for n in (self.record.nominations if self.record else ()) if n.role == role]
        waiting = [(f"{n.nominee_name} — {n.programme}", str(n.id)) for n in noms
                   if n.status == "proposed"]
        self.proposed.options = waiting
        self.proposed.value = waiting[-1][1] if waiting else None
        self.accept_box.layout.display = "flex" if waiting else "none"
        accepted = [(n.nominee_name, n.nominee_id) for n in noms if n.status == "accepted"]
        choices = accepted or self._people()
        self.chosen.options = choices
        self.chosen.value = choices[0][1] if choices else None
        busy = self.busy.get(str(role))
        for form in (self.consensus_form, self.ballot_form):
            form.layout.display = "none" if busy else "flex"
        self.busy_note.value = line("kit-muted", busy, self.panel.ctx.lang) if busy else ""

    def _read_ballots(self) -> None:
        ctx, cid = self.panel.ctx, self.panel.community_id
        lang = ctx.lang
        if cid is None:
            return
        elections = attempt(lang, self.ballot_status,
                            lambda: ballot_service.list_elections(ctx.workspace, cid)) or []
        names = dict((pid, name) for name, pid in self._people())
        lines: list[str] = []
        codes: list[tuple[str, str]] = []
        ties: list[tuple[str, str]] = []
        self.tied, self.busy = {}, {}
        for e in elections:
            label = role_label(e.role, lang)
            if e.status == ballot_service.OPEN:
                voted = attempt(lang, self.ballot_status,
                                partial(ballot_service.voted_count, ctx.workspace, e.id))
                lines.append(gettext_("{role}: open, {voted} of {present} present have voted",
                                      lang).format(role=label, voted=voted,
                                                   present=e.members_present))
                self.busy[e.role] = gettext_(
                    "The ballot for this role is open: close it on the projector, then tap "
                    "“{refresh}”.", lang).format(refresh=gettext_("Refresh the board", lang))
                if e.voters == "codes":
                    codes.append((gettext_("{role}: {issued} of {present} codes printed",
                                           lang).format(role=label, issued=e.codes_issued,
                                                        present=e.members_present), e.id))
                continue
            found = attempt(lang, self.ballot_status,
                            partial(ballot_service.result, ctx.workspace, e.id))
            if found is None or not found.tally.tie or found.decided_by is not None \
                    or found.runoff_id is not None:
                continue
            tied = ", ".join(names.get(c, c) for c in found.tally.tied)
            if e.tie_rule == "musyawarah":
                ties.append((f"{label}: {tied}", e.id))
                self.tied[e.id] = found.tally.tied
                self.busy[e.role] = gettext_("The ballot for this role is tied: settle it by "
                                             "musyawarah below.", lang)
            else:
                lines.append(gettext_("{role}: tied ({tied}); open the run-off on the projector",
                                      lang).format(role=label, tied=tied))
                self.busy[e.role] = gettext_("The ballot for this role is tied: open the run-off "
                                             "on the projector.", lang)
        self.ballots.value = "".join(line("kit-muted", x, lang) for x in lines)
        self.projector.layout.display = None if elections else "none"
        self.slips_ballot.options = codes
        self.slips_ballot.value = codes[-1][1] if codes else None
        self.slips_form.layout.display = "flex" if codes else "none"
        if codes:
            e = next(x for x in elections if x.id == self.slips_ballot.value)
            self.slips_count.value = max(1, e.members_present - e.codes_issued)
        self.tie_ballot.options = ties
        self.tie_ballot.value = ties[-1][1] if ties else None
        self.tie_form.layout.display = "flex" if ties else "none"
        self.tie_agreed = self._replace(self.tie_agreed, self.tie_agreed_box, self._people())
        self.tie_changed()

    def tie_changed(self) -> None:
        """The tied candidates of the chosen tied ballot."""
        names = dict((pid, name) for name, pid in self._people())
        tied = self.tied.get(str(self.tie_ballot.value), ())
        self.tie_chosen.options = [(names.get(c, c), c) for c in tied]
        self.tie_chosen.value = tied[0] if tied else None

    # ------------------------------------------------------------------ actions

    def _done(self, status: Any, message: str) -> None:
        self.refresh()
        status.value = line("kit-ok", message, self.panel.ctx.lang)

    def nominate(self) -> None:
        """Record the nomination of the chosen role."""
        ctx, cid, lang = self.panel.ctx, self.panel.community_id, self.panel.ctx.lang
        labels = {"nominee": gettext_("Nominee", lang), "by": gettext_("Nominated by", lang),
                  "programme": gettext_("The candidate's short programme", lang),
                  "role": gettext_("Role to fill", lang)}
        if cid is None:
            return
        made = attempt(lang, self.nominate_status, lambda: service.nominate(
            ctx.workspace, cid, str(self.role.value or ""), str(self.nominee.value or ""),
            str(self.nominated_by.value or ""), self.programme.value), labels)
        if made is not None:
            self.programme.value = ""
            self._done(self.nominate_status, gettext_(
                "{name} nominated; the nomination counts once accepted.", lang).format(
                    name=made.nominee_name))

    def accept(self) -> None:
        """The nominee accepts the chosen waiting nomination."""
        ctx, cid, lang = self.panel.ctx, self.panel.community_id, self.panel.ctx.lang
        if cid is None or self.proposed.value is None:
            self.nominate_status.value = line("kit-error", gettext_(
                "No nomination is waiting for this role.", lang), lang)
            return
        made = attempt(lang, self.nominate_status, lambda: service.accept(
            ctx.workspace, cid, str(self.proposed.value)))
        if made is not None:
            self._done(self.nominate_status, gettext_("{name} accepted the nomination.",
                                                      lang).format(name=made.nominee_name))

    def consensus(self) -> None:
        """Seat the agreed person in the chosen role by musyawarah, with who agreed."""
        ctx, cid, lang = self.panel.ctx, self.panel.community_id, self.panel.ctx.lang
        agreed = [pid for pid, toggle in self.agreed.items() if toggle.value]
        labels = {"agreed_by": gettext_("Who agreed", lang),
                  "person": gettext_("The one agreed on", lang),
                  "role": gettext_("Role to fill", lang)}
        if cid is None:
            return
        made = attempt(lang, self.consensus_status, lambda: service.consensus(
            ctx.workspace, cid, str(self.role.value or ""), str(self.chosen.value or ""),
            agreed), labels)
        if made is not None:
            self._done(self.consensus_status, gettext_("{name} is {role} by musyawarah.",
                                                       lang).format(
                name=made.name, role=role_label(made.role, lang)))

    def open_ballot(self) -> None:
        """Open the secret ballot of the chosen role among its accepted nominees."""
        ctx, cid, lang = self.panel.ctx, self.panel.community_id, self.panel.ctx.lang
        if cid is None or self.record is None:
            return
        if self.tie_rule.value is None:
            self.ballot_status.value = line("kit-error", gettext_(
                "Choose what settles a tie before opening the ballot.", lang), lang)
            return
        role = str(self.role.value or "")
        candidates = [n.nominee_id for n in self.record.nominations
                      if n.role == role and n.status == "accepted"]
        members = [m.id for m in self.record.members] if self.voters.value == "members" else []
        labels = {"candidates": gettext_("Nomination", lang),
                  "present": gettext_("Members present", lang),
                  "members": gettext_("Who votes", lang), "role": gettext_("Role to fill", lang)}
        made = attempt(lang, self.ballot_status, lambda: ballot_service.open_election(
            ctx.workspace, cid, role, candidates, present=int(self.present.value),
            tie_rule=str(self.tie_rule.value), voters=str(self.voters.value),
            members=members), labels)
        if made is not None:
            self._done(self.ballot_status, gettext_(
                "The ballot for {role} is open.", lang).format(role=role_label(made.role, lang)))

    def slips(self) -> None:
        """Issue the codes of the chosen ballot and offer the slips PDF."""
        ctx, cid, lang = self.panel.ctx, self.panel.community_id, self.panel.ctx.lang
        election_id = self.slips_ballot.value
        if cid is None or self.record is None or election_id is None:
            return
        labels = {"count": gettext_("Number of slips", lang)}

        def produce() -> bytes:
            election = ballot_service.get_election(ctx.workspace, election_id)
            made = ballot_service.issue_slips(ctx.workspace, [election_id],
                                              int(self.slips_count.value))
            assert self.record is not None  # noqa: S101 - checked above
            return slips_pdf(self.record.community.name,
                             [SlipBallot(election_id, role_label(election.role, lang))], made,
                             lang)

        self.slips_link.value = ""
        data = attempt(lang, self.slips_status, produce, labels)
        if data is None:
            return
        save_and_link(ctx, f"kertas-suara-{election_id}.pdf", data, "application/pdf",
                      self.slips_status, self.slips_link)
        said, link = self.slips_status.value, self.slips_link.value
        self._read_ballots()
        self.slips_status.value, self.slips_link.value = said, link

    def settle_tie(self) -> None:
        """Seat the one of the tied the musyawarah agreed on, with who agreed."""
        ctx, lang = self.panel.ctx, self.panel.ctx.lang
        election_id = self.tie_ballot.value
        if election_id is None:
            return
        agreed = tuple(pid for pid, toggle in self.tie_agreed.items() if toggle.value)
        labels = {"agreed_by": gettext_("Who agreed", lang),
                  "chosen": gettext_("The one agreed on", lang)}
        made = attempt(lang, self.tie_status, lambda: ballot_board.seat_musyawarah(
            ctx.workspace, election_id, str(self.tie_chosen.value or ""), agreed), labels)
        if made is not None:
            self._done(self.tie_status, gettext_("The tie is settled by musyawarah.", lang))
