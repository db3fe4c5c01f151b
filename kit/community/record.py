"""The community's rules (chapter V, Table 5.2): roles, membership, nominations and the board.

Pure rules, no database: the service (:mod:`kit.community.service`) reads what is stored and asks
these functions whether an action is allowed. A refusal is an :class:`~kit.problems.InputError`
naming the field that is wrong, with a translated message.

- The board's roles are the guide's four, in its order: ketua, wakil ketua, sekretaris,
  bendahara (:data:`ROLES`).
- A member is a participant who completed bimtek (the framework's prerequisite of the komunitas
  activity) or whom the facilitator admits with a reason (:func:`admission`).
- A member nominates themself or another member for a role; the nomination counts once the
  nominee accepts. A person has at most one standing nomination and at most one role
  (:func:`check_nomination`).
- A role is filled by musyawarah mufakat (the agreed person and who agreed,
  :func:`check_consensus`) or by ballot; either way one person holds one role at most and a role
  is filled once (:func:`check_seat`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

import attrs

from kit.i18n import N_, _
from kit.problems import InputError
from kit.records.eligibility import Eligibility

ROLES: tuple[str, ...] = ("ketua", "wakil_ketua", "sekretaris", "bendahara")
_ROLE_LABELS: dict[str, str] = {
    "ketua": N_("chair"), "wakil_ketua": N_("vice-chair"), "sekretaris": N_("secretary"),
    "bendahara": N_("treasurer"),
}
BY_BIMTEK = "bimtek"
BY_REASON = "reason"
MUSYAWARAH = "musyawarah"
BALLOT = "ballot"
METHODS: tuple[str, ...] = (MUSYAWARAH, BALLOT)
PROPOSED = "proposed"
ACCEPTED = "accepted"
WITHDRAWN = "withdrawn"
STANDING: tuple[str, ...] = (PROPOSED, ACCEPTED)


@attrs.frozen
class Admission:
    """How a member was admitted: ``by`` is ``bimtek`` or ``reason``; ``reason`` as written."""

    by: str
    reason: str | None


def role_label(role: str) -> str:
    """The role's name in the current language (``wakil_ketua`` → "wakil ketua")."""
    return _(_ROLE_LABELS[role])


def one_line(value: str | None) -> str:
    """``value`` with its whitespace runs collapsed to single spaces (``None`` → "")."""
    return " ".join((value or "").split())


def required(value: str | None, field: str) -> str:
    """``value`` on one line; empty is an :class:`InputError` on ``field``."""
    text = one_line(value)
    if not text:
        raise InputError(field, _("must not be empty"))
    return text


def check_role(value: str) -> str:
    """The role id written ``value`` (case, spaces and hyphens ignored); unknown: refused."""
    role = "_".join(value.strip().lower().replace("-", " ").split())
    if role not in ROLES:
        raise InputError("role", _("{value!r} is not a board role; the roles are: {roles}").format(
            value=value, roles=", ".join(ROLES)))
    return role


def admission(eligible: Eligibility, reason: str | None) -> Admission:
    """Admit by bimtek when no prerequisite is missing, else only with the facilitator's reason."""
    text = one_line(reason) or None
    if eligible.eligible:
        return Admission(BY_BIMTEK, text)
    if text is None:
        raise InputError("reason", _(
            "this participant has not completed {missing}; to admit them anyway, write the "
            "facilitator's reason").format(missing=", ".join(eligible.missing)))
    return Admission(BY_REASON, text)


def _member(person: str, field: str, members: Collection[str]) -> None:
    if person not in members:
        raise InputError(field, _("{id!r} is not a member of this community: add them as a "
                                  "member first").format(id=person))


def _role_free(role: str, holders: Mapping[str, str]) -> None:
    if role in holders.values():
        raise InputError("role", _("the role {role} is already filled").format(
            role=role_label(role)))


def _holds_none(person: str, field: str, holders: Mapping[str, str]) -> None:
    if person in holders:
        raise InputError(field, _("{id!r} already holds the role {role}; one person holds one "
                                  "role").format(id=person, role=role_label(holders[person])))


def check_nomination(role: str, nominee: str, by: str, members: Collection[str],
                     standing: Mapping[str, str], holders: Mapping[str, str]) -> None:
    """Refuse a nomination of ``nominee`` by ``by`` for ``role`` that breaks a rule.

    ``standing`` maps a person to the role of their standing (proposed or accepted) nomination,
    ``holders`` a person to the role they hold on the board.
    """
    _member(by, "by", members)
    _member(nominee, "nominee", members)
    _role_free(role, holders)
    _holds_none(nominee, "nominee", holders)
    if nominee in standing:
        raise InputError("nominee", _("{id!r} is already nominated for {role}; a person stands "
                                      "for one role").format(id=nominee,
                                                             role=role_label(standing[nominee])))


def check_seat(role: str, person: str, method: str, members: Collection[str],
               holders: Mapping[str, str]) -> None:
    """Refuse seating ``person`` in ``role`` by ``method`` when it breaks a rule.

    The method is musyawarah or ballot, the person a member holding no role, the role empty.
    """
    if method not in METHODS:
        raise InputError("method", _("{value!r} is not a way of choosing the board; use one "
                                     "of: {choices}").format(value=method,
                                                              choices=", ".join(METHODS)))
    _member(person, "person", members)
    _role_free(role, holders)
    _holds_none(person, "person", holders)


def check_consensus(role: str, person: str, agreed_by: Iterable[str], members: Collection[str],
                    candidates: Collection[str], holders: Mapping[str, str]
                    ) -> tuple[str, ...]:
    """Check a musyawarah decision and return who agreed (in order, each once).

    ``candidates`` are the accepted candidates for ``role``: the agreed person must be one of
    them, or any member when nobody accepted a nomination. At least one member agreed, and
    everyone who agreed is a member.
    """
    agreed = tuple(dict.fromkeys(agreed_by))
    if not agreed:
        raise InputError("agreed_by", _("name at least one member who agreed"))
    for who in agreed:
        _member(who, "agreed_by", members)
    check_seat(role, person, MUSYAWARAH, members, holders)
    if candidates and person not in candidates:
        raise InputError("person", _("{id!r} is not an accepted candidate for {role}; the "
                                     "candidates are: {ids}").format(
            id=person, role=role_label(role), ids=", ".join(candidates)))
    return agreed
