"""Typed, immutable objects of the competency framework (stages, activities, materi, items)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

LANGS = ("id", "en")


@attrs.frozen
class Text:
    """A text in Bahasa Indonesia (``indonesian``, the default) and English (``english``).

    The data files and :meth:`as_dict` keep the language codes ``id``/``en`` as keys.
    """

    indonesian: str
    english: str

    def get(self, lang: str = "id") -> str:
        """Return the text in ``lang``, falling back to Bahasa Indonesia."""
        return self.english if lang == "en" else self.indonesian

    def as_dict(self) -> dict[str, str]:
        """Return ``{"id": ..., "en": ...}``."""
        return {"id": self.indonesian, "en": self.english}


@attrs.frozen
class Stage:
    """One of the five stages of section 2.2 (Preparatory → … → Autonomy)."""

    id: str
    order: int
    title: Text
    section: str
    purpose: Text
    supports: tuple[Text, ...]
    obstacles: tuple[Text, ...]
    activities: tuple[str, ...]


@attrs.frozen
class Item:
    """An assessable sub-materi: one row of Tables 3.3 / 4.3 / 5.3."""

    id: str
    title: Text
    competency: Text
    indicator: Text
    form: Text
    stage: str
    materi_id: str
    activity_id: str


@attrs.frozen
class Materi:
    """A materi (topic) of an activity, grouping its items."""

    id: str
    no: int
    title: Text
    competency: Text
    form: Text
    stage: str
    items: tuple[Item, ...]


@attrs.frozen
class RundownEntry:
    """One line of an activity's rundown (3.1.2 / 4.1.2 / 5.1.2)."""

    id: str
    kind: str
    minutes: int
    title: Text
    materi: tuple[str, ...]


@attrs.frozen
class StrategyRow:
    """A row of Tables 3.1 / 4.1 / 5.1: the issue and who speaks on it."""

    no: int
    issue: Text
    speaker: Text


@attrs.frozen
class DesignRow:
    """A row of Tables 3.2 / 4.2 / 5.2: a session and what participants do in it."""

    no: int
    session: Text
    description: Text


@attrs.frozen
class Objective:
    """An objective of an activity, optionally tied to the stage it aims at."""

    text: Text
    stage: str | None = None


@attrs.frozen
class Activity:
    """An assessed activity of the programme: advokasi, bimtek or komunitas."""

    id: str
    order: int
    chapter: str
    title: Text
    short_title: Text
    format: Text
    objectives_general: tuple[Objective, ...]
    objectives_specific: tuple[Objective, ...]
    participants: tuple[Text, ...]
    size_min: int
    size_max: int
    room_min: int
    room_max: int
    prerequisites: tuple[str, ...]
    duration_label: Text
    duration_minutes: int
    rundown: tuple[RundownEntry, ...]
    strategy: tuple[StrategyRow, ...]
    session_design: tuple[DesignRow, ...]
    table: str
    materi: tuple[Materi, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """All items of the activity, in table order."""
        return tuple(item for m in self.materi for item in m.items)


@attrs.frozen
class PuskomAspect:
    """One of the three management aspects of the creative community centre (6.3)."""

    id: str
    title: Text
    description: Text


@attrs.frozen
class PuskomProgramme:
    """A programme of the creative community centre (6.4), possibly with sub-trainings."""

    id: str
    no: str
    kind: str
    title: Text
    description: Text | None
    trainings: tuple[PuskomProgramme, ...]


@attrs.frozen
class PuskomClassKind:
    """A kind of class a centre can schedule (6.4): its programme and the stage needed to enrol.

    ``programme`` is the id of a :class:`PuskomProgramme` or one of its trainings; ``stage`` the
    id of the stage a participant must have reached to enrol (``None``: open to everyone).
    ``stage_line`` is where ``stage`` is written in the YAML (for the loader's messages only).
    """

    id: str
    programme: str
    title: Text
    stage: str | None = None
    stage_line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class PuskomFactor:
    """One of the seven success factors of e-government (seed 002) used by the readiness check."""

    id: str
    title: Text
    description: Text


@attrs.frozen
class ReadinessCriterion:
    """One yes/no question of the Puskom Kreatif readiness check, with its aspect, factor, weight.

    ``aspect`` is a :class:`PuskomAspect` id, ``factor`` a :class:`PuskomFactor` id and
    ``weight`` an integer from 1 to 3 (the kit's choice: 3 for a main condition of 6.3).
    """

    id: str
    aspect: str
    factor: str
    weight: int
    question: Text


@attrs.frozen
class Puskom:
    """Pusat Komunitas Kreatif (chapter VI): aspects, programmes and the readiness criteria."""

    id: str
    stage: str
    title: Text
    short_title: Text
    purpose: Text
    siting: Text
    aspects: tuple[PuskomAspect, ...]
    programmes: tuple[PuskomProgramme, ...]
    success_factors: tuple[PuskomFactor, ...] = ()
    readiness: tuple[ReadinessCriterion, ...] = ()
    class_kinds: tuple[PuskomClassKind, ...] = ()

    def class_kind(self, kind_id: str) -> PuskomClassKind:
        """Return the class kind with this id (``KeyError`` if unknown)."""
        for kind in self.class_kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)

    def criterion(self, criterion_id: str) -> ReadinessCriterion:
        """Return the readiness criterion with this id (``KeyError`` if unknown)."""
        for criterion in self.readiness:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


@attrs.frozen
class RubricLevel:
    """A level of the rubric: 2 mandiri, 1 dengan bantuan minimal, 0 belum."""

    level: int
    id: str
    title: Text
    description: Text


@attrs.frozen
class Rubric:
    """The three-level rubric shared by every item."""

    levels: tuple[RubricLevel, ...]
    achieved_min_level: int
    points_per_item: int

    def is_achieved(self, level: int) -> bool:
        """Whether ``level`` counts as achieved (≥ the minimum level)."""
        return level >= self.achieved_min_level

    @property
    def valid_levels(self) -> tuple[int, ...]:
        """The levels a score may take, ascending."""
        return tuple(sorted(lv.level for lv in self.levels))


@attrs.frozen
class StagePrerequisite:
    """What a stage needs besides its own items: an earlier stage reached, activities attended.

    ``section`` is the guide's section that sets the condition (e.g. ``2.2.2``).
    """

    stage: str | None = None
    attended: tuple[str, ...] = ()
    section: str = ""


@attrs.frozen
class StageRule:
    """How items and prerequisites decide which stage a participant has reached."""

    all_items: bool
    prerequisites: Mapping[str, StagePrerequisite] = attrs.field(factory=dict)

    def prerequisite(self, stage_id: str) -> StagePrerequisite:
        """The prerequisite of ``stage_id`` (an empty one when the stage has none)."""
        return self.prerequisites.get(stage_id, StagePrerequisite())


@attrs.frozen
class Framework:
    """The whole competency framework, loaded from ``kit/framework/data``."""

    stages: tuple[Stage, ...]
    activities: tuple[Activity, ...]
    puskom: Puskom
    rubric: Rubric
    stage_rule: StageRule

    def activity(self, activity_id: str) -> Activity:
        """Return the activity with this id (``KeyError`` if unknown)."""
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        raise KeyError(activity_id)

    def stage(self, stage_id: str) -> Stage:
        """Return the stage with this id (``KeyError`` if unknown)."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def iter_items(self) -> Iterator[Item]:
        """Yield every item of every activity, in programme order."""
        for activity in self.activities:
            yield from activity.items

    def item(self, item_id: str) -> Item:
        """Return the item with this id (``KeyError`` if unknown)."""
        for item in self.iter_items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def items_for_stage(self, stage_id: str) -> tuple[Item, ...]:
        """Items whose evidence counts towards ``stage_id``."""
        return tuple(item for item in self.iter_items() if item.stage == stage_id)
