"""Pseudonyms under the province key: one person is one ``person_id`` across districts.

The province office makes one key (32 random bytes, kept as 64 hex digits in a key file) and sends
it to its districts' facilitators. A participant's ``person_id`` is HMAC-SHA256(key, identity),
the first 32 hex digits, where the identity is the phone in its storage form (``phone:+628…``,
:func:`kit.records.phone.storage_form`) or, without a phone, the folded name and village
(``name:siti aminah|sragen kulon``). Without the key nobody can link an id back to a phone; with
another key the same person has another id. A facilitator's name becomes ``F-`` and 8 hex digits.
``key_id`` (16 hex digits of sha256 of the key) names the key in a package without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Protocol

import attrs

from kit.i18n import _
from kit.records.phone import storage_form

KEY_BYTES = 32
KEY_FILE_NAME = "coordinator.key"
_KEY_TEXT = re.compile(r"[0-9a-fA-F]{64}")


class KeyFileError(Exception):
    """The province key file cannot be read or written (one line naming the file)."""


@attrs.frozen
class ProvinceKey:
    """The province's secret key; ``key_id`` names it without revealing it."""

    secret: bytes = attrs.field(repr=False)

    @property
    def key_id(self) -> str:
        """The first 16 hex digits of sha256(key)."""
        return hashlib.sha256(self.secret).hexdigest()[:16]

    def digest(self, text: str) -> str:
        """HMAC-SHA256 of ``text`` (UTF-8) under the key, as 64 lowercase hex digits."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


class Person(Protocol):
    """What identifies a person: their phone, or their name and village."""

    @property
    def name(self) -> str:
        """The person's name as recorded."""
        ...

    @property
    def phone(self) -> str | None:
        """The phone as recorded (any written form), or ``None``."""
        ...

    @property
    def village(self) -> str | None:
        """The village (desa/kelurahan) as recorded, or ``None``."""
        ...


def fold(text: str | None) -> str:
    """``text`` casefolded with its whitespace collapsed (``None`` is empty)."""
    return " ".join((text or "").casefold().split())


def identity(person: Person) -> str:
    """What the person's id is a keyed hash of: ``phone:+628…`` or ``name:NAME|VILLAGE``."""
    if person.phone and person.phone.strip():
        try:
            return "phone:" + storage_form(person.phone)
        except ValueError:
            pass  # not a readable phone: identify by name and village instead
    return "name:" + fold(person.name) + "|" + fold(person.village)


def person_id(key: ProvinceKey, person: Person) -> str:
    """The person's pseudonym under ``key``: 32 lowercase hex digits."""
    return key.digest(identity(person))[:32]


def facilitator_pseudonym(key: ProvinceKey, name: str) -> str:
    """A facilitator's pseudonym: ``F-`` and the first 8 hex of HMAC(key, folded name)."""
    return "F-" + key.digest(fold(name))[:8]


def read_key_file(path: Path) -> ProvinceKey:
    """The key in ``path`` (64 hex digits, surrounding whitespace allowed)."""
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise KeyFileError(_("{path}: no such key file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise KeyFileError(_("{path}: the key file cannot be read ({reason})").format(
            path=path, reason=reason)) from None
    if not _KEY_TEXT.fullmatch(text):
        raise KeyFileError(_("{path}: not a province key (it must hold 64 hex digits)").format(
            path=path))
    return ProvinceKey(bytes.fromhex(text))


def new_key_file(path: Path) -> ProvinceKey:
    """Make a new random key and write it to ``path``; an existing file is never overwritten."""
    path = Path(path)
    key = ProvinceKey(secrets.token_bytes(KEY_BYTES))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(_("{path}: a key file is already there; it is not overwritten").format(
            path=path)) from None
    except OSError as exc:
        raise KeyFileError(_("{path}: the key file cannot be written ({reason})").format(
            path=path, reason=exc.strerror or type(exc).__name__)) from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.secret.hex() + "\n")
    return key


def ensure_key_file(path: Path) -> ProvinceKey:
    """The key in ``path``, made first when there is none (the demo workspace's own key)."""
    try:
        return new_key_file(path)
    except KeyFileError:
        if not Path(path).exists():
            raise
        return read_key_file(path)
