"""The nbgrader assignment template: the texts of the generated assessment notebooks (data).

``assessments/nbgrader/assignment.yaml`` holds the introduction, the setup cell's header comment,
the materi heading and the item description, with ``{name}`` placeholders filled from the
framework by :mod:`kit.assess.generate`. It is read through :mod:`kit.content_reader`; a missing
text or a placeholder that the generator does not fill is a located problem.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import attrs
import yaml

from kit.content_reader import PATHS, Bail, NodeReader, read_yaml
from kit.i18n import _

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "intro": ("title_id", "title_en", "levels", "points"),
    "setup_header": (),
    "materi": ("no", "title_id", "title_en"),
    "item": ("title_id", "title_en", "competency", "indicator"),
}


@attrs.frozen
class AssignmentTemplate:
    """The texts of one generated assessment notebook, each a ``str.format`` template."""

    intro: str
    setup_header: str
    materi: str
    item: str


def _placeholders(text: str) -> list[str]:
    """The ``{name}`` fields of ``text`` (``ValueError`` when the braces do not pair up)."""
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text)
            if name is not None]


def load_assignment_template(path: Path) -> AssignmentTemplate:
    """Load and validate the template; raise :class:`~kit.content_reader.ContentError`."""
    def parse(r: NodeReader, root: yaml.Node) -> AssignmentTemplate:
        m = r.mapping(root, "template")
        r.unknown_keys(m, "template", tuple(PLACEHOLDERS))
        texts: dict[str, str] = {}
        for key, allowed in PLACEHOLDERS.items():
            node = r.get(m, root, "template", key)
            value = node.value if isinstance(node, yaml.ScalarNode) else None
            if not isinstance(value, str) or not value.strip():
                r.fail(node, f"template.{key}", _("expected a text value"))
                continue
            try:
                names = _placeholders(value)
            except ValueError:
                r.fail(node, f"template.{key}", _("a curly brace has no partner"))
                continue
            unknown = [n for n in names if n not in allowed]
            if unknown:
                r.fail(node, f"template.{key}", _(
                    "unknown placeholder {name!r} (allowed: {allowed})").format(
                    name=unknown[0], allowed=", ".join(allowed) or "-"))
                continue
            texts[key] = value
        if len(texts) < len(PLACEHOLDERS):
            raise Bail()
        return AssignmentTemplate(**texts)

    return read_yaml(path, parse)


@cache
def assignment_template() -> AssignmentTemplate:
    """The template shipped in ``assessments/nbgrader/``, loaded once."""
    return load_assignment_template(PATHS.assignment_template())
