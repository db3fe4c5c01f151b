"""Run every benchmark module and print one JSON document (``make bench``).

Each module ``bench/<name>_bench.py`` exposes ``run() -> dict`` that measures the kit and, in
the same run, a baseline. ``python -m bench NAME…`` runs only those; ``--out FILE`` also writes
the JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).parent


def discover() -> list[str]:
    """Names of the benchmark modules, sorted."""
    return sorted(p.stem.removesuffix("_bench") for p in HERE.glob("*_bench.py"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print their JSON; exit 1 if any benchmark failed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    names = args.names or discover()
    report: dict[str, object] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "benchmarks": {},
    }
    failed = False
    results: dict[str, object] = {}
    for name in names:
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}_bench")
            results[name] = module.run()
        except Exception:
            failed = True
            results[name] = {"error": traceback.format_exc(limit=5)}
    report["benchmarks"] = results
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
