"""``umkm-kit network match FILE``: which member can supply what another member needs, and why.

The listing file (CSV, see :mod:`kit.network.listing`) is read, the rule :mod:`kit.network.match`
pairs suppliers with buyers (inside a district unless ``--across-districts``), and the matches
are printed as text (each with its reasons) or JSON (each with its ``id``); ``--picture`` also
draws the network (:mod:`kit.network.picture`, PNG or SVG). Nothing is stored in a workspace. A
bad file or option is one line naming the file, row and field (or the option), exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kit.cli.common import add_lang, print_json
from kit.i18n import _, get_language
from kit.problems import InputError

if TYPE_CHECKING:
    from kit.network.listing import Listing
    from kit.network.match import Match

BAD_INPUT = 2
OPTION = {"district": "--district", "picture": "--picture"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``network`` command and its ``match`` action."""
    parser = sub.add_parser("network", help=_("the UMKM business network: match local "
                                              "suppliers with buyers"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    matching = actions.add_parser(
        "match", help=_("match what members need with what other members sell"))
    matching.add_argument("listing", type=Path, metavar=_("FILE"),
                          help=_("the members' listing (CSV: nama, komunitas, kabupaten/kota, "
                                 "desa/kelurahan, menjual, membutuhkan)"))
    matching.add_argument("--district", default=None, metavar=_("DISTRICT"),
                          help=_("only the members of this kabupaten/kota"))
    matching.add_argument("--across-districts", action="store_true",
                          help=_("also match members of different districts"))
    matching.add_argument("--format", choices=("text", "json"), default="text")
    matching.add_argument("--picture", type=Path, default=None, metavar=_("FILE"),
                          help=_("also draw the network into this PNG or SVG file"))
    add_lang(matching)
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

    lines = [_("{matches} matches among {members} members.").format(
        matches=len(matches), members=members)]
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


def _match(args: argparse.Namespace) -> int:
    """Read the listing, match, print the matches and draw the picture if asked."""
    from kit.network.listing import ListingError, read_listing
    from kit.network.match import match, unmet_needs

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
