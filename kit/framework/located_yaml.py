"""Read YAML as nodes so every problem names its file, line and path.

:class:`NodeReader` records a :class:`Problem` for each missing key, wrong type or bad value
instead of stopping at the first one; loaders (the framework, module content, question banks)
collect them all and raise them together, so nothing half-loaded is ever returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import yaml

from kit.framework.model import Activity, Framework, Text
from kit.i18n import _
from kit.problems import Problem

T = TypeVar("T")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class Bail(Exception):
    """Stop reading the current node; its problem is already recorded."""


def compose(text: str, file: str, problems: list[Problem]) -> yaml.Node | None:
    """Parse ``text`` into a node tree, recording a located problem on a YAML syntax error."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(file, line, "", _("not valid YAML: {err}").format(
            err=getattr(exc, "problem", None) or exc)))
        return None


def read_text_file(path: Path, problems: list[Problem]) -> str | None:
    """The UTF-8 text of ``path``, or ``None`` with a recorded problem."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, "", _("cannot read the file ({err})").format(
            err=exc)))
        return None


class NodeReader:
    """Reads values out of YAML nodes of one file, recording problems instead of crashing."""

    def __init__(self, file: str, problems: list[Problem], line_offset: int = 0):
        self.file = file
        self.problems = problems
        self.line_offset = line_offset

    def fail(self, node: yaml.Node | None, path: str, message: str) -> Bail:
        """Record a problem at ``node`` and return the exception to raise."""
        line = node.start_mark.line + 1 + self.line_offset if node is not None else None
        self.problems.append(Problem(self.file, line, path, message))
        return Bail()

    def mapping(self, node: yaml.Node, path: str) -> dict[str, yaml.Node]:
        """A mapping node as ``{key: value node}`` (duplicate keys are problems)."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, path, _("expected a mapping (key: value)"))
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.fail(key_node, f"{path}.{key}", _("duplicate key"))
            out[key] = value_node
        return out

    def get(self, m: dict[str, yaml.Node], parent: yaml.Node, path: str, key: str) -> yaml.Node:
        """The value node of a required ``key``."""
        if key not in m:
            raise self.fail(parent, f"{path}.{key}", _("required field is missing"))
        return m[key]

    def unknown_keys(self, m: dict[str, yaml.Node], path: str, allowed: tuple[str, ...]) -> None:
        """Record a problem for every key not in ``allowed`` (catches typos such as ``anwser``)."""
        for key, node in m.items():
            if key not in allowed:
                self.fail(node, f"{path}.{key}", _("unknown field (allowed: {allowed})").format(
                    allowed=", ".join(allowed)))

    def scalar(self, node: yaml.Node, path: str) -> str:
        """A non-empty text value."""
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            raise self.fail(node, path, _("expected a text value"))
        value = str(node.value).strip()
        if not value:
            raise self.fail(node, path, _("must not be empty"))
        return value

    def integer(self, node: yaml.Node, path: str, minimum: int | None = None) -> int:
        """A whole number, optionally at least ``minimum``."""
        raw = self.scalar(node, path)
        try:
            value = int(raw)
        except ValueError:
            raise self.fail(node, path, _("expected a whole number")) from None
        if minimum is not None and value < minimum:
            raise self.fail(node, path, _("must be at least {minimum}").format(minimum=minimum))
        return value

    def boolean(self, node: yaml.Node, path: str) -> bool:
        """``true`` or ``false``."""
        raw = self.scalar(node, path).lower()
        if raw not in ("true", "false"):
            raise self.fail(node, path, _("expected true or false"))
        return raw == "true"

    def ident(self, node: yaml.Node, path: str) -> str:
        """An id: an ASCII slug (a-z, 0-9, _) starting with a letter."""
        value = self.scalar(node, path)
        if not ID_PATTERN.match(value):
            raise self.fail(
                node, path, _("id must be an ASCII slug (a-z, 0-9, _): {value!r}").format(
                    value=value)
            )
        return value

    def unique_id(self, m: dict[str, yaml.Node], parent: yaml.Node, path: str, seen: set[str],
                  slug: bool = False) -> str:
        """The mapping's required ``id``, refused when already in ``seen`` (then added to it).

        With ``slug`` the id must also be an ASCII slug (see :meth:`ident`).
        """
        node = self.get(m, parent, path, "id")
        value = self.ident(node, f"{path}.id") if slug else self.scalar(node, f"{path}.id")
        if value in seen:
            raise self.fail(node, f"{path}.id", _("duplicate id {id!r}").format(id=value))
        seen.add(value)
        return value

    def activity(self, m: dict[str, yaml.Node], parent: yaml.Node, path: str,
                 fw: Framework) -> Activity:
        """The framework activity named by the mapping's required ``activity`` key."""
        node = self.get(m, parent, path, "activity")
        activity_id = self.scalar(node, f"{path}.activity")
        try:
            return fw.activity(activity_id)
        except KeyError:
            raise self.fail(node, f"{path}.activity", _("unknown activity {id!r}").format(
                id=activity_id)) from None

    def text(self, node: yaml.Node, path: str, require_en: bool = True) -> Text:
        """``{id: ..., en: ...}``; with ``require_en=False`` a plain string is Indonesian."""
        if not require_en and isinstance(node, yaml.ScalarNode):
            value = self.scalar(node, path)
            return Text(indonesian=value, english="")
        m = self.mapping(node, path)
        self.unknown_keys(m, path, ("id", "en"))
        id_text = self.scalar(self.get(m, node, path, "id"), f"{path}.id")
        if require_en:
            en_text = self.scalar(self.get(m, node, path, "en"), f"{path}.en")
        else:
            en_text = self.scalar(m["en"], f"{path}.en") if "en" in m else ""
        return Text(indonesian=id_text, english=en_text)

    def seq(self, node: yaml.Node, path: str) -> list[yaml.Node]:
        """A list node's children."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, path, _("expected a list"))
        return list(node.value)

    def each(self, node: yaml.Node, path: str, read: Callable[[yaml.Node, str], T]) -> list[T]:
        """Read every element with ``read``; a bad element is recorded and skipped."""
        out: list[T] = []
        for i, child in enumerate(self.seq(node, path)):
            try:
                out.append(read(child, f"{path}[{i}]"))
            except Bail:
                continue
        return out
