"""The framework's structure version: a short digest of what packages and stores depend on.

Two workspaces whose frameworks have the same activities, materi, item ids and stage codes (in
the same places) have the same version, whatever their titles, texts or translations say; a
renamed item, a moved materi or a new stage gives another version. Computed from the loaded
:mod:`kit.framework` model, never from the data files.
"""

from __future__ import annotations

import hashlib
import json

from kit.framework.loader import framework as loaded_framework
from kit.framework.model import Framework

# Bump when the digest's inputs change meaning (not when the framework changes).
_SCHEME = "structure-1"


def structure(fw: Framework) -> dict[str, object]:
    """The structure the version digests: stage codes, and per activity its materi and items."""
    return {
        "scheme": _SCHEME,
        "stages": [[s.id, s.order] for s in fw.stages],
        "activities": [
            {"id": a.id, "materi": [
                {"id": m.id, "stage": m.stage, "items": [[i.id, i.stage] for i in m.items]}
                for m in a.materi]}
            for a in fw.activities],
    }


def structure_version(fw: Framework | None = None) -> str:
    """The version of ``fw`` (default: the kit's framework): 16 hex digits of a sha256."""
    text = json.dumps(structure(fw or loaded_framework()), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]
