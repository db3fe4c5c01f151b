"""Arguments and output helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DEFAULT_WORKSPACE = Path("workspace")


def add_lang(parser: argparse.ArgumentParser) -> None:
    """Accept ``--lang`` after the sub-command too (``umkm-kit roster import F --lang en``)."""
    parser.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)


def add_workspace(parser: argparse.ArgumentParser) -> None:
    """Add the ``--workspace DIR`` option every workspace command takes."""
    from kit.i18n import _

    parser.add_argument(
        "--workspace", type=Path, default=DEFAULT_WORKSPACE, metavar="DIR",
        help=_("workspace folder (default: ./workspace)"),
    )


def print_json(data: Any) -> None:
    """Print ``data`` as pretty, UTF-8 JSON on stdout."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
