"""PINs, passwords and tokens: validation and hashing (argon2id), nothing stored in clear.

* participant PINs: 4 to 6 digits, hashed with argon2id (OWASP's minimum parameters, fast enough
  for 50 phones joining at once on a 2-core laptop); guessing is stopped by the rate limiter;
* the facilitator's password: at least 8 characters, argon2id with the library's defaults;
* device tokens: 32 random bytes in a cookie; the database keeps only their SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kit.i18n import _

PIN_MIN, PIN_MAX = 4, 6
PASSWORD_MIN = 8
_PIN_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_PASSWORD_HASHER = PasswordHasher()


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be used (translated), or ``None`` when it is 4 to 6 digits."""
    if not (pin.isascii() and pin.isdigit()) or not PIN_MIN <= len(pin) <= PIN_MAX:
        return _("A PIN is 4 to 6 digits, e.g. 2580.")
    return None


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be the facilitator's password, or ``None``."""
    if len(password) < PASSWORD_MIN:
        return _("The password needs at least 8 characters.")
    return None


def hash_pin(pin: str) -> str:
    """The argon2id hash of a valid PIN (raises ``ValueError`` for an invalid one)."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    return str(_PIN_HASHER.hash(pin))


def hash_password(password: str) -> str:
    """The argon2id hash of a valid facilitator password."""
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    return str(_PASSWORD_HASHER.hash(password))


def _verify(hasher: PasswordHasher, stored: str, given: str) -> bool:
    try:
        return bool(hasher.verify(stored, given))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_pin(stored_hash: str, pin: str) -> bool:
    """Whether ``pin`` matches the stored hash (``False`` for malformed input, never raises)."""
    return _verify(_PIN_HASHER, stored_hash, pin)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (never raises)."""
    return _verify(_PASSWORD_HASHER, stored_hash, password)


def random_pin(length: int = PIN_MIN) -> str:
    """A random PIN the facilitator can read out to a participant."""
    return "".join(secrets.choice("0123456789") for _ in range(length))


def new_token() -> str:
    """A new random device token for a cookie (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a device token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two strings."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
