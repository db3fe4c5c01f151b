"""Unit tests of the classroom's pure logic: PINs, rate limits, codes, routing, messages, tokens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from kit.classroom.codes import display_code, join_url, new_code, normalise_code
from kit.classroom.credentials import (
    hash_password,
    hash_pin,
    pin_problem,
    random_pin,
    token_hash,
    verify_password,
    verify_pin,
)
from kit.classroom.identity import sign_token, token_classroom, verify_token
from kit.classroom.pin_rules import chosen_pin_problem, is_trivial, issue_pin
from kit.classroom.ratelimit import (
    PER_ADDRESS,
    PER_PARTICIPANT,
    WALK_IN,
    Policy,
    is_locked,
    quota_wait_seconds,
    wait_seconds,
)
from kit.classroom.routing import (
    FACILITATOR,
    PARTICIPANT,
    Area,
    Decision,
    Principal,
    classify,
    decide,
    is_unsafe,
)
from kit.classroom.web import safe_next
from kit.classroom.wsfilter import V1_SUBPROTOCOL, is_allowed, message_type

KID = "0f8fad5b-d9cb-469f-a165-70867728950e"
T0 = datetime(2026, 8, 17, 9, 0, tzinfo=UTC)
ALICE = Principal(PARTICIPANT, "dev-a", "pa", 1)
BOB = Principal(PARTICIPANT, "dev-b", "pb", 1)
FAC = Principal(FACILITATOR, "dev-f")


@pytest.mark.parametrize("pin", ["1234", "000000", "98765"])
def test_valid_pins_hash_and_verify(pin: str) -> None:
    """A 4–6 digit PIN hashes with argon2id, verifies, and a different PIN does not."""
    hashed = hash_pin(pin)
    assert hashed.startswith("$argon2id$") and pin not in hashed
    assert verify_pin(hashed, pin)
    assert not verify_pin(hashed, "1111" if pin != "1111" else "2222")


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "١٢٣٤", " 1234", ""])
def test_invalid_pins_are_refused(pin: str) -> None:
    """PINs that are not 4–6 ASCII digits are explained and cannot be hashed."""
    assert pin_problem(pin)
    with pytest.raises(ValueError):
        hash_pin(pin)


def test_verify_never_raises_on_garbage() -> None:
    """A damaged stored hash or odd input verifies as false instead of raising."""
    assert not verify_pin("not-a-hash", "1234")
    assert not verify_password("$argon2id$garbage", "x" * 10)


def test_password_rules_and_hashing() -> None:
    """The facilitator's password needs 8 characters and is stored only as an argon2 hash."""
    with pytest.raises(ValueError):
        hash_password("short")
    hashed = hash_password("kelas-sragen-2026")
    assert verify_password(hashed, "kelas-sragen-2026")
    assert not verify_password(hashed, "kelas-sragen-2027")


def test_random_pin_and_token_hash() -> None:
    """Random PINs are valid PINs; token hashes are SHA-256 hex, not the token."""
    assert pin_problem(random_pin()) is None
    assert len(token_hash("abc")) == 64 and token_hash("abc") != "abc"


@pytest.mark.parametrize("pin", [
    "0000", "1111", "999999", "1234", "4321", "3456", "987654", "012345", "1212", "6969",
    "1010", "123123", "2580", "0852", "1122", "1004", "2000",
])
def test_trivial_pins_are_refused_with_a_reason(pin: str) -> None:
    """Same digits, runs, repeated blocks and common PINs are trivial; the reason says so."""
    assert is_trivial(pin)
    problem = chosen_pin_problem(pin)
    assert problem is not None and "mudah ditebak" in problem


@pytest.mark.parametrize("pin", ["4711", "2581", "1243", "9012", "135792", "48260", "7305"])
def test_other_pins_can_be_chosen(pin: str) -> None:
    """A PIN that is not trivial is accepted; malformed ones keep the format message."""
    assert not is_trivial(pin)
    assert chosen_pin_problem(pin) is None
    assert chosen_pin_problem("12a4") == pin_problem("12a4")


def test_issued_pins_are_never_trivial() -> None:
    """The facilitator's random PINs are 4 digits and never trivial."""
    for _ in range(500):
        pin = issue_pin()
        assert len(pin) == 4 and pin.isdigit() and not is_trivial(pin)


def test_walk_in_quota_is_three_per_ten_minutes() -> None:
    """Three registrations in ten minutes are free; the fourth waits until the oldest ages out."""
    done = [T0, T0 + timedelta(minutes=1)]
    assert quota_wait_seconds(WALK_IN, done, T0 + timedelta(minutes=2)) == 0
    done.append(T0 + timedelta(minutes=2))
    assert quota_wait_seconds(WALK_IN, done, T0 + timedelta(minutes=3)) == 7 * 60
    assert quota_wait_seconds(WALK_IN, done, T0 + timedelta(minutes=10, seconds=1)) == 0
    old = [T0 - timedelta(minutes=11)] * 5
    assert quota_wait_seconds(WALK_IN, old, T0) == 0


def test_five_free_tries_then_growing_lockout() -> None:
    """Five failures lock for 30 s, each further failure doubles it, up to 15 minutes."""
    policy = PER_PARTICIPANT
    fails = [T0 + timedelta(seconds=i) for i in range(4)]
    assert not is_locked(policy, fails, T0 + timedelta(seconds=5))
    fails.append(T0 + timedelta(seconds=4))
    assert is_locked(policy, fails, T0 + timedelta(seconds=5))
    assert wait_seconds(policy, fails, T0 + timedelta(seconds=4)) == 30
    assert not is_locked(policy, fails, T0 + timedelta(seconds=35))
    fails.append(T0 + timedelta(seconds=40))
    assert wait_seconds(policy, fails, T0 + timedelta(seconds=40)) == 60
    assert policy.lock_seconds(30) == 900


def test_address_policy_allows_more_tries_than_one_participant() -> None:
    """One address gets ten failures across participants before it is locked."""
    fails = [T0 + timedelta(seconds=i) for i in range(9)]
    assert not is_locked(PER_ADDRESS, fails, T0 + timedelta(seconds=10))
    assert is_locked(PER_ADDRESS, [*fails, T0 + timedelta(seconds=9)], T0 + timedelta(seconds=10))
    assert Policy(free=1).lock_seconds(0) == 0


def test_session_codes() -> None:
    """Codes are six unambiguous characters, typed in any case, with or without the dash."""
    code = new_code()
    assert normalise_code(code) == code and len(code) == 6
    assert normalise_code(display_code(code).lower()) == code
    assert normalise_code(" abc-234 ") == "ABC234"
    for bad in ("ABC23", "ABC2345", "ABO234", "AB1234", "ABC/34", None):
        assert normalise_code(bad) is None
    assert join_url("http://192.168.1.10:8866/", "ABC234") == "http://192.168.1.10:8866/k/ABC234"
    assert len({new_code() for _ in range(200)}) > 190


@pytest.mark.parametrize("path", [
    "/voila/render/../../kit-workspace.json", "/voila/render/%2e%2e/%2e%2e/kit-workspace.json",
    "/voila/files/%252e%252e/kit-workspace.json", "/voila/static/..%2f..%2fetc/passwd",
    "/voila/files/.kit-build.json", "/voila/render/modules/..\\x.ipynb", "//etc/passwd",
    "/voila/static/%00", "/static/../kit-workspace.json",
])
def test_traversal_paths_are_blocked_for_everyone(path: str) -> None:
    """Dot segments, hidden files and encoded separators are 404 even for the facilitator."""
    assert is_unsafe(path)
    assert decide(classify(path), FAC) is Decision.NOT_FOUND


@pytest.mark.parametrize(("path", "area"), [
    ("/", Area.PUBLIC), ("/k/ABC234", Area.PUBLIC), ("/kelas", Area.PUBLIC),
    ("/kelas/masuk/p1234abcd", Area.PUBLIC), ("/kelas/static/kelas.css", Area.PUBLIC),
    ("/kelas/layar", Area.FACILITATOR), ("/kelas/layar/tutup", Area.FACILITATOR),
    ("/voila/render/modules/advokasi.ipynb", Area.PARTICIPANT),
    ("/voila/static/voila.js", Area.PARTICIPANT),
    ("/voila/templates/umkm-kit/static/kit.css", Area.PARTICIPANT),
    ("/voila/render/beranda.ipynb", Area.FACILITATOR),
    ("/voila/render/apps/checklist.ipynb", Area.FACILITATOR),
    ("/voila/render/apps/ekspor.ipynb", Area.FACILITATOR),
    ("/voila/render/modules/sub/x.ipynb", Area.FACILITATOR),
    ("/voila/tree", Area.FACILITATOR), ("/voila/api/contents/", Area.FACILITATOR),
    ("/voila/files/apps/data.csv", Area.FACILITATOR), ("/api/kernels", Area.FACILITATOR),
    ("/login", Area.FACILITATOR), ("/anything/new", Area.FACILITATOR),
    (f"/api/kernels/{KID}/channels", Area.KERNEL), (f"/voila/api/shutdown/{KID}", Area.KERNEL),
])
def test_paths_fall_in_their_area(path: str, area: Area) -> None:
    """Each address is in its area; anything unknown is a facilitator page."""
    assert classify(path).area is area


def test_decisions() -> None:
    """Participants get modules and their own kernels only; signed-out visitors must log in."""
    module = classify("/voila/render/modules/advokasi.ipynb")
    app = classify("/voila/render/apps/checklist.ipynb")
    kernel = classify(f"/api/kernels/{KID}/channels")
    assert kernel.kernel_id == KID
    assert decide(module, None) is Decision.LOGIN
    assert decide(app, None) is Decision.LOGIN
    assert decide(kernel, None, "dev-a") is Decision.FORBIDDEN
    assert decide(module, ALICE) is Decision.ALLOW
    assert decide(app, ALICE) is Decision.FORBIDDEN
    assert decide(kernel, ALICE, "dev-a") is Decision.ALLOW
    assert decide(kernel, BOB, "dev-a") is Decision.FORBIDDEN
    assert decide(kernel, BOB, None) is Decision.FORBIDDEN
    assert decide(app, FAC) is Decision.ALLOW
    assert decide(kernel, FAC, "dev-a") is Decision.ALLOW


def test_safe_next_keeps_only_local_known_paths() -> None:
    """Redirects after login never leave the server or point at kernels or blocked paths."""
    assert safe_next("/voila/render/modules/a.ipynb", "/kelas") == "/voila/render/modules/a.ipynb"
    for bad in ("https://evil.example/", "//evil.example/x", "/voila/../x", "",
                f"/api/kernels/{KID}", None):
        assert safe_next(bad, "/kelas") == "/kelas"


def _v1(msg_type: str) -> bytes:
    parts = [b"shell", json.dumps({"msg_type": msg_type}).encode(), b"{}", b"{}", b"{}"]
    offsets, pos = [], 8 * (len(parts) + 2)
    for part in parts:
        offsets.append(pos)
        pos += len(part)
    offsets.append(pos)
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def test_websocket_filter_lets_only_widget_traffic_through() -> None:
    """Comm and kernel-info messages pass; execute_request and unreadable messages are dropped."""
    as_json = json.dumps({"header": {"msg_type": "execute_request"}, "channel": "shell"})
    assert not is_allowed(as_json, None)
    assert is_allowed(json.dumps({"header": {"msg_type": "comm_msg"}}), None)
    assert message_type(_v1("comm_msg"), V1_SUBPROTOCOL) == "comm_msg"
    assert not is_allowed(_v1("execute_request"), V1_SUBPROTOCOL)
    assert not is_allowed(b"\x00garbage", V1_SUBPROTOCOL)
    assert not is_allowed("not json", None)


def test_identity_tokens_are_signed() -> None:
    """A token verifies with its key only; tampering with the participant id breaks it."""
    key = "ab" * 32
    token = sign_token(key, "p12345678", 7)
    assert token_classroom(token) == 7
    assert verify_token(key, token) == ("p12345678", 7)
    assert verify_token("cd" * 32, token) is None
    version, _payload, mac = token.split(".")
    forged = sign_token("cd" * 32, "pother000", 7).split(".")[1]
    assert verify_token(key, f"{version}.{forged}.{mac}") is None
    assert verify_token(key, "garbage") is None
