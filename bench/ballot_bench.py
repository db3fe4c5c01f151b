"""The board election on the real classroom server: 50 members voting on their phones (issue 15).

``python -m kit start --classroom`` runs on 127.0.0.1 over a scratch workspace: a community of
50 members (all checked in to the open komunitas classroom), accepted nominees, and three open
ballots — two of signed-in members (one per phase, so every vote is a first vote) and one of
codes from printed slips. Each phone is a ``requests`` session in its own thread, signed in with
a real device cookie (as :mod:`tests.classroom.ballot_harness` makes it: the token the PIN form
would set). A phone GETs ``/kelas/pilih`` (the page sets the XSRF cookie) and POSTs its vote as
the page's form does; the time per vote is the POST's (the receipt page back). The phases start
once the server answers and its kernels' fork server has finished preloading (its warm-up is not
the voters'); ``server_start`` is the tree then. Phases:

* ``first_vote`` — the server's very first vote (a 51st member, a ballot of its own): what a
  first vote costs once (code and gradebook paths loaded), kept out of the phases below;
* ``members_minute`` — 50 members voting spread over one minute (one every 1.2 s);
* ``members_burst`` — 50 members voting at the same moment (a second ballot);
* ``codes_burst`` — 50 slips' codes voting at the same moment, each phone from its own address
  (``127.0.1.N``, as phones on the laptop's Wi-Fi);
* ``codes_burst_one_address`` — the same from ONE shared address (a hotspot's NAT): the limiter
  counts code attempts in flight per address, so most are refused (429) and must try again;
* baseline, on the same server and the same phones: ``survey_minute`` / ``survey_burst`` — 50
  reaction-survey submissions (``/kelas/evaluasi``, a light page with one upsert).

Per phase: p50/p95/max seconds per request, errors, and the server's whole process tree (the
kit's server and anything it started) CPU seconds and USS/PSS growth per voter, via
:func:`bench.classroom.servers.tree_sample`. After the phases each ballot is closed through the
ballot service and its counts check is reported (ballots counted == voters <= present), with the
number of Table 5.3 election-item scores the members' votes recorded.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psutil
import requests
import sqlalchemy as sa
from requests.adapters import HTTPAdapter

from bench.classroom.servers import HOST, free_port, tree_sample

REPO = Path(__file__).resolve().parents[1]
VOTERS = 50
MINUTE_S = 60.0
SETTLE_S = 2.0
START_TIMEOUT_S = 180.0
PASSWORD = "fasilitator-bench-1"  # noqa: S105 - the scratch workspace's password
BALLOT_PAGE = "/kelas/pilih"
SURVEY_PAGE = "/kelas/evaluasi"
CANDIDATES = ("m01", "m02", "m03")
WARM_UP = "m51"  # a 51st member whose one vote (its own ballot) is the server's first vote


def _setup(root: Path) -> dict[str, Any]:
    """The scratch workspace: 50 members, nominees, three open ballots, 50 phones' cookies."""
    from kit.classroom import store
    from kit.classroom.routing import PARTICIPANT
    from kit.community import ballot_service, service
    from kit.records.participants import Participant, add_participant
    from kit.records.sessions import check_in
    from kit.workspace import init_workspace, writing

    ws = init_workspace(root / "workspace")
    members = [f"m{n:02d}" for n in range(1, VOTERS + 1)]
    with writing(ws) as conn:
        for n, pid in enumerate([*members, WARM_UP], start=1):
            add_participant(conn, Participant(id=pid, name=f"Anggota Uji {n:02d}",
                                              district="Kabupaten Sragen"))
    made = service.create(ws, "Komunitas e-UMKM Bench", "Kabupaten Sragen", "Balai Desa",
                          date(2026, 12, 10))
    for pid in [*members, WARM_UP]:
        service.add_member(ws, made.id, pid, reason="anggota uji beban")
    for role, people in (("ketua", CANDIDATES), ("sekretaris", ("m04", "m05")),
                         ("bendahara", ("m06", "m07"))):
        for pid in people:
            nominated = service.nominate(ws, made.id, role, pid, pid,
                                         f"Program {pid}: pelatihan foto produk")
            service.accept(ws, made.id, nominated.id)
    minute = ballot_service.open_election(ws, made.id, "ketua", list(CANDIDATES),
                                          present=VOTERS, tie_rule="runoff", voters="members",
                                          members=members)
    burst = ballot_service.open_election(ws, made.id, "sekretaris", ["m04", "m05"],
                                         present=VOTERS, tie_rule="runoff", voters="members",
                                         members=members)
    # Two bursts of 50 slips vote in this ballot (own addresses, then one shared address), so
    # it counts 100 "present": a bench artefact, the counts check still holds ballots == used.
    codes = ballot_service.open_election(ws, made.id, "bendahara", ["m06", "m07"],
                                         present=2 * VOTERS, tie_rule="runoff")
    slips = ballot_service.issue_codes(ws, codes.id, 2 * VOTERS)
    warm = ballot_service.open_election(ws, made.id, "wakil_ketua", ["m08", "m09"], present=1,
                                        tie_rule="runoff", voters="members",
                                        members=[*members, WARM_UP])
    store.set_facilitator_password(ws.engine, PASSWORD)
    classroom = store.open_new_session(ws.engine, "komunitas", "Pemilihan pengurus (bench)",
                                       "2026-12-10", "Kabupaten Sragen")
    with writing(ws) as conn:
        for pid in [*members, WARM_UP]:
            check_in(conn, classroom.session_id, pid)
    tokens = [store.create_device(ws.engine, PARTICIPANT, classroom.id, pid) for pid in members]
    warm_token = store.create_device(ws.engine, PARTICIPANT, classroom.id, WARM_UP)
    ws.engine.dispose()
    return {"ws_root": ws.root, "community": made.id, "members": members, "tokens": tokens,
            "minute": minute.id, "burst": burst.id, "codes": codes.id, "slips": slips,
            "warm": warm.id, "warm_token": warm_token}


def _source(root: Path) -> Path:
    """The kit's apps and the classroom tests' small module (no module conversion to wait for)."""
    source = root / "source"
    shutil.copytree(REPO / "voila_apps", source / "voila_apps")
    shutil.copytree(REPO / "tests" / "classroom" / "source" / "modules", source / "modules")
    return source


def _start(ws_root: Path, source: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``python -m kit start --classroom`` on a free port; wait until ``/kelas`` answers."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "UMKM_KIT_LANG": "id"}
    env.pop("BROWSER", None)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kit", "start", "--classroom", "--no-browser", "--host", HOST,
             "--port", str(port), "--workspace", str(ws_root), "--source", str(source)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        with contextlib.suppress(OSError), \
                urllib.request.urlopen(base + "/kelas", timeout=5) as answer:  # noqa: S310
            if answer.status == 200:
                break
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"classroom server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    # The kernels' fork server preloads in the background (its memory grows for a while): wait
    # until it listens, like a facilitator who starts the kit before the class, so that its
    # warm-up is not counted as the voters'.
    while b"[kit-forkserver" not in log.read_bytes() or b"] ready on" not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"fork server did not become ready:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
    time.sleep(SETTLE_S)
    return proc, base


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group, then kill whatever of its tree is left."""
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    for child in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


class _FromAddress(HTTPAdapter):
    """Connect from a given 127.x.y.z source address: each phone its own Wi-Fi address."""

    def __init__(self, source: str) -> None:
        self._source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Open every connection from the phone's address."""
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


def _phone(base: str, token: str | None, address: str | None = None) -> requests.Session:
    """A phone's browser, signed in with the device cookie ``token`` (or not at all).

    ``address`` (``127.0.0.N``) makes the phone connect from its own address, as phones on the
    laptop's Wi-Fi do; without it every phone shares 127.0.0.1.
    """
    from kit.classroom.web import DEVICE_COOKIE

    browser = requests.Session()
    if address is not None:
        browser.mount("http://", _FromAddress(address))
    if token is not None:
        browser.cookies.set(DEVICE_COOKIE, token, domain=HOST, path="/")
    return browser


# One phone's request: (seconds of the POST or None, error or None).
Outcome = tuple[float | None, str | None]


def _form_post(browser: requests.Session, url: str, fields: dict[str, str],
               done: Callable[[requests.Response], bool]) -> Outcome:
    """GET the page (XSRF cookie), then POST the form; time the POST and check its answer."""
    try:
        page = browser.get(url, timeout=60)
        if page.status_code != 200:
            return None, f"GET {page.status_code}"
        body = {**fields, "_xsrf": browser.cookies.get("_xsrf") or ""}
        t0 = time.perf_counter()
        answer = browser.post(url, data=body, timeout=60, allow_redirects=True)
        took = time.perf_counter() - t0
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {str(exc)[:120]}"
    if not done(answer):
        shown = re.sub(r"<(style|script)\b.*?</\1>", " ", answer.text, flags=re.S)
        found = re.search(r'class="[^"]*(?:error|problem)[^"]*"[^>]*>(.*?)<', shown, flags=re.S)
        text = re.sub(r"\s+", " ", found.group(1) if found else re.sub(r"<[^>]*>", " ", shown))
        text = text.strip()[:160]
        return None, f"POST {answer.status_code}: {text}"
    return took, None


def _has_receipt(answer: requests.Response) -> bool:
    return answer.status_code == 200 and 'id="receipt"' in answer.text


def _saved(answer: requests.Response) -> bool:
    return answer.status_code == 200 and "tersimpan=1" in answer.url


def _crowd(jobs: list[Callable[[], Outcome]], spread_s: float) -> list[Outcome]:
    """Run each job in its own thread: started evenly over ``spread_s`` (0: all at once)."""
    results: list[Outcome] = [(None, "not run")] * len(jobs)
    gate = threading.Barrier(len(jobs)) if not spread_s else None
    t0 = time.perf_counter()

    def worker(n: int) -> None:
        if gate is not None:
            gate.wait()
        else:
            delay = t0 + n * spread_s / len(jobs) - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        results[n] = jobs[n]()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _summary(outcomes: list[Outcome]) -> dict[str, Any]:
    """p50/p95/max seconds per request and the errors."""
    times = sorted(t for t, _e in outcomes if t is not None)
    errors = [e for _t, e in outcomes if e]
    out: dict[str, Any] = {"requests": len(outcomes), "ok": len(times), "errors": len(errors),
                           "error_samples": errors[:3]}
    if times:
        out["p50_s"] = round(statistics.median(times), 3)
        out["p95_s"] = round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 3)
        out["max_s"] = round(times[-1], 3)
    return out


def _phase(pid: int, jobs: list[Callable[[], Outcome]], spread_s: float) -> dict[str, Any]:
    """Run a phase and measure the server tree's CPU and memory growth per request."""
    before = tree_sample(pid)
    t0 = time.perf_counter()
    out = _summary(_crowd(jobs, spread_s))
    out["all_done_s"] = round(time.perf_counter() - t0, 1)
    time.sleep(SETTLE_S)
    after = tree_sample(pid)
    n = len(jobs)
    out["server_cpu_s"] = round(after["cpu_s"] - before["cpu_s"], 2)
    out["server_cpu_s_per_voter"] = round((after["cpu_s"] - before["cpu_s"]) / n, 4)
    out["server_uss_mb_per_voter"] = round((after["uss_mb"] - before["uss_mb"]) / n, 3)
    out["server_pss_mb_per_voter"] = round((after["pss_mb"] - before["pss_mb"]) / n, 3)
    out["server_after"] = {k: round(v, 1) for k, v in after.items()}
    return out


def _counts(ws_root: Path, plan: dict[str, Any]) -> dict[str, Any]:
    """Close each ballot through the ballot service; its counts check and tally."""
    from kit.community import ballot_service
    from kit.storage import schema
    from kit.workspace import open_workspace

    ws = open_workspace(ws_root)
    out: dict[str, Any] = {}
    try:
        for phase, key in (("members_minute", "minute"), ("members_burst", "burst"),
                           ("codes_both_bursts", "codes"), ("first_vote", "warm")):
            closed = ballot_service.close(ws, plan[key])
            out[phase] = {"ok": closed.counts.ok, "ballots": closed.counts.ballots,
                          "voters": closed.counts.codes_used, "present": closed.counts.present,
                          "tally": dict(closed.tally.counts),
                          "receipts": len(closed.receipts)}
        s = schema.score
        with ws.engine.connect() as conn:
            voters = conn.execute(sa.select(sa.func.count(sa.distinct(s.c.participant_id))).where(
                s.c.item_id == "kom_pemilihan_pengurus")).scalar_one()
        out["members_with_election_item"] = int(voters)
    finally:
        ws.engine.dispose()
    return out


def run() -> dict[str, Any]:
    """50 members voting (over a minute and at once), 50 code votes, and the survey baseline."""
    t_start = time.perf_counter()
    result: dict[str, Any] = {"voters": VOTERS}
    with tempfile.TemporaryDirectory(prefix="kit-ballot-bench-") as tmp:
        root = Path(tmp)
        plan = _setup(root)
        source = _source(root)
        log = root / "server.log"
        proc, base = _start(plan["ws_root"], source, log)
        try:
            result["server_start"] = {k: round(v, 1) for k, v in tree_sample(proc.pid).items()}
            phones = [_phone(base, token) for token in plan["tokens"]]
            # The facilitator's own look at the pages first (warm templates and caches).
            _phone(base, None).get(base + BALLOT_PAGE, timeout=60)
            phones[0].get(base + SURVEY_PAGE, timeout=60)
            ballot_url, survey_url = base + BALLOT_PAGE, base + SURVEY_PAGE
            # The server's first vote loads the vote's and the gradebook evidence's code once:
            # measured on its own (a 51st member, a ballot of its own), not in the phases.
            result["first_vote"] = _phase(proc.pid, [lambda: _form_post(
                _phone(base, plan["warm_token"]), ballot_url,
                {"election": plan["warm"], "candidate": "m08"}, _has_receipt)], 0)

            def vote(phone: requests.Session, election: str, candidate: str,
                     code: str | None = None) -> Callable[[], Outcome]:
                fields = {"election": election, "candidate": candidate}
                if code is not None:
                    fields["code"] = code
                return lambda: _form_post(phone, ballot_url, fields, _has_receipt)

            def survey(phone: requests.Session, n: int) -> Callable[[], Outcome]:
                fields = {"manfaat": str(4 + n % 2), "kejelasan": "4", "kecepatan": "3",
                          "paling_berguna": "Praktik memilih pengurus lewat ponsel.",
                          "perbaikan": ""}
                return lambda: _form_post(phone, survey_url, fields, _saved)

            minute_choices = [CANDIDATES[n % 3] for n in range(VOTERS)]
            result["members_minute"] = _phase(proc.pid, [
                vote(p, plan["minute"], c) for p, c in zip(phones, minute_choices, strict=True)
            ], MINUTE_S)
            result["survey_minute"] = _phase(proc.pid, [
                survey(p, n) for n, p in enumerate(phones)], MINUTE_S)
            result["members_burst"] = _phase(proc.pid, [
                vote(p, plan["burst"], ("m04", "m05")[n % 2]) for n, p in enumerate(phones)], 0)
            result["survey_burst"] = _phase(proc.pid, [
                survey(p, n + 1) for n, p in enumerate(phones)], 0)
            slips = plan["slips"]
            code_phones = [_phone(base, None, f"127.0.1.{n}") for n in range(1, VOTERS + 1)]
            result["codes_burst"] = _phase(proc.pid, [
                vote(p, plan["codes"], ("m06", "m07")[n % 2], code)
                for n, (p, code) in enumerate(zip(code_phones, slips[:VOTERS], strict=True))], 0)
            # Finding: phones sharing ONE address (a hotspot's NAT) meet the per-address limit
            # of code attempts in flight; the refused ones may try again later.
            shared = [_phone(base, None) for _ in range(VOTERS)]
            result["codes_burst_one_address"] = _phase(proc.pid, [
                vote(p, plan["codes"], ("m06", "m07")[n % 2], code)
                for n, (p, code) in enumerate(zip(shared, slips[VOTERS:], strict=True))], 0)
        finally:
            _stop(proc)
        result["counts_after_closing"] = _counts(plan["ws_root"], plan)
    minute = result["members_minute"]
    result["target_p95_le_0_5_s"] = {
        "members_minute_p95_s": minute.get("p95_s"),
        "met": minute.get("p95_s") is not None and minute["p95_s"] <= 0.5
        and minute["errors"] == 0}
    result["runtime_s"] = round(time.perf_counter() - t_start, 1)
    return result
