"""The one reader of the kit's content files: where they live, and how they are read.

Content is data a trainer can review, kept in the repository beside the code:

* ``modules/<module>/`` — the module texts beside their notebooks: ``module.yaml`` and one
  ``<item_id>.md`` per item; also ``guides.yaml`` and ``practice.yaml`` (bimtek) and
  ``program.yaml`` (komunitas);
* ``assessments/`` — what a trainer reviews as assessment material: ``questions/<activity>.yaml``
  (question banks), ``checklists/<module>.yaml``, ``selfchecks/<module>.yaml``, the reaction
  survey ``surveys/evaluasi.yaml`` and the nbgrader assignment template ``nbgrader/``.

Every content file goes through :func:`read_yaml` (YAML files) or :func:`read_markdown`
(a Markdown text with optional YAML front matter). Both read with
:class:`~kit.framework.located_yaml.NodeReader`, so each problem names file, line and field
(:class:`~kit.framework.located_yaml.Problem`), and raise :class:`ContentError` with every problem
found: nothing half-read is returned. :func:`check_content` loads all of it against the framework
(``python -m kit framework check``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import attrs
import yaml

from kit.framework.located_yaml import Bail, NodeReader, compose, read_text_file
from kit.framework.model import Framework
from kit.i18n import _
from kit.problems import Problem

__all__ = [
    "CONTENT_ROOT",
    "PATHS",
    "Bail",
    "ContentError",
    "ContentPaths",
    "NodeReader",
    "Problem",
    "check_content",
    "gather_yaml",
    "read_markdown",
    "read_yaml",
    "report_content_problems",
    "split_front_matter",
]

T = TypeVar("T")
FRONT_MATTER = "---"
MODULES = ("advokasi", "bimtek", "komunitas")  # each module's id is also its activity's id


def _find_root() -> Path:
    """The checkout the ``kit`` package came from, else the current folder."""
    checkout = Path(__file__).resolve().parents[1]
    for candidate in (checkout, Path.cwd()):
        if (candidate / "modules").is_dir() and (candidate / "assessments").is_dir():
            return candidate
    return checkout


CONTENT_ROOT = _find_root()


class ContentError(Exception):
    """Content is invalid; ``problems`` lists every issue found (file, line, path)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@attrs.frozen
class ContentPaths:
    """Where each content file is, under one root (the repository, or a copy of it)."""

    root: Path = CONTENT_ROOT

    def module_dir(self, module_id: str) -> Path:
        """``modules/<module_id>/``: the module's texts beside its notebook."""
        return self.root / "modules" / module_id

    def bank(self, activity_id: str) -> Path:
        """``assessments/questions/<activity_id>.yaml``: the question bank of an activity."""
        return self.root / "assessments" / "questions" / f"{activity_id}.yaml"

    def checklist(self, module_id: str) -> Path:
        """``assessments/checklists/<module_id>.yaml``: a module's safety checklist."""
        return self.root / "assessments" / "checklists" / f"{module_id}.yaml"

    def selfcheck(self, module_id: str) -> Path:
        """``assessments/selfchecks/<module_id>.yaml``: a module's stage self-check."""
        return self.root / "assessments" / "selfchecks" / f"{module_id}.yaml"

    def guides(self) -> Path:
        """``modules/bimtek/guides.yaml``: the steps for the real services."""
        return self.module_dir("bimtek") / "guides.yaml"

    def practice(self) -> Path:
        """``modules/bimtek/practice.yaml``: which sandbox action completes which item."""
        return self.module_dir("bimtek") / "practice.yaml"

    def program(self) -> Path:
        """``modules/komunitas/program.yaml``: the proposal tool and the observed materi."""
        return self.module_dir("komunitas") / "program.yaml"

    def survey(self, survey_id: str) -> Path:
        """``assessments/surveys/<survey_id>.yaml``: a reaction survey's questions."""
        return self.root / "assessments" / "surveys" / f"{survey_id}.yaml"

    def assignment_template(self) -> Path:
        """``assessments/nbgrader/assignment.yaml``: texts of the generated nbgrader notebooks."""
        return self.root / "assessments" / "nbgrader" / "assignment.yaml"


PATHS = ContentPaths()


def gather_yaml(path: Path, parse: Callable[[NodeReader, yaml.Node], T],
                problems: list[Problem]) -> T | None:
    """Read the YAML file ``path`` with ``parse``, recording problems in ``problems``.

    Returns what ``parse`` returned (possibly partial when problems were recorded), or ``None``
    when the file could not be read or parsed at all (then a problem says why).
    """
    text = read_text_file(path, problems)
    root = compose(text, str(path), problems) if text is not None else None
    if root is None:
        if text is not None and not any(p.file == str(path) for p in problems):
            problems.append(Problem(str(path), None, "", _("the file is empty")))
        return None
    try:
        return parse(NodeReader(str(path), problems), root)
    except Bail:
        return None


def read_yaml(path: Path, parse: Callable[[NodeReader, yaml.Node], T]) -> T:
    """Read the YAML file ``path`` and return ``parse(reader, root node)``.

    ``parse`` records problems on the reader (and may raise :class:`Bail` to stop); when any
    problem was recorded, :class:`ContentError` lists them all and nothing is returned.
    """
    problems: list[Problem] = []
    result = gather_yaml(path, parse, problems)
    if problems or result is None:
        raise ContentError(problems)
    return result


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---``-delimited YAML front matter off a Markdown file.

    Returns ``(front_matter, body, body_first_line)``; without front matter the first part is
    empty and the body starts at line 1.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        return "", text, 1
    for n, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER:
            return "\n".join(lines[1:n]), "\n".join(lines[n + 1:]), n + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


def read_markdown(path: Path, parse_front: Callable[[NodeReader, yaml.Node], T],
                  problems: list[Problem]) -> tuple[T | None, str] | None:
    """A Markdown file as ``(parsed front matter or None, body)``; ``None`` on a problem.

    Problems (unreadable file, bad front matter) are recorded in ``problems`` with the file's
    own line numbers, so a caller can gather those of many files.
    """
    text = read_text_file(path, problems)
    if text is None:
        return None
    front, body, _first = split_front_matter(text)
    if not front.strip():
        return None, body
    root = compose(front, str(path), problems)
    if root is None:
        return None
    try:
        return parse_front(NodeReader(str(path), problems, line_offset=1), root), body
    except Bail:
        return None


MATERI_CELL = re.compile(r"""page\.materi_parts\(\s*["']([^"']+)["']\s*\)""")
CONTENTS_CELL = re.compile(r"""page\.contents\(\s*\)""")


def check_notebook_materi(path: Path, fw: Framework, activity_id: str) -> list[Problem]:
    """Problems with how a module notebook shows its materi.

    The notebook shows its parts with one ``page.contents()`` cell: the section menu, built from
    the framework's materi and items in their order, so a notebook never lists them by hand. A
    notebook without that cell, or naming a materi its activity does not have
    (``page.materi_parts("<id>")``), is reported (at the line, where there is one).
    """
    problems: list[Problem] = []
    text = read_text_file(path, problems)
    if text is None:
        return problems
    known = {m.id for m in fw.activity(activity_id).materi}
    lines = text.splitlines()
    for line, source in enumerate(lines, start=1):
        found = MATERI_CELL.search(source)
        if found and found.group(1) not in known:
            problems.append(Problem(str(path), line, "materi_parts", _(
                "{materi!r} is not a materi of activity {activity!r}").format(
                materi=found.group(1), activity=activity_id)))
    if not any(CONTENTS_CELL.search(source) for source in lines):
        problems.append(Problem(str(path), None, "contents", _(
            "the module's parts are not shown: add a cell with page.column(page.contents())")))
    return problems


def check_content(fw: Framework, paths: ContentPaths = PATHS) -> list[Problem]:
    """Load every content file under ``paths`` against ``fw``; every problem found, in order.

    Checks what the pages need: each module's texts (one per item of its activity), the
    question banks (enough questions for each item), the checklist and self-check, the bimtek
    guides and action → item map, the komunitas programme file, the nbgrader template, the
    reaction survey, and the
    contents cell of each module notebook (:func:`check_notebook_materi`).
    """
    # The loaders live with the logic that uses them; imported here to avoid an import cycle.
    from kit.assess.template import load_assignment_template
    from kit.modules.content import load_checklist, load_module_content, load_selfcheck
    from kit.modules.komunitas import load_program
    from kit.modules.quiz import load_bank
    from kit.sandbox.guides import load_guides
    from kit.sandbox.practice import load_action_map
    from kit.survey.questions import DEFAULT_SURVEY, load_survey

    def module(module_id: str) -> Callable[[], object]:
        return lambda: load_module_content(module_id, paths.module_dir(module_id), fw)

    def bank(activity_id: str) -> Callable[[], object]:
        return lambda: load_bank(paths.bank(activity_id), fw)

    loads: list[Callable[[], object]] = [
        *(module(m) for m in MODULES),
        bank("advokasi"), bank("bimtek"), bank("komunitas"),
        lambda: load_checklist(paths.checklist("advokasi")),
        lambda: load_selfcheck(paths.selfcheck("advokasi"), fw),
        lambda: load_guides(paths.guides()),
        lambda: load_action_map(paths.practice(), fw),
        lambda: load_program(paths.program(), fw=fw),
        lambda: load_assignment_template(paths.assignment_template()),
        lambda: load_survey(paths.survey(DEFAULT_SURVEY)),
    ]
    problems: list[Problem] = []
    for load in loads:
        try:
            load()
        except ContentError as exc:
            problems.extend(exc.problems)
    for module_id in MODULES:
        problems.extend(check_notebook_materi(paths.module_dir(module_id).with_suffix(".py"), fw,
                                              module_id))
    return problems


def report_content_problems(fw: Framework, paths: ContentPaths = PATHS) -> bool:
    """Check all content (:func:`check_content`); print each problem as one line to stderr.

    Returns ``True`` when the content has no problem.
    """
    problems = check_content(fw, paths)
    if not problems:
        return True
    print(_("The content has {n} problem(s):").format(n=len(problems)), file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return False
