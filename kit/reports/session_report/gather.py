"""Everything the *laporan kegiatan* of a session shows, read in ONE read transaction.

:func:`gather` is the service (it takes a :class:`~kit.workspace.Workspace`): it reads the
session's facts and people, its rundown (``kit_session_segment``), attendance, the latest levels
of the present participants on the activity's items, their stages before and after the session,
the room's questions, the random draws and the reaction survey, and returns one frozen
:class:`SessionReport`. Texts of the framework (activity, materi, items, stages, rundown lines)
are resolved in the report's language; nothing here is formatted for a page.

Definitions the report relies on:

* *present*: checked in to the session (check-in is what makes a person present);
* participant type: ``kit_participant.participant_type``, ``NULL`` meaning an UMKM owner; only
  UMKM owners are staged (stage movement counts them alone);
* *eligible but absent*: participants of the session's district (everyone when the session has no
  district) who meet the activity's prerequisites (:mod:`kit.records.eligibility`), have not yet
  taken part in the activity, and were not checked in;
* *achievement*: the latest level of each present participant on each item of the activity; an
  item is achieved at the rubric's ``achieved_min_level``; *follow-up* lists the present
  participants below it (or never assessed) and for which items;
* *stage before*: the stage rule (:mod:`kit.framework.stage_rule`) on the levels and the taking
  part recorded before the session: at sessions of an earlier date, or (same day, or no
  session) before the session started (its first check-in or first segment started, whichever
  is earlier); *after*: on everything recorded now.

Personal data: names only; phone numbers only with ``include_contacts=True``. Survey answers are
stored under a keyed hash, so the survey summary carries no name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Protocol

import attrs
import sqlalchemy as sa

from kit.content_reader import ContentError
from kit.framework import Activity, Framework, Text, framework
from kit.framework.stage_rule import current_stage
from kit.i18n import gettext_
from kit.problems import InputError
from kit.records.clock import now
from kit.records.eligibility import eligibility
from kit.records.phone import display_form
from kit.records.sessions import participation
from kit.room.tables import random_draw, room_question
from kit.rundown.tables import segment
from kit.storage import schema
from kit.survey.questions import SCALE_MAX, SCALE_MIN, evaluation_survey
from kit.survey.summary import summarise
from kit.survey.tables import survey_answer
from kit.workspace import Workspace, reading

UMKM = "umkm"
PARTICIPANT_TYPES = (UMKM, "ngo", "government", "community_board")
GENDERS = ("P", "L")


class ReportInputError(InputError):
    """A report that cannot be made: ``field`` names the input, ``message`` says why."""


@attrs.frozen
class CommitteeMember:
    """One member of the organising committee (*panitia*): role and name."""

    role: str
    name: str


@attrs.frozen
class Facts:
    """The session's facts and people."""

    session_id: str
    activity_id: str
    activity_title: str
    title: str
    date: str | None
    venue: str | None
    district: str | None
    status: str
    facilitators: tuple[str, ...]
    committee: tuple[CommitteeMember, ...]
    support_team: tuple[str, ...]
    head_of_office: str | None
    notes: str | None
    target_size: int | None
    room_capacity: int | None


@attrs.frozen
class SegmentRun:
    """One rundown line: planned (start, minutes), who spoke, and when it actually ran."""

    position: int
    title: str
    kind: str
    speaker: str | None
    planned_start: str
    planned_minutes: int
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def actual_minutes(self) -> int | None:
        """Minutes it actually ran (``None`` when it was not both started and ended)."""
        if self.started_at is None or self.ended_at is None:
            return None
        return round((_utc(self.ended_at) - _utc(self.started_at)).total_seconds() / 60)


@attrs.frozen
class Attendee:
    """A present participant: what the office needs (phone only with contacts asked for)."""

    name: str
    district: str
    village: str | None
    business: str | None
    participant_type: str
    gender: str | None
    phone: str | None
    admit_reason: str | None


@attrs.frozen
class Absentee:
    """An eligible participant who did not come (phone only with contacts asked for)."""

    name: str
    district: str
    village: str | None
    phone: str | None


@attrs.frozen
class AttendanceFigures:
    """Target against actual, the counts by type, gender and district, and who was absent."""

    target: int | None
    present: tuple[Attendee, ...]
    by_type: tuple[tuple[str, int], ...]
    by_gender: tuple[tuple[str, int], ...]
    by_district: tuple[tuple[str, int], ...]
    eligible_absent: tuple[Absentee, ...]


@attrs.frozen
class ItemResult:
    """How the present participants did on one item: how many at each level, not assessed."""

    item_id: str
    title: str
    by_level: tuple[tuple[int, int], ...]
    not_assessed: int
    achieved: int
    present: int


@attrs.frozen
class MateriResult:
    """One materi of the activity and its items' results."""

    materi_id: str
    no: int
    title: str
    items: tuple[ItemResult, ...]


@attrs.frozen
class StageMovement:
    """Present UMKM owners per stage before and after the session (``None``: not started)."""

    stages: tuple[tuple[str | None, str], ...]
    before: tuple[int, ...]
    after: tuple[int, ...]
    moved: tuple[tuple[str, str, str], ...]

    @property
    def counted(self) -> int:
        """How many participants the movement counts (present UMKM owners)."""
        return sum(self.after)


@attrs.frozen
class FollowUp:
    """A present participant below the target level: the items, and those never assessed."""

    name: str
    phone: str | None
    below: tuple[tuple[str, int], ...]
    not_assessed: tuple[str, ...]


@attrs.frozen
class RoomQuestion:
    """A question typed in the room (no name: what was asked matters, and whether answered)."""

    text: str
    place: str | None
    asked_at: datetime
    answered: bool


class PromptedQuestion(Protocol):
    """What the report needs of a bank's question: its prompt."""

    @property
    def prompt(self) -> Text:
        """The question as asked."""
        ...


class QuestionBankLike(Protocol):
    """What the report needs of an activity's question bank: a question by its id."""

    def get(self, question_id: str) -> PromptedQuestion:
        """The question with this id (``KeyError`` if unknown)."""
        ...


# The question bank of an activity (``kit.modules.quiz.question_bank``, given by the caller:
# the bank lives with the modules, above the reports).
BankReader = Callable[[str], QuestionBankLike]


@attrs.frozen
class Draw:
    """A random question (*pertanyaan acak*): who, on which item, the question, the level given."""

    name: str
    item_title: str
    question_id: str
    question: str
    level: int | None
    drawn_at: datetime


@attrs.frozen
class SurveyQuestion:
    """One survey question's answers: a 1–5 scale (count, mean, distribution) or texts."""

    question_id: str
    label: str
    kind: str
    answers: int
    mean: float | None
    distribution: tuple[tuple[int, int], ...]
    texts: tuple[str, ...]


@attrs.frozen
class SurveySummary:
    """The reaction survey: how many answered of how many present, and each question."""

    respondents: int
    present: int
    questions: tuple[SurveyQuestion, ...]
    labelled: bool


@attrs.frozen
class SessionReport:
    """Everything the *laporan kegiatan* shows, in the language it was gathered in."""

    lang: str
    made_at: datetime
    include_contacts: bool
    facts: Facts
    rundown: tuple[SegmentRun, ...]
    attendance: AttendanceFigures
    achievement: tuple[MateriResult, ...]
    levels: tuple[tuple[int, str], ...]
    stages: StageMovement
    follow_up: tuple[FollowUp, ...]
    questions: tuple[RoomQuestion, ...]
    draws: tuple[Draw, ...]
    survey: SurveySummary

    @property
    def items_total(self) -> int:
        """How many items the activity has."""
        return sum(len(m.items) for m in self.achievement)


def _utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time (SQLite gives the stored UTC time back naive)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _committee(value: object) -> tuple[CommitteeMember, ...]:
    if not isinstance(value, list):
        return ()
    members = []
    for entry in value:
        if isinstance(entry, Mapping) and str(entry.get("name") or "").strip():
            members.append(CommitteeMember(str(entry.get("role") or "").strip(),
                                           str(entry["name"]).strip()))
    return tuple(members)


def _phone(stored: str | None, include: bool) -> str | None:
    return (display_form(stored) or stored) if include and stored else None


def _facts(row: sa.RowMapping, activity: Activity, lang: str) -> Facts:
    facilitators = tuple(n.strip() for n in str(row["facilitator"] or "").split(",")
                         if n.strip())
    day = row["date"]
    return Facts(
        session_id=str(row["id"]), activity_id=activity.id,
        activity_title=activity.title.get(lang), title=str(row["title"]),
        date=day.isoformat() if hasattr(day, "isoformat") else (str(day) if day else None),
        venue=_text(row["venue"]), district=_text(row["district"]), status=str(row["status"]),
        facilitators=facilitators, committee=_committee(row["committee"]),
        support_team=_names(row["support_team"]), head_of_office=_text(row["head_of_office"]),
        notes=_text(row["notes"]), target_size=_int(row["target_size"]),
        room_capacity=_int(row["room_capacity"]))


def _text(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


def _int(value: object) -> int | None:
    return int(str(value)) if value is not None else None


def _rundown(conn: sa.Connection, session_id: str, activity: Activity,
             lang: str) -> tuple[SegmentRun, ...]:
    entries = {e.id: e for e in activity.rundown}
    rows = conn.execute(sa.select(segment).where(segment.c.session_id == session_id)
                        .order_by(segment.c.position)).mappings()
    out = []
    for r in rows:
        entry = entries.get(r["segment_id"])
        out.append(SegmentRun(
            position=int(r["position"]),
            title=entry.title.get(lang) if entry else str(r["segment_id"]),
            kind=entry.kind if entry else "", speaker=_text(r["speaker"]),
            planned_start=str(r["planned_start"]), planned_minutes=int(r["planned_minutes"]),
            started_at=r["started_at"], ended_at=r["ended_at"]))
    return tuple(out)


def _counted(values: Iterable[str], order: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(values)
    known = [(k, counts.pop(k)) for k in order if k in counts]
    return tuple(known + sorted(counts.items()))


@attrs.frozen
class _Before:
    """Whether a recorded row came before this session started.

    A row of another session counts when that session's date is earlier (rows entered later for
    a past session still count there); on the same day, or for a row of no session, its own
    time decides against the session's start.
    """

    session_id: str
    day: date | None
    start: datetime
    days: Mapping[str, date | None]

    def __call__(self, session_id: str | None, at: datetime) -> bool:
        if session_id == self.session_id:
            return False
        other = self.days.get(session_id) if session_id else None
        if other is not None and self.day is not None and other != self.day:
            return other < self.day
        return _utc(at) < self.start


def _levels_before(conn: sa.Connection, people: list[str],
                   before: _Before) -> dict[str, dict[str, int]]:
    """Participant → item → latest level recorded before the session (not at it)."""
    s = schema.score
    rows = conn.execute(sa.select(s.c.participant_id, s.c.item_id, s.c.level, s.c.recorded_at,
                                  s.c.session_id).where(s.c.participant_id.in_(people))
                        .order_by(s.c.id))
    out: dict[str, dict[str, int]] = {}
    for pid, item_id, level, at, sid in rows:
        if before(sid, at):
            out.setdefault(pid, {})[item_id] = int(level)
    return out


def _participation_before(conn: sa.Connection, fw: Framework, people: list[str],
                          before: _Before, levels: Mapping[str, Mapping[str, int]]
                          ) -> dict[str, set[str]]:
    """Participant → activities taken part in before the session (attended, or a level)."""
    a, s = schema.attendance, schema.session
    rows = conn.execute(sa.select(a.c.participant_id, s.c.activity_id, a.c.session_id,
                                  a.c.checked_in_at)
                        .join(s, s.c.id == a.c.session_id)
                        .where(a.c.participant_id.in_(people)))
    out: dict[str, set[str]] = {}
    for pid, activity_id, sid, at in rows:
        if before(sid, at):
            out.setdefault(pid, set()).add(activity_id)
    activity_of = {item.id: act.id for act in fw.activities for item in act.items}
    for pid, mine in levels.items():
        out.setdefault(pid, set()).update(activity_of[i] for i in mine if i in activity_of)
    return out


def _latest_levels(conn: sa.Connection, people: list[str]) -> dict[str, dict[str, int]]:
    s = schema.score
    out: dict[str, dict[str, int]] = {}
    rows = conn.execute(sa.select(s.c.participant_id, s.c.item_id, s.c.level)
                        .where(s.c.participant_id.in_(people)).order_by(s.c.id))
    for pid, item_id, level in rows:
        out.setdefault(pid, {})[item_id] = int(level)
    return out


def _stage_movement(fw: Framework, lang: str, umkm: list[tuple[str, str]],
                    before: tuple[Mapping[str, Mapping[str, int]], Mapping[str, set[str]]],
                    after: tuple[Mapping[str, Mapping[str, int]], Mapping[str, set[str]]]
                    ) -> StageMovement:
    stages: list[tuple[str | None, str]] = [(None, gettext_("Not started", lang))]
    stages += [(s.id, s.title.get(lang)) for s in fw.stages]
    index = {sid: n for n, (sid, _t) in enumerate(stages)}
    counts_before, counts_after = [0] * len(stages), [0] * len(stages)
    moved = []
    for pid, name in umkm:
        was = current_stage(fw, before[0].get(pid, {}), before[1].get(pid, set()))
        now_ = current_stage(fw, after[0].get(pid, {}), after[1].get(pid, set()))
        b, n = index[was.id if was else None], index[now_.id if now_ else None]
        counts_before[b] += 1
        counts_after[n] += 1
        if b != n:
            moved.append((name, stages[b][1], stages[n][1]))
    return StageMovement(tuple(stages), tuple(counts_before), tuple(counts_after), tuple(moved))


def _survey(conn: sa.Connection, session_id: str, present: int, lang: str) -> SurveySummary:
    """The reaction survey's summary (:func:`kit.survey.summary.summarise`, no name in it)."""
    rows = conn.execute(sa.select(survey_answer.c.respondent, survey_answer.c.question_id,
                                  survey_answer.c.answer)
                        .where(survey_answer.c.session_id == session_id)).all()
    survey = evaluation_survey()
    summary = summarise(survey, session_id, [(str(q), str(a)) for _r, q, a in rows],
                        len({r for r, _q, _a in rows}), present)
    questions = tuple(
        SurveyQuestion(
            q.question.id, q.question.text.get(lang), "scale" if q.question.is_scale else "text",
            q.n, None if q.mean is None else round(q.mean, 2),
            tuple(zip(range(SCALE_MIN, SCALE_MAX + 1), q.distribution, strict=True))
            if q.question.is_scale else (), q.texts)
        for q in summary.questions)
    return SurveySummary(summary.responded, present, questions if rows else (), labelled=True)


def _session_start(conn: sa.Connection, session_id: str) -> datetime:
    """When the session started: its first check-in or first segment started, the earlier."""
    a = schema.attendance
    moments = [conn.execute(sa.select(sa.func.min(a.c.checked_in_at))
                            .where(a.c.session_id == session_id)).scalar(),
               conn.execute(sa.select(sa.func.min(segment.c.started_at))
                            .where(segment.c.session_id == session_id)).scalar()]
    known = [_utc(m) for m in moments if isinstance(m, datetime)]
    return min(known) if known else now()


def session_facts(conn: sa.Connection, session_id: str, fw: Framework, lang: str) -> Facts:
    """The facts of ``session_id`` (:class:`ReportInputError` if unknown or of no activity)."""
    s = schema.session
    row = conn.execute(sa.select(s).where(s.c.id == session_id)).mappings().first()
    if row is None:
        raise ReportInputError("session_id", gettext_("there is no session {id!r} (see "
                                                      "'session list')", lang).format(
            id=session_id))
    try:
        activity = fw.activity(str(row["activity_id"]))
    except KeyError:
        raise ReportInputError("session_id", gettext_("session {id!r} is of an activity the "
                                                      "framework does not know ({activity})",
                                                      lang)
                               .format(id=session_id, activity=row["activity_id"])) from None
    return _facts(row, activity, lang)


def eligible_absent(conn: sa.Connection, activity: Activity, district: str | None,
                    present: set[str]) -> list[tuple[str, str, str, str | None, str | None]]:
    """(id, name, district, village, phone) of the participants eligible for ``activity``.

    Eligible: of ``district`` (everyone without one), meeting the activity's prerequisites, not
    yet taken part in the activity, and not among ``present``; ordered by name.
    """
    p = schema.participant
    took_part = participation(conn)
    out = []
    for pid, name, where, village, phone in conn.execute(
            sa.select(p.c.id, p.c.name, p.c.district, p.c.village, p.c.phone)
            .order_by(p.c.name, p.c.id)):
        if pid in present or (district and where != district):
            continue
        part = took_part.get(pid, set())
        if activity.id not in part and eligibility(activity, part).eligible:
            out.append((str(pid), str(name), str(where), _text(village), _text(phone)))
    return out


def _prompts(banks: BankReader | None, activity_id: str, lang: str) -> Callable[[str], str]:
    """Question id → its prompt in ``lang`` (the id itself when the bank does not have it)."""
    bank: QuestionBankLike | None = None
    if banks is not None:
        try:
            bank = banks(activity_id)
        except (ContentError, OSError, KeyError):
            bank = None

    def prompt(question_id: str) -> str:
        if bank is None:
            return question_id
        try:
            return bank.get(question_id).prompt.get(lang)
        except KeyError:
            return question_id

    return prompt


def gather(ws: Workspace, session_id: str, *, lang: str = "id",
           include_contacts: bool = False, fw: Framework | None = None,
           banks: BankReader | None = None) -> SessionReport:
    """Everything the report of ``session_id`` shows, read in one read transaction.

    ``banks`` gives an activity's question bank, to show the random questions' prompts (without
    it, their ids).

    Raises :class:`ReportInputError` for an unknown session or one nobody was checked in to.
    """
    fw = fw or framework()
    p, a = schema.participant, schema.attendance
    with reading(ws) as conn:
        facts = session_facts(conn, session_id, fw, lang)
        activity = fw.activity(facts.activity_id)
        present_rows = conn.execute(
            sa.select(p.c.id, p.c.name, p.c.district, p.c.village, p.c.business_name,
                      p.c.participant_type, p.c.gender, p.c.phone, a.c.admit_reason)
            .join(a, a.c.participant_id == p.c.id).where(a.c.session_id == session_id)
            .order_by(p.c.name, p.c.id)).mappings().all()
        if not present_rows:
            raise ReportInputError("session_id", gettext_(
                "session {id!r} has no participant checked in yet; check participants in "
                "first", lang)
                                   .format(id=session_id))
        rundown = _rundown(conn, session_id, activity, lang)
        people = [str(r["id"]) for r in present_rows]
        days = {str(k): v for k, v in conn.execute(
            sa.select(schema.session.c.id, schema.session.c.date))}
        before = _Before(session_id, days.get(session_id), _session_start(conn, session_id),
                         days)
        levels_now = _latest_levels(conn, people)
        took_part_now = participation(conn)
        levels_then = _levels_before(conn, people, before)
        took_part_then = _participation_before(conn, fw, people, before, levels_then)
        absent_rows = eligible_absent(conn, activity, facts.district, set(people))
        everyone = conn.execute(sa.select(p.c.id, p.c.name)).all()
        q, d = room_question, random_draw
        questions = tuple(
            RoomQuestion(str(r.text), _text(r.place), r.asked_at, r.answered_at is not None)
            for r in conn.execute(sa.select(q.c.text, q.c.place, q.c.asked_at, q.c.answered_at)
                                  .where(q.c.session_id == session_id)
                                  .order_by(q.c.asked_at, q.c.id)))
        draw_rows = conn.execute(sa.select(d.c.participant_id, d.c.item_id, d.c.question_id,
                                           d.c.level, d.c.drawn_at)
                                 .where(d.c.session_id == session_id)
                                 .order_by(d.c.drawn_at, d.c.id)).all()
        survey = _survey(conn, session_id, len(present_rows), lang)

    attendees = tuple(Attendee(
        name=str(r["name"]), district=str(r["district"]), village=_text(r["village"]),
        business=_text(r["business_name"]), participant_type=r["participant_type"] or UMKM,
        gender=_text(r["gender"]), phone=_phone(r["phone"], include_contacts),
        admit_reason=_text(r["admit_reason"])) for r in present_rows)
    absent = [Absentee(name, district, village, _phone(phone, include_contacts))
              for _pid, name, district, village, phone in absent_rows]
    figures = AttendanceFigures(
        target=facts.target_size, present=attendees,
        by_type=_counted((x.participant_type for x in attendees), PARTICIPANT_TYPES),
        by_gender=_counted((x.gender or "" for x in attendees), GENDERS),
        by_district=_counted((x.district for x in attendees), ()),
        eligible_absent=tuple(absent))

    valid = fw.rubric.valid_levels
    materi = []
    for m in activity.materi:
        results = []
        for item in m.items:
            got = [levels_now.get(pid, {}).get(item.id) for pid in people]
            counts = Counter(lv for lv in got if lv is not None)
            results.append(ItemResult(
                item.id, item.title.get(lang),
                tuple((lv, counts.get(lv, 0)) for lv in sorted(valid, reverse=True)),
                sum(1 for lv in got if lv is None),
                sum(n for lv, n in counts.items() if fw.rubric.is_achieved(lv)), len(people)))
        materi.append(MateriResult(m.id, m.no, m.title.get(lang), tuple(results)))

    follow_up = []
    for r, person in zip(present_rows, attendees, strict=True):
        mine = levels_now.get(str(r["id"]), {})
        below = tuple((item.title.get(lang), mine[item.id]) for item in activity.items
                      if item.id in mine and not fw.rubric.is_achieved(mine[item.id]))
        missing = tuple(item.title.get(lang) for item in activity.items if item.id not in mine)
        if below or missing:
            follow_up.append(FollowUp(person.name, person.phone, below, missing))

    umkm = [(str(r["id"]), str(r["name"])) for r in present_rows
            if (r["participant_type"] or UMKM) == UMKM]
    stages = _stage_movement(fw, lang, umkm, (levels_then, took_part_then),
                             (levels_now, took_part_now))
    names = {str(r["id"]): str(r["name"]) for r in present_rows}
    names.update({str(e[0]): str(e[1]) for e in everyone if str(e[0]) not in names})
    items = {item.id: item.title.get(lang) for item in fw.iter_items()}
    prompt = _prompts(banks, activity.id, lang)
    draws = tuple(Draw(names.get(str(r.participant_id), str(r.participant_id)),
                       items.get(str(r.item_id), str(r.item_id)), str(r.question_id),
                       prompt(str(r.question_id)), r.level, r.drawn_at) for r in draw_rows)
    levels = tuple((lv.level, lv.title.get(lang))
                   for lv in sorted(fw.rubric.levels, key=lambda lv: -lv.level))
    return SessionReport(
        lang=lang, made_at=now(), include_contacts=include_contacts, facts=facts,
        rundown=rundown, attendance=figures, achievement=tuple(materi), levels=levels,
        stages=stages, follow_up=tuple(follow_up), questions=questions, draws=draws,
        survey=survey)
