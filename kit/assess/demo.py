"""A realistic demo cohort, so a fresh workspace is never empty (used by ``make start``).

It lives above the workspace (``kit.workspace`` only creates and opens workspaces): the cohort's
scores go through the assessment's own path, which runs nbgrader. ``kit start``, ``workspace
init --demo`` and the hub call :func:`ensure_demo_workspace` / :func:`init_demo_workspace`.

Three districts that appear in the source documents, one session of each activity per district
(community formation only where participants got that far), and participants spread over every
stage. Names and businesses are fictional; the generator is seeded, so every demo is identical.

Kabupaten Sragen also holds a *finished* session of each activity (:data:`FINISHED_SESSIONS`,
closed, so its report can be made): the advokasi and bimtek sessions, and a first komunitas
meeting before the open one. Each has its committee, speakers, head of office, the rundown as
planned and as run, attendance, scores, the room's questions (and the bimtek's help requests),
the reaction survey's answers (:mod:`kit.survey`, stored as the survey page stores them) and
notes saying the data is a demo, not a real activity.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import attrs
import sqlalchemy as sa

from kit.assess.dual_write import write_facilitator_scores
from kit.assess.generate import ensure_generated
from kit.assess.origin import workspace_origin
from kit.content_reader import ContentError
from kit.framework import Activity, Framework, framework
from kit.records.consent import record_consent
from kit.records.participants import Participant, add_participant, list_participants
from kit.records.scores import ScoreEntry
from kit.records.sessions import (
    CommitteeMember,
    Session,
    add_session,
    check_in,
    get_session,
    update_session,
)
from kit.room.random_draw import (
    BankQuestion,
    DrawError,
    QuestionSource,
    pick_participant,
    pick_question,
    segment_items,
)
from kit.room.tables import help_request, random_draw, room_question
from kit.rundown.plan import prefill, speaker_hint
from kit.rundown.tables import segment
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.survey.questions import evaluation_survey
from kit.survey.service import respondent_id, store_answers
from kit.workspace import Workspace, init_workspace, open_workspace
from kit.workspace.layout import CONFIG_NAME

if TYPE_CHECKING:  # the report's question type; the report is imported only to write reports
    from kit.reports.session_report.gather import PromptedQuestion

SEED = 2026


class DemoBank(Protocol):
    """An activity's question bank as the demo uses it: questions per item, a question by id."""

    def for_item(self, item_id: str) -> Sequence[BankQuestion]:
        """The questions about ``item_id`` (what a draw needs)."""
        ...

    def get(self, question_id: str) -> PromptedQuestion:
        """The question with this id (what the report needs)."""
        ...


# An activity id -> its question bank (``kit.modules.quiz.question_bank``).
Banks = Callable[[str], DemoBank]
DISTRICTS = (
    ("sragen", "Kabupaten Sragen", ("Sragen Kulon", "Karangmalang", "Sidoharjo")),
    ("tanjabtim", "Kabupaten Tanjung Jabung Timur",
     ("Muara Sabak Barat", "Dendang", "Nipah Panjang")),
    ("pontianak", "Kota Pontianak", ("Pontianak Kota", "Pontianak Selatan", "Pontianak Timur")),
)
FIRST = ("Siti", "Budi", "Sri", "Agus", "Dewi", "Hendra", "Nur", "Rina", "Joko", "Yuliani",
         "Slamet",
         "Wahyuni", "Andi", "Fitri", "Bambang", "Lestari", "Rudi", "Ratna", "Eko", "Sumarni")
LAST = ("Rahayu", "Santoso", "Wulandari", "Saputra", "Hidayat", "Kusuma", "Pratama", "Handayani",
        "Setiawan", "Maharani", "Nugroho", "Permata")
BUSINESSES = (
    ("Batik", "batik"), ("Keripik", "kuliner"), ("Anyaman", "kerajinan"), ("Kue Kering", "kuliner"),
    ("Jahit", "fesyen"), ("Madu", "pertanian olahan"), ("Kopi", "kuliner"), ("Tenun", "kerajinan"),
    ("Sambal", "kuliner"), ("Sabun Herbal", "kosmetik rumahan"),
)
AGE_GROUPS = ("<30", "30-39", "40-49", "50-59", "60+")
FACILITATORS = {"sragen": "Bu Retno (Dinas Koperasi dan UKM)",
                "tanjabtim": "Pak Syahrul (Dinas Koperasi dan UKM)",
                "pontianak": "Bu Maya (Dinas Koperasi dan UKM)"}
PER_DISTRICT = 12
# How far each demo participant got: index into the stages (0 = none reached yet).
STAGE_TARGETS = (0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5)


def _levels_for(fw: Framework, rng: random.Random, target: int) -> dict[str, int]:
    levels: dict[str, int] = {}
    for stage in fw.stages:
        items = fw.items_for_stage(stage.id)
        if stage.order <= target:
            for item in items:
                levels[item.id] = rng.choice((1, 2, 2))
        elif stage.order == target + 1:
            # Working on the next stage: some items done, at least one not yet.
            for n, item in enumerate(items):
                levels[item.id] = 0 if n % 3 == 0 else rng.choice((0, 1, 2))
    return levels


def add_demo_cohort(ws: Workspace, banks: Banks | None = None) -> None:
    """Fill an empty workspace with the demo cohort (does nothing if it has participants).

    Scores go through the assessment's own path
    (:func:`kit.assess.dual_write.write_facilitator_scores`): each observation is a ``kit_score``
    row and the nbgrader gradebook's manual score, in the same transaction as the rest of the
    cohort. ``banks`` gives an activity's question bank (for the finished sessions' random
    questions; this layer cannot read the modules' banks itself).
    """
    fw = framework()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    with read_tx(ws.engine) as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(schema.participant)).scalar():
            return
    # nbgrader runs in its own process: generate before taking the write lock.
    for activity in fw.activities:
        ensure_generated(ws, activity.id)
    # The survey's respondents are keyed hashes: the key is made in its own transaction.
    survey_key = workspace_origin(ws).signing_key
    entries: list[ScoreEntry] = []
    with write_tx(ws.engine) as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(schema.participant)).scalar():
            return
        start = date(2026, 8, 3)
        for d_index, (slug, district, villages) in enumerate(DISTRICTS):
            facilitator = FACILITATORS[slug]
            sessions = {}
            for a_index, activity in enumerate(fw.activities):
                session = Session(
                    id=f"{slug}-{activity.id}-2026",
                    activity_id=activity.id,
                    title=f"{activity.short_title.indonesian} {district} 2026",
                    date=start + timedelta(days=14 * a_index + 3 * d_index),
                    venue=f"Aula Dinas Koperasi dan UKM {district}",
                    district=district,
                    facilitator=facilitator,
                    status="closed" if a_index < 2 else "open",
                )
                add_session(conn, session)
                sessions[activity.id] = session
            for n in range(PER_DISTRICT):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                product, sector = rng.choice(BUSINESSES)
                target = STAGE_TARGETS[n]
                pid = "p" + f"{rng.getrandbits(32):08x}"
                add_participant(conn, Participant(
                    id=pid,
                    name=f"{first} {last}",
                    district=district,
                    business_name=f"{product} {first} {villages[n % 3].split()[-1]}",
                    sector=sector,
                    phone="+628" + "".join(str(rng.randrange(10)) for _ in range(9)),
                    village=villages[n % 3],
                    subdistrict=villages[n % 3],
                    gender="P" if first in {"Siti", "Sri", "Dewi", "Nur", "Rina", "Yuliani",
                                            "Wahyuni", "Fitri", "Lestari", "Ratna", "Sumarni"}
                    else "L",
                    age_group=rng.choice(AGE_GROUPS),
                ))
                levels = _levels_for(fw, rng, target)
                activities_done = {fw.item(i).activity_id for i in levels}
                for activity_id in ("advokasi", "bimtek", "komunitas"):
                    if activity_id in activities_done or activity_id == "advokasi":
                        check_in(conn, sessions[activity_id].id, pid)
                for item_id, level in levels.items():
                    item = fw.item(item_id)
                    entries.append(ScoreEntry(
                        participant_id=pid, item_id=item_id, level=level, source="observation",
                        session_id=sessions[item.activity_id].id, recorded_by=facilitator,
                    ))
        _demo_consent(conn, start)
        # The first komunitas meeting's levels come before the cohort's: never the latest.
        first_meeting = _finish_sessions(conn, fw, entries, survey_key, banks)
        write_facilitator_scores(conn, ws, first_meeting + entries)


def _demo_consent(conn: sa.Connection, start: date) -> None:
    """Consent (UU PDP) as a coordinator export meets it: given, never asked, withdrawn.

    Everyone consents at the roster import, a week before the first session, in their
    district facilitator's name, except the last two on the roster (never asked); the first
    withdraws a month later.
    """
    by_district = {district: FACILITATORS[slug] for slug, district, _v in DISTRICTS}
    imported = datetime.combine(start - timedelta(days=7), time(9), WIB)
    people = list_participants(conn)
    for person in people[:-2]:
        record_consent(conn, person.id, given=True, recorded_by=by_district[person.district],
                       context="roster", at=imported)
    first = people[0]
    record_consent(conn, first.id, given=False, recorded_by=by_district[first.district],
                   context="withdrawal", at=imported + timedelta(days=30))


# The finished (closed) session of each activity, all in Kabupaten Sragen.
FINISHED_DISTRICT = "sragen"
FINISHED_SESSIONS = {"advokasi": "sragen-advokasi-2026", "bimtek": "sragen-bimtek-2026",
                     "komunitas": "sragen-komunitas-2026-pertemuan-1"}
FIRST_MEETING_DAY = date(2026, 8, 24)  # a week before the open komunitas session of Sragen
WIB = timezone(timedelta(hours=7), "WIB")
DEMO_NOTES = {
    "advokasi": "DATA DEMO: nama, nilai, jadwal dan jawaban survei sesi ini rekaan untuk latihan "
                "memakai kit, bukan data kegiatan nyata. Peserta antusias pada kisah sukses; "
                "tanya jawab diperpanjang 10 menit.",
    "bimtek": "DATA DEMO: nama, nilai, jadwal dan jawaban survei sesi ini rekaan untuk latihan "
              "memakai kit, bukan data kegiatan nyata. Wi-Fi sempat putus saat praktik toko "
              "online; tim pendukung membantu peserta yang tertinggal.",
    "komunitas": "DATA DEMO: nama, nilai, jadwal dan jawaban survei sesi ini rekaan untuk latihan "
                 "memakai kit, bukan data kegiatan nyata. Pertemuan pertama: peserta sepakat "
                 "membentuk komunitas; pengurus dipilih pada pertemuan berikutnya.",
}
COMMITTEE = (("ketua", "Hartono Wibowo"), ("sekretaris", "Diah Puspitasari"),
             ("bendahara", "Agung Prasetyo"), ("anggota", "Yanti Susilowati"))
SUPPORT_TEAM = ("Dimas Pratama", "Ayu Kusumaningrum", "Rizky Hidayat")
HEAD_OF_OFFICE = "Ir. Suwarno, M.Si."
SPEAKERS = ("Bu Retno (Dinas Koperasi dan UKM)", "Pak Wahyu Nugroho (praktisi e-commerce)",
            "Bu Endang Lestari (pelaku UMKM, Batik Sragen)")
ROOM_QUESTIONS = {
    "advokasi": (("adv_pentingnya", "Apakah jualan online aman untuk usaha kecil seperti saya?"),
                 ("adv_kisah_sukses", "Berapa lama sampai toko online mulai ada pembeli?"),
                 ("adv_program", "Apakah bimtek berikutnya gratis?")),
    "bimtek": (("bim_email", "Bagaimana kalau lupa kata sandi email?"),
               ("bim_toko", "Foto produk harus berapa banyak di marketplace?")),
    "komunitas": (("kom_pembentukan", "Apakah komunitas perlu akta atau cukup kesepakatan?"),),
}
HELP_PLACES = ("Materi email · membuat akun", "Materi blog · menulis artikel pertama",
               "Materi toko online · mengunggah foto produk")
SURVEY_TEXTS = {
    "advokasi": (("Contoh toko online dari UMKM lain", "Penjelasan keamanan akun",
                  "Tahu manfaat jualan online untuk usaha kecil"),
                 ("Waktu tanya jawab lebih lama", "Materi dibagikan dalam bentuk cetak",
                  "Pengeras suara kurang jelas di belakang")),
    "bimtek": (("Praktik foto produk dengan HP", "Langsung membuat akun marketplace",
                "Belajar menulis deskripsi produk"),
               ("Wi-Fi sering putus", "Pendamping ditambah saat praktik",
                "Waktu praktik lebih panjang")),
    "komunitas": (("Berbagi pengalaman dengan sesama pelaku UMKM",
                   "Menyusun rencana kegiatan komunitas"),
                  ("Pertemuan rutin tiap bulan", "Perlu grup WhatsApp komunitas")),
}


def _at(day: date | None, clock: str, minutes: int = 0) -> datetime:
    """``clock`` (``HH:MM``, WIB) on ``day`` plus ``minutes``."""
    hours, mins = (int(x) for x in clock.split(":"))
    start = datetime.combine(day or FIRST_MEETING_DAY, time(hours, mins), tzinfo=WIB)
    return start + timedelta(minutes=minutes)


def _run_rundown(conn: sa.Connection, activity: Activity, session: Session,
                 rng: random.Random) -> dict[str, tuple[datetime, datetime]]:
    """Store the rundown as planned (the framework's, from 08:00) and as run.

    Returns each line's actual ``(start, end)`` by segment id, in order.
    """
    drift = 5  # the opening started five minutes late
    runs: dict[str, tuple[datetime, datetime]] = {}
    for n, line in enumerate(prefill(activity, "08:00")):
        role = speaker_hint(activity, line.segment_id)
        speaker = SPEAKERS[n % len(SPEAKERS)] if role else None
        started = _at(session.date, line.planned_start, drift)
        ran = line.planned_minutes + rng.choice((-5, 0, 0, 5, 10))
        end = started + timedelta(minutes=max(5, ran))
        conn.execute(segment.insert().values(
            session_id=session.id, position=line.position, segment_id=line.segment_id,
            planned_start=line.planned_start, planned_minutes=line.planned_minutes,
            speaker=speaker, started_at=started, ended_at=end))
        runs[line.segment_id] = (started, end)
        drift = int((end - _at(session.date, line.planned_end)).total_seconds() // 60)
    return runs


def _random_questions(conn: sa.Connection, activity: Activity, session_id: str,
                      present: list[str], runs: dict[str, tuple[datetime, datetime]],
                      bank: QuestionSource, rng: random.Random) -> None:
    """Two random questions (Table 3.3) per talk, drawn by the draw rules, with their levels."""
    drawn: list[str] = []
    asked: list[str] = []
    for line in activity.rundown:
        if line.kind != "session" or line.id not in runs:
            continue
        start, _end = runs[line.id]
        for n in range(2):
            try:
                who = pick_participant(present, drawn, rng)
                item_id, question_id = pick_question(segment_items(activity, line.materi),
                                                     bank, asked, rng)
            except DrawError:
                return
            drawn.append(who)
            asked.append(question_id)
            at = start + timedelta(minutes=20 + 15 * n)
            conn.execute(random_draw.insert().values(
                session_id=session_id, participant_id=who, item_id=item_id,
                question_id=question_id, drawn_at=at, level=rng.choice((0, 1, 1, 2, 2)),
                answered_at=at + timedelta(minutes=3)))


def _survey_answers(conn: sa.Connection, key: str, session: Session, present: list[str],
                    rng: random.Random) -> None:
    """About four in five of those present answer the survey, as the survey page stores it."""
    useful, improve = SURVEY_TEXTS[session.activity_id]
    survey = evaluation_survey()
    for n, pid in enumerate(present):
        if n % 5 == 4:  # one in five did not answer
            continue
        answers: dict[str, str | None] = {}
        for q in survey.questions:
            if q.is_scale:
                choices = (2, 3, 3, 4) if q.id == "kecepatan" else (3, 4, 4, 5, 5)
                answers[q.id] = str(rng.choice(choices))
            else:
                texts = useful if q.id == "paling_berguna" else improve
                answers[q.id] = rng.choice(texts) if rng.random() < 0.6 else None
        store_answers(conn, session.id, respondent_id(key, session.id, pid), answers)


def _bank(banks: Banks | None, activity_id: str) -> DemoBank | None:
    """The activity's question bank, or ``None`` (no reader given, or the activity has none)."""
    if banks is None:
        return None
    try:
        return banks(activity_id)
    except (ContentError, OSError, KeyError):
        return None


def _finish_sessions(conn: sa.Connection, fw: Framework, entries: list[ScoreEntry],
                     survey_key: str, banks: Banks | None) -> list[ScoreEntry]:
    """Make Sragen's session of each activity a finished day; return the first meeting's scores.

    The advokasi and bimtek sessions exist (closed); the first komunitas meeting is added with
    the Sragen participants who later attend the open komunitas session, and levels at or below
    their later ones (returned, to be written before the cohort's own scores). With ``banks``
    (the modules' question banks, given by the command that makes the demo) each talk also has
    two random questions.
    """
    rng = random.Random(SEED + 13)  # noqa: S311 - reproducible demo data, not security
    first_meeting: list[ScoreEntry] = []
    open_komunitas = f"{FINISHED_DISTRICT}-komunitas-2026"
    later = get_session_row(conn, open_komunitas)
    add_session(conn, Session(
        id=FINISHED_SESSIONS["komunitas"], activity_id="komunitas",
        title=f"{later.title} · pertemuan 1", date=FIRST_MEETING_DAY, venue=later.venue,
        district=later.district, facilitator=later.facilitator, status="open"))
    for pid in sorted({e.participant_id for e in entries if e.session_id == open_komunitas}):
        check_in(conn, FINISHED_SESSIONS["komunitas"], pid)
    for entry in entries:
        if entry.session_id == open_komunitas:
            first_meeting.append(attrs.evolve(entry, session_id=FINISHED_SESSIONS["komunitas"],
                                              level=min(entry.level, rng.choice((0, 1, 1, 2)))))
    for activity in fw.activities:
        session_id = FINISHED_SESSIONS[activity.id]
        session = get_session_row(conn, session_id)
        present = [str(r[0]) for r in conn.execute(
            sa.select(schema.attendance.c.participant_id)
            .where(schema.attendance.c.session_id == session_id)
            .order_by(schema.attendance.c.participant_id))]
        runs = _run_rundown(conn, activity, session, rng)
        end = max(stop for _start, stop in runs.values())
        bank = _bank(banks, activity.id)
        if bank is not None:
            _random_questions(conn, activity, session_id, present, runs, bank, rng)
        for n, (item_id, text) in enumerate(ROOM_QUESTIONS[activity.id]):
            asked = end - timedelta(minutes=150 - 20 * n)
            conn.execute(room_question.insert().values(
                session_id=session_id, participant_id=present[(3 * n + 1) % len(present)],
                activity_id=activity.id, place=item_id, text=text, asked_at=asked,
                answered_at=asked + timedelta(minutes=40), answered_by=SPEAKERS[n % 2]))
        if activity.id == "bimtek":
            for n, place in enumerate(HELP_PLACES):
                asked = end - timedelta(minutes=300 - 60 * n)
                conn.execute(help_request.insert().values(
                    session_id=session_id, participant_id=present[(2 * n) % len(present)],
                    activity_id=activity.id, place=place, requested_at=asked,
                    resolved_at=asked + timedelta(minutes=3 + 2 * n),
                    resolved_by=SUPPORT_TEAM[n % len(SUPPORT_TEAM)]))
        _survey_answers(conn, survey_key, session, present, rng)
        update_session(
            conn, session_id, status="closed", closed_at=end + timedelta(minutes=30),
            committee=tuple(CommitteeMember(role, name) for role, name in COMMITTEE),
            support_team=SUPPORT_TEAM if activity.id == "bimtek" else (),
            head_of_office=HEAD_OF_OFFICE, notes=DEMO_NOTES[activity.id],
            target_size=25, room_capacity=40)
    return first_meeting


def get_session_row(conn: sa.Connection, session_id: str) -> Session:
    """A demo session that must exist (the cohort just made it)."""
    found = get_session(conn, session_id)
    if found is None:  # pragma: no cover - made above in the same transaction
        raise LookupError(session_id)
    return found


REPORT_FORMATS = ("pdf", "xlsx")  # the HTML report is made by the apps (it needs kit.ui)


def write_demo_reports(ws: Workspace, banks: Banks | None = None) -> list[Path]:
    """Write the report of each finished demo session into the workspace's reports folder.

    The *laporan kegiatan* of :data:`FINISHED_SESSIONS` in Bahasa Indonesia, as PDF and XLSX
    (``reports/laporan-<session id>.<pdf|xlsx>``, names only, no phone numbers); a file already
    there is kept. Returns the files written.
    """
    from kit.reports.session_report import document, files, pdf, xlsx
    from kit.reports.session_report.gather import gather

    written = []
    folder = files.reports_folder(ws)
    for session_id in FINISHED_SESSIONS.values():
        wanted = [f for f in REPORT_FORMATS
                  if not (folder / files.report_name(session_id, f)).exists()]
        if not wanted:
            continue
        doc = document.build(gather(ws, session_id, lang="id", include_contacts=False,
                                    banks=banks))
        for fmt in wanted:
            data = pdf.render(doc) if fmt == "pdf" else xlsx.render(doc)
            written.append(files.save(ws, files.ReportFile(
                files.report_name(session_id, fmt), data, files.MIME[fmt])))
    return written


DEMO_CENTRE = ("Balai Latihan Kerja Karangmalang", "Kabupaten Sragen", "Bu Rina Wulandari")


def add_demo_centre(ws: Workspace) -> None:
    """One assessed Puskom Kreatif candidate (issue 15), unless the workspace has one already.

    Nearly ready: every criterion in place except the first regulation criterion (answered no,
    with a note) and the last infrastructure one (not answered yet).
    """
    from kit.puskom import service as puskom

    if puskom.list_assessments(ws):
        return
    criteria = framework().puskom.readiness
    answers: dict[str, bool | None] = {c.id: True for c in criteria}
    regulation = [c.id for c in criteria if c.aspect == "regulasi"]
    infrastructure = [c.id for c in criteria if c.aspect == "infrastruktur"]
    notes: dict[str, str] = {}
    if regulation:
        answers[regulation[0]] = False
        notes[regulation[0]] = ("DATA DEMO (rekaan untuk latihan): draf SK bupati sedang "
                                "dibahas di bagian hukum.")
    if infrastructure:
        answers[infrastructure[-1]] = None
    name, district, by = DEMO_CENTRE
    puskom.assess(ws, name, district, answers, by, FIRST_MEETING_DAY + timedelta(days=14),
                  notes=notes)


DEMO_COMMUNITY = ("Komunitas e-UMKM Sragen", "Kabupaten Sragen",
                  "Aula Dinas Koperasi dan UKM Kabupaten Sragen")
# The demo members' work-programme proposals (kind, what), as the komunitas module saves them:
# the n-th list goes to the n-th member; two proposals are shared, so the ranking merges them.
DEMO_PROPOSALS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("pemasaran", "Katalog daring bersama produk anggota"),
     ("pelatihan", "Kelas memotret produk dengan HP setiap bulan")),
    (("pemasaran", "Katalog daring bersama produk anggota"),),
    (("pelatihan", "Kelas memotret produk dengan HP setiap bulan"),
     ("jejaring", "Daftar bahan baku yang bisa dibeli dari sesama anggota")),
    (("pemasaran", "Katalog daring bersama produk anggota"),
     ("ajak_umkm", "Setiap anggota mendampingi satu UMKM tetangga membuka toko daring")),
    (("berbagi", "Temu anggota dua bulanan membahas kendala penjualan"),),
    (("usulan_pemerintah", "Mengusulkan pelatihan pengemasan kepada Dinas"),),
)


# What the demo members sell and need, by the product of their business (``BUSINESSES``), as
# they would enter it in the komunitas module's "Jaringan usaha" tool: several members of the
# demo community supply another's need (honey for the soap maker, woven cloth for the tailors).
DEMO_LISTINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Batik": (("kain batik",), ("kain mori", "malam batik")),
    "Keripik": (("keripik singkong",), ("singkong", "kemasan plastik", "sambal")),
    "Anyaman": (("tas anyaman", "keranjang anyaman"), ("jasa jahit", "kain tenun")),
    "Kue Kering": (("kue kering",), ("madu", "kemasan plastik")),
    "Jahit": (("jasa jahit",), ("kain tenun", "kain batik")),
    "Madu": (("madu",), ("botol kaca", "label kemasan")),
    "Kopi": (("kopi bubuk",), ("gula aren", "kemasan plastik")),
    "Tenun": (("kain tenun",), ("benang",)),
    "Sambal": (("sambal",), ("cabai", "botol kaca")),
    "Sabun Herbal": (("sabun herbal",), ("madu", "minyak kelapa")),
}
# The komunitas item whose section holds the tool (``modules/komunitas/program.yaml``).
NETWORK_TOOL_ITEM = "kom_usulan_program"


def _demo_members(ws: Workspace, district: str) -> list[str]:
    """The demo participants of ``district`` who completed bimtek (komunitas prerequisites)."""
    from kit.records.eligibility import eligibility
    from kit.records.sessions import participation

    activity = next(a for a in framework().activities if a.id == "komunitas")
    with read_tx(ws.engine) as conn:
        people = [p for p in list_participants(conn) if p.district == district]
        taken = participation(conn)
    return sorted(p.id for p in people
                  if eligibility(activity, taken.get(p.id, set())).eligible)


def _demo_proposals(ws: Workspace, members: Sequence[str]) -> None:
    """Save the members' proposals as the komunitas module's proposal tool does (evidence)."""
    with write_tx(ws.engine) as conn:
        for pid, proposals in zip(members, DEMO_PROPOSALS, strict=False):
            state = {"proposals": [
                {"kind": kind, "what": what, "why": "DATA DEMO: usulan rekaan untuk latihan.",
                 "who": "Pengurus dan anggota", "when": "Mulai bulan depan", "needs": "-"}
                for kind, what in proposals]}
            conn.execute(schema.evidence.insert().values(
                participant_id=pid, item_id="kom_usulan_program", kind="tool",
                payload={"module": "komunitas", "tool": "usulan_program", "state": state},
                created_at=_at(FIRST_MEETING_DAY, "10:00")))


def _demo_listings(ws: Workspace, members: Sequence[str]) -> None:
    """Save the members' business listings as the komunitas module's network tool does."""
    from kit.network.entry import MODULE, TOOL, NetworkEntry

    products = sorted((product for product, _sector in BUSINESSES), key=len, reverse=True)
    with write_tx(ws.engine) as conn:
        people = {p.id: p for p in list_participants(conn)}
        for pid in members:
            business = people[pid].business_name or ""
            product = next((p for p in products if business.startswith(p + " ")), None)
            if product is None or product not in DEMO_LISTINGS:
                continue  # a member without a listing is simply absent from the network
            sells, needs = DEMO_LISTINGS[product]
            state = NetworkEntry(sells=sells, needs=needs, village="").as_state()
            conn.execute(schema.evidence.insert().values(
                participant_id=pid, item_id=NETWORK_TOOL_ITEM, kind="tool",
                payload={"module": MODULE, "tool": TOOL, "state": state},
                created_at=_at(FIRST_MEETING_DAY, "10:30")))


def add_demo_community(ws: Workspace) -> None:
    """One formed community in Sragen (issue 15), unless the workspace has one already.

    Its members are the demo participants of Sragen who completed bimtek; the ketua and the
    wakil ketua are agreed by musyawarah, the sekretaris and the bendahara elected by a closed
    ballot of the members (votes cast through the ballot service); the members' saved
    proposals make the work programme, so ``community mou`` works on the demo; their business
    listings (:data:`DEMO_LISTINGS`) give ``network match --community ID`` real matches.
    """
    from kit.community import ballot_board, ballot_service
    from kit.community import service as community

    if community.list_communities(ws):
        return
    name, district, place = DEMO_COMMUNITY
    members = _demo_members(ws, district)
    if len(members) < 6:  # a cohort too small for a board of four and two ballots
        return
    made = community.create(ws, name, district, place, FIRST_MEETING_DAY + timedelta(days=21))
    for pid in members:
        community.add_member(ws, made.id, pid)
    _demo_proposals(ws, members)
    _demo_listings(ws, members)
    chair, vice, secretary, rival, treasurer, other = members[:6]
    nominated = community.nominate(ws, made.id, "ketua", chair, vice,
                                   "Menjalankan katalog daring bersama")
    community.accept(ws, made.id, nominated.id)
    community.consensus(ws, made.id, "ketua", chair, [vice, secretary, rival])
    community.consensus(ws, made.id, "wakil_ketua", vice, [chair, secretary])
    for role, first, second in (("sekretaris", secretary, rival),
                                ("bendahara", treasurer, other)):
        for person in (first, second):
            stand = community.nominate(ws, made.id, role, person, chair,
                                       "Mencatat kegiatan dan kas komunitas dengan rapi")
            community.accept(ws, made.id, stand.id)
        ballot = ballot_service.open_election(ws, made.id, role, [first, second],
                                              present=len(members), tie_rule="runoff",
                                              voters="members", members=members)
        for n, voter in enumerate(members):
            # About two thirds for the first candidate: a clear winner.
            ballot_service.vote_as_member(ws, ballot.id, voter, second if n % 3 == 2 else first)
        ballot_board.close_and_seat(ws, ballot.id)


def _demo_classes(ws: Workspace) -> None:
    """Three Puskom Kreatif classes at the demo centre for the demo community (issue 15).

    Scheduled through the class service, unless the workspace has classes already: two past
    classes (basic ICT, product design) with the community's members enrolled where they may
    and attendance recorded for most of them, and a later bookkeeping class with people
    enrolled and no attendance yet. Places say the data is a demo.
    """
    from kit.community import service as community
    from kit.puskom import class_service as classes

    if classes.list_classes(ws):
        return
    made = community.list_communities(ws)
    if not made:
        return
    centre, district, _by = DEMO_CENTRE
    place = f"{centre} (DATA DEMO: kelas rekaan untuk latihan)"
    plan = (("kelas_tik_dasar", date(2026, 10, 5), "09:00", True),
            ("kelas_desain_produk", date(2026, 10, 19), "13:00", True),
            ("kelas_administrasi", date(2026, 12, 14), "09:00", False))
    for kind, day, at, held in plan:
        scheduled = classes.schedule(ws, kind, place, district, day, at)
        enrolled, _refused = classes.enrol_community(ws, scheduled.id, made[0].id)
        # Most come; every fourth person enrolled missed the class.
        came = [e.participant_id for n, e in enumerate(enrolled.enrolled) if n % 4 != 3]
        if held and came:
            classes.attend(ws, scheduled.id, came, day)


def init_demo_workspace(root: Path, db_url: str | None = None, *, reports: bool = False,
                        banks: Banks | None = None) -> Workspace:
    """Create (or open and migrate) the workspace in ``root`` and add the demo cohort if empty.

    With ``reports`` the finished sessions' reports are written too (:func:`write_demo_reports`;
    ``workspace init --demo`` and ``make start`` ask for them, the tests' workspaces do not).
    ``banks`` (``kit.modules.quiz.question_bank``, given by the command) adds the finished
    sessions' random questions.
    """
    ws = init_workspace(root, db_url=db_url)
    add_demo_cohort(ws, banks)
    add_demo_centre(ws)
    add_demo_community(ws)
    _demo_classes(ws)
    # A province key, so that ``export --for-coordinator`` works in the demo (issue 14): the
    # demo key, which the demo coordinator store's synthetic packages share. (Imported here:
    # the synthetic cohort borrows this module's business names.)
    from kit.coordinator.demo_store import write_demo_key

    write_demo_key(ws.root)
    if reports:
        write_demo_reports(ws, banks)
    return ws


def ensure_demo_workspace(root: Path, *, coordinator_store: bool = False) -> Workspace:
    """Open ``root``, or create it with the demo cohort and its reports on first start.

    With ``coordinator_store`` (``make start``, Binder) a workspace created now also gets the
    demo coordinator store (:func:`kit.coordinator.demo_store.build_demo_store`), so the
    coordinator dashboard is full on the first run; an existing workspace is never given one.
    """
    if (Path(root) / CONFIG_NAME).exists():
        return open_workspace(root)
    ws = init_demo_workspace(root, reports=True)
    if coordinator_store:
        from kit.coordinator.demo_store import build_demo_store

        build_demo_store(ws)
    return ws
