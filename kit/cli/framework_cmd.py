"""``umkm-kit framework check|show``: validate and print the competency framework."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, print_json
from kit.content_reader import CONTENT_ROOT, ContentPaths, report_content_problems
from kit.framework import Framework, FrameworkError, load_framework
from kit.framework.render import activity_summary, framework_dict, framework_markdown
from kit.i18n import _, get_language


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``framework`` command and its ``check`` / ``show`` actions."""
    parser = sub.add_parser("framework", help=_("validate or show the competency framework"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    check = actions.add_parser("check", help=_("validate the framework data"))
    show = actions.add_parser("show", help=_("print the framework"))
    for p in (check, show):
        p.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
        add_lang(p)
    check.add_argument("--content-root", type=Path, default=CONTENT_ROOT, help=argparse.SUPPRESS)
    show.add_argument("--format", choices=("json", "markdown"), default="json")
    check.set_defaults(func=_check)
    show.set_defaults(func=_show)


def _load(args: argparse.Namespace) -> Framework | None:
    try:
        return load_framework(args.data)
    except FrameworkError as exc:
        print(_("The framework data has {n} problem(s):").format(n=len(exc.problems)),
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    fw = _load(args)
    if fw is None:
        return 2
    if not report_content_problems(fw, ContentPaths(args.content_root)):
        return 2
    lang = get_language()
    for activity in fw.activities:
        print(activity_summary(activity, lang))
    total = sum(len(a.items) for a in fw.activities)
    print(_("OK: {stages} stages, {activities} activities, {items} items").format(
        stages=len(fw.stages), activities=len(fw.activities), items=total))
    return 0


def _show(args: argparse.Namespace) -> int:
    fw = _load(args)
    if fw is None:
        return 2
    lang = get_language()
    if args.format == "json":
        print_json(framework_dict(fw, lang))
    else:
        sys.stdout.write(framework_markdown(fw, lang))
    return 0
