"""The coordinator export: no personal data in a package, consent respected, the kit's stages."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pyarrow as pa
import sqlalchemy as sa

from kit.coordinator.export import export_package
from kit.coordinator.package import read_package
from kit.coordinator.pseudonym import KEY_FILE_NAME, person_id, read_key_file
from kit.framework import framework
from kit.records.clock import now
from kit.records.consent import record_consent
from kit.records.participants import Participant
from kit.records.scores import ScoreEntry, record_score
from kit.reports.stages import stage_report
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

NOTE = "Catatan pribadi: usaha Bu Rahmawati sedang sulit bulan ini"
REASON = "Diterima atas rekomendasi Pak Lurah Sutrisno Wibisono"


def phone_forms(stored: str) -> list[str]:
    """Every way the stored phone ``+628…`` could be written: +62…, 62…, 08…, 8…."""
    national = stored.removeprefix("+62")
    return [stored, "62" + national, "0" + national, national]


def secrets_of(ws: Workspace) -> set[str]:
    """Every name, phone form, village, business, title, venue, note and reason in ``ws``."""
    p, s = schema.participant, schema.session
    found: set[str] = {NOTE, REASON}
    with read_tx(ws.engine) as conn:
        for row in conn.execute(sa.select(p.c.name, p.c.phone, p.c.village, p.c.subdistrict,
                                          p.c.business_name)):
            found |= {row.name, row.village, row.subdistrict, row.business_name}
            if row.phone:
                found |= set(phone_forms(row.phone))
        for row in conn.execute(sa.select(s.c.title, s.c.venue, s.c.facilitator, s.c.notes,
                                          s.c.head_of_office, s.c.committee, s.c.support_team)):
            found |= {row.title, row.venue, row.facilitator, row.notes, row.head_of_office}
            found |= {m["name"] for m in row.committee or []}
            found |= {str(m) if not isinstance(m, dict) else m["name"]
                      for m in row.support_team or []}
        found |= {r[0] for r in conn.execute(sa.select(schema.score.c.recorded_by))}
    return {text for text in found if text and len(text) >= 4}


def values(tables: dict[str, pa.Table]) -> Iterator[str]:
    """Every decoded value of every table, as text."""
    for table in tables.values():
        for column in table.columns:
            for value in column.to_pylist():
                if value is not None:
                    yield str(value)


def prepare(ws: Workspace) -> tuple[str, str]:
    """Give consent to all but two (one withdrew, one refused), add a note and an admit reason.

    Returns the ids of the withdrawn and the refusing participant.
    """
    fw = framework()
    later = now() + timedelta(minutes=1)
    p, a = schema.participant, schema.attendance
    with write_tx(ws.engine) as conn:
        ids = sorted(conn.execute(sa.select(p.c.id)).scalars())
        withdrawn, refused, noted = ids[0], ids[1], ids[2]
        for pid in ids:
            record_consent(conn, pid, given=pid != refused, recorded_by="Bu Retno",
                           context="roster", at=later)
        record_consent(conn, withdrawn, given=False, recorded_by="Bu Retno",
                       context="withdrawal", at=later + timedelta(minutes=1))
        item = fw.activities[0].items[0]
        for pid in (noted, withdrawn):
            record_score(conn, fw, ScoreEntry(participant_id=pid, item_id=item.id, level=1,
                                              source="observation", note=NOTE,
                                              recorded_by="Bu Retno (Dinas Koperasi dan UKM)"))
        conn.execute(a.update().where(a.c.participant_id.in_([noted, withdrawn]))
                     .values(admit_reason=REASON))
    return withdrawn, refused


def test_the_package_holds_no_personal_data_and_respects_consent(
        make_workspace: Callable[..., Workspace]) -> None:
    """No personal text in the package's bytes or values; no consent = only counted.

    Searched: names, phones (four written forms), villages, businesses, session titles, venues,
    facilitators, committees, notes, admission reasons. Stages agree with the stage report.
    """
    ws = make_workspace(demo=True)
    key = read_key_file(ws.root / KEY_FILE_NAME)  # the demo comes with a province key
    withdrawn, refused = prepare(ws)
    result = export_package(ws, key)
    assert result.path.parent == ws.root / "exports" and result.path.suffix == ".umkmpkg"
    package = read_package(result.path)
    raw = result.path.read_bytes()
    with zipfile.ZipFile(result.path) as zf:
        members = b"".join(zf.read(n) for n in zf.namelist())
    decoded = "\n".join(values(package.tables)).casefold()
    secrets = secrets_of(ws)
    assert len(secrets) > 100
    for text in sorted(secrets):
        assert text.encode() not in raw and text.encode() not in members, text
        assert text.casefold() not in decoded, text
    assert NOTE.casefold() not in decoded
    assert package.manifest.key_id == key.key_id and not package.manifest.notes_included

    with read_tx(ws.engine) as conn:
        people = {r.id: Participant(id=r.id, name=r.name, district=r.district, phone=r.phone,
                                    village=r.village)
                  for r in conn.execute(sa.select(schema.participant))}
    gone = {person_id(key, people[withdrawn]), person_id(key, people[refused])}
    for name in ("participants", "attendance", "scores"):
        assert gone.isdisjoint(package.tables[name].column("person_id").to_pylist()), name
    counts = package.tables["participant_counts"].to_pylist()
    assert sum(r["n"] for r in counts) == len(people)
    assert sum(r["n"] for r in counts if not r["consented"]) == 2 == result.left_out
    assert package.tables["participants"].num_rows == len(people) - 2
    assert {r["district_code"] for r in counts} == {"33.14", "15.07", "61.71"}
    assert package.manifest.province_code is None  # three provinces

    report = stage_report(ws)
    by_stage = Counter[str | None]()
    for r in counts:
        if r["participant_type"] == "umkm":
            by_stage[r["stage"]] += r["n"]
    assert {k: v for k, v in by_stage.items() if v} == {
        k: v for k, v in report.count_by_stage().items() if v}
    attendance = package.tables["attendance"].to_pylist()
    assert any(r["admitted_with_reason"] for r in attendance)
    facilitators = set(package.tables["sessions"].column("facilitator").to_pylist())
    assert len(facilitators) == 3 and all(f.startswith("F-") for f in facilitators)

    with_notes = read_package(export_package(ws, key, ws.root / "notes.umkmpkg",
                                             include_notes=True).path)
    notes = with_notes.tables["scores"].column("note").to_pylist()
    assert notes.count(NOTE) == 1  # the consenting person's note; the withdrawn one's never
    assert with_notes.manifest.notes_included


def test_a_period_keeps_only_its_sessions_and_scores(
        make_workspace: Callable[..., Workspace]) -> None:
    """With --since/--until only sessions dated, and scores recorded, inside the period leave."""
    ws = make_workspace(demo=True)
    key = read_key_file(ws.root / KEY_FILE_NAME)
    prepare(ws)
    whole = read_package(export_package(ws, key, ws.root / "all.umkmpkg").path)
    dates = sorted(whole.tables["sessions"].column("date").to_pylist())
    since, until = dates[1], dates[-2]
    part = read_package(export_package(ws, key, ws.root / "part.umkmpkg", since=since,
                                       until=until).path)
    kept = part.tables["sessions"].column("date").to_pylist()
    assert kept and all(since <= d <= until for d in kept) and len(kept) < len(dates)
    assert (part.manifest.period_from, part.manifest.period_to) == (since, until)
    keys = set(part.tables["sessions"].column("session_key").to_pylist())
    assert set(part.tables["attendance"].column("session_key").to_pylist()) <= keys
    recorded = [t.date() for t in part.tables["scores"].column("recorded_at").to_pylist()]
    assert all(since <= d <= until for d in recorded)
    assert part.tables["participant_counts"].equals(whole.tables["participant_counts"])
    nothing = read_package(export_package(ws, key, ws.root / "none.umkmpkg",
                                          since=date(2001, 1, 1), until=date(2001, 1, 31)).path)
    assert nothing.tables["sessions"].num_rows == nothing.tables["scores"].num_rows == 0
