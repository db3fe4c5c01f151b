"""Answer the browser's ``request_states`` without defaults, from the state taken at build time.

When a Voila page connects, its widget manager asks the kernel for the state of every widget
(ipywidgets' ``jupyter.widget.control`` comm). ipywidgets answers with every attribute of every
widget, defaults included: about 690 KB for the advokasi page's ~900 widgets, which the kernel
serialises, the server relays and the phone parses on each visit. The widget manager in the
browser starts each model from the same defaults (it is how ipywidgets' own "embed" export works,
with ``drop_defaults=True``), so the kit's forked page kernels leave the defaults out: about
200 KB for the same page.

Reading 900 widgets' traits was still most of a forked kernel's work per visit, and nearly all of
them are exactly as the page build left them. So the build records each widget's compact state
once (:func:`widget_states`, in the fork server), and a kernel forked from it (:func:`install`)
notes every widget whose traits change from then on; ``request_states`` reads the recorded state
of the unchanged widgets and asks only the changed or new ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kit.server import upstream

# In a forked page kernel: the compact states recorded when its page was built, and the ids of
# widgets changed since the fork (their recorded state is stale).
_RECORDED: dict[str, dict[str, Any]] = {}
_CHANGED: set[str] = set()


def widget_states(model_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The current compact state of each live widget among ``model_ids``."""
    instances = upstream.widget_registry()
    entry = upstream.widget_entry
    return {m: entry(instances[m]) for m in model_ids if m in instances}


def current_states() -> dict[str, dict[str, Any]]:
    """Every live widget's entry: recorded if it has not changed since the fork, else read now."""
    entry = upstream.widget_entry
    return {model_id: (_RECORDED[model_id]
                       if model_id in _RECORDED and model_id not in _CHANGED
                       else entry(widget))
            for model_id, widget in upstream.widget_registry().items()}


def handle_control_comm_msg(cls: Any, msg: dict[str, Any]) -> None:
    """The control-comm handler of ipywidgets, sending each widget's state without defaults."""
    comm = upstream.control_comm(cls)
    if comm is None:
        raise RuntimeError("Control comm has not been properly opened")
    method = msg["content"]["data"]["method"]
    if method != "request_states":
        raise RuntimeError(f"Unknown front-end to back-end widget control msg {method!r}")
    states, buffer_paths, buffers = upstream.remove_buffers(current_states())
    comm.send({"method": "update_states", "states": states,
               "buffer_paths": buffer_paths}, buffers=buffers)


def _mark(widget: Any) -> None:
    comm_id = getattr(getattr(widget, "comm", None), "comm_id", None)
    if comm_id is not None:  # a closed widget has no comm, and no state to send
        _CHANGED.add(comm_id)


def install(recorded: dict[str, dict[str, Any]] | None = None) -> None:
    """In a forked kernel: answer ``request_states`` here, starting from ``recorded`` states.

    From now on every trait change (and every trait added) marks its widget as changed, so its
    state is read again when the browser asks.
    """
    _RECORDED.clear()
    _RECORDED.update(recorded or {})
    _CHANGED.clear()
    upstream.install_widget_hooks(_mark, handle_control_comm_msg)
