"""Static checks: no dangerous calls in kit/, and every classroom text has its translation."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import extract_from_dir

from kit.i18n.catalogue import translated_ids

KIT = Path(__file__).resolve().parents[2] / "kit"
CLASSROOM = KIT / "classroom"
# Calls through which a value typed in a widget could become code, a query or a command.
BANNED_NAMES = {"eval", "exec", "compile", "__import__", "execfile"}
BANNED_ATTRS = {
    ("pickle", "loads"), ("pickle", "load"), ("os", "system"), ("os", "popen"),
    ("yaml", "load"), ("yaml", "unsafe_load"), ("marshal", "loads"), ("pd", "eval"),
    ("pandas", "eval"), ("shelve", "open"), ("dill", "loads"), ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
}
BANNED_METHODS = {"query", "eval"}  # DataFrame.query / DataFrame.eval run expression strings
# SQLAlchemy ORM sessions (``db.query(Model.column)``) build SQL from columns, not from strings.
SQL_SESSIONS = {"db", "session"}
# The one exception, by file and function: the fork server runs the code cells of the site's own
# notebooks once, as a kernel would (kit.server.kernels.page_snapshot.run_cell; its source is a
# notebook file the server built, never a value typed in a widget).
ALLOWED = {("kit/server/kernels/page_snapshot.py", "run_cell")}


def _allowed_lines(path: Path, tree: ast.AST) -> set[int]:
    rel = path.relative_to(KIT.parent).as_posix()
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (rel, node.name) in ALLOWED:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    allowed = _allowed_lines(path, tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or node.lineno in allowed:
            continue
        func = node.func
        where = f"{path.relative_to(KIT.parent)}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id in BANNED_NAMES:
            found.append(f"{where}: {func.id}()")
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            orm_query = owner in SQL_SESSIONS and func.attr == "query"
            if (owner, func.attr) in BANNED_ATTRS or (
                    func.attr in BANNED_METHODS and not orm_query):
                found.append(f"{where}: .{func.attr}()")
        for keyword in node.keywords:
            if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant)
                                               and keyword.value.value is False):
                found.append(f"{where}: shell=")
    return found


def test_no_widget_value_can_reach_eval_exec_query_pickle_or_a_shell() -> None:
    """No code in kit/ calls eval/exec, DataFrame.query/eval, pickle, yaml.load or a shell."""
    violations = [v for path in sorted(KIT.rglob("*.py")) for v in _violations(path)]
    assert violations == []
    allowed_file = KIT.parent / next(iter(ALLOWED))[0]
    assert _allowed_lines(allowed_file, ast.parse(allowed_file.read_text(encoding="utf-8"))), \
        "the allowed function still exists (else remove it from ALLOWED)"


def test_every_classroom_text_is_translated() -> None:
    """Every message of the classroom code and templates has an Indonesian translation."""
    have = translated_ids("id")
    messages = [m for _f, _l, m, _c, _x in extract_from_dir(
        str(CLASSROOM), [("**.py", "python")],
        keywords={"_": None, "gettext_": None, "t": None})]
    messages += [m for _f, _l, m, _c, _x in extract_from_dir(
        str(CLASSROOM / "templates"), [("**.j2", "jinja2.ext:babel_extract")],
        options_map={"**.j2": {"extensions": "jinja2.ext.i18n"}})]
    assert messages
    missing = sorted({str(m) for m in messages} - have)
    assert missing == []
