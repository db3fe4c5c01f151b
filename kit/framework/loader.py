"""Load ``kit/framework/data/*.yaml`` into typed objects, with errors that name file, line and path.

The YAML is parsed to nodes (so every value keeps its line), then each file is read by a small
:class:`_Reader` that records a :class:`Problem` for every missing key, wrong type, unknown
reference or duplicate id. All problems are collected, then raised together as
:class:`FrameworkError`; nothing half-loaded is ever returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml

from kit.framework.located_yaml import Bail, NodeReader
from kit.framework.model import (
    Activity,
    DesignRow,
    Framework,
    Item,
    Materi,
    Objective,
    Puskom,
    PuskomAspect,
    PuskomClassKind,
    PuskomFactor,
    PuskomProgramme,
    ReadinessCriterion,
    Rubric,
    RubricLevel,
    RundownEntry,
    Stage,
    StagePrerequisite,
    StageRule,
    StrategyRow,
    Text,
)
from kit.i18n import _
from kit.problems import Problem

DATA_DIR = Path(__file__).parent / "data"
ACTIVITY_FILES = ("advokasi.yaml", "bimtek.yaml", "komunitas.yaml")
RUNDOWN_KINDS = ("ceremony", "session", "break")
READINESS_WEIGHTS = range(1, 4)  # a readiness criterion weighs 1, 2 or 3

T = TypeVar("T")


class FrameworkError(Exception):
    """The framework data is invalid; ``problems`` lists every issue found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Reader(NodeReader):
    """The shared located reader; the framework's model keeps lists as tuples."""

    def each_t(
        self, node: yaml.Node, path: str, read: Callable[[yaml.Node, str], T]
    ) -> tuple[T, ...]:
        """Like :meth:`NodeReader.each`, as a tuple."""
        return tuple(self.each(node, path, read))


def _compose(path: Path, problems: list[Problem]) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(Problem(path.name, None, "-", _("cannot read file: {err}").format(err=exc)))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(path.name, None, "-", _("file is not valid UTF-8")))
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(path.name, line, "-", _("invalid YAML: {err}").format(err=problem)))
        return None
    if node is None:
        problems.append(Problem(path.name, None, "-", _("file is empty")))
    return node


def _read_stages(r: _Reader, root: yaml.Node) -> tuple[tuple[Stage, ...], StageRule]:
    m = r.mapping(root, "")

    def stage(node: yaml.Node, path: str) -> Stage:
        s = r.mapping(node, path)
        return Stage(
            id=r.ident(r.get(s, node, path, "id"), f"{path}.id"),
            order=r.integer(r.get(s, node, path, "order"), f"{path}.order"),
            title=r.text(r.get(s, node, path, "title"), f"{path}.title"),
            section=r.scalar(r.get(s, node, path, "section"), f"{path}.section"),
            purpose=r.text(r.get(s, node, path, "purpose"), f"{path}.purpose"),
            supports=r.each_t(r.get(s, node, path, "supports"), f"{path}.supports", r.text),
            obstacles=r.each_t(r.get(s, node, path, "obstacles"), f"{path}.obstacles", r.text),
            activities=r.each_t(r.get(s, node, path, "activities"), f"{path}.activities", r.ident),
        )

    stages = r.each_t(r.get(m, root, "", "stages"), "stages", stage)
    rule_node = r.get(m, root, "", "stage_rule")
    rule = r.mapping(rule_node, "stage_rule")
    items_mode = r.scalar(r.get(rule, rule_node, "stage_rule", "items"), "stage_rule.items")
    if items_mode != "all":
        r.fail(rule_node, "stage_rule.items", _("only 'all' is supported"))
    r.unknown_keys(rule, "stage_rule", ("items", "prerequisites"))

    def prerequisite(node: yaml.Node, path: str) -> StagePrerequisite:
        p = r.mapping(node, path)
        r.unknown_keys(p, path, ("stage", "attended", "section"))
        return StagePrerequisite(
            stage=r.ident(p["stage"], f"{path}.stage") if "stage" in p else None,
            attended=r.each_t(p["attended"], f"{path}.attended", r.ident)
            if "attended" in p else (),
            section=r.scalar(p["section"], f"{path}.section") if "section" in p else "",
        )

    prerequisites: dict[str, StagePrerequisite] = {}
    if "prerequisites" in rule:
        path = "stage_rule.prerequisites"
        for stage_id, node in r.mapping(rule["prerequisites"], path).items():
            prerequisites[stage_id] = prerequisite(node, f"{path}.{stage_id}")
    return stages, StageRule(all_items=True, prerequisites=prerequisites)


def _read_rubric(r: _Reader, root: yaml.Node) -> Rubric:
    m = r.mapping(root, "")

    def level(node: yaml.Node, path: str) -> RubricLevel:
        lv = r.mapping(node, path)
        return RubricLevel(
            level=r.integer(r.get(lv, node, path, "level"), f"{path}.level"),
            id=r.ident(r.get(lv, node, path, "id"), f"{path}.id"),
            title=r.text(r.get(lv, node, path, "title"), f"{path}.title"),
            description=r.text(r.get(lv, node, path, "description"), f"{path}.description"),
        )

    return Rubric(
        levels=r.each_t(r.get(m, root, "", "levels"), "levels", level),
        achieved_min_level=r.integer(
            r.get(m, root, "", "achieved_min_level"), "achieved_min_level"),
        points_per_item=r.integer(r.get(m, root, "", "points_per_item"), "points_per_item"),
    )


def _read_activity(r: _Reader, root: yaml.Node) -> Activity:
    m = r.mapping(root, "")
    activity_id = r.ident(r.get(m, root, "", "id"), "id")
    default_stage = r.ident(m["stage"], "stage") if "stage" in m else None

    def objective(node: yaml.Node, path: str) -> Objective:
        o = r.mapping(node, path)
        return Objective(
            text=Text(
                indonesian=r.scalar(r.get(o, node, path, "id"), f"{path}.id"),
                english=r.scalar(r.get(o, node, path, "en"), f"{path}.en"),
            ),
            stage=r.ident(o["stage"], f"{path}.stage") if "stage" in o else None,
        )

    def rundown(node: yaml.Node, path: str) -> RundownEntry:
        e = r.mapping(node, path)
        kind = r.scalar(r.get(e, node, path, "kind"), f"{path}.kind")
        if kind not in RUNDOWN_KINDS:
            raise r.fail(node, f"{path}.kind", _("must be one of: {choices}").format(
                choices=", ".join(RUNDOWN_KINDS)))
        return RundownEntry(
            id=r.ident(r.get(e, node, path, "id"), f"{path}.id"),
            kind=kind,
            minutes=r.integer(r.get(e, node, path, "minutes"), f"{path}.minutes"),
            title=r.text(r.get(e, node, path, "title"), f"{path}.title"),
            materi=r.each_t(e["materi"], f"{path}.materi", r.ident) if "materi" in e else (),
        )

    def strategy(node: yaml.Node, path: str) -> StrategyRow:
        s = r.mapping(node, path)
        return StrategyRow(
            no=r.integer(r.get(s, node, path, "no"), f"{path}.no"),
            issue=r.text(r.get(s, node, path, "issue"), f"{path}.issue"),
            speaker=r.text(r.get(s, node, path, "speaker"), f"{path}.speaker"),
        )

    def design(node: yaml.Node, path: str) -> DesignRow:
        s = r.mapping(node, path)
        return DesignRow(
            no=r.integer(r.get(s, node, path, "no"), f"{path}.no"),
            session=r.text(r.get(s, node, path, "session"), f"{path}.session"),
            description=r.text(r.get(s, node, path, "description"), f"{path}.description"),
        )

    def materi(node: yaml.Node, path: str) -> Materi:
        mm = r.mapping(node, path)
        materi_id = r.ident(r.get(mm, node, path, "id"), f"{path}.id")
        stage = r.ident(mm["stage"], f"{path}.stage") if "stage" in mm else default_stage
        if stage is None:
            raise r.fail(node, f"{path}.stage", _("no stage given here or for the activity"))
        competency = r.text(r.get(mm, node, path, "competency"), f"{path}.competency")
        form = r.text(r.get(mm, node, path, "form"), f"{path}.form")

        def item(inode: yaml.Node, ipath: str) -> Item:
            im = r.mapping(inode, ipath)
            return Item(
                id=r.ident(r.get(im, inode, ipath, "id"), f"{ipath}.id"),
                title=r.text(r.get(im, inode, ipath, "title"), f"{ipath}.title"),
                competency=(r.text(im["competency"], f"{ipath}.competency")
                            if "competency" in im else competency),
                indicator=r.text(r.get(im, inode, ipath, "indicator"), f"{ipath}.indicator"),
                form=r.text(im["form"], f"{ipath}.form") if "form" in im else form,
                stage=stage,
                materi_id=materi_id,
                activity_id=activity_id,
            )

        items = r.each_t(r.get(mm, node, path, "items"), f"{path}.items", item)
        if not items:
            raise r.fail(node, f"{path}.items", _("a materi needs at least one item"))
        return Materi(
            id=materi_id,
            no=r.integer(r.get(mm, node, path, "no"), f"{path}.no"),
            title=r.text(r.get(mm, node, path, "title"), f"{path}.title"),
            competency=competency,
            form=form,
            stage=stage,
            items=items,
        )

    objectives = r.mapping(r.get(m, root, "", "objectives"), "objectives")
    obj_node = m["objectives"]
    participants_node = r.get(m, root, "", "participants")
    participants = r.mapping(participants_node, "participants")
    size_node = r.get(participants, participants_node, "participants", "size")
    size = r.mapping(size_node, "participants.size")
    room_node = r.get(participants, participants_node, "participants", "room_capacity")
    room = r.mapping(room_node, "participants.room_capacity")
    duration_node = r.get(m, root, "", "duration")
    duration = r.mapping(duration_node, "duration")
    return Activity(
        id=activity_id,
        order=r.integer(r.get(m, root, "", "order"), "order"),
        chapter=r.scalar(r.get(m, root, "", "chapter"), "chapter"),
        title=r.text(r.get(m, root, "", "title"), "title"),
        short_title=r.text(r.get(m, root, "", "short_title"), "short_title"),
        format=r.text(r.get(m, root, "", "format"), "format"),
        objectives_general=r.each_t(
            r.get(objectives, obj_node, "objectives", "general"), "objectives.general", objective),
        objectives_specific=r.each_t(
            r.get(objectives, obj_node, "objectives", "specific"), "objectives.specific",
            objective),
        participants=r.each_t(
            r.get(participants, participants_node, "participants", "who"), "participants.who",
            r.text),
        size_min=r.integer(r.get(size, size_node, "participants.size", "min"),
                           "participants.size.min"),
        size_max=r.integer(r.get(size, size_node, "participants.size", "max"),
                           "participants.size.max"),
        room_min=r.integer(r.get(room, room_node, "participants.room_capacity", "min"),
                           "participants.room_capacity.min"),
        room_max=r.integer(r.get(room, room_node, "participants.room_capacity", "max"),
                           "participants.room_capacity.max"),
        prerequisites=r.each_t(r.get(m, root, "", "prerequisites"), "prerequisites", r.ident),
        duration_label=r.text(r.get(duration, duration_node, "duration", "label"),
                              "duration.label"),
        duration_minutes=r.integer(r.get(duration, duration_node, "duration", "minutes"),
                                   "duration.minutes"),
        rundown=r.each_t(r.get(m, root, "", "rundown"), "rundown", rundown),
        strategy=r.each_t(r.get(m, root, "", "strategy"), "strategy", strategy),
        session_design=r.each_t(r.get(m, root, "", "session_design"), "session_design", design),
        table=r.scalar(r.get(m, root, "", "table"), "table"),
        materi=r.each_t(r.get(m, root, "", "materi"), "materi", materi),
    )


def _read_puskom(r: _Reader, root: yaml.Node) -> Puskom:
    m = r.mapping(root, "")

    def aspect(node: yaml.Node, path: str) -> PuskomAspect:
        a = r.mapping(node, path)
        return PuskomAspect(
            id=r.ident(r.get(a, node, path, "id"), f"{path}.id"),
            title=r.text(r.get(a, node, path, "title"), f"{path}.title"),
            description=r.text(r.get(a, node, path, "description"), f"{path}.description"),
        )

    def programme(node: yaml.Node, path: str) -> PuskomProgramme:
        p = r.mapping(node, path)
        return PuskomProgramme(
            id=r.ident(r.get(p, node, path, "id"), f"{path}.id"),
            no=r.scalar(r.get(p, node, path, "no"), f"{path}.no"),
            kind=r.scalar(p["kind"], f"{path}.kind") if "kind" in p else "training",
            title=r.text(r.get(p, node, path, "title"), f"{path}.title"),
            description=(r.text(p["description"], f"{path}.description")
                         if "description" in p else None),
            trainings=(r.each_t(p["trainings"], f"{path}.trainings", programme)
                       if "trainings" in p else ()),
        )

    def factor(node: yaml.Node, path: str) -> PuskomFactor:
        f = r.mapping(node, path)
        return PuskomFactor(
            id=r.ident(r.get(f, node, path, "id"), f"{path}.id"),
            title=r.text(r.get(f, node, path, "title"), f"{path}.title"),
            description=r.text(r.get(f, node, path, "description"), f"{path}.description"),
        )

    aspects = r.each_t(r.get(m, root, "", "aspects"), "aspects", aspect)
    factors = r.each_t(r.get(m, root, "", "success_factors"), "success_factors", factor)
    aspect_ids = tuple(a.id for a in aspects)
    factor_ids = tuple(f.id for f in factors)
    seen: set[str] = set()

    def one_of(node: yaml.Node, path: str, ids: tuple[str, ...]) -> str:
        value = r.ident(node, path)
        if value not in ids:
            raise r.fail(node, path, _("unknown id {value!r}; must be one of: {choices}").format(
                value=value, choices=", ".join(ids)))
        return value

    def criterion(node: yaml.Node, path: str) -> ReadinessCriterion:
        c = r.mapping(node, path)
        r.unknown_keys(c, path, ("id", "aspect", "factor", "weight", "question"))
        weight_node = r.get(c, node, path, "weight")
        weight = r.integer(weight_node, f"{path}.weight")
        if weight not in READINESS_WEIGHTS:
            raise r.fail(weight_node, f"{path}.weight", _(
                "a readiness weight must be 1, 2 or 3, not {value}").format(value=weight))
        return ReadinessCriterion(
            id=r.unique_id(c, node, path, seen),
            aspect=one_of(r.get(c, node, path, "aspect"), f"{path}.aspect", aspect_ids),
            factor=one_of(r.get(c, node, path, "factor"), f"{path}.factor", factor_ids),
            weight=weight,
            question=r.text(r.get(c, node, path, "question"), f"{path}.question"),
        )

    programmes = r.each_t(r.get(m, root, "", "programmes"), "programmes", programme)
    programme_ids = tuple(x.id for p in programmes for x in (p, *p.trainings))
    kind_seen: set[str] = set()

    def class_kind(node: yaml.Node, path: str) -> PuskomClassKind:
        k = r.mapping(node, path)
        r.unknown_keys(k, path, ("id", "programme", "stage", "title"))
        stage_node = k.get("stage")
        return PuskomClassKind(
            id=r.unique_id(k, node, path, kind_seen, slug=True),
            programme=one_of(r.get(k, node, path, "programme"), f"{path}.programme",
                             programme_ids),
            title=r.text(r.get(k, node, path, "title"), f"{path}.title"),
            stage=r.ident(stage_node, f"{path}.stage") if stage_node is not None else None,
            stage_line=(stage_node.start_mark.line + 1 + r.line_offset
                        if stage_node is not None else None),
        )

    return Puskom(
        id=r.ident(r.get(m, root, "", "id"), "id"),
        stage=r.ident(r.get(m, root, "", "stage"), "stage"),
        title=r.text(r.get(m, root, "", "title"), "title"),
        short_title=r.text(r.get(m, root, "", "short_title"), "short_title"),
        purpose=r.text(r.get(m, root, "", "purpose"), "purpose"),
        siting=r.text(r.get(m, root, "", "siting"), "siting"),
        aspects=aspects,
        programmes=programmes,
        success_factors=factors,
        readiness=r.each_t(r.get(m, root, "", "readiness"), "readiness", criterion),
        class_kinds=(r.each_t(m["class_kinds"], "class_kinds", class_kind)
                     if "class_kinds" in m else ()),
    )


def _read_file(
    data_dir: Path, name: str, problems: list[Problem], read: Callable[[_Reader, yaml.Node], T]
) -> T | None:
    node = _compose(data_dir / name, problems)
    if node is None:
        return None
    try:
        return read(_Reader(name, problems), node)
    except Bail:
        return None


def _check_prerequisites(stages: tuple[Stage, ...], rule: StageRule, activity_ids: set[str],
                         problems: list[Problem]) -> None:
    """Each prerequisite names a stage of the framework, an earlier stage, known activities."""
    order = {s.id: s.order for s in stages}
    for stage_id, pre in rule.prerequisites.items():
        path = f"stage_rule.prerequisites.{stage_id}"
        if stage_id not in order:
            problems.append(Problem("stages.yaml", None, path,
                                    _("unknown stage {value!r}").format(value=stage_id)))
            continue
        if pre.stage is not None and pre.stage not in order:
            problems.append(Problem("stages.yaml", None, f"{path}.stage",
                                    _("unknown stage {value!r}").format(value=pre.stage)))
        elif pre.stage is not None and order[pre.stage] >= order[stage_id]:
            problems.append(Problem("stages.yaml", None, f"{path}.stage", _(
                "a stage can only require an earlier stage ({value!r} is not before "
                "{stage!r})").format(value=pre.stage, stage=stage_id)))
        for ref in pre.attended:
            if ref not in activity_ids:
                problems.append(Problem("stages.yaml", None, f"{path}.attended",
                                        _("unknown activity {value!r}").format(value=ref)))


def _check_references(
    stages: tuple[Stage, ...],
    stage_rule: StageRule,
    activities: tuple[Activity, ...],
    puskom: Puskom,
    rubric: Rubric,
    problems: list[Problem],
) -> None:
    stage_ids = {s.id for s in stages}
    activity_ids = {a.id for a in activities} | {puskom.id}

    def dupes(file: str, label: str, ids: Iterable[str]) -> None:
        seen: set[str] = set()
        for value in ids:
            if value in seen:
                problems.append(Problem(file, None, label, _("duplicate id {value!r}").format(
                    value=value)))
            seen.add(value)

    dupes("stages.yaml", "stages", (s.id for s in stages))
    orders = [s.order for s in stages]
    if orders != sorted(orders) or len(set(orders)) != len(orders):
        problems.append(Problem("stages.yaml", None, "stages",
                                _("stage order must be unique and ascending")))
    _check_prerequisites(stages, stage_rule, activity_ids, problems)
    for s in stages:
        for ref in s.activities:
            if ref not in activity_ids:
                problems.append(Problem("stages.yaml", None, f"stages[{s.id}].activities",
                                        _("unknown activity {value!r}").format(value=ref)))
    all_ids: list[str] = []
    for a in activities:
        file = f"{a.id}.yaml"
        all_ids.append(a.id)
        materi_ids = {mt.id for mt in a.materi}
        for mt in a.materi:
            all_ids.append(mt.id)
            if mt.stage not in stage_ids:
                problems.append(Problem(file, None, f"materi[{mt.id}].stage",
                                        _("unknown stage {value!r}").format(value=mt.stage)))
            all_ids.extend(it.id for it in mt.items)
        for p in a.prerequisites:
            if p not in activity_ids:
                problems.append(Problem(file, None, "prerequisites",
                                        _("unknown activity {value!r}").format(value=p)))
        for e in a.rundown:
            for ref in e.materi:
                if ref not in materi_ids:
                    problems.append(Problem(file, None, f"rundown[{e.id}].materi",
                                            _("unknown materi {value!r}").format(value=ref)))
        for o in a.objectives_specific:
            if o.stage is not None and o.stage not in stage_ids:
                problems.append(Problem(file, None, "objectives.specific",
                                        _("unknown stage {value!r}").format(value=o.stage)))
        if a.size_min > a.size_max:
            problems.append(Problem(file, None, "participants.size",
                                    _("min is larger than max")))
    dupes("*.yaml", "ids", all_ids)
    if puskom.stage not in stage_ids:
        problems.append(Problem("puskom.yaml", None, "stage",
                                _("unknown stage {value!r}").format(value=puskom.stage)))
    for n, kind in enumerate(puskom.class_kinds):
        if kind.stage is not None and kind.stage not in stage_ids:
            problems.append(Problem("puskom.yaml", kind.stage_line, f"class_kinds[{n}].stage",
                                    _("unknown stage {value!r}").format(value=kind.stage)))
    levels = rubric.valid_levels
    if len(set(levels)) != len(levels):
        problems.append(Problem("rubric.yaml", None, "levels", _("levels must be unique")))
    if rubric.achieved_min_level not in levels:
        problems.append(Problem("rubric.yaml", None, "achieved_min_level",
                                _("must be one of the levels")))
    if levels and rubric.points_per_item != max(levels):
        problems.append(Problem("rubric.yaml", None, "points_per_item",
                                _("must equal the highest level")))


def load_framework(data_dir: Path | None = None) -> Framework:
    """Load and validate the framework; raise :class:`FrameworkError` listing every problem."""
    data_dir = data_dir or DATA_DIR
    problems: list[Problem] = []
    stages_and_rule = _read_file(data_dir, "stages.yaml", problems, _read_stages)
    rubric = _read_file(data_dir, "rubric.yaml", problems, _read_rubric)
    activities = [_read_file(data_dir, name, problems, _read_activity) for name in ACTIVITY_FILES]
    puskom = _read_file(data_dir, "puskom.yaml", problems, _read_puskom)
    loaded = tuple(a for a in activities if a is not None)
    if problems or stages_and_rule is None or rubric is None or puskom is None or len(loaded) < len(
        activities
    ):
        raise FrameworkError(problems or [Problem("-", None, "-", _("framework incomplete"))])
    stages, stage_rule = stages_and_rule
    _check_references(stages, stage_rule, loaded, puskom, rubric, problems)
    if problems:
        raise FrameworkError(problems)
    return Framework(
        stages=stages,
        activities=tuple(sorted(loaded, key=lambda a: a.order)),
        puskom=puskom,
        rubric=rubric,
        stage_rule=stage_rule,
    )


@cache
def framework() -> Framework:
    """The kit's framework, loaded once per process from the packaged data."""
    return load_framework(DATA_DIR)
