"""``umkm-kit community create|list|show|member add|nominate|accept|consensus``: the record.

``create`` records a community (name, district, place, the day formed); ``list`` and ``show ID``
print communities and one community's whole record (``--format json``, each item with its
``id``). ``member add`` admits a participant (by bimtek, or with ``--reason``), ``nominate`` and
``accept`` record nominations for the board's roles, and ``consensus`` records a role decided by
musyawarah mufakat with who agreed. Participants are given by id or by exact name. A refused
input is one line naming the option, exit status 2, and nothing is written. The work is done by
:mod:`kit.community.service` and the rules of :mod:`kit.community.record`.
"""

from __future__ import annotations

import argparse
import importlib
from datetime import date

from kit.cli.common import (
    add_lang,
    add_workspace,
    print_json,
    print_table,
    refusing,
    with_workspace,
)
from kit.i18n import _
from kit.problems import InputError
from kit.workspace import Workspace

BAD_INPUT = 2
# The service's field → how the command line names it.
OPTION = {"name": "--name", "district": "--district", "place": "--place", "formed_on": "--date",
          "id": "ID", "participant": "PARTICIPANT", "reason": "--reason", "role": "--role",
          "nominee": "--nominee", "by": "--by", "programme": "--programme",
          "nomination": "NOMINATION", "person": "--person", "agreed_by": "--agreed-by",
          "method": "--method"}
# Modules adding more actions to ``community`` (e.g. the ballot, the MoU): each has
# ``register_actions(actions)`` taking this command's sub-parsers.
ACTION_MODULES: tuple[str, ...] = ("kit.cli.community_ballot_cmd", "kit.cli.community_docs_cmd")

def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``community`` command and its actions."""
    parser = sub.add_parser("community", help=_("the e-UMKM community: members, nominations "
                                                "and board"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    create = actions.add_parser("create", help=_("record a new community"))
    create.add_argument("--name", required=True, metavar=_("NAME"),
                        help=_("the community's name"))
    create.add_argument("--district", required=True, metavar=_("DISTRICT"),
                        help=_("its kabupaten/kota (official name or Kemendagri code)"))
    create.add_argument("--place", required=True, metavar=_("VENUE"),
                        help=_("where it was formed"))
    create.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help=_("the day it was formed (default: today)"))
    lst = actions.add_parser("list", help=_("list the communities"))
    lst.add_argument("--format", choices=("table", "json"), default="table")
    show = actions.add_parser("show", help=_("show a community's members, nominations and board"))
    show.add_argument("community_id", metavar="ID")
    show.add_argument("--format", choices=("text", "json"), default="text")
    members = actions.add_parser("member", help=_("the community's members"))
    member_actions = members.add_subparsers(dest="member_action", metavar=_("ACTION"),
                                            required=True)
    add = member_actions.add_parser("add", help=_("admit a participant as a member"))
    add.add_argument("community_id", metavar="ID")
    add.add_argument("participant", metavar="PARTICIPANT",
                     help=_("the participant's id or exact name"))
    add.add_argument("--reason", default=None, metavar=_("TEXT"),
                     help=_("why the facilitator admits someone who has not completed bimtek"))
    nominate = actions.add_parser("nominate", help=_("nominate a member for a board role"))
    nominate.add_argument("community_id", metavar="ID")
    nominate.add_argument("--role", required=True, metavar=_("ROLE"),
                          help=_("ketua, wakil_ketua, sekretaris or bendahara"))
    nominate.add_argument("--nominee", required=True, metavar="P",
                          help=_("the member nominated (id or exact name)"))
    nominate.add_argument("--by", required=True, metavar="P",
                          help=_("the member who nominates (themself or another)"))
    nominate.add_argument("--programme", required=True, metavar=_("TEXT"),
                          help=_("the candidate's short programme"))
    accept = actions.add_parser("accept", help=_("the nominee accepts a nomination"))
    accept.add_argument("community_id", metavar="ID")
    accept.add_argument("nomination", metavar="NOMINATION",
                        help=_("the nomination's number (see 'community show')"))
    consensus = actions.add_parser("consensus", help=_("record a role decided by musyawarah "
                                                       "mufakat"))
    consensus.add_argument("community_id", metavar="ID")
    consensus.add_argument("--role", required=True, metavar=_("ROLE"),
                           help=_("ketua, wakil_ketua, sekretaris or bendahara"))
    consensus.add_argument("--person", required=True, metavar="P",
                           help=_("the member agreed on (id or exact name)"))
    consensus.add_argument("--agreed-by", required=True, metavar="P1,P2,...",
                           help=_("the members who agreed, separated by commas"))
    for p in (create, lst, show, add, nominate, accept, consensus):
        add_lang(p)
        add_workspace(p)
    create.set_defaults(func=_create)
    lst.set_defaults(func=_list)
    show.set_defaults(func=_show)
    add.set_defaults(func=_member_add)
    nominate.set_defaults(func=_nominate)
    accept.set_defaults(func=_accept)
    consensus.set_defaults(func=_consensus)
    for name in ACTION_MODULES:
        importlib.import_module(name).register_actions(actions)


_refusing = refusing(OPTION)


@with_workspace(1)
@_refusing
def _create(args: argparse.Namespace, ws: Workspace) -> int:
    """Record a community and print its id."""
    from kit.community import service

    try:
        on = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise InputError("formed_on", _("{value!r} is not a date written YYYY-MM-DD").format(
            value=args.date)) from None
    made = service.create(ws, args.name, args.district, args.place, on)
    print(_("Community {id} recorded: {name}, {district}.").format(
        id=made.id, name=made.name, district=made.district))
    return 0


@with_workspace(1)
@_refusing
def _list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print every community with its id, district, day and place."""
    from kit.community import service

    found = service.list_communities(ws)
    if args.format == "json":
        print_json([c.as_dict() for c in found])
        return 0
    print_table((_("ID"), _("NAME"), _("DISTRICT"), _("DATE"), _("VENUE")),
                [[c.id, c.name, c.district, c.formed_on.isoformat(), c.place] for c in found])
    return 0


def _how_admitted(admitted_by: str, reason: str | None) -> str:
    if admitted_by == "bimtek":
        return _("completed bimtek")
    return _("admitted by the facilitator: {reason}").format(reason=reason or "")


def _status(status: str) -> str:
    return {"proposed": _("awaiting acceptance"), "accepted": _("nominee accepted"),
            "withdrawn": _("withdrawn")}.get(status, status)


def _method(method: str) -> str:
    return {"musyawarah": _("musyawarah mufakat"), "ballot": _("secret ballot")}.get(
        method, method)


@with_workspace(1)
@_refusing
def _show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print one community's whole record as text or JSON."""
    from kit.community import service
    from kit.community.record import role_label

    found = service.show(ws, args.community_id)
    if args.format == "json":
        print_json(found.as_dict())
        return 0
    c = found.community
    code = f" ({c.district_code})" if c.district_code else ""
    lines = [f"{c.name} [{c.id}]",
             _("District: {district}").format(district=c.district + code),
             _("Formed: {day}, {place}").format(day=c.formed_on.isoformat(), place=c.place),
             "", _("Members ({n}):").format(n=len(found.members))]
    lines += [f"  {m.id}  {m.name} — {_how_admitted(m.admitted_by, m.reason)}"
              for m in found.members]
    lines += ["", _("Nominations:")]
    lines += [_("  #{id} {role}: {nominee} (nominated by {by}), {status}; programme: "
                "{programme}").format(id=n.id, role=role_label(n.role), nominee=n.nominee_name,
                                      by=n.nominated_by_name, status=_status(n.status),
                                      programme=n.programme)
              for n in found.nominations] or ["  -"]
    lines += ["", _("Board:")]
    lines += [_("  {role}: {name} ({method}, {day})").format(
        role=role_label(s.role), name=s.name, method=_method(s.method),
        day=s.seated_at.date().isoformat()) for s in found.board] or ["  -"]
    print("\n".join(lines))
    return 0


@with_workspace(1)
@_refusing
def _member_add(args: argparse.Namespace, ws: Workspace) -> int:
    """Admit a participant and say how they were admitted."""
    from kit.community import service

    made = service.add_member(ws, args.community_id, args.participant, args.reason)
    print(_("{name} ({id}) is a member: {how}.").format(
        name=made.name, id=made.id, how=_how_admitted(made.admitted_by, made.reason)))
    return 0


@with_workspace(1)
@_refusing
def _nominate(args: argparse.Namespace, ws: Workspace) -> int:
    """Record a nomination and print its number."""
    from kit.community import service
    from kit.community.record import role_label

    made = service.nominate(ws, args.community_id, args.role, args.nominee, args.by,
                            args.programme)
    print(_("Nomination {id}: {nominee} for {role}; it counts once accepted "
            "('community accept {community} {id}').").format(
        id=made.id, nominee=made.nominee_name, role=role_label(made.role),
        community=args.community_id))
    return 0


@with_workspace(1)
@_refusing
def _accept(args: argparse.Namespace, ws: Workspace) -> int:
    """Record that the nominee accepts."""
    from kit.community import service
    from kit.community.record import role_label

    made = service.accept(ws, args.community_id, args.nomination)
    print(_("{nominee} accepts the nomination for {role}.").format(
        nominee=made.nominee_name, role=role_label(made.role)))
    return 0


@with_workspace(1)
@_refusing
def _consensus(args: argparse.Namespace, ws: Workspace) -> int:
    """Record the role decided by musyawarah mufakat."""
    from kit.community import service
    from kit.community.record import role_label

    agreed = [p for p in args.agreed_by.split(",") if p.strip()]
    made = service.consensus(ws, args.community_id, args.role, args.person, agreed)
    print(_("{name} is {role} by musyawarah mufakat; agreed by: {ids}.").format(
        name=made.name, role=role_label(made.role), ids=", ".join(made.agreed_by)))
    return 0
