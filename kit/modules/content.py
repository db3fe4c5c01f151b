"""Load a module's texts from ``modules/<module>/`` (Markdown and YAML, reviewable by anyone).

Layout of one module's folder, beside its notebook ``modules/<module>.py``::

    module.yaml        header: title, duration, what you do / learn / need, facilitator notes,
                       and which item hosts which interactive tool
    <item_id>.md       one text per item of the activity (front matter + Markdown body)

The stage self-check ("di mana usaha saya sekarang?") and the safety checklist are assessment
material: ``assessments/selfchecks/<module>.yaml`` and ``assessments/checklists/<module>.yaml``.
Every file is read through :mod:`kit.content_reader`.

The item list itself is never written here: it comes from the framework
(:func:`kit.framework.framework`), and the loader reports a text that is missing for an item, or a
text for an item the activity does not have. Every problem names file, line and path;
:class:`ContentError` carries them all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import attrs
import yaml

from kit.content_reader import (
    PATHS,
    Bail,
    ContentError,
    NodeReader,
    gather_yaml,
    read_markdown,
    read_yaml,
    split_front_matter,
)
from kit.framework import Framework, Problem, Text, framework
from kit.i18n import _

__all__ = ["CONTENT_DIR", "ContentError", "load_checklist", "load_module_content",
           "load_selfcheck", "module_content", "split_front_matter"]

CONTENT_DIR = PATHS.module_dir("")  # ``modules/``: the module texts beside the notebooks
TOOLS = ("selfcheck", "calculator", "checklist", "ask")
T = TypeVar("T")


@attrs.frozen
class SectionText:
    """The text of one item: Markdown body (Indonesian), short English summary, sources."""

    item_id: str
    body: str
    summary_en: str
    sources: tuple[str, ...]
    facilitator: str


@attrs.frozen
class ModuleContent:
    """Everything a module shows besides the interactive logic."""

    module_id: str
    activity_id: str
    title: Text
    intro: Text
    duration_minutes: int
    you_will_do: tuple[Text, ...]
    you_will_learn: tuple[Text, ...]
    you_need: tuple[Text, ...]
    facilitator_notes: Text
    tools: dict[str, str]
    sections: dict[str, SectionText]
    folder: Path

    def tool_at(self, item_id: str) -> tuple[str, ...]:
        """The tools shown in the section of ``item_id``, in :data:`TOOLS` order."""
        return tuple(t for t in TOOLS if self.tools.get(t) == item_id)


@attrs.frozen
class SelfCheckQuestion:
    """One yes/partly/not-yet question of the stage self-check, tied to a stage."""

    id: str
    stage: str
    text: Text
    hint: Text | None


@attrs.frozen
class SelfCheck:
    """The stage self-check: one question per stage, and advice for the stage to work on."""

    questions: tuple[SelfCheckQuestion, ...]
    advice: dict[str, Text]


@attrs.frozen
class ChecklistItem:
    """One safety habit: what to do and why it matters."""

    id: str
    text: Text
    why: Text


@attrs.frozen
class ChecklistGroup:
    """A group of safety habits (account, scams, payment…)."""

    id: str
    title: Text
    items: tuple[ChecklistItem, ...]


def _read_section(path: Path, item_id: str, problems: list[Problem]) -> SectionText | None:
    def front_matter(r: NodeReader, root: yaml.Node) -> tuple[str, str, tuple[str, ...]]:
        m = r.mapping(root, "front matter")
        r.unknown_keys(m, "front matter", ("summary_en", "sources", "facilitator"))
        summary_en = r.scalar(m["summary_en"], "front matter.summary_en") \
            if "summary_en" in m else ""
        facilitator = r.scalar(m["facilitator"], "front matter.facilitator") \
            if "facilitator" in m else ""
        sources = tuple(r.each(m["sources"], "front matter.sources", r.scalar)) \
            if "sources" in m else ()
        return summary_en, facilitator, sources

    n_before = len(problems)
    read = read_markdown(path, front_matter, problems)
    if read is None:
        return None
    front, body = read
    if not body.strip():
        problems.append(Problem(str(path), None, "", _("the text after the front matter is empty")))
        return None
    if len(problems) > n_before:
        return None
    summary_en, facilitator, sources = front or ("", "", ())
    return SectionText(item_id=item_id, body=body.strip(), summary_en=summary_en,
                       sources=sources, facilitator=facilitator)


@attrs.define
class _Header:
    """``module.yaml`` as read so far (fields stay ``None`` where a problem was recorded)."""

    activity_id: str = ""
    title: Text | None = None
    intro: Text | None = None
    facilitator_notes: Text | None = None
    duration_minutes: int | None = None
    you_will_do: tuple[Text, ...] | None = None
    you_will_learn: tuple[Text, ...] | None = None
    you_need: tuple[Text, ...] | None = None
    tools: dict[str, str] = attrs.field(factory=dict)


HEADER_KEYS = ("activity", "duration_minutes", "title", "intro", "you_will_do", "you_will_learn",
               "you_need", "facilitator_notes", "tools")


def _read_tools(r: NodeReader, node: yaml.Node, item_ids: set[str], activity_id: str,
                ) -> dict[str, str]:
    tools: dict[str, str] = {}
    for name, value in r.mapping(node, "module.tools").items():
        path = f"module.tools.{name}"
        try:
            if name not in TOOLS:
                raise r.fail(value, path, _("unknown tool (known: {tools})").format(
                    tools=", ".join(TOOLS)))
            target = r.scalar(value, path)
            if target not in item_ids:
                raise r.fail(value, path, _(
                    "item {item!r} is not an item of activity {activity!r}").format(
                    item=target, activity=activity_id))
            tools[name] = target
        except Bail:
            continue
    return tools


def _read_module_yaml(path: Path, fw: Framework, problems: list[Problem]) -> _Header:
    header = _Header()

    def parse(r: NodeReader, root: yaml.Node) -> _Header:
        m = r.mapping(root, "module")
        r.unknown_keys(m, "module", HEADER_KEYS)
        activity = r.activity(m, root, "module", fw)
        activity_id = header.activity_id = activity.id

        def field(key: str, read: Callable[[yaml.Node, str], T]) -> T | None:
            try:
                return read(r.get(m, root, "module", key), f"module.{key}")
            except Bail:
                return None

        def texts(node: yaml.Node, p: str) -> tuple[Text, ...]:
            return tuple(r.each(node, p, r.text))

        header.title = field("title", r.text)
        header.intro = field("intro", r.text)
        header.facilitator_notes = field("facilitator_notes", r.text)
        header.duration_minutes = field("duration_minutes",
                                        lambda n, p: r.integer(n, p, minimum=1))
        header.you_will_do = field("you_will_do", texts)
        header.you_will_learn = field("you_will_learn", texts)
        header.you_need = field("you_need", texts)
        if "tools" in m:
            header.tools = _read_tools(r, m["tools"], {i.id for i in activity.items},
                                       activity_id)
        return header

    gather_yaml(path, parse, problems)  # fills ``header`` as far as it can be read
    return header


def load_module_content(module_id: str, folder: Path | None = None,
                        fw: Framework | None = None) -> ModuleContent:
    """Load and validate ``modules/<module_id>/`` (or ``folder``); raise :class:`ContentError`.

    Checks: ``module.yaml`` is complete, its activity and tool items exist, every item of the
    activity has ``<item_id>.md`` with a non-empty body, and no ``.md`` file names an item the
    activity does not have.
    """
    fw = fw or framework()
    folder = folder or PATHS.module_dir(module_id)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise ContentError([Problem(str(folder), None, "", _("content folder not found"))])
    header = _read_module_yaml(folder / "module.yaml", fw, problems)
    sections: dict[str, SectionText] = {}
    if header.activity_id:
        activity = fw.activity(header.activity_id)
        known = {item.id for item in activity.items}
        for item in activity.items:
            path = folder / f"{item.id}.md"
            if not path.is_file():
                problems.append(Problem(str(path), None, item.id, _(
                    "missing text for item {item!r} ({title})").format(
                    item=item.id, title=item.title.indonesian)))
                continue
            section = _read_section(path, item.id, problems)
            if section is not None:
                sections[item.id] = section
        for path in sorted(folder.glob("*.md")):
            if path.stem not in known:
                problems.append(Problem(str(path), None, path.stem, _(
                    "{item!r} is not an item of activity {activity!r}").format(
                    item=path.stem, activity=header.activity_id)))
    if problems:
        raise ContentError(problems)
    h = header
    if not (h.title and h.intro and h.facilitator_notes and h.duration_minutes
            and h.you_will_do is not None and h.you_will_learn is not None
            and h.you_need is not None):
        raise ContentError([Problem(str(folder / "module.yaml"), None, "module",
                                    _("could not be read"))])
    return ModuleContent(
        module_id=module_id, activity_id=h.activity_id, folder=folder, sections=sections,
        title=h.title, intro=h.intro, duration_minutes=h.duration_minutes,
        you_will_do=h.you_will_do, you_will_learn=h.you_will_learn, you_need=h.you_need,
        facilitator_notes=h.facilitator_notes, tools=h.tools)


@cache
def module_content(module_id: str) -> ModuleContent:
    """The (process-cached) content of a module shipped with the kit."""
    return load_module_content(module_id)


def load_selfcheck(path: Path, fw: Framework | None = None) -> SelfCheck:
    """Load the stage self-check: one question per framework stage, advice for every stage."""
    fw = fw or framework()
    stage_ids = [s.id for s in fw.stages]

    def parse(r: NodeReader, root: yaml.Node) -> SelfCheck:
        questions: list[SelfCheckQuestion] = []
        advice: dict[str, Text] = {}
        m = r.mapping(root, "selfcheck")
        r.unknown_keys(m, "selfcheck", ("questions", "advice"))

        def question(node: yaml.Node, path: str) -> SelfCheckQuestion:
            qm = r.mapping(node, path)
            r.unknown_keys(qm, path, ("id", "stage", "text", "hint"))
            stage_node = r.get(qm, node, path, "stage")
            stage = r.scalar(stage_node, f"{path}.stage")
            if stage not in stage_ids:
                raise r.fail(stage_node, f"{path}.stage", _("unknown stage {id!r}").format(
                    id=stage))
            hint = r.text(qm["hint"], f"{path}.hint") if "hint" in qm else None
            return SelfCheckQuestion(
                id=r.scalar(r.get(qm, node, path, "id"), f"{path}.id"), stage=stage,
                text=r.text(r.get(qm, node, path, "text"), f"{path}.text"), hint=hint)

        questions = r.each(r.get(m, root, "selfcheck", "questions"), "selfcheck.questions",
                           question)
        covered = [q.stage for q in questions]
        if covered and covered != stage_ids and not r.problems:
            r.fail(m["questions"], "selfcheck.questions", _(
                "needs exactly one question per stage, in stage order: {stages}").format(
                stages=", ".join(stage_ids)))
        am = r.mapping(r.get(m, root, "selfcheck", "advice"), "selfcheck.advice")
        for stage in stage_ids:
            try:
                advice[stage] = r.text(r.get(am, m["advice"], "selfcheck.advice", stage),
                                       f"selfcheck.advice.{stage}")
            except Bail:
                continue
        r.unknown_keys(am, "selfcheck.advice", tuple(stage_ids))
        return SelfCheck(questions=tuple(questions), advice=advice)

    return read_yaml(path, parse)


def load_checklist(path: Path) -> tuple[ChecklistGroup, ...]:
    """Load the safety checklist (groups of habits, each with a reason); ids must be unique."""
    seen: set[str] = set()

    def parse(r: NodeReader, root: yaml.Node) -> tuple[ChecklistGroup, ...]:
        m = r.mapping(root, "checklist")
        r.unknown_keys(m, "checklist", ("groups",))
        return tuple(r.each(r.get(m, root, "checklist", "groups"), "checklist.groups",
                            lambda node, p: group(r, node, p)))

    def item(r: NodeReader, node: yaml.Node, path: str) -> ChecklistItem:
        im = r.mapping(node, path)
        r.unknown_keys(im, path, ("id", "text", "why"))
        item_id = r.unique_id(im, node, path, seen)
        return ChecklistItem(id=item_id, text=r.text(r.get(im, node, path, "text"), f"{path}.text"),
                             why=r.text(r.get(im, node, path, "why"), f"{path}.why"))

    def group(r: NodeReader, node: yaml.Node, path: str) -> ChecklistGroup:
        gm = r.mapping(node, path)
        r.unknown_keys(gm, path, ("id", "title", "items"))
        return ChecklistGroup(
            id=r.scalar(r.get(gm, node, path, "id"), f"{path}.id"),
            title=r.text(r.get(gm, node, path, "title"), f"{path}.title"),
            items=tuple(r.each(r.get(gm, node, path, "items"), f"{path}.items",
                               lambda n, p: item(r, n, p))))

    return read_yaml(path, parse)
