"""``umkm-kit community ballot open|slips|status|close|runoff|decide``: the secret ballot.

``open ID --role ROLE --tie-rule runoff|musyawarah --present N [--voters codes|members]`` opens
the ballot of a role among its accepted nominees (``members``: the community's members vote
signed in). ``slips ID --count N --out FILE.pdf|.html [ELECTION…]`` prints slips with one new
code per open ballot (all the community's open ballots by codes when none is named): the plain
codes exist only in that file. ``status ID`` shows, per ballot, how many of those present have
voted while it is open, and the tally, the receipts and the counts check once closed
(``--format json``, each ballot with its ``id``). ``close ELECTION`` closes it and seats a clear
winner; ``runoff ELECTION`` opens the run-off of a tie; ``decide ELECTION --chosen P
--agreed-by P1,P2`` records the musyawarah's choice among the tied and seats them.

A refusal is one line naming the option, exit status 2, and nothing is written. The work is
done by :mod:`kit.community.ballot_service` and :mod:`kit.community.ballot_board`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.cli.community_cmd import BAD_INPUT, OPTION
from kit.i18n import _, get_language
from kit.problems import InputError
from kit.workspace import Workspace

SLIP_FORMATS = (".pdf", ".html")
BALLOT_OPTION = {**OPTION, "community_id": "ID", "election_id": "ELECTION",
                 "candidates": "--role", "tie_rule": "--tie-rule", "voters": "--voters",
                 "members": "--voters", "present": "--present", "count": "--count",
                 "out": "--out", "chosen": "--chosen", "agreed_by": "--agreed-by"}


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ballot`` and its actions to the ``community`` command."""
    ballot = actions.add_parser("ballot", help=_("the secret ballot of a board role"))
    steps = ballot.add_subparsers(dest="ballot_action", metavar=_("ACTION"), required=True)
    opened = steps.add_parser("open", help=_("open the ballot of a role among its accepted "
                                             "nominees"))
    opened.add_argument("community_id", metavar="ID")
    opened.add_argument("--role", required=True, metavar=_("ROLE"),
                        help=_("ketua, wakil_ketua, sekretaris or bendahara"))
    opened.add_argument("--tie-rule", required=True, metavar="runoff|musyawarah",
                        help=_("what settles a tie, chosen before voting"))
    opened.add_argument("--present", required=True, metavar="N",
                        help=_("the number of members present"))
    opened.add_argument("--voters", default="codes", metavar="codes|members",
                        help=_("codes on printed slips (default) or signed-in members"))
    slips = steps.add_parser("slips", help=_("print slips with one-time codes"))
    slips.add_argument("community_id", metavar="ID")
    slips.add_argument("elections", nargs="*", metavar="ELECTION",
                       help=_("the ballots on each slip (default: every open ballot by codes)"))
    slips.add_argument("--count", required=True, metavar="N", help=_("how many slips"))
    slips.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.html")
    status = steps.add_parser("status", help=_("how the community's ballots stand"))
    status.add_argument("community_id", metavar="ID")
    status.add_argument("--format", choices=("text", "json"), default="text")
    close = steps.add_parser("close", help=_("close a ballot and seat a clear winner"))
    close.add_argument("election_id", metavar="ELECTION")
    runoff = steps.add_parser("runoff", help=_("open the run-off of a tied ballot"))
    runoff.add_argument("election_id", metavar="ELECTION")
    decide = steps.add_parser("decide", help=_("record the musyawarah's choice among the tied"))
    decide.add_argument("election_id", metavar="ELECTION")
    decide.add_argument("--chosen", required=True, metavar="P",
                        help=_("the tied candidate agreed on (id or exact name)"))
    decide.add_argument("--agreed-by", required=True, metavar="P1,P2,...",
                        help=_("the members who agreed, separated by commas"))
    for p in (opened, slips, status, close, runoff, decide):
        add_lang(p)
        add_workspace(p)
    opened.set_defaults(func=_open)
    slips.set_defaults(func=_slips)
    status.set_defaults(func=_status)
    close.set_defaults(func=_close)
    runoff.set_defaults(func=_runoff)
    decide.set_defaults(func=_decide)


def _refused(command: Callable[[argparse.Namespace, Workspace], int],
             args: argparse.Namespace, ws: Workspace) -> int:
    """Run ``command``; its :class:`InputError` is one line naming the option (exit 2)."""
    try:
        return command(args, ws)
    except InputError as exc:
        print(f"{BALLOT_OPTION.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
        return BAD_INPUT


def _number(value: str, field: str) -> int:
    """A whole number written ``value``; anything else is refused on ``field``."""
    try:
        return int(value.strip())
    except ValueError:
        raise InputError(field, _("{value!r} is not a whole number").format(
            value=value)) from None


def _names(ws: Workspace, community_id: str) -> dict[str, str]:
    """Participant id → name for the community's members and nominees."""
    from kit.community import service

    found = service.show(ws, community_id)
    names = {m.id: m.name for m in found.members}
    for n in found.nominations:
        names.setdefault(n.nominee_id, n.nominee_name)
    return names


def _person(names: dict[str, str], value: str) -> str:
    """The participant id given as an id or as a unique exact name (else as written)."""
    clean = value.strip()
    if clean in names:
        return clean
    matches = [pid for pid, name in names.items() if name == clean]
    return matches[0] if len(matches) == 1 else clean


@with_workspace(1)
def _open(args: argparse.Namespace, ws: Workspace) -> int:
    """Open the ballot of a role among its accepted nominees."""
    return _refused(_open_run, args, ws)


def _open_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import ballot_service, service
    from kit.community.record import check_role, role_label

    role = check_role(args.role)
    present = _number(args.present, "present")
    found = service.show(ws, args.community_id)
    holder = next((s.name for s in found.board if s.role == role), None)
    if holder is not None:
        raise InputError("role", _("the role {role} is already filled by {name}").format(
            role=role_label(role), name=holder))
    candidates = [n.nominee_id for n in found.nominations
                  if n.role == role and n.status == "accepted"]
    if len(candidates) < 2:
        raise InputError("role", _("a ballot needs two or more accepted nominees for {role}; "
                                   "it has {n} (with one, record it by 'community consensus')"
                                   ).format(role=role_label(role), n=len(candidates)))
    members = [m.id for m in found.members] if args.voters.strip().lower() == "members" else []
    made = ballot_service.open_election(ws, args.community_id, role, candidates,
                                        present=present, tie_rule=args.tie_rule,
                                        voters=args.voters, members=members)
    names = {n.nominee_id: n.nominee_name for n in found.nominations}
    print(_("Ballot {id} open for {role}: {candidates}.").format(
        id=made.id, role=role_label(role),
        candidates=", ".join(names.get(c, c) for c in made.candidates)))
    if made.voters == "codes":
        print(_("Next: print the slips, e.g. 'community ballot slips {community} --count "
                "{n} --out slips.pdf'.").format(community=args.community_id, n=present))
    return 0


@with_workspace(1)
def _slips(args: argparse.Namespace, ws: Workspace) -> int:
    """Print slips with one new code per ballot."""
    return _refused(_slips_run, args, ws)


def _slips_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import ballot_service, service
    from kit.community.documents.blocks import write_whole
    from kit.community.record import role_label
    from kit.community.slips import SlipBallot, slips_html, slips_pdf

    path: Path = args.out
    if path.suffix.lower() not in SLIP_FORMATS:
        raise InputError("out", _("the file must end in .pdf or .html, not {name!r}").format(
            name=path.name))
    if not path.parent.is_dir():
        raise InputError("out", _("the folder {folder} does not exist").format(
            folder=path.parent))
    count = _number(args.count, "count")
    community = service.show(ws, args.community_id).community
    elections = {e.id: e for e in ballot_service.list_elections(ws, args.community_id)}
    wanted = list(dict.fromkeys(args.elections)) or [
        e.id for e in elections.values()
        if e.status == ballot_service.OPEN and e.voters == "codes"]
    if not wanted:
        raise InputError("election_id", _("this community has no open ballot by codes"))
    for election_id in wanted:
        if election_id not in elections:
            raise InputError("election_id", _("the community has no ballot {id!r}").format(
                id=election_id))
    ballots = [SlipBallot(e, role_label(elections[e].role)) for e in wanted]
    lang = get_language()
    made = ballot_service.issue_slips(ws, wanted, count)
    data = (slips_pdf(community.name, ballots, made, lang) if path.suffix.lower() == ".pdf"
            else slips_html(community.name, ballots, made, lang).encode("utf-8"))
    write_whole(data, path)
    print(_("{n} slips written to {path}, each with a code for: {roles}.").format(
        n=count, path=path, roles=", ".join(b.role for b in ballots)))
    print(_("The plain codes exist only in this file: print it, cut the slips, shuffle the "
            "pile, then delete the file. The kit keeps only their hashes."))
    return 0


def _closed_view(ws: Workspace, election_id: str, names: dict[str, str]) -> dict[str, Any]:
    """A closed ballot as a JSON-ready dict: tally by name, receipts, counts, the decision."""
    from kit.community import ballot_service

    found = ballot_service.result(ws, election_id)
    counts = found.counts
    return {"tally": [{"id": c, "name": names.get(c, c), "votes": n}
                      for c, n in found.tally.counts],
            "tied": [names.get(c, c) for c in found.tally.tied],
            "receipts": list(found.receipts),
            "counts": {"ok": counts.ok, "ballots": counts.ballots,
                       "codes_used": counts.codes_used, "present": counts.present},
            "decided_by": found.decided_by,
            "winner": names.get(found.winner_id, found.winner_id) if found.winner_id else None,
            "runoff_id": found.runoff_id}


def _views(ws: Workspace, community_id: str) -> list[dict[str, Any]]:
    """Every ballot of the community: open ones with the number voted, closed with the result."""
    from kit.community import ballot_service
    from kit.community.record import role_label

    names = _names(ws, community_id)
    views: list[dict[str, Any]] = []
    for e in ballot_service.list_elections(ws, community_id):
        view: dict[str, Any] = {
            "id": e.id, "role": e.role, "role_label": role_label(e.role), "status": e.status,
            "voters": e.voters, "tie_rule": e.tie_rule, "present": e.members_present,
            "runoff_of": e.parent_id,
            "candidates": [{"id": c, "name": names.get(c, c)} for c in e.candidates]}
        if e.status == ballot_service.OPEN:
            view["voted"] = ballot_service.voted_count(ws, e.id)
        else:
            view.update(_closed_view(ws, e.id, names))
        views.append(view)
    return views


def _result_lines(view: dict[str, Any]) -> list[str]:
    """The closed ballot's tally, counts check, decision and receipts, as lines."""
    lines = [f"    {row['name']}: {row['votes']}" for row in view["tally"]]
    counts = view["counts"]
    lines.append(_("    ballots counted {ballots}, codes used {used}, members present "
                   "{present}: {check}").format(
        ballots=counts["ballots"], used=counts["codes_used"], present=counts["present"],
        check=_("correct") if counts["ok"] else _("DOES NOT AGREE")))
    if view["winner"]:
        lines.append(_("    elected: {name}").format(name=view["winner"]))
    elif view["tied"]:
        lines.append(_("    tie between {names}; tie rule: {rule}").format(
            names=", ".join(view["tied"]), rule=view["tie_rule"]))
    lines.append(_("    receipts: {receipts}").format(
        receipts=", ".join(view["receipts"]) or "-"))
    return lines


@with_workspace(1)
def _status(args: argparse.Namespace, ws: Workspace) -> int:
    """Print how the community's ballots stand."""
    return _refused(_status_run, args, ws)


def _status_run(args: argparse.Namespace, ws: Workspace) -> int:
    views = _views(ws, args.community_id)
    if args.format == "json":
        print_json(views)
        return 0
    if not views:
        print(_("No ballot yet."))
        return 0
    lines: list[str] = []
    for view in views:
        if view["status"] == "open":
            lines.append(_("{id} {role}: open, {voted} of {present} members present have "
                           "voted").format(id=view["id"], role=view["role_label"],
                                           voted=view["voted"], present=view["present"]))
        else:
            lines.append(_("{id} {role}: closed").format(id=view["id"],
                                                         role=view["role_label"]))
            lines += _result_lines(view)
    print("\n".join(lines))
    return 0


def _community_of(ws: Workspace, election_id: str) -> str:
    from kit.community import ballot_service

    return ballot_service.get_election(ws, election_id).community_id


def _print_closed(ws: Workspace, election_id: str) -> None:
    """Print one closed ballot's result and, for a tie, the next step."""
    from kit.community import ballot_service

    names = _names(ws, _community_of(ws, election_id))
    view = {**_closed_view(ws, election_id, names),
            "tie_rule": ballot_service.get_election(ws, election_id).tie_rule}
    print("\n".join(_result_lines(view)))
    if not view["winner"] and view["tied"]:
        if view["tie_rule"] == "runoff":
            print(_("Next: 'community ballot runoff {id}'.").format(id=election_id))
        else:
            print(_("Next: 'community ballot decide {id} --chosen P --agreed-by P1,P2'."
                    ).format(id=election_id))


@with_workspace(1)
def _close(args: argparse.Namespace, ws: Workspace) -> int:
    """Close a ballot; a clear winner takes the role."""
    return _refused(_close_run, args, ws)


def _close_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import ballot_board

    ballot_board.close_and_seat(ws, args.election_id)
    print(_("Ballot {id} closed.").format(id=args.election_id))
    _print_closed(ws, args.election_id)
    return 0


@with_workspace(1)
def _runoff(args: argparse.Namespace, ws: Workspace) -> int:
    """Open the run-off of a tied ballot."""
    return _refused(_runoff_run, args, ws)


def _runoff_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import ballot_service

    made = ballot_service.open_runoff(ws, args.election_id)
    names = _names(ws, made.community_id)
    print(_("Run-off {id} open between {names}.").format(
        id=made.id, names=", ".join(names.get(c, c) for c in made.candidates)))
    if made.voters == "codes":
        print(_("The first round's codes are not valid: print new slips ('community ballot "
                "slips {community} {id} --count N --out FILE.pdf').").format(
            community=made.community_id, id=made.id))
    return 0


@with_workspace(1)
def _decide(args: argparse.Namespace, ws: Workspace) -> int:
    """Record the musyawarah's choice among the tied and seat that person."""
    return _refused(_decide_run, args, ws)


def _decide_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import ballot_board

    names = _names(ws, _community_of(ws, args.election_id))
    chosen = _person(names, args.chosen)
    agreed = tuple(_person(names, p) for p in args.agreed_by.split(",") if p.strip())
    ballot_board.seat_musyawarah(ws, args.election_id, chosen, agreed)
    print(_("{name} is chosen by musyawarah among the tied; agreed by: {ids}.").format(
        name=names.get(chosen, chosen), ids=", ".join(names.get(p, p) for p in agreed)))
    return 0
