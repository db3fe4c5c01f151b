"""The matching rule: which member can supply what another member needs, and why.

A need of one member matches an offer of another when both name the same thing after
:func:`thing_key`: case, spacing and punctuation ignored, an Indonesian reduplicated word taken
as its base (``sayur-sayuran`` and ``kue-kue`` are ``sayur`` and ``kue``), and the few names in
:data:`SYNONYMS` taken as one thing. Nothing else is guessed: ``tepung`` does not match
``tepung terigu``. A member never matches themself.

Members of different districts are matched only when asked (``across_districts``). The
suppliers of one need are ranked: the buyer's own community first, then the other communities of
the district, then other districts; within each, a supplier of the same village first; then by
name. Each :class:`Match` carries its reasons as data (:class:`Reasons`) and
:func:`explain` turns them into a sentence in the language asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import attrs

from kit.i18n import gettext_
from kit.network.listing import Listing
from kit.places import place_key

# Different names of one thing, each written as it is normalised (lower case, one space), the
# name the kit reports first. Kept small on purpose: only names that mean the same goods in a
# Central Java market, never a kind and its variety (``cabai`` is not ``cabai rawit``).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("singkong", "ubi kayu", "ketela pohon"),
    ("gula merah", "gula aren", "gula jawa"),
    ("cabai", "cabe"),
)
_CANONICAL = {name: group[0] for group in SYNONYMS for name in group}
_REDUPLICATED = re.compile(r"^(\w+)-\1(?:an)?$")


def _word(word: str) -> str:
    """One word's base: ``sayur-sayuran`` -> ``sayur``, ``kue-kue`` -> ``kue``."""
    m = _REDUPLICATED.match(word)
    return m.group(1) if m else word.replace("-", " ")


def written_key(text: str) -> str:
    """A name's comparison form before synonyms: case, punctuation, reduplication ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = re.sub(r"[^\w\-]+", " ", folded).split()
    return " ".join(" ".join(_word(w) for w in words).split())


def thing_key(text: str) -> str:
    """The thing a name means: :func:`written_key`, then :data:`SYNONYMS` (``ubi kayu`` -> …)."""
    key = written_key(text)
    return _CANONICAL.get(key, key)


@attrs.frozen
class Reasons:
    """Why a supplier is matched to a buyer, as data.

    ``product`` is the thing both name (its first name in :data:`SYNONYMS` when listed there);
    ``offered`` and ``needed`` are the items as each wrote them; ``synonym`` is the pair of
    names (supplier's, buyer's) when they differ and were joined by :data:`SYNONYMS`.
    """

    product: str
    offered: str
    needed: str
    synonym: tuple[str, str] | None
    same_community: bool
    same_district: bool
    same_village: bool

    def as_dict(self) -> dict[str, object]:
        """The reasons as JSON-ready data."""
        return {"product": self.product, "offered": self.offered, "needed": self.needed,
                "synonym": list(self.synonym) if self.synonym else None,
                "same_community": self.same_community, "same_district": self.same_district,
                "same_village": self.same_village}


@attrs.frozen
class Match:
    """One supplier for one need of one buyer; ``rank`` is 1 for the best supplier of it."""

    supplier: Listing
    buyer: Listing
    reasons: Reasons
    rank: int

    @property
    def id(self) -> str:
        """A stable id: supplier code, buyer code and product (``A02-A01-singkong``)."""
        return "-".join((self.supplier.id, self.buyer.id, *self.reasons.product.split()))

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        """The match as JSON-ready data, its explanation in ``lang``."""
        return {"id": self.id, "supplier": self.supplier.as_dict(),
                "buyer": self.buyer.as_dict(), "product": self.reasons.product,
                "rank": self.rank, "reasons": self.reasons.as_dict(),
                "explanation": explain(self, lang)}


def _same_community(a: Listing, b: Listing) -> bool:
    return a.district_code == b.district_code and place_key(a.community) == place_key(
        b.community)


def _same_village(a: Listing, b: Listing) -> bool:
    return (a.district_code == b.district_code and bool(place_key(a.village))
            and place_key(a.village) == place_key(b.village))


def reasons_for(supplier: Listing, buyer: Listing, offered: str, needed: str) -> Reasons:
    """The reasons of a supplier's item meeting a buyer's item (both naming one thing)."""
    offered_key, needed_key = written_key(offered), written_key(needed)
    synonym = (offered_key, needed_key) if offered_key != needed_key and (
        _CANONICAL.get(offered_key) or _CANONICAL.get(needed_key)) else None
    return Reasons(product=thing_key(needed), offered=offered, needed=needed, synonym=synonym,
                   same_community=_same_community(supplier, buyer),
                   same_district=supplier.district_code == buyer.district_code,
                   same_village=_same_village(supplier, buyer))


def _order(candidate: tuple[Listing, Reasons]) -> tuple[int, int, str, str, bool]:
    """Community, district, village, name; a supplier's offer named as the need comes first."""
    supplier, reasons = candidate
    tier = 0 if reasons.same_community else 1 if reasons.same_district else 2
    return (tier, 0 if reasons.same_village else 1, place_key(supplier.label), supplier.id,
            reasons.synonym is not None)


def match(members: Sequence[Listing], across_districts: bool = False) -> list[Match]:
    """Every supplier for every need, ranked per need; buyers and needs in the file's order.

    Without ``across_districts`` a supplier is matched only to buyers of its own district.
    """
    offers: dict[str, list[tuple[Listing, str]]] = {}
    for member in members:
        for item in member.sells:
            offers.setdefault(thing_key(item), []).append((member, item))
    found: list[Match] = []
    for buyer in members:
        needs = {thing_key(item): item for item in reversed(buyer.needs)}  # first name kept
        for needed in (item for item in buyer.needs if needs.get(thing_key(item)) == item):
            candidates = [
                (supplier, reasons_for(supplier, buyer, offered, needed))
                for supplier, offered in offers.get(thing_key(needed), ())
                if supplier.id != buyer.id
                and (across_districts or supplier.district_code == buyer.district_code)]
            chosen: dict[str, tuple[Listing, Reasons]] = {}
            for candidate in sorted(candidates, key=_order):
                chosen.setdefault(candidate[0].id, candidate)  # one offer per supplier
            found += [Match(supplier, buyer, reasons, rank)
                      for rank, (supplier, reasons) in enumerate(chosen.values(), 1)]
    return found


def unmet_needs(members: Iterable[Listing], matches: Iterable[Match]) -> list[tuple[Listing, str]]:
    """The needs no member supplies (each buyer with the item as written), in file order."""
    met = {(m.buyer.id, m.reasons.product) for m in matches}
    return [(member, item) for member in members for item in member.needs
            if (member.id, thing_key(item)) not in met]


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def explain(found: Match, lang: str | None = None) -> str:
    """Why ``found`` was made, as one or more sentences in ``lang`` (default: in force)."""
    def _(message: str) -> str:
        return gettext_(message, lang)

    r = found.reasons
    supplier, buyer = found.supplier, found.buyer
    if _plain(r.offered) == _plain(r.needed):
        parts = [_("{supplier} sells \"{offered}\", which {buyer} needs.").format(
            supplier=supplier.label, offered=r.offered, buyer=buyer.label)]
    else:
        parts = [_("{supplier} sells \"{offered}\"; {buyer} needs \"{needed}\".").format(
            supplier=supplier.label, offered=r.offered, buyer=buyer.label, needed=r.needed)]
        if r.synonym:
            parts.append(_("\"{first}\" and \"{second}\" are two names for the same "
                           "thing.").format(first=r.synonym[0], second=r.synonym[1]))
        else:
            parts.append(_("Both name the same thing, written differently."))
    if r.same_community:
        parts.append(_("Both are members of {community}.").format(community=buyer.community))
    elif r.same_district:
        parts.append(_("Different communities of the same district ({district}): {supplier} "
                       "and {buyer}.").format(district=buyer.district,
                                              supplier=supplier.community,
                                              buyer=buyer.community))
    else:
        parts.append(_("Different districts: {supplier} and {buyer}.").format(
            supplier=supplier.district, buyer=buyer.district))
    if r.same_village:
        parts.append(_("Same village: {village}.").format(village=buyer.village))
    return " ".join(parts)
