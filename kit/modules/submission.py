"""The submission file a module offers for download (format: :mod:`kit.assess.submission_format`).

The module's saved work becomes the ``answers`` of the submission: for each item, a short text
(the knowledge-check result, the participant's questions…) and evidence entries (the check's
question ids, answers and correctness; the tools' states). The file is offered as an HTML anchor
with a ``data:`` URI, which works in Voila without a file server.

The file is **signed** with the key of the workspace the module runs in (``metadata.umkm.origin``,
:mod:`kit.assess.origin`): the facilitator's workspace imports the files its own module issued and
holds, for confirmation, those made elsewhere (a Binder session has a workspace of its own).
"""

from __future__ import annotations

import base64
import json
import re
from typing import TYPE_CHECKING, Any

from kit.i18n import _
from kit.modules.markdown import esc
from kit.records.clock import now

if TYPE_CHECKING:
    from kit.modules.frame import ModuleFrame

MAX_VALUE = 2000


def _value(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def answers_for(frame: ModuleFrame) -> dict[str, dict[str, Any]]:
    """Item id → ``{"answer": text, "evidence": [{"kind", "value"}]}`` from the saved work."""
    out: dict[str, dict[str, Any]] = {}

    def entry(item_id: str) -> dict[str, Any]:
        return out.setdefault(item_id, {"answer": "", "evidence": []})

    for item in frame.items:
        last = frame.state.last_quiz(item.id)
        if last is None:
            continue
        e = entry(item.id)
        e["answer"] = _("Knowledge check: {n} of {total} correct (level {level}).").format(
            n=last.get("n_correct", 0), total=last.get("n_questions", 0),
            level=last.get("level", 0))
        e["evidence"].append({"kind": "knowledge_check", "value": _value({
            k: last.get(k) for k in ("attempt", "questions", "answers", "correct", "level")})})
    tools = frame.state.tools
    for tool, item_id in frame.content.tools.items():
        state = tools.get(tool)
        if not state:
            continue
        e = entry(item_id)
        if tool == "ask":
            questions = "\n".join(f"- {q}" for q in state.get("questions", []))
            e["answer"] = (e["answer"] + "\n" if e["answer"] else "") + questions
        e["evidence"].append({"kind": tool, "value": _value(state)})
    return out


def filename_for(frame: ModuleFrame) -> str:
    """``<module>-<name>-<id>.ipynb``, safe on every system."""
    p = frame.participant
    assert p is not None  # noqa: S101 - the button is disabled without a participant
    slug = re.sub(r"[^a-z0-9]+", "-", p.name.lower()).strip("-")[:30] or "peserta"
    return f"{frame.module_id}-{slug}-{p.id}.ipynb"


def submission_file(frame: ModuleFrame) -> tuple[str, bytes]:
    """The file name and bytes of the participant's submission (built by the assess package)."""
    from kit.assess.submission_format import build_submission, submission_bytes

    pid = frame.participant_id
    if pid is None:
        raise RuntimeError("no participant chosen")
    person = frame.participant
    profile = ({"name": person.name, "district": person.district, "village": person.village,
                "phone": person.phone, "business_name": person.business_name}
               if person is not None else None)
    # Given the workspace (not a release folder), build_submission signs the file with its key.
    nb = build_submission(frame.ctx.ws, pid, frame.activity.id, answers_for(frame),
                          created_at=now().isoformat(), profile=profile)
    return filename_for(frame), submission_bytes(nb)


def download_link(frame: ModuleFrame) -> str:
    """An HTML download anchor (``data:`` URI) for the submission file."""
    name, data = submission_file(frame)
    b64 = base64.b64encode(data).decode("ascii")
    label = esc(_("Download my submission file"))
    return (f"<p><a class='kit-download' download='{esc(name)}' "
            f"href='data:application/x-ipynb+json;base64,{b64}'>⬇ {label}</a><br>"
            f"<span class='kit-muted'>{esc(name)}</span></p>")
