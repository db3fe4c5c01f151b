"""Answer the browser's ``request_states`` without the values every widget has by default.

When a Voila page connects, its widget manager asks the kernel for the state of every widget
(ipywidgets' ``jupyter.widget.control`` comm). ipywidgets answers with every attribute of every
widget, defaults included: about 690 KB for the advokasi page's ~900 widgets, which the kernel
serialises, the server relays and the phone parses on each visit. The widget manager in the
browser starts each model from the same defaults (it is how ipywidgets' own "embed" export works,
with ``drop_defaults=True``), so the kit's forked page kernels leave the defaults out: about
200 KB for the same page.
"""

from __future__ import annotations

from typing import Any


def handle_control_comm_msg(cls: Any, msg: dict[str, Any]) -> None:
    """The control-comm handler of ipywidgets, sending each widget's state without defaults."""
    from ipywidgets.widgets import widget as widget_module

    if cls._control_comm is None:
        raise RuntimeError("Control comm has not been properly opened")
    method = msg["content"]["data"]["method"]
    if method != "request_states":
        raise RuntimeError(f"Unknown front-end to back-end widget control msg {method!r}")
    full_state = {
        widget.model_id: {
            "model_name": widget._model_name,
            "model_module": widget._model_module,
            "model_module_version": widget._model_module_version,
            "state": widget.get_state(drop_defaults=True),
        }
        for widget in widget_module._instances.values()
    }
    states, buffer_paths, buffers = widget_module._remove_buffers(full_state)
    cls._control_comm.send({"method": "update_states", "states": states,
                            "buffer_paths": buffer_paths}, buffers=buffers)


def install() -> None:
    """Use :func:`handle_control_comm_msg` for the ``request_states`` of this process."""
    from ipywidgets.widgets.widget import Widget

    Widget._handle_control_comm_msg = classmethod(handle_control_comm_msg)
