"""``umkm-kit network match FILE | --community ID | --district D``: who can supply whom, and why.

The members come from a listing file (CSV, see :mod:`kit.network.listing`), or from the
workspace (``--workspace``): what the members of one community (``--community ID``) or of every
community of a district (``--district D``) entered themselves in the komunitas module's
"Jaringan usaha" tool (:mod:`kit.network.stored`; a member without a listing is absent). The rule
:mod:`kit.network.match` pairs suppliers with buyers (inside a district unless
``--across-districts``), and the matches are printed as text (each with its reasons) or JSON
(each with its ``id``); ``--picture`` also draws the network (:mod:`kit.network.picture`, PNG or
SVG). Nothing is written to the workspace. A community without listings says so in one line. A
bad file or option is one line naming the file, row and field (or the option), exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kit.cli.common import add_lang, add_workspace, open_for_command, print_json
from kit.i18n import _, get_language, ngettext_
from kit.problems import InputError

if TYPE_CHECKING:
    from kit.network.listing import Listing
    from kit.network.match import Match
    from kit.network.stored import StoredNetwork

BAD_INPUT = 2
NO_WORKSPACE = 1
OPTION = {"district": "--district", "picture": "--picture", "id": "--community",
          "community": "--community"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``network`` command and its ``match`` action."""
    parser = sub.add_parser("network", help=_("the UMKM business network: match local "
                                              "suppliers with buyers"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    matching = actions.add_parser(
        "match", help=_("match what members need with what other members sell"))
    matching.add_argument("listing", type=Path, metavar=_("FILE"), nargs="?", default=None,
                          help=_("the members' listing (CSV: nama, komunitas, kabupaten/kota, "
                                 "desa/kelurahan, menjual, membutuhkan)"))
    matching.add_argument("--community", default=None, metavar="ID",
                          help=_("instead of a file: what the members of this community "
                                 "entered in the komunitas module (from the workspace)"))
    matching.add_argument("--district", default=None, metavar=_("DISTRICT"),
                          help=_("only the members of this kabupaten/kota; without a file: "
                                 "the members of every community of it (from the workspace)"))
    matching.add_argument("--across-districts", action="store_true",
                          help=_("also match members of different districts"))
    matching.add_argument("--format", choices=("text", "json"), default="text")
    matching.add_argument("--picture", type=Path, default=None, metavar=_("FILE"),
                          help=_("also draw the network into this PNG or SVG file"))
    add_lang(matching)
    add_workspace(matching)
    matching.set_defaults(func=_match)


def _in_district(text: str) -> str:
    """The district code ``--district`` names; :class:`InputError` if it names none or two."""
    from kit.places import district_candidates

    found = district_candidates(text)
    if len(found) == 1:
        return found[0].code
    if found:
        raise InputError("district", _("{value!r} could be {choices}; write the full name")
                         .format(value=text, choices=_(" or ").join(d.name for d in found)))
    raise InputError("district", _("{value!r} is not a kabupaten/kota; write its full name, "
                                   "for example Kabupaten Sragen").format(value=text))


def _text(matches: Sequence[Match], unmet: Sequence[tuple[Listing, str]], members: int) -> str:
    from kit.network.match import explain

    lines = [_("{matches} among {members}.").format(
        matches=ngettext_("{n} match", "{n} matches", len(matches)).format(n=len(matches)),
        members=ngettext_("{n} member", "{n} members", members).format(n=members))]
    for m in matches:
        lines.append("")
        lines.append(f"[{m.id}] {m.supplier.label} → {m.buyer.label}: "
                     f"{m.reasons.needed} (#{m.rank})")
        lines.append("    " + explain(m))
    if unmet:
        lines.append("")
        lines.append(_("Needs no member supplies:"))
        lines += [f"  - {item}: {member.label} ({member.community})"
            for member, item in unmet]
    return "\n".join(lines) + "\n"


def _refuse(exc: InputError) -> int:
    """Say the refusal in one line naming the option (or FILE); the bad-input status."""
    option = _("FILE") if exc.field == "listing" else OPTION.get(exc.field, exc.field)
    print(f"{option}: {exc.message}", file=sys.stderr)
    return BAD_INPUT


def _heading(found: StoredNetwork) -> str:
    """The first line of the text: whose network this is."""
    if len(found.communities) == 1 and found.communities[0].district == found.district:
        return _("Business network of {community} ({district})").format(
            community=found.communities[0].name, district=found.district)
    return _("Business network of the communities in {district}: {communities}").format(
        district=found.district, communities=", ".join(c.name for c in found.communities))


def _nothing_listed(found: StoredNetwork) -> str:
    """The one line said when no member has a listing (or the district has no community)."""
    if not found.communities:
        return _("{district} has no community yet.").format(district=found.district)
    if len(found.communities) == 1:
        return _("{community} has no business listing yet: its members enter what they sell "
                 "and need in the komunitas module (Jaringan usaha).").format(
            community=found.communities[0].name)
    return _("No member of the communities in {district} has a business listing yet: members "
             "enter what they sell and need in the komunitas module (Jaringan usaha).").format(
        district=found.district)


def _from_workspace(args: argparse.Namespace) -> int:
    """Match what the members of ``--community`` or ``--district`` entered themselves."""
    from kit.network.match import match, unmet_needs
    from kit.network.stored import community_network, district_network

    if args.community is not None and args.district is not None:
        return _refuse(InputError("district", _(
            "give --community or --district, not both (a community's own district is used)")))
    try:
        if args.picture is not None:
            from kit.network.picture import picture_format

            picture_format(args.picture)  # a wrong suffix is refused before any output
    except InputError as exc:
        return _refuse(exc)
    ws = open_for_command(args.workspace)
    if ws is None:
        return NO_WORKSPACE
    try:
        found = community_network(ws, args.community) if args.community is not None \
            else district_network(ws, args.district)
    except InputError as exc:
        return _refuse(exc)
    members = found.members
    if not members:
        line = _nothing_listed(found)
        if args.format == "json":
            print_json([])
            print(line, file=sys.stderr)
        else:
            print(line)
        return 0
    matches = match(members, across_districts=args.across_districts)
    if args.format == "json":
        print_json([m.as_dict(get_language()) for m in matches])
    else:
        heading = _heading(found)
        sys.stdout.write(heading + "\n" + _text(matches, unmet_needs(members, matches),
                                                 len(members)))
    if args.picture is not None:
        from kit.network.picture import save_picture

        title = found.communities[0].name if len(found.communities) == 1 else None
        try:
            save_picture(members, matches, args.picture, title)
        except InputError as exc:
            return _refuse(exc)
        print(_("Picture written: {path}").format(path=args.picture), file=sys.stderr)
    return 0


def _match(args: argparse.Namespace) -> int:
    """Read the listing (a file or the workspace), match, print and draw the picture if asked."""
    from kit.network.listing import ListingError, read_listing
    from kit.network.match import match, unmet_needs

    if args.listing is None:
        if args.community is None and args.district is None:
            return _refuse(InputError("listing", _(
                "give a listing file, --community ID or --district DISTRICT")))
        return _from_workspace(args)
    if args.community is not None:
        return _refuse(InputError("community", _(
            "give a listing file or --community, not both")))
    try:
        members = read_listing(args.listing)
        if args.district is not None:
            code = _in_district(args.district)
            members = tuple(m for m in members if m.district_code == code)
            if not members:
                raise InputError("district", _("no member of {file} is in {value}").format(
                    file=args.listing.name, value=args.district))
        matches = match(members, across_districts=args.across_districts)
        if args.picture is not None:
            from kit.network.picture import picture_format, save_picture

            picture_format(args.picture)  # a wrong suffix is refused before any output
    except ListingError as exc:
        print(exc.problem, file=sys.stderr)
        return BAD_INPUT
    except InputError as exc:
        print(f"{OPTION.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
        return BAD_INPUT
    if args.format == "json":
        lang = get_language()
        print_json([m.as_dict(lang) for m in matches])
    else:
        sys.stdout.write(_text(matches, unmet_needs(members, matches), len(members)))
    if args.picture is not None:
        try:
            save_picture(members, matches, args.picture)
        except InputError as exc:
            print(f"{OPTION.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
            return BAD_INPUT
        print(_("Picture written: {path}").format(path=args.picture), file=sys.stderr)
    return 0
