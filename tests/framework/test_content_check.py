"""``framework check`` loads all content against the framework and reports located problems."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.content_reader import PATHS, ContentError, check_content
from kit.framework import framework
from kit.sandbox.practice import ACTIONS, action_map, load_action_map

REPO = Path(__file__).resolve().parents[2]


def _run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kit", "--lang", "en", "framework", "check",
         "--content-root", str(root)],
        capture_output=True, text=True, cwd=REPO, check=False)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the content of this checkout (module notebooks, texts, assessments)."""
    root = tmp_path / "repo"
    for folder in ("modules", "assessments"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns("*.ipynb", "__pycache__"))
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_shipped_content_has_no_problem() -> None:
    """All content of the checkout loads against the framework without a single problem."""
    assert check_content(framework()) == []


def test_content_lives_in_modules_and_assessments() -> None:
    """Module texts sit beside the notebooks; banks, checklists, self-checks in assessments/."""
    assert PATHS.root == REPO
    assert (REPO / "modules" / "advokasi" / "module.yaml").is_file()
    assert (REPO / "modules" / "bimtek" / "email_daftar.md").is_file()
    assert (REPO / "assessments" / "questions" / "advokasi.yaml").is_file()
    assert (REPO / "assessments" / "checklists" / "advokasi.yaml").is_file()
    assert (REPO / "assessments" / "selfchecks" / "advokasi.yaml").is_file()
    assert (REPO / "assessments" / "nbgrader" / "assignment.yaml").is_file()
    assert (REPO / "assessments" / "README.md").is_file()
    assert not (REPO / "kit" / "content").exists()


def test_every_sandbox_action_maps_to_a_bimtek_item() -> None:
    """The action map names each action once and covers every bimtek item exactly once."""
    mapping = action_map()
    assert set(mapping) == set(ACTIONS)
    items = [i.id for i in framework().activity("bimtek").items]
    assert sorted(mapping.values()) == sorted(items)
    assert mapping["mail_cc_bcc"] == "email_cc_bcc"
    assert mapping["store_update_item"] == "toko_pengaturan_item"


def test_action_map_refuses_unknown_action_and_item(content_copy: Path) -> None:
    """An unknown action and an item the activity lacks are each named with file and line."""
    path = content_copy / "modules" / "bimtek" / "practice.yaml"
    _edit(path, "  mail_send: email_tulis", "  mail_sned: email_tulis")
    _edit(path, "  blog_follow: blog_ikuti", "  blog_follow: blog_ikut")
    with pytest.raises(ContentError) as err:
        load_action_map(path)
    message = str(err.value)
    assert f"{path}:{_line_of(path, 'mail_sned')}:practice.actions.mail_sned" in message
    assert f"{path}:{_line_of(path, 'blog_ikut')}:practice.actions.blog_follow" in message
    assert "practice.actions.mail_send" in message  # the action left without an item


def test_cli_check_passes_on_a_clean_copy(content_copy: Path) -> None:
    """``framework check`` on an unchanged copy of the content exits 0 with its summary."""
    done = _run_check(content_copy)
    assert done.returncode == 0, done.stderr
    assert "OK:" in done.stdout


def test_cli_check_reports_broken_content_one_line_each(content_copy: Path) -> None:
    """Broken content in a copy: exit 2, one ``file:line:field: message`` line per problem."""
    modules = content_copy / "modules"
    assessments = content_copy / "assessments"
    module_yaml = modules / "advokasi" / "module.yaml"
    _edit(module_yaml, "  ask: adv_tanya_peserta", "  ask: adv_tidak_ada")
    (modules / "komunitas" / "kom_peran.md").unlink()
    bank = assessments / "questions" / "advokasi.yaml"
    _edit(bank, "item: adv_nawacita", "item: adv_nawacitta")
    practice = modules / "bimtek" / "practice.yaml"
    _edit(practice, "  store_open: toko_daftar", "  store_opne: toko_daftar")
    guides = modules / "bimtek" / "guides.yaml"
    _edit(guides, "      url: https://accounts.google.com/signup\n", "")
    template = assessments / "nbgrader" / "assignment.yaml"
    _edit(template, "{points} poin", "{poin} poin")
    selfcheck = assessments / "selfchecks" / "advokasi.yaml"
    _edit(selfcheck, "stage: preparatory", "stage: persiapan")
    notebook = modules / "advokasi.py"
    _edit(notebook, "page.column(page.contents())", 'page.column(page.materi_parts("adv_kisah"))')

    done = _run_check(content_copy)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("The content has")
    problems = [line.strip() for line in lines[1:]]
    expected = [
        f"{module_yaml}:{_line_of(module_yaml, 'adv_tidak_ada')}:module.tools.ask: item "
        "'adv_tidak_ada' is not an item of activity 'advokasi'",
        f"{modules / 'komunitas' / 'kom_peran.md'}:kom_peran: missing text for item",
        f"{bank}:{_line_of(bank, 'adv_nawacitta')}:bank.questions[",
        f"{practice}:{_line_of(practice, 'store_opne')}:practice.actions.store_opne: unknown "
        "action",
        f"{guides}:",
        f"{template}:{_line_of(template, '{poin}')}:template.intro: unknown placeholder 'poin'",
        f"{selfcheck}:{_line_of(selfcheck, 'persiapan')}:selfcheck.questions[0].stage: unknown "
        "stage 'persiapan'",
        f"{notebook}:{_line_of(notebook, 'adv_kisah')}:materi_parts: 'adv_kisah' is not a "
        "materi of activity 'advokasi'",
        f"{notebook}:contents: the module's parts are not shown: add a cell with "
        "page.column(page.contents())",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert any("guides.mail.services[0].url" in p for p in problems), problems
