"""Small coordinator packages for the store's tests, written with the package module itself."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from kit.coordinator.aggregates import served_tables
from kit.coordinator.package import write_package
from kit.coordinator.store import _connect, rebuild_aggregates

KEY_ID = "0011223344556677"
FRAMEWORK_VERSION = "fv-test-1"


def person(n: int) -> str:
    """A pseudonym (32 lowercase hex) for test person ``n``."""
    return hashlib.sha256(f"person {n}".encode()).hexdigest()[:32]


def tables(*, district: str = "33.14", day: date = date(2026, 10, 6), people: int = 3,
           level: int = 2, n_present: int | None = 30, target: int = 30,
           session: str = "00aa11bb22cc33dd", first: int = 0) -> dict[str, pa.Table]:
    """Five tables: ``people`` consented UMKM at one session, each scored on two items.

    The session is in ``district`` on ``day``; every score is ``level``; two more people are
    counted without consent.
    """
    province = district.split(".")[0]
    ids = [person(first + i) for i in range(people)]
    when = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    return {
        "participants": pa.table({
            "person_id": ids, "participant_type": ["umkm"] * people,
            "province_code": [province] * people, "district_code": [district] * people,
            "gender": ["P"] * people, "age_band": ["25-34"] * people,
            "sector": ["kuliner"] * people, "stage": ["presence"] * people}),
        "participant_counts": pa.table({
            "province_code": [province, province], "district_code": [district, district],
            "participant_type": ["umkm", "umkm"], "stage": ["presence", None],
            "gender": ["P", "L"], "consented": [True, False], "n": [people, 2]}),
        "sessions": pa.table({
            "session_key": [session], "activity_id": ["bimtek"],
            "province_code": [province], "district_code": [district], "date": [day],
            "status": ["closed"], "target_size": [target], "room_capacity": [60],
            "n_present": pa.array([n_present], pa.int32()), "facilitator": ["F-1a2b3c4d"]}),
        "attendance": pa.table({
            "session_key": [session] * people, "person_id": ids,
            "admitted_with_reason": [False] * people}),
        "scores": pa.table({
            "person_id": ids * 2, "session_key": [session] * (2 * people),
            "activity_id": ["bimtek"] * (2 * people),
            "item_id": ["item.a"] * people + ["item.b"] * people,
            "level": [level] * (2 * people), "source": ["observation"] * (2 * people),
            "recorded_at": [when] * (2 * people), "note": pa.array([None] * (2 * people),
                                                                    pa.string())}),
    }


def make_package(path: Path, *, workspace: str = "ws-a",
                 created: datetime = datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
                 framework_version: str = FRAMEWORK_VERSION, key_id: str = KEY_ID,
                 period_to: date = date(2026, 10, 31), province: str = "33",
                 content: dict[str, pa.Table] | None = None) -> Path:
    """Write a package of ``workspace`` at ``path`` and return the path."""
    write_package(path, {
        "workspace_id": workspace, "framework_version": framework_version, "key_id": key_id,
        "province_code": province, "period_from": date(2026, 10, 1), "period_to": period_to,
        "created_at": created, "notes_included": False}, content or tables())
    return path


STORE_TABLES = ("raw_participants", "raw_participant_counts", "raw_sessions", "raw_attendance",
                "raw_scores", "agg_stage_funnel", "agg_stage_funnel_detail", "agg_item_month",
                "agg_session", "package_log", "store_meta")


def fingerprint(db: Path) -> dict[str, tuple[int, int]]:
    """Every store table's row count and an order-free checksum of its rows."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: tuple(con.execute(  # type: ignore[misc]
            f"SELECT COUNT(*), COALESCE(SUM(hash(t)::HUGEINT), 0) FROM {name} AS t"  # noqa: S608 - fixed names
        ).fetchone() or (0, 0)) for name in STORE_TABLES}
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows of ``sql`` on the DuckDB store ``db`` (read-only)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def served(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table the dashboard reads, its rows in one order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()  # noqa: S608
                for name in served_tables()}
    finally:
        con.close()


def rebuilt(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """The served tables after a full rebuild from every partial."""
    backend = _connect(db, read_only=False)
    try:
        rebuild_aggregates(backend)
    finally:
        backend.close()
    return served(db)
