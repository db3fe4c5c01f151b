"""The rules of the komunitas module's "Jaringan usaha" tool: a member's own listing.

A participant writes what they sell and what raw materials or services they need, one item per
line (``;`` or ``,`` also separate items), and optionally their village. :func:`check_entry`
tidies the text into a :class:`NetworkEntry` and lists every problem in the language in force:

* nothing sold and nothing needed;
* an item longer than :data:`MAX_ITEM_CHARS` characters, or more than :data:`MAX_ITEMS` items in
  one list;
* the same thing twice in one list (compared by :func:`kit.network.match.thing_key`: case,
  reduplication and the synonyms of the matching rule), since a member names each thing once;
* a village longer than :data:`MAX_VILLAGE_CHARS`.

Selling and needing the same thing is allowed (a reseller). The entry is saved as the tool's
state (:meth:`NetworkEntry.as_state`) in the participant's ``tool`` evidence; a later save replaces
the earlier state, and :func:`entry_from_state` reads any stored state back without failing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from kit.i18n import _
from kit.network.match import thing_key
from kit.tabular.cell_safety import strip_controls

MODULE = "komunitas"
TOOL = "jaringan_usaha"
MAX_ITEMS = 15
MAX_ITEM_CHARS = 60
MAX_VILLAGE_CHARS = 60
_SEPARATORS = re.compile(r"[;,\n]")
_BLANK = frozenset({"", "-", "–", "—"})


@attrs.frozen
class NetworkEntry:
    """What one member sells and needs (items as written, tidied) and their village."""

    sells: tuple[str, ...]
    needs: tuple[str, ...]
    village: str

    def as_state(self) -> dict[str, Any]:
        """The entry as the tool's saved state (JSON-ready)."""
        return {"sells": list(self.sells), "needs": list(self.needs), "village": self.village}


def _tidy(text: str) -> str:
    return " ".join(strip_controls(text).split())


def items_of(text: str) -> tuple[str, ...]:
    """The items written in ``text``: one per line (or ``;``/``,``), blanks and dashes dropped."""
    items = (_tidy(part) for part in _SEPARATORS.split(text.replace("\r", "\n")))
    return tuple(i for i in items if i not in _BLANK and thing_key(i))


def _quoted(items: Sequence[str]) -> str:
    return ", ".join(f"\"{i}\"" for i in items)


def _list_problems(items: Sequence[str], too_many: str) -> list[str]:
    problems: list[str] = []
    if len(items) > MAX_ITEMS:
        problems.append(too_many)
    for item in items:
        if len(item) > MAX_ITEM_CHARS:
            problems.append(_("\"{item}\" is too long: name one thing in at most {max} "
                              "characters, one per line.").format(
                item=item[:MAX_ITEM_CHARS // 2] + "…", max=MAX_ITEM_CHARS))
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(thing_key(item), []).append(item)
    for same in groups.values():
        if len(same) > 1:
            problems.append(_("{items} name the same thing; write it once.").format(
                items=_quoted(same)))
    return problems


def check_entry(sells_text: str, needs_text: str, village: str) -> tuple[NetworkEntry, list[str]]:
    """The tidied entry and its problems (empty when it can be saved), in the language in force."""
    entry = NetworkEntry(sells=items_of(sells_text), needs=items_of(needs_text),
                         village=_tidy(village))
    problems: list[str] = []
    if not entry.sells and not entry.needs:
        problems.append(_("Write at least one thing you sell or one thing you need."))
    problems += _list_problems(entry.sells, _(
        "List at most {max} things you sell; keep the main ones.").format(max=MAX_ITEMS))
    problems += _list_problems(entry.needs, _(
        "List at most {max} things you need; keep the main ones.").format(max=MAX_ITEMS))
    if len(entry.village) > MAX_VILLAGE_CHARS:
        problems.append(_("The village name is too long (at most {max} characters).").format(
            max=MAX_VILLAGE_CHARS))
    return entry, problems


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (_tidy(v) for v in value if isinstance(v, str)) if t)


def entry_from_state(state: Mapping[str, Any] | None) -> NetworkEntry:
    """The entry a saved state holds; anything of another shape reads as empty, never an error."""
    if not isinstance(state, Mapping):
        return NetworkEntry(sells=(), needs=(), village="")
    village = state.get("village")
    return NetworkEntry(sells=_strings(state.get("sells")), needs=_strings(state.get("needs")),
                        village=_tidy(village) if isinstance(village, str) else "")
