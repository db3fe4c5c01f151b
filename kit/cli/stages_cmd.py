"""``umkm-kit stages [--format table|json]``: each participant's current stage, and the counts."""

from __future__ import annotations

import argparse

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.cli.scores_cmd import BAD_INPUT, explain_not_a_workspace
from kit.framework import framework
from kit.i18n import _, get_language
from kit.reports.stages import StageReport, stage_report, stage_title
from kit.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``stages`` command."""
    parser = sub.add_parser(
        "stages", help=_("show each participant's current stage and the count per stage"))
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help=_("output format"))
    add_workspace(parser)
    add_lang(parser)
    parser.set_defaults(func=_stages)


def _table(report: StageReport, lang: str) -> str:
    fw = framework()
    headers = (_("Participant"), _("Name"), _("District"), _("Current stage"))
    rows = [(p.participant_id, p.name, p.district, stage_title(fw, p.stage_id, lang))
            for p in report.participants]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    out = [line(headers), line(tuple("-" * n for n in widths))]
    out += [line(r) for r in rows]
    out.append("")
    out.append(_("Participants per stage:"))
    label_width = max(len(c.title) for c in report.counts)
    out += [f"  {c.title.ljust(label_width)}  {c.count:>4}" for c in report.counts]
    total = _("Total")
    out.append(f"  {total.ljust(label_width)}  {len(report.participants):>4}")
    return "\n".join(out)


@with_workspace(BAD_INPUT, explain=explain_not_a_workspace)
def _stages(args: argparse.Namespace, ws: Workspace) -> int:
    lang = get_language()
    report = stage_report(ws, lang)
    if args.format == "json":
        print_json(report.as_dict())
    else:
        print(_table(report, lang))
    return 0
