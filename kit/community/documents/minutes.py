"""What the *berita acara pemilihan pengurus* says, as blocks (guide Table 5.2 sessions 3–4).

:func:`minutes_document` words an :class:`~kit.community.documents.model.ElectionMinutes`: the
day, place, community, facilitator and members present; for each role how it was chosen
(*musyawarah mufakat* or secret ballot), the candidates, each counted round (votes per
candidate, ballots counted, codes used, members present and whether ballots = codes used ≤
present), the tie rule used and the person elected; the elected board; the signature lines of
two witnesses and the facilitator.
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
from kit.community.documents.model import ROLES, ElectionMinutes, RoleElection, Tally, counts_agree
from kit.community.documents.wording import (
    BLANK_LINE,
    day_and_date,
    place_and_date,
    role_label,
)
from kit.i18n import gettext_
from kit.problems import InputError


def check_minutes(minutes: ElectionMinutes, lang: str) -> None:
    """Refuse minutes that contradict themselves: raise :class:`InputError` naming the field.

    Fields are named ``roles[n].…`` counting from 1. A role appears once; the elected person is
    one of its candidates and holds no other role; a ballot has at least one counted round with
    no negative count.
    """
    if not minutes.community.strip():
        raise InputError("community", gettext_("The community has no name.", lang))
    if minutes.members_present < 1:
        raise InputError("members_present", gettext_(
            "The number of members present must be at least 1, not {count}.", lang).format(
                count=minutes.members_present))
    roles: set[str] = set()
    elected: dict[str, str] = {}
    for n, election in enumerate(minutes.roles, 1):
        field = f"roles[{n}]"
        if election.role not in ROLES:
            raise InputError(f"{field}.role", gettext_(
                "Unknown board role {role!r}; the roles are: {roles}.", lang).format(
                    role=election.role, roles=", ".join(ROLES)))
        label = role_label(election.role, lang)
        if election.role in roles:
            raise InputError(f"{field}.role", gettext_(
                "The minutes record {role} twice.", lang).format(role=label))
        roles.add(election.role)
        name = election.elected.strip()
        if name not in [c.strip() for c in election.candidates]:
            raise InputError(f"{field}.elected", gettext_(
                "{name}, elected {role}, is not one of its candidates.", lang).format(
                    name=name or "-", role=label))
        if name.casefold() in elected:
            raise InputError(f"{field}.elected", gettext_(
                "{name} holds two roles ({first} and {second}); one person holds one role at "
                "most.", lang).format(name=name, first=elected[name.casefold()], second=label))
        elected[name.casefold()] = label
        if election.method == "ballot":
            if not election.rounds:
                raise InputError(f"{field}.rounds", gettext_(
                    "The ballot for {role} has no counted round.", lang).format(role=label))
            for tally in election.rounds:
                counts = (tally.ballots_counted, tally.codes_used, *(v for _, v in tally.votes))
                if min(counts) < 0:
                    raise InputError(f"{field}.rounds", gettext_(
                        "A count for {role} is negative.", lang).format(role=label))


def _method(election: RoleElection, lang: str) -> str:
    """How the role was chosen, in words."""
    if election.method == "ballot":
        return gettext_("Secret ballot", lang)
    return gettext_("Consensus (musyawarah)", lang)


def _tie_handling(election: RoleElection, lang: str) -> str:
    """The tie rule used for the role, in words ("none" when there was no tie)."""
    return {"none": gettext_("None", lang),
            "runoff": gettext_("Run-off between the tied candidates", lang),
            "consensus": gettext_("Consensus between the tied candidates", lang),
            }[election.tie_handling]


def _round_name(number: int, tally: Tally, lang: str) -> str:
    """A round's heading: the first round, the run-off, or "round n"."""
    if tally.runoff:
        return gettext_("Run-off between the tied candidates", lang)
    if number == 1:
        return gettext_("First round", lang)
    return gettext_("Round {number}", lang).format(number=number)


def _round(number: int, tally: Tally, present: int, lang: str) -> list[Block]:
    """A counted round: its name, the votes per candidate, then the count and its check."""
    agree = counts_agree(tally, present)
    return [
        Heading(_round_name(number, tally, lang), level=2),
        Table((gettext_("Candidate", lang), gettext_("Votes", lang)),
              tuple((name.strip(), str(votes)) for name, votes in tally.votes), (70, 30)),
        Table((), (
            (gettext_("Ballots counted", lang), str(tally.ballots_counted)),
            (gettext_("Members who voted", lang) if tally.by_members
             else gettext_("Codes used", lang), str(tally.codes_used)),
            (gettext_("Members present", lang), str(present)),
            (gettext_("Ballots counted = members who voted ≤ members present", lang)
             if tally.by_members else
             gettext_("Ballots counted = codes used ≤ members present", lang),
             gettext_("Matches", lang) if agree else gettext_("Does not match", lang)),
        ), (70, 30)),
    ]


def _role(election: RoleElection, present: int, lang: str) -> list[Block]:
    """One role's section: how it was chosen, its rounds, the tie rule used, who was elected."""
    facts = [(gettext_("Method", lang), _method(election, lang)),
             (gettext_("Candidates", lang), ", ".join(c.strip() for c in election.candidates))]
    if election.method == "consensus" and election.agreed_by:
        facts.append((gettext_("Agreed by", lang),
                      ", ".join(n.strip() for n in election.agreed_by)))
    blocks: list[Block] = [Heading(role_label(election.role, lang)), Table((), tuple(facts),
                                                                          (30, 70))]
    if election.method == "ballot":
        for number, tally in enumerate(election.rounds, 1):
            blocks += _round(number, tally, present, lang)
    blocks.append(Table((), ((gettext_("Tie handling", lang), _tie_handling(election, lang)),
                             (gettext_("Elected", lang), election.elected.strip())), (30, 70)))
    return blocks


def minutes_document(minutes: ElectionMinutes, lang: str) -> Document:
    """The berita acara of ``minutes`` in ``lang`` (``id`` or ``en``), as blocks.

    Roles are listed in the board's order (ketua, wakil ketua, sekretaris, bendahara). Raises
    :class:`InputError` (see :func:`check_minutes`) before anything is worded.
    """
    check_minutes(minutes, lang)
    m = minutes
    community, present = m.community.strip(), m.members_present
    ordered = sorted(m.roles, key=lambda e: ROLES.index(e.role))
    blocks: list[Block] = [
        Heading(gettext_("MINUTES OF THE BOARD ELECTION", lang), level=0),
        Paragraph(f"{community}, {m.district.strip()}", centred=True),
        Paragraph(gettext_("Number: {blank}", lang).format(blank=BLANK_LINE), centred=True),
        Paragraph(gettext_("On {day}, at {place}, the members of {community} elected their "
                           "board with {facilitator} as facilitator; the election went as "
                           "recorded below.", lang).format(
                               day=day_and_date(m.held_on, lang), place=m.place.strip(),
                               community=community, facilitator=m.facilitator.strip())),
        Table((), (
            (gettext_("Day and date", lang), day_and_date(m.held_on, lang)),
            (gettext_("Venue", lang), m.place.strip()),
            (gettext_("Community", lang), community),
            (gettext_("District", lang), m.district.strip()),
            (gettext_("Facilitator", lang), m.facilitator.strip()),
            (gettext_("Members present", lang),
             gettext_("{count} people", lang).format(count=present)),
        ), (30, 70)),
    ]
    for election in ordered:
        blocks += _role(election, present, lang)
    blocks += [
        Heading(gettext_("The elected board", lang)),
        Table((gettext_("Role", lang), gettext_("Name", lang)),
              tuple((role_label(e.role, lang), e.elected.strip()) for e in ordered), (35, 65)),
        Paragraph(gettext_("These minutes are made truthfully and signed by the witnesses and "
                           "the facilitator.", lang)),
        Signatures((place_and_date(m.district, m.held_on, lang),), (
            Signer((gettext_("Witness 1", lang),), m.witnesses[0]),
            Signer((gettext_("Witness 2", lang),), m.witnesses[1]),
            Signer((gettext_("Facilitator", lang),), m.facilitator))),
    ]
    return Document(lang=lang, running_head=f"{community} · {m.district.strip()}",
                    running_title=gettext_("Minutes of the board election", lang),
                    blocks=tuple(blocks))
