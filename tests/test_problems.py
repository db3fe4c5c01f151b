"""kit.problems: one located-problem type for roster files, the framework and content files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.framework.located_yaml import compose
from kit.problems import Problem
from kit.roster.validate import validate_roster


def test_a_problem_is_one_line_naming_file_line_and_field() -> None:
    """A problem reads ``file:line:field: message``; a missing line or field is left out."""
    assert str(Problem("roster.csv", 3, "No HP", "bad")) == "roster.csv:3:No HP: bad"
    assert str(Problem("roster.csv", 3, None, "bad")) == "roster.csv:3: bad"
    assert str(Problem("bank.yaml", None, "questions[0]", "bad")) == "bank.yaml:questions[0]: bad"
    assert str(Problem("bank.yaml", None, "", "bad")) == "bank.yaml: bad"


def test_the_framework_reader_reports_the_shared_type() -> None:
    """A YAML syntax error in a framework or content file is a kit.problems.Problem with a line."""
    problems: list[Problem] = []
    assert compose("a: [1,\n", "x.yaml", problems) is None
    assert [type(p) for p in problems] == [Problem]
    assert problems[0].file == "x.yaml" and problems[0].line is not None


def test_the_roster_reader_reports_the_shared_type(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad phone number in a roster row is a kit.problems.Problem naming row and column."""
    monkeypatch.setenv("UMKM_KIT_LANG", "en")
    path = tmp_path / "roster.csv"
    path.write_text("Nama,Kabupaten/Kota,No HP\nSiti Rahayu,Kabupaten Sragen,12\n",
                    encoding="utf-8")
    problems = validate_roster(path).problems
    assert problems and all(type(p) is Problem for p in problems)
    phone = [p for p in problems if p.field == "No HP"]
    assert phone and phone[0].line == 2
    assert str(phone[0]).startswith(f"{path}:2:No HP: ")
