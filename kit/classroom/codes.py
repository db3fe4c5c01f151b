"""Session codes (``K7M-4QX``) and the short join address shown on the projector.

A code is six characters from an alphabet without the look-alikes ``0 O 1 I L`` so it can be read
off a projector and typed on a phone; people may type it in lower case, with or without the dash
or spaces. It is random (``secrets``), about 30 bits, and only valid while its classroom is open.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
JOIN_PREFIX = "/k/"


def new_code() -> str:
    """A new random session code in its normal form (six characters, no dash)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str | None) -> str | None:
    """The normal form of a typed code, or ``None`` when it cannot be a code.

    Case, spaces and dashes are ignored; any other character makes it invalid.
    """
    if text is None:
        return None
    compact = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def display_code(code: str) -> str:
    """The code as shown to people: two groups of three (``K7M-4QX``)."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def join_url(base_url: str, code: str) -> str:
    """The short address the QR code holds, e.g. ``http://192.168.1.10:8866/k/K7M4QX``."""
    return base_url.rstrip("/") + JOIN_PREFIX + code
