"""What the *surat kesepakatan* (MoU) says, as blocks (guide Table 5.2 session 4, §2.2.5).

At the installation of the board (*pelantikan*) the elected board signs an agreement with the
district's office for UMKM, acknowledged ("Mengetahui") by an official of that office, and the
chair reads it to the members. :func:`mou_document` words it from an
:class:`~kit.community.documents.model.Agreement`: title, a number line to fill, the parties,
the community's purpose, the work programme (priority and non-priority items, numbered, agreed by
consensus), what the parties agree, the board, the members (name and village only), and the
signature lines of the four board members and of the official.
"""

from __future__ import annotations

from kit.community.documents.blocks import (
    Block,
    Document,
    Heading,
    Paragraph,
    Signatures,
    Signer,
    Table,
)
from kit.community.documents.model import ROLES, Agreement
from kit.community.documents.wording import (
    BLANK_LINE,
    day_and_date,
    place_and_date,
    role_label,
)
from kit.i18n import gettext_
from kit.problems import InputError


def check_agreement(agreement: Agreement, lang: str) -> None:
    """Refuse an agreement a district office could not sign: raise :class:`InputError`.

    The community needs a name, a board of exactly the four roles each held by a different
    named person who is on the member list, named members and at least one priority item.
    """
    if not agreement.community.strip():
        raise InputError("community", gettext_("The community has no name.", lang))
    seen_roles: set[str] = set()
    holders: dict[str, str] = {}
    for seat in agreement.board:
        if seat.role not in ROLES:
            raise InputError("board", gettext_(
                "Unknown board role {role!r}; the roles are: {roles}.", lang).format(
                    role=seat.role, roles=", ".join(ROLES)))
        label = role_label(seat.role, lang)
        if seat.role in seen_roles:
            raise InputError("board", gettext_("The board lists {role} twice.", lang).format(
                role=label))
        seen_roles.add(seat.role)
        name = seat.name.strip()
        if not name:
            raise InputError("board", gettext_("The board's {role} has no name.", lang).format(
                role=label))
        if name.casefold() in holders:
            raise InputError("board", gettext_(
                "{name} holds two roles ({first} and {second}); one person holds one role at "
                "most.", lang).format(name=name, first=holders[name.casefold()], second=label))
        holders[name.casefold()] = label
    for role in ROLES:
        if role not in seen_roles:
            raise InputError("board", gettext_("The board has no {role}.", lang).format(
                role=role_label(role, lang)))
    if not agreement.members:
        raise InputError("members", gettext_("The agreement lists no members.", lang))
    for n, member in enumerate(agreement.members, 1):
        if not member.name.strip():
            raise InputError(f"members[{n}].name", gettext_(
                "Member {number} of the list has no name.", lang).format(number=n))
    listed = {member.name.strip().casefold() for member in agreement.members}
    for seat in agreement.board:
        if seat.name.strip().casefold() not in listed:
            raise InputError("board", gettext_(
                "{name} ({role}) is not in the member list.", lang).format(
                    name=seat.name.strip(), role=role_label(seat.role, lang)))
    if not [item for item in agreement.priority if item.strip()]:
        raise InputError("priority", gettext_(
            "The work programme has no priority item.", lang))


def _numbered(items: tuple[str, ...], lang: str) -> list[Block]:
    """Items as "1. …" paragraphs, or one "none" paragraph."""
    kept = [item.strip() for item in items if item.strip()]
    if not kept:
        return [Paragraph(gettext_("None.", lang))]
    return [Paragraph(f"{n}. {item}") for n, item in enumerate(kept, 1)]


def mou_document(agreement: Agreement, lang: str) -> Document:
    """The surat kesepakatan of ``agreement`` in ``lang`` (``id`` or ``en``), as blocks.

    Raises :class:`InputError` (see :func:`check_agreement`) before anything is worded.
    """
    check_agreement(agreement, lang)
    a = agreement
    seats = {seat.role: seat.name.strip() for seat in a.board}
    clauses = (
        gettext_("The first party carries out the work programme with the members and reports "
                 "its activities to the second party.", lang),
        gettext_("The second party guides the community and supports its work programme within "
                 "its authority.", lang),
        gettext_("Membership of the community is voluntary, and so is the funding of its "
                 "activities.", lang),
        gettext_("The chair reads this agreement to the members at the installation of the "
                 "board.", lang),
    )
    blocks: list[Block] = [
        Heading(gettext_("MEMORANDUM OF UNDERSTANDING", lang), level=0),
        Paragraph(gettext_("between the board of {community} and {office}", lang).format(
            community=a.community.strip(), office=a.office.strip()), centred=True),
        Paragraph(gettext_("Number: {blank}", lang).format(blank=BLANK_LINE), centred=True),
        Paragraph(gettext_("On {day}, at {place}, we the undersigned agree as follows.",
                           lang).format(day=day_and_date(a.signed_on, lang),
                                        place=a.place.strip())),
        Heading(gettext_("The parties", lang)),
        Table((), (
            (gettext_("First party", lang), gettext_("The board of {community}, {district}",
                                                     lang).format(community=a.community.strip(),
                                                                  district=a.district.strip())),
            (gettext_("Second party", lang), a.office.strip()),
        ), (30, 70)),
        Heading(gettext_("Purpose of the community", lang)),
        Paragraph(a.purpose.strip()),
        Heading(gettext_("Work programme", lang)),
        Paragraph(gettext_("The members agreed the following work programme by consensus "
                           "(musyawarah).", lang)),
        Heading(gettext_("Priority programme", lang), level=2),
        *_numbered(a.priority, lang),
        Heading(gettext_("Non-priority programme", lang), level=2),
        *_numbered(a.non_priority, lang),
        Heading(gettext_("What the parties agree", lang)),
        *_numbered(clauses, lang),
        Heading(gettext_("The board", lang)),
        Table((gettext_("Role", lang), gettext_("Name", lang)),
              tuple((role_label(role, lang), seats[role]) for role in ROLES), (35, 65)),
        Heading(gettext_("Members", lang)),
        Paragraph(gettext_("Number of members: {count}", lang).format(count=len(a.members))),
        Table((gettext_("No.", lang), gettext_("Name", lang), gettext_("Village", lang)),
              tuple((f"{n}.", m.name.strip(), m.village.strip())
                    for n, m in enumerate(a.members, 1)), (10, 50, 40)),
        Paragraph(gettext_("This agreement is made truthfully, to be carried out together.",
                           lang)),
        Signatures((place_and_date(a.district, a.signed_on, lang), gettext_("First party,", lang),
                    gettext_("The board of {community}", lang).format(
                        community=a.community.strip())),
                   tuple(Signer((role_label(role, lang),), seats[role]) for role in ROLES)),
        Signatures((), (Signer((gettext_("Acknowledged by,", lang), a.official.title.strip()),
                               a.official.name,
                               (gettext_("NIP: {blank}", lang).format(blank=BLANK_LINE),)),)),
    ]
    return Document(lang=lang, running_head=f"{a.community.strip()} · {a.district.strip()}",
                    running_title=gettext_("Memorandum of understanding", lang),
                    blocks=tuple(blocks))
