"""Which PINs are too easy to guess: a PIN someone chooses must not be one of them.

A PIN (4 to 6 digits, :func:`kit.classroom.credentials.pin_problem`) is *trivial* when

* all its digits are the same: ``0000``, ``111111``;
* its digits go up or down by one: ``1234``, ``4321``, ``3456``, ``987654``;
* it repeats a shorter block: ``1212``, ``6969``, ``1010``, ``123123``;
* it is on the short list of other PINs people choose most (keypad columns such as ``2580``
  and ``0852``, ``1122``, ``1004``, ``2000``…; :data:`COMMON`).

Only a PIN chosen by a participant (a walk-in registering) is checked; PINs the facilitator
issues are drawn at random with :func:`issue_pin`, which never returns a trivial one.
"""

from __future__ import annotations

import itertools

from kit.classroom.credentials import pin_problem, random_pin
from kit.i18n import _

COMMON = frozenset({
    "2580", "0852", "1470", "0741", "3690", "0963", "1379", "1122", "2211", "1004", "2000",
    "2001", "1357", "2468", "7410", "0147", "258025", "147258", "258369", "159753", "112233",
})


def _steps(pin: str) -> set[int]:
    return {int(b) - int(a) for a, b in itertools.pairwise(pin)}


def _repeats_a_block(pin: str) -> bool:
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
               for size in range(1, len(pin) // 2 + 1))


def is_trivial(pin: str) -> bool:
    """Whether a PIN is too easy to guess (same digits, a run, a repeated block, a common PIN)."""
    return (_steps(pin) in ({0}, {1}, {-1}) or _repeats_a_block(pin) or pin in COMMON)


def chosen_pin_problem(pin: str) -> str | None:
    """Why a participant cannot choose ``pin`` (translated), or ``None`` when they can."""
    problem = pin_problem(pin)
    if problem:
        return problem
    if is_trivial(pin):
        return _("This PIN is too easy to guess (like 1234, 1111 or 2580). Choose other "
                 "digits.")
    return None


def issue_pin() -> str:
    """A random 4-digit PIN for the facilitator to give a participant (never a trivial one)."""
    while True:
        pin = random_pin()
        if not is_trivial(pin):
            return pin
