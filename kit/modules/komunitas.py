"""The komunitas module (chapter V, Table 5.3): a discussion and election activity.

:func:`build_komunitas` returns a :class:`KomunitasPage`; ``modules/komunitas.py`` only displays
its parts. Every item of the framework gets a section with its text
(``modules/komunitas/<item_id>.md``). Items of the *observed* materi (``program.yaml``:
forming the community, candidates, election, inauguration) are assessed by the facilitator's
checklist: their sections say so, show the deciding level, and offer a practice check that is
**not** recorded. The other items end with a recorded knowledge check; the item named by
``program.yaml`` also hosts the "usulan program kerja" tool (:class:`ProposalTool`) and, right
after it, the "Jaringan usaha" tool (:class:`NetworkTool`: what the participant sells and needs,
for the business network; its rules are :mod:`kit.network.entry`).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import attrs
import ipywidgets as w

from kit.content_reader import PATHS, ContentError, NodeReader, read_yaml
from kit.framework import Framework, Text, framework
from kit.i18n import _
from kit.modules.content import ModuleContent, module_content
from kit.modules.frame import FULL, ModuleFrame, box, button, html, text_in
from kit.modules.markdown import esc
from kit.modules.page import LazyParts, ModulePage
from kit.modules.quiz import QuestionBank, grade, question_bank
from kit.modules.widgets import KnowledgeCheck
from kit.network import entry as network_entry
from kit.ui.widgets import area, labelled, text

MODULE_ID = "komunitas"
TOOL = "usulan_program"
MIN_WORDS = 3


@attrs.frozen
class ProgramKind:
    """A kind of community programme, with an example (shown while writing a proposal)."""

    id: str
    title: Text
    example: Text


@attrs.frozen
class ProgramConfig:
    """``program.yaml``: where the proposal tool sits, which materi are observed, the kinds."""

    tool_item: str
    observed_materi: tuple[str, ...]
    kinds: tuple[ProgramKind, ...]

    def observed_items(self, fw: Framework, activity_id: str) -> tuple[str, ...]:
        """The item ids of the observed materi, read from the framework."""
        activity = fw.activity(activity_id)
        return tuple(i.id for m in activity.materi if m.id in self.observed_materi
                     for i in m.items)


def load_program(path: Path, activity_id: str = MODULE_ID,
                 fw: Framework | None = None) -> ProgramConfig:
    """Load and validate ``program.yaml``; raise :class:`ContentError` naming every problem."""
    fw = fw or framework()
    activity = fw.activity(activity_id)
    seen: set[str] = set()

    def parse(r: NodeReader, root: Any) -> ProgramConfig:
        def kind(node: Any, p: str) -> ProgramKind:
            km = r.mapping(node, p)
            r.unknown_keys(km, p, ("id", "title", "example"))
            kid = r.unique_id(km, node, p, seen)
            return ProgramKind(id=kid, title=r.text(r.get(km, node, p, "title"), f"{p}.title"),
                               example=r.text(r.get(km, node, p, "example"), f"{p}.example"))

        def materi_id(node: Any, p: str) -> str:
            value = r.scalar(node, p)
            if value not in {m.id for m in activity.materi}:
                raise r.fail(node, p, _(
                    "{materi!r} is not a materi of activity {activity!r}").format(
                    materi=value, activity=activity_id))
            return value

        m = r.mapping(root, "program")
        r.unknown_keys(m, "program", ("tool_item", "observed_materi", "kinds"))
        item_node = r.get(m, root, "program", "tool_item")
        tool_item = r.scalar(item_node, "program.tool_item")
        if tool_item not in {i.id for i in activity.items}:
            r.fail(item_node, "program.tool_item", _(
                "item {item!r} is not an item of activity {activity!r}").format(
                item=tool_item, activity=activity_id))
        observed = r.each(r.get(m, root, "program", "observed_materi"),
                          "program.observed_materi", materi_id)
        kinds = r.each(r.get(m, root, "program", "kinds"), "program.kinds", kind)
        if not kinds and not r.problems:
            r.fail(m["kinds"], "program.kinds", _("list at least one kind of programme"))
        return ProgramConfig(tool_item=tool_item, observed_materi=tuple(observed),
                             kinds=tuple(kinds))

    return read_yaml(path, parse)


def kind_titles(lang: str) -> dict[str, str]:
    """The programme kinds' titles by id, in ``lang`` (empty if ``program.yaml`` is unreadable).

    Wherever a proposal's kind is shown to a person (the session app, ``community programme``)
    it is shown by its title, never its id.
    """
    try:
        return {k.id: k.title.get(lang) for k in load_program(PATHS.program()).kinds}
    except (ContentError, OSError):  # the raw id is shown; `framework check` names the problem
        return {}


def komunitas_content(config: ProgramConfig) -> ModuleContent:
    """The komunitas texts, with the proposal tool placed (its state goes into the submission)."""
    content = module_content(MODULE_ID)
    return attrs.evolve(content, tools={**content.tools, TOOL: config.tool_item,
                                        network_entry.TOOL: config.tool_item})


def words(text: str) -> int:
    """How many words ``text`` has."""
    return len(text.split())


def validate_proposal(proposal: dict[str, str], kinds: tuple[ProgramKind, ...]) -> list[str]:
    """Problems with a proposal (empty when it can be saved)."""
    problems = []
    if proposal.get("kind") not in {k.id for k in kinds}:
        problems.append(_("Choose the kind of programme."))
    if words(proposal.get("what", "")) < MIN_WORDS:
        problems.append(_("Describe the activity in at least three words."))
    if words(proposal.get("why", "")) < MIN_WORDS:
        problems.append(_("Say in at least three words which problem of the members it solves."))
    if not proposal.get("who", "").strip():
        problems.append(_("Say who will run it."))
    if not proposal.get("when", "").strip():
        problems.append(_("Say when or how often."))
    return problems


class ProposalTool:
    """Write a work-programme proposal: what, why, who, when, what is needed (kept as evidence)."""

    FIELDS = ("what", "why", "who", "when", "needs")

    def __init__(self, frame: ModuleFrame, config: ProgramConfig):
        self.frame = frame
        self.config = config
        self.item_id = config.tool_item
        lang = frame.lang
        self.kind = w.Dropdown(options=[(text_in(k.title, lang), k.id) for k in config.kinds],
                               value=None, layout=FULL)
        self.example = html()
        self.kind.observe(lambda _c: self._show_example(), "value")
        self.inputs: dict[str, Any] = {
            "what": w.Text(placeholder=_("What: e.g. product photo training with a phone"),
                           layout=FULL),
            "why": w.Textarea(placeholder=_("Why: which problem of the members it solves"),
                              layout=FULL),
            "who": w.Text(placeholder=_("Who runs it"), layout=FULL),
            "when": w.Text(placeholder=_("When / how often, e.g. once a month"), layout=FULL),
            "needs": w.Textarea(placeholder=_("What is needed (place, tools, costs) — optional"),
                                layout=FULL),
        }
        labels = {"what": _("What"), "why": _("Why"), "who": _("Who"), "when": _("When"),
                  "needs": _("What is needed")}
        self.message = html()
        self.listing = html()
        self.save_button = button(_("Save my proposal"), primary=True)
        self.save_button.on_click(lambda _b: self.submit())
        fields = [box([html(f"<label class='widget-label'><b>{esc(labels[k])}</b></label>"),
                       self.inputs[k]]) for k in self.FIELDS]
        self.widget = box([
            html("<h3>" + esc(_("Your work-programme proposal")) + "</h3><p class='kit-muted'>"
                 + esc(_("Write one programme you would like the community to run. It is saved "
                         "and can be read out in the discussion.")) + "</p>"),
            box([html("<label class='widget-label'><b>" + esc(_("Kind of programme"))
                      + "</b></label>"), self.kind]),
            self.example, *fields, self.message, self.save_button, self.listing,
        ], ("kit-card", "kit-proposal"))
        frame.on_participant(lambda _f: self.refresh())

    def _show_example(self) -> None:
        kind = next((k for k in self.config.kinds if k.id == self.kind.value), None)
        if kind is None:
            self.example.value = ""
            return
        label = esc(_("Example"))
        self.example.value = (f"<p class='kit-muted'>{label}: "
                              f"{esc(text_in(kind.example, self.frame.lang))}</p>")

    def proposals(self) -> list[dict[str, str]]:
        """The proposals saved so far by the current participant."""
        return list(self.frame.state.tools.get(TOOL, {}).get("proposals", []))

    def current(self) -> dict[str, str]:
        """The proposal being written (whitespace tidied)."""
        out = {k: " ".join(str(self.inputs[k].value).split()) for k in self.FIELDS}
        out["kind"] = str(self.kind.value or "")
        return out

    def submit(self) -> None:
        """Validate and save the proposal, then list every saved proposal."""
        if self.frame.participant is None:
            self.message.value = "<p class='kit-error'>" + esc(_(
                "Choose your name at the top so that your progress is saved.")) + "</p>"
            return
        proposal = self.current()
        problems = validate_proposal(proposal, self.config.kinds)
        if problems:
            self.message.value = "".join(f"<p class='kit-error'>⚠ {esc(p)}</p>"
                                         for p in problems)
            return
        self.frame.save_tool(TOOL, self.item_id, {"proposals": [*self.proposals(), proposal]})
        for field in self.inputs.values():
            field.value = ""
        self.kind.value = None
        self.message.value = "<p class='kit-ok'>✓ " + esc(_("Proposal saved.")) + "</p>"
        self.refresh(keep_message=True)

    def refresh(self, keep_message: bool = False) -> None:
        """List the saved proposals of the current participant."""
        if not keep_message:
            self.message.value = ""
        self.save_button.disabled = self.frame.participant is None
        saved = self.proposals()
        if not saved:
            self.listing.value = ""
            return
        titles = {k.id: text_in(k.title, self.frame.lang) for k in self.config.kinds}
        lis = "".join(
            f"<li><b>{esc(p.get('what', ''))}</b> <span class='kit-muted'>"
            f"({esc(titles.get(p.get('kind', ''), ''))})</span><br>{esc(p.get('why', ''))}"
            f"<br><span class='kit-muted'>{esc(p.get('who', ''))} · "
            f"{esc(p.get('when', ''))}</span></li>" for p in saved)
        self.listing.value = "<p><b>" + esc(_("Your proposals")) + f"</b></p><ul>{lis}</ul>"


class NetworkTool:
    """"Jaringan usaha": what the participant sells and needs, saved as tool evidence.

    Only wiring: :func:`kit.network.entry.check_entry` decides what can be saved; every save
    stores the whole list (the latest save is the one the business network reads).
    """

    def __init__(self, frame: ModuleFrame, item_id: str):
        self.frame = frame
        self.item_id = item_id
        self.sells = area(placeholder=_("For example:\nkeripik singkong\ndodol"), rows=4)
        self.needs = area(placeholder=_("For example:\nsingkong\nlabel kemasan\njasa angkut"),
                          rows=4)
        self.village = text(placeholder=_("For example: Kroyo"))
        self.save_button = button(_("Save my list"), primary=True)
        self.save_button.on_click(lambda _b: self.submit())
        self.message = html()
        self.saved = html()
        self._filling = False
        for field in (self.sells, self.needs, self.village):
            field.observe(lambda _c: self._edited(), "value")
        self.widget = box([
            html("<h3>" + esc(_("Business network: what you sell and what you need")) + "</h3>"
                 "<p class='kit-muted'>" + esc(_(
                     "Write what you sell and the raw materials or services you need. Members "
                     "who can supply each other are matched, in your community and across the "
                     "communities of your district.")) + "</p>"),
            labelled(_("What I sell (one per line)"), self.sells),
            labelled(_("What I need: raw materials or services (one per line)"), self.needs),
            labelled(_("My village (optional)"), self.village),
            self.save_button, self.message, self.saved,
        ], ("kit-card", "kit-network-entry"))
        frame.on_participant(lambda _f: self.refresh())

    def _edited(self) -> None:
        """A change by the participant: an earlier message no longer describes the inputs."""
        if not self._filling:
            self.message.value = ""

    def stored(self) -> network_entry.NetworkEntry:
        """The current participant's saved list (empty when none)."""
        return network_entry.entry_from_state(
            self.frame.state.tools.get(network_entry.TOOL))

    def submit(self) -> None:
        """Check the list; save it when it is good, else say every problem (nothing saved)."""
        if self.frame.participant is None:
            self.message.value = "<p class='kit-error'>" + esc(_(
                "Choose your name at the top so that your progress is saved.")) + "</p>"
            return
        entry, problems = network_entry.check_entry(
            str(self.sells.value), str(self.needs.value), str(self.village.value))
        if problems:
            self.message.value = "".join(f"<p class='kit-error'>⚠ {esc(p)}</p>"
                                         for p in problems)
            return
        self.frame.save_tool(network_entry.TOOL, self.item_id, entry.as_state())
        self.message.value = "<p class='kit-ok'>✓ " + esc(_(
            "Saved. Your latest list is the one used to find suppliers and buyers.")) + "</p>"
        self.refresh(keep_message=True)

    def refresh(self, keep_message: bool = False) -> None:
        """Show the current participant's saved list in the inputs and under the button."""
        if not keep_message:
            self.message.value = ""
        person = self.frame.participant
        self.save_button.disabled = person is None
        entry = self.stored()
        self._filling = True
        try:
            self.sells.value = "\n".join(entry.sells)
            self.needs.value = "\n".join(entry.needs)
            self.village.value = entry.village or (person.village or "" if person else "")
        finally:
            self._filling = False
        if not (entry.sells or entry.needs):
            self.saved.value = ""
            return
        parts = []
        if entry.sells:
            parts.append("<li><b>" + esc(_("I sell")) + ":</b> " + esc(", ".join(entry.sells))
                         + "</li>")
        if entry.needs:
            parts.append("<li><b>" + esc(_("I need")) + ":</b> " + esc(", ".join(entry.needs))
                         + "</li>")
        self.saved.value = ("<p><b>" + esc(_("Your saved list")) + "</b></p><ul>"
                            + "".join(parts) + "</ul>")


class PracticeCheck(KnowledgeCheck):
    """Three questions for practice only: graded on the page, never saved or recorded."""

    def __init__(self, frame: ModuleFrame, item_id: str, bank: QuestionBank):
        self.shown_for: str | None = None
        super().__init__(frame, item_id, bank)
        self.retry_button = button(_("Try again with other questions"))
        self.retry_button.on_click(lambda _b: self.show_form(self.attempt + 1))
        self.widget.add_class("kit-practice-check")

    def _title(self) -> Any:
        return html("<h3>" + esc(_("Practice questions (not scored)")) + "</h3><p class="
                    "'kit-muted'>" + esc(_("The facilitator assesses this item by watching the "
                                           "forum. These questions only help you prepare.")) +
                    "</p>")

    def reset(self) -> None:
        """A fresh practice draw when the participant changes (practice is not kept)."""
        pid = self.frame.participant_id
        if pid == self.shown_for and self.widget.children:
            return  # progress changed elsewhere on the page: keep what is on screen
        self.shown_for = pid
        if pid is None:
            super().reset()
            return
        self.show_form(0)

    def submit(self) -> None:
        """Grade and show the result; nothing is saved and no level is recorded."""
        if self.frame.participant is None or not self.drawn:
            return
        answers = self.answers()
        if any(v is None for v in answers.values()):
            self.message.value = "<p class='kit-error'>⚠ " + esc(_(
                "Please answer every question first.")) + "</p>"
            return
        graded = grade(self.drawn, answers, self.item_id, self.attempt, self.frame.lang)
        self.show_result({**graded.details(), "level": graded.level})


class KomunitasPage(ModulePage):
    """The page: a section per item, the checks and the proposal tool, built when opened.

    ``checks``, ``observation`` and ``sections`` are :class:`LazyParts` (asking for one builds its
    section), and so is the :attr:`proposal` tool.
    """

    def __init__(self, frame: ModuleFrame, config: ProgramConfig):
        super().__init__(frame)
        self.config = config
        self.bank = question_bank(frame.activity.id)
        self.observed = config.observed_items(frame.fw, frame.activity.id)
        self.checks: LazyParts[KnowledgeCheck] = LazyParts(self)
        self.observation: LazyParts[Any] = LazyParts(self)
        self.sections: LazyParts[Any] = LazyParts(self)
        self._proposal: ProposalTool | None = None
        self._network: NetworkTool | None = None
        for materi in frame.activity.materi:
            for item in materi.items:
                self.add_section(item.id, materi.id, item.title, [item.id],
                                 partial(self._build_section, item.id))
        frame.on_participant(lambda _f: self._refresh_observation())

    @property
    def proposal(self) -> ProposalTool:
        """The "usulan program kerja" tool (builds the section that hosts it)."""
        self.build_until(lambda: self._proposal is not None)
        if self._proposal is None:  # load_program checked that tool_item is an item here
            raise LookupError(self.config.tool_item)
        return self._proposal

    @property
    def network(self) -> NetworkTool:
        """The "Jaringan usaha" tool (builds the section that hosts it)."""
        self.build_until(lambda: self._network is not None)
        if self._network is None:
            raise LookupError(self.config.tool_item)
        return self._network

    def _build_section(self, item_id: str) -> list[Any]:
        frame, config = self.frame, self.config
        extra: list[Any] = []
        if item_id in self.observed:
            note = html(classes=("kit-card", "kit-observed"))
            note.value = self.observation_html(item_id)
            self.observation[item_id] = note
            extra.append(note)
            check: KnowledgeCheck = PracticeCheck(frame, item_id, self.bank)
        else:
            check = KnowledgeCheck(frame, item_id, self.bank)
        if item_id == config.tool_item:
            self._proposal = ProposalTool(frame, config)
            self._network = NetworkTool(frame, item_id)
            extra += [self._proposal.widget, self._network.widget]
        self.checks[item_id] = check
        section = frame.item_section(item_id, extra=extra, check=check.widget)
        self.sections[item_id] = section
        return [section]

    def observation_html(self, item_id: str) -> str:
        """Who assesses an observed item, and the level the facilitator recorded so far."""
        f = self.frame
        level = f.levels.get(item_id)
        levels = {lv.level: lv for lv in f.fw.rubric.levels}
        state = esc(text_in(levels[level].title, f.lang)) if level in levels \
            else esc(_("not observed yet"))
        title = esc(_("Assessed by the facilitator"))
        body = esc(_("This item is about taking an active part in the forum. The facilitator "
                     "watches and records it on the facilitator checklist; this page does not "
                     "score it."))
        current = esc(_("Current level"))
        return f"<p><b>{title}</b></p><p>{body}</p><p>{current}: <b>{state}</b></p>"

    def _refresh_observation(self) -> None:
        for item_id, note in self.observation.built().items():
            note.value = self.observation_html(item_id)



def build_komunitas(workspace: Path | None = None,
                    local_home: Path | None = None) -> KomunitasPage:
    """Build the komunitas page for the roster workspace (``$UMKM_KIT_WORKSPACE``) or locally."""
    config = load_program(PATHS.program())
    return KomunitasPage(ModuleFrame(MODULE_ID, workspace=workspace, local_home=local_home,
                                     content=komunitas_content(config)), config)
