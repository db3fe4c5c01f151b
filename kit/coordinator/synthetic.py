"""A synthetic national cohort, as the coordinator packages district offices would send.

Obviously synthetic: every workspace id starts with ``SINTETIS-``, and there are no names or
phones to leave out — people exist only as random 32-hex pseudonyms. The cohort is drawn for a
target number of score rows (10⁴ in tests, 10⁷ and 10⁸ in the bench) over real districts of
:mod:`kit.places` (spread over several provinces) and a run of months. Stage codes, activities,
items, sizes and the stage rule come from the loaded :mod:`kit.framework`, never copied.

The model, per district (each district draws from its own random stream, seeded by the cohort's
seed and the district's code, so any subset of districts gives the same rows as the whole):

* people (``participant_type`` mostly ``umkm``, gender, reporting age band, sector, consent for
  most) start with advokasi in some month; UMKM owners go on to bimtek a month or two later and
  some to komunitas after that (an activity's prerequisites come from the framework);
* each month's attendees of an activity meet in sessions of about the activity's size (target
  size and room capacity drawn within the framework's ranges); the facilitator is a pseudonym;
* every attendee is observed on every item of the activity one to three times, improving with
  each observation (an ability per person, a difficulty per item, an effect per district); some
  levels are automatic (``autograde``, outside the session) and a few are overrides;
* the stage reached at the end of each month follows :mod:`kit.framework.stage_rule` (every item
  of the stage achieved, the prerequisite met), computed on whole arrays.

One package per district-month (:func:`workspaces` yields their tables, :func:`write_cohort`
writes them with :func:`kit.coordinator.package.write_package`), and optionally the raw table:
every score row joined with its person's attributes, one Parquet file, for baselines. Everything
is computed with numpy and pyarrow on whole arrays, one district at a time: never a Python object
per row.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from kit.assess.demo import BUSINESSES
from kit.coordinator.package import SCHEMAS, SUFFIX, write_package
from kit.framework import Framework, framework
from kit.framework.version import structure_version
from kit.places import District, all_districts
from kit.records.participant_types import TYPES, UMKM
from kit.roster.normalise import AGE_GROUPS

PREFIX = "SINTETIS"
NATIONAL = "00"                                 # the key's "province" when one key is shared
GENDERS = ("L", "P")
SECTORS = tuple(sorted({sector for _product, sector in BUSINESSES}))
SOURCES = ("observation", "autograde", "override")
# The raw table: every score row with its person's attributes (for baselines on raw data).
RAW_SCHEMA = pa.schema([
    *SCHEMAS["participants"],
    *(f for f in SCHEMAS["scores"] if f.name not in ("person_id", "note")),
])

# The model's shares and sizes (synthetic, chosen to look like a programme in its first year).
CONSENT_SHARE = 0.92
TYPE_SHARES = (0.88, 0.05, 0.04, 0.03)          # umkm, ngo, government, community_board
GENDER_MISSING = 0.02
AGE_MISSING = 0.05
NEXT_ACTIVITY_SHARE = (0.65, 0.5)               # advokasi → bimtek, bimtek → komunitas
EXTRA_OBSERVATIONS = (2, 0.3)                   # 1 + binomial(n, p) observations per item
AUTOGRADE_SHARE = 0.12
OVERRIDE_SHARE = 0.01
ADMITTED_SHARE = 0.02
FACILITATORS_PER_DISTRICT = 3
LOCAL_OFFSET_HOURS = 7                          # WIB: a session starts at 09:00 local time
ROWS_PER_DISTRICT = 20_000
RAW_ROW_GROUP = 1_000_000
_US_PER_DAY = 86_400_000_000
_EPOCH = date(1970, 1, 1)


@attrs.frozen
class CohortPlan:
    """What to draw: seed, districts, months and people per district (from a target row count)."""

    seed: int
    target_score_rows: int
    districts: tuple[District, ...]
    first_month: date
    months: int
    people_per_district: int
    one_key: bool = False


@attrs.frozen
class SyntheticWorkspace:
    """One district-month workspace's package: its manifest fields and its five tables."""

    workspace_id: str
    district: District
    month: date
    manifest_fields: dict[str, object]
    tables: dict[str, pa.Table]
    raw: pa.Table
    new_people: int


@attrs.frozen
class CohortFiles:
    """What :func:`write_cohort` wrote: the packages (and their score rows), the raw table."""

    packages: tuple[Path, ...]
    package_rows: tuple[int, ...]
    raw: Path | None
    score_rows: int
    people: int
    seconds: dict[str, float] = attrs.Factory(dict)  # drawing, writing packages, the raw table


def _add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after ``first``'s month."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _spread_districts(seed: int, count: int) -> tuple[District, ...]:
    """``count`` real districts drawn over as many provinces as possible (round robin)."""
    rng = np.random.default_rng([seed, 0x5E1EC7])
    by_province: dict[str, list[District]] = {}
    for district in all_districts():
        by_province.setdefault(district.province_code, []).append(district)
    provinces = sorted(by_province)
    queues = []
    for p in (provinces[i] for i in rng.permutation(len(provinces))):
        members = by_province[p]
        queues.append([members[i] for i in rng.permutation(len(members))])
    chosen: list[District] = []
    while len(chosen) < count and any(queues):
        for queue in queues:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return tuple(sorted(chosen, key=lambda d: d.code))


def _expected_rows_per_person(fw: Framework, months: int) -> float:
    """Score rows one person gives on average (consented share included, months cut short)."""
    n, p = EXTRA_OBSERVATIONS
    per_item = 1 + n * p
    items = [len(a.items) for a in fw.activities]
    umkm = TYPE_SHARES[0]
    chain = 1.0
    expected = 0.0
    for depth, count in enumerate(items):
        if depth:
            chain *= umkm if depth == 1 else 1.0
            chain *= NEXT_ACTIVITY_SHARE[min(depth - 1, len(NEXT_ACTIVITY_SHARE) - 1)]
            # Activity ``depth`` comes 1.5 months after the previous one on average: the share
            # of people whose start month leaves room for it.
            chain_months = max(months - 1.5 * depth, 0.0) / months
        else:
            chain_months = 1.0
        expected += chain * chain_months * count * per_item
    return expected * CONSENT_SHARE


def plan_cohort(target_score_rows: int, *, seed: int = 14, districts: int | None = None,
                months: int = 12, first_month: date = date(2026, 1, 1),
                one_key: bool = False) -> CohortPlan:
    """A cohort of about ``target_score_rows`` score rows (in the packages, consented only).

    By default one district per :data:`ROWS_PER_DISTRICT` rows, at least 4 and at most every
    official district; spread over as many provinces as there are districts. Each province has
    its own key unless ``one_key`` (one key for the whole cohort, as a store that accepts one
    key needs).
    """
    if target_score_rows < 1 or months < 1:
        raise ValueError("a cohort needs at least one score row and one month")
    count = districts or min(max(target_score_rows // ROWS_PER_DISTRICT, 4),
                             len(all_districts()))
    chosen = _spread_districts(seed, count)
    per_person = _expected_rows_per_person(framework(), months)
    people = max(1, math.ceil(target_score_rows / (len(chosen) * per_person)))
    return CohortPlan(seed=seed, target_score_rows=target_score_rows, districts=chosen,
                      first_month=_add_months(first_month, 0), months=months,
                      people_per_district=people, one_key=one_key)


def province_key(seed: int, province_code: str) -> bytes:
    """The synthetic province key (derived from the seed; never a real office's key)."""
    return hashlib.sha256(f"{PREFIX}-{seed}-{province_code}".encode()).digest()


def key_id(key: bytes) -> str:
    """The first 16 hex digits of sha256(key): names the key without revealing it."""
    return hashlib.sha256(key).hexdigest()[:16]


def _pseudonym(key: bytes, name: str) -> str:
    """A facilitator's pseudonym: ``F-`` + 8 hex of HMAC(key, casefolded name)."""
    return "F-" + hmac.new(key, name.casefold().encode(), hashlib.sha256).hexdigest()[:8]


def _session_key(workspace_id: str, session_id: str) -> str:
    """The session's key in packages: 16 hex of sha256(workspace id + ":" + session id)."""
    return hashlib.sha256(f"{workspace_id}:{session_id}".encode()).hexdigest()[:16]


def workspace_id(district: District, month: date) -> str:
    """The synthetic workspace id of a district-month (``SINTETIS-33.14-2026-03``)."""
    return f"{PREFIX}-{district.code}-{month:%Y-%m}"


def _labels(values: Sequence[str | None]) -> pa.Array:
    """The labels as an Arrow string array (taken from by index)."""
    return pa.array(list(values), type=pa.string())


def _take(labels: pa.Array, index: npt.NDArray[np.integer]) -> pa.Array:
    """``labels[index]`` for a whole array of indices; index -1 gives null."""
    idx = pa.array(index.astype(np.int32), mask=index < 0)
    return labels.take(idx)


def _days(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH).days


@attrs.frozen
class _Items:
    """The framework's items as arrays: activity, stage and id, in programme order."""

    ids: tuple[str, ...]
    activity: npt.NDArray[np.int64]
    stage: npt.NDArray[np.int64]
    difficulty: npt.NDArray[np.float64]


def _items(fw: Framework, seed: int) -> _Items:
    """Every item of every activity, with a difficulty drawn once for the cohort."""
    acts = [a.id for a in fw.activities]
    stages = [s.id for s in fw.stages]
    items = list(fw.iter_items())
    rng = np.random.default_rng([seed, 0x17E35])
    return _Items(ids=tuple(i.id for i in items),
                  activity=np.array([acts.index(i.activity_id) for i in items], dtype=np.int64),
                  stage=np.array([stages.index(i.stage) for i in items], dtype=np.int64),
                  difficulty=rng.normal(-0.3, 0.6, len(items)))


def _district_seed(seed: int, district: District) -> list[int]:
    """The seed of a district's own random stream."""
    return [seed, int(district.code.replace(".", ""))]


def _stages_reached(fw: Framework, items: _Items, achieved: npt.NDArray[np.bool_],
                    took_part: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Index of each person's current stage (-1 for none), by the framework's stage rule.

    ``achieved`` is people × items, ``took_part`` people × activities.
    """
    acts = [a.id for a in fw.activities]
    stage_ids = [s.id for s in fw.stages]
    people = achieved.shape[0]
    reached = np.zeros((people, len(stage_ids)), dtype=bool)
    current = np.full(people, -1, dtype=np.int64)
    for s, stage in enumerate(fw.stages):
        own = items.stage == s
        if not own.any():
            continue
        ok = achieved[:, own].all(axis=1)
        pre = fw.stage_rule.prerequisite(stage.id)
        if pre.stage:
            ok &= reached[:, stage_ids.index(pre.stage)]
        for activity in pre.attended:
            ok &= took_part[:, acts.index(activity)]
        reached[:, s] = ok
        current[ok] = s
    return current


def _district(plan: CohortPlan, fw: Framework, items: _Items, district: District
              ) -> Iterator[SyntheticWorkspace]:
    """The workspaces of one district, month by month, from the district's own stream."""
    rng = np.random.default_rng(_district_seed(plan.seed, district))
    key = province_key(plan.seed, NATIONAL if plan.one_key else district.province_code)
    acts = fw.activities
    n_people, n_months, n_items = plan.people_per_district, plan.months, len(items.ids)
    never = n_months + 99

    # People.
    person_hex = np.frombuffer(rng.bytes(16 * n_people).hex().encode("ascii"), dtype="S32")
    person_id = pa.array(person_hex).cast(pa.string())
    ptype = rng.choice(len(TYPES), n_people, p=TYPE_SHARES)
    gender = np.where(rng.random(n_people) < GENDER_MISSING, -1,
                      rng.choice(len(GENDERS), n_people, p=(0.42, 0.58)))
    age = np.where(rng.random(n_people) < AGE_MISSING, -1,
                   rng.choice(len(AGE_GROUPS), n_people, p=(0.18, 0.27, 0.27, 0.18, 0.10)))
    sector = rng.integers(0, len(SECTORS), n_people)
    consent = rng.random(n_people) < CONSENT_SHARE
    ability = rng.normal(0.0, 1.0, n_people) + rng.normal(0.0, 0.35)

    # Journey: the month of each activity (``never`` when not taken within the cohort).
    act_month = np.full((n_people, len(acts)), never, dtype=np.int64)
    act_month[:, 0] = rng.integers(0, n_months, n_people)
    umkm = ptype == TYPES.index(UMKM)
    act_ids = [activity.id for activity in acts]
    for a in range(1, len(acts)):
        share = NEXT_ACTIVITY_SHARE[min(a - 1, len(NEXT_ACTIVITY_SHARE) - 1)]
        # After every prerequisite of the activity (the framework's), a month or two later.
        before = [act_ids.index(pre) for pre in acts[a].prerequisites] or [0]
        after = act_month[:, before].max(axis=1)
        goes = (after < never) & umkm & (rng.random(n_people) < share)
        later = after + rng.integers(1, 3, n_people)
        act_month[:, a] = np.where(goes & (later < n_months), later, never)

    # Sessions: each month's attendees of an activity, in groups of about the activity's size.
    att_person, att_session, att_activity, att_month = [], [], [], []
    ses_activity, ses_month, ses_day, ses_target, ses_room, ses_present, ses_fac = (
        [], [], [], [], [], [], [])
    facilitators = [_pseudonym(key, f"Fasilitator Sintetis {district.code} {k}")
                    for k in range(FACILITATORS_PER_DISTRICT)]
    n_sessions = 0
    for a, activity in enumerate(acts):
        for m in range(n_months):
            who = np.flatnonzero(act_month[:, a] == m)
            if not len(who):
                continue
            who = who[rng.permutation(len(who))]
            size = (activity.size_min + activity.size_max) / 2
            count = max(1, round(len(who) / size))
            group = np.arange(len(who)) % count
            att_person.append(who)
            att_session.append(n_sessions + group)
            att_activity.append(np.full(len(who), a))
            att_month.append(np.full(len(who), m))
            ses_activity.append(np.full(count, a))
            ses_month.append(np.full(count, m))
            days_in_month = (_add_months(plan.first_month, m + 1)
                             - _add_months(plan.first_month, m)).days
            ses_day.append(_days(_add_months(plan.first_month, m))
                           + rng.integers(0, days_in_month - 3, count))
            ses_target.append(rng.integers(activity.size_min, activity.size_max + 1, count))
            ses_room.append(rng.integers(activity.room_min, activity.room_max + 1, count))
            ses_present.append(np.bincount(group, minlength=count))
            ses_fac.append(rng.integers(0, len(facilitators), count))
            n_sessions += count
    if not att_person:
        return
    a_person = np.concatenate(att_person)
    a_session = np.concatenate(att_session)
    a_activity = np.concatenate(att_activity)
    a_month = np.concatenate(att_month)
    s_activity = np.concatenate(ses_activity)
    s_month = np.concatenate(ses_month)
    s_day = np.concatenate(ses_day)
    s_target = np.concatenate(ses_target)
    s_room = np.concatenate(ses_room)
    s_present = np.concatenate(ses_present)
    s_fac = np.concatenate(ses_fac)
    a_admitted = (a_activity > 0) & (rng.random(len(a_person)) < ADMITTED_SHARE)

    # Scores: every attendee × every item of the activity × 1-3 observations.
    per_activity = [np.flatnonzero(items.activity == a) for a in range(len(acts))]
    n_act_items = np.array([len(x) for x in per_activity])
    pair_att = np.repeat(np.arange(len(a_person)), n_act_items[a_activity])
    first_item = np.array([x[0] for x in per_activity])
    within = np.arange(len(pair_att)) - np.repeat(
        np.cumsum(n_act_items[a_activity]) - n_act_items[a_activity], n_act_items[a_activity])
    pair_item = first_item[a_activity[pair_att]] + within
    n, p = EXTRA_OBSERVATIONS
    n_obs = 1 + rng.binomial(n, p, len(pair_att))
    row_pair = np.repeat(np.arange(len(pair_att)), n_obs)
    row_obs = np.arange(len(row_pair)) - np.repeat(np.cumsum(n_obs) - n_obs, n_obs)
    row_att = pair_att[row_pair]
    row_person = a_person[row_att]
    row_item = pair_item[row_pair]
    district_effect = rng.normal(0.0, 0.3)
    z = (ability[row_person] + district_effect - items.difficulty[row_item] + 0.7 * row_obs
         + rng.normal(0.0, 0.8, len(row_pair)))
    level = np.where(z < -0.6, 0, np.where(z < 0.6, 1, 2)).astype(np.int8)
    u = rng.random(len(row_pair))
    source = np.where(u < AUTOGRADE_SHARE, 1, np.where(u < AUTOGRADE_SHARE + OVERRIDE_SHARE, 2, 0))
    row_session = a_session[row_att]
    day_us = s_day[row_session].astype(np.int64) * _US_PER_DAY
    start_us = day_us + (9 - LOCAL_OFFSET_HOURS) * 3_600_000_000
    item_rank = row_item - first_item[a_activity[row_att]]
    in_session = (start_us + item_rank * 600_000_000 + row_obs * 3_600_000_000
                  + rng.integers(0, 600_000_000, len(row_pair)))
    # Automatic levels come from the module, after the session (1-2 days later, same month).
    after = day_us + rng.integers(1, 3, len(row_pair)) * _US_PER_DAY + row_obs * 3_600_000_000
    recorded = np.where(source == 1, after, in_session)

    # Latest level per person × item, and the stage reached at the end of each month.
    pair_key = row_person * n_items + row_item
    order = np.lexsort((recorded, pair_key))
    last = np.ones(len(order), dtype=bool)
    last[:-1] = pair_key[order][1:] != pair_key[order][:-1]
    latest_rows = order[last]
    achieved_flat = np.zeros(n_people * n_items, dtype=bool)
    achieved_flat[pair_key[latest_rows]] = level[latest_rows] >= fw.rubric.achieved_min_level
    achieved_all = achieved_flat.reshape(n_people, n_items)
    item_month = act_month[:, items.activity]

    stage_labels = _labels([s.id for s in fw.stages])
    type_labels = _labels(list(TYPES))
    gender_labels = _labels(list(GENDERS))
    age_labels = _labels(list(AGE_GROUPS))
    sector_labels = _labels(list(SECTORS))
    act_labels = _labels([a.id for a in acts])
    item_labels = _labels(list(items.ids))
    source_labels = _labels(list(SOURCES))
    fac_labels = _labels(facilitators)
    province = pa.scalar(district.province_code, pa.string())
    code = pa.scalar(district.code, pa.string())

    for m in range(n_months):
        month = _add_months(plan.first_month, m)
        ws_id = workspace_id(district, month)
        sessions_m = np.flatnonzero(s_month == m)
        if not len(sessions_m):
            continue
        att_m = np.flatnonzero(a_month == m)
        people_m = np.unique(a_person[att_m])
        stage_m = _stages_reached(fw, items, achieved_all[people_m] & (item_month[people_m] <= m),
                                  act_month[people_m] <= m)
        stage_m = np.where(umkm[people_m], stage_m, -1)
        stage_of = np.full(n_people, -1, dtype=np.int64)
        stage_of[people_m] = stage_m

        session_local = np.full(n_sessions, -1, dtype=np.int64)
        session_local[sessions_m] = np.arange(len(sessions_m))
        session_keys = _labels([
            _session_key(ws_id, f"{acts[s_activity[s]].id}-{int(s):04d}") for s in sessions_m])
        sessions = pa.table({
            "session_key": session_keys,
            "activity_id": _take(act_labels, s_activity[sessions_m]),
            "province_code": pa.array([district.province_code] * len(sessions_m), pa.string()),
            "district_code": pa.array([district.code] * len(sessions_m), pa.string()),
            "date": pa.array(s_day[sessions_m].astype(np.int32)).cast(pa.date32()),
            "status": pa.array(["closed"] * len(sessions_m), pa.string()),
            "target_size": pa.array(s_target[sessions_m].astype(np.int32)),
            "room_capacity": pa.array(s_room[sessions_m].astype(np.int32)),
            "n_present": pa.array(s_present[sessions_m].astype(np.int32)),
            "facilitator": _take(fac_labels, s_fac[sessions_m]),
        }, schema=SCHEMAS["sessions"])

        ok_people = people_m[consent[people_m]]
        participants = pa.table({
            "person_id": person_id.take(pa.array(ok_people)),
            "participant_type": _take(type_labels, ptype[ok_people]),
            "province_code": pa.array([district.province_code] * len(ok_people), pa.string()),
            "district_code": pa.array([district.code] * len(ok_people), pa.string()),
            "gender": _take(gender_labels, gender[ok_people]),
            "age_band": _take(age_labels, age[ok_people]),
            "sector": _take(sector_labels, sector[ok_people]),
            "stage": _take(stage_labels, stage_of[ok_people]),
        }, schema=SCHEMAS["participants"])

        everybody = pa.table({
            "participant_type": _take(type_labels, ptype[people_m]),
            "stage": _take(stage_labels, stage_m),
            "gender": _take(gender_labels, gender[people_m]),
            "consented": pa.array(consent[people_m]),
        })
        grouped = everybody.group_by(
            ["participant_type", "stage", "gender", "consented"], use_threads=False
        ).aggregate([([], "count_all")])
        grouped = grouped.sort_by([("participant_type", "ascending"), ("stage", "ascending"),
                                   ("gender", "ascending"), ("consented", "ascending")])
        counts = pa.table({
            "province_code": pa.array([district.province_code] * grouped.num_rows, pa.string()),
            "district_code": pa.array([district.code] * grouped.num_rows, pa.string()),
            "participant_type": grouped.column("participant_type"),
            "stage": grouped.column("stage"),
            "gender": grouped.column("gender"),
            "consented": grouped.column("consented"),
            "n": grouped.column("count_all").cast(pa.int64()),
        }, schema=SCHEMAS["participant_counts"])

        att_ok = att_m[consent[a_person[att_m]]]
        attendance = pa.table({
            "session_key": session_keys.take(pa.array(session_local[a_session[att_ok]])),
            "person_id": person_id.take(pa.array(a_person[att_ok])),
            "admitted_with_reason": pa.array(a_admitted[att_ok]),
        }, schema=SCHEMAS["attendance"])

        rows = np.flatnonzero((a_month[row_att] == m) & consent[row_person])
        rows = rows[np.lexsort((rows, recorded[rows]))]
        key_index = np.where(source[rows] == 1, -1, session_local[row_session[rows]])
        score_person = person_id.take(pa.array(row_person[rows]))
        score_session = _take(session_keys, key_index)
        score_activity = _take(act_labels, items.activity[row_item[rows]])
        score_item = _take(item_labels, row_item[rows])
        score_level = pa.array(level[rows], pa.int8())
        score_source = _take(source_labels, source[rows])
        score_time = pa.array(recorded[rows], pa.timestamp("us", tz="UTC"))
        scores = pa.table({
            "person_id": score_person, "session_key": score_session,
            "activity_id": score_activity, "item_id": score_item, "level": score_level,
            "source": score_source, "recorded_at": score_time,
            "note": pa.nulls(len(rows), pa.string()),
        }, schema=SCHEMAS["scores"])
        row_people = row_person[rows]
        raw = pa.table({
            "person_id": score_person,
            "participant_type": _take(type_labels, ptype[row_people]),
            "province_code": pa.repeat(province, len(rows)),
            "district_code": pa.repeat(code, len(rows)),
            "gender": _take(gender_labels, gender[row_people]),
            "age_band": _take(age_labels, age[row_people]),
            "sector": _take(sector_labels, sector[row_people]),
            "stage": _take(stage_labels, stage_of[row_people]),
            "session_key": score_session, "activity_id": score_activity, "item_id": score_item,
            "level": score_level, "source": score_source, "recorded_at": score_time,
        }, schema=RAW_SCHEMA)

        month_end = _add_months(plan.first_month, m + 1)
        fields: dict[str, object] = {
            "package_id": "{}-{}".format(ws_id, hashlib.sha256(
                f"{plan.seed}:{ws_id}".encode()).hexdigest()[:12]),
            "workspace_id": ws_id,
            "created_at": datetime.combine(month_end, datetime.min.time(), UTC)
            + timedelta(days=2),
            "period_from": month,
            "period_to": month_end - timedelta(days=1),
            "key_id": key_id(key),
            "province_code": district.province_code,
            "notes_included": False,
        }
        drawn = {"participants": participants, "participant_counts": counts,
                 "sessions": sessions, "attendance": attendance, "scores": scores}
        yield SyntheticWorkspace(
            workspace_id=ws_id, district=district, month=month, manifest_fields=fields,
            # Every table of the format: one this model does not draw (the Puskom classes) is
            # empty, as a workspace without such records exports it.
            tables={name: drawn.get(name, SCHEMAS[name].empty_table()) for name in SCHEMAS},
            raw=raw, new_people=int(np.count_nonzero((act_month[:, 0] == m) & consent)))


def workspaces(plan: CohortPlan, districts: Sequence[str] | None = None
               ) -> Iterator[SyntheticWorkspace]:
    """The cohort's district-month workspaces, district by district.

    With ``districts`` (codes), only those districts: the same rows as in the whole cohort.
    """
    fw = framework()
    items = _items(fw, plan.seed)
    wanted = set(districts) if districts is not None else None
    for district in plan.districts:
        if wanted is None or district.code in wanted:
            yield from _district(plan, fw, items, district)


def write_cohort(plan: CohortPlan, out_dir: Path, *, packages: bool = True,
                 raw: Path | None = None) -> CohortFiles:
    """Write one package per district-month into ``out_dir`` (and the raw table to ``raw``).

    The raw table is every score row with its person's attributes, one Parquet file.
    """
    version = structure_version()
    written: list[Path] = []
    package_rows: list[int] = []
    writer = pq.ParquetWriter(raw, RAW_SCHEMA, compression="snappy") if raw else None
    pending: list[pa.Table] = []
    score_rows = 0
    people = 0
    seconds = {"draw": 0.0, "packages": 0.0, "raw": 0.0}

    def flush() -> None:
        # Row groups of about RAW_ROW_GROUP rows: readers of the raw table are not slowed by
        # thousands of tiny groups (one per workspace).
        if writer is not None and pending:
            writer.write_table(pa.concat_tables(pending), row_group_size=RAW_ROW_GROUP)
            pending.clear()

    try:
        drawing = iter(workspaces(plan))
        while True:
            start = time.perf_counter()
            ws = next(drawing, None)
            seconds["draw"] += time.perf_counter() - start
            if ws is None:
                break
            score_rows += ws.tables["scores"].num_rows
            people += ws.new_people
            start = time.perf_counter()
            if packages:
                path = Path(out_dir) / (ws.workspace_id + SUFFIX)
                write_package(path, {**ws.manifest_fields, "framework_version": version},
                              ws.tables)
                written.append(path)
                package_rows.append(ws.tables["scores"].num_rows)
            seconds["packages"] += time.perf_counter() - start
            start = time.perf_counter()
            if writer is not None:
                pending.append(ws.raw)
                if sum(t.num_rows for t in pending) >= RAW_ROW_GROUP:
                    flush()
            seconds["raw"] += time.perf_counter() - start
        start = time.perf_counter()
        flush()
        seconds["raw"] += time.perf_counter() - start
    finally:
        if writer is not None:
            writer.close()
    return CohortFiles(packages=tuple(written), package_rows=tuple(package_rows), raw=raw,
                       score_rows=score_rows, people=people,
                       seconds={k: round(v, 2) for k, v in seconds.items()})
