"""Loading the framework: validated typed load vs a bare ``yaml.safe_load`` of the same files."""

from __future__ import annotations

import yaml

from bench.measure import ratio, timed


def run() -> dict[str, object]:
    """Time ``load_framework`` against parsing the YAML files without validation."""
    from kit.framework.loader import DATA_DIR, load_framework

    files = sorted(DATA_DIR.glob("*.yaml"))
    kit = timed(lambda: load_framework(DATA_DIR), repeat=10)
    base = timed(lambda: [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files],
                 repeat=10)
    return {"kit_load_framework": kit, "baseline_yaml_safe_load": base,
            "ratio_kit_to_baseline": ratio(kit["median_s"], base["median_s"])}
