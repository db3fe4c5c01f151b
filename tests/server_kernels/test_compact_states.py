"""Widget states recorded at build time and answered from a forked kernel (in this process)."""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import Widget

from kit.server.kernels import compact_states


@pytest.fixture
def fresh_hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let :func:`compact_states.install` patch ``Widget`` for one test only."""
    for name in ("notify_change", "add_traits", "_handle_control_comm_msg"):
        monkeypatch.setattr(Widget, name, getattr(Widget, name))
    yield
    compact_states.install({})


def test_unchanged_widgets_answer_with_the_recorded_state(fresh_hooks: None) -> None:
    """A widget untouched since the fork is answered from the record, a changed one is read."""
    still = w.Button(description="tetap")
    moved = w.Text(value="sebelum")
    recorded = compact_states.widget_states([still.model_id, moved.model_id, "gone"])
    assert set(recorded) == {still.model_id, moved.model_id}
    assert "layout" in recorded[still.model_id]["state"]
    assert "disabled" not in recorded[still.model_id]["state"]  # a default: left out
    compact_states.install(recorded)
    moved.value = "sesudah"
    new = w.Label(value="baru")
    states = compact_states.current_states()
    assert states[still.model_id] is recorded[still.model_id]
    assert states[moved.model_id]["state"]["value"] == "sesudah"
    assert states[new.model_id]["state"]["value"] == "baru"
    still_id = still.model_id
    for widget in (still, moved, new):
        widget.close()
    assert still_id not in compact_states.current_states()


def test_a_change_back_to_a_default_is_not_hidden_by_the_record(fresh_hooks: None) -> None:
    """Setting a recorded value back to its default drops it from the answer, as a read would."""
    box = w.Checkbox(value=True, description="setuju")
    compact_states.install(compact_states.widget_states([box.model_id]))
    assert compact_states.current_states()[box.model_id]["state"]["value"] is True
    box.value = False
    assert "value" not in compact_states.current_states()[box.model_id]["state"]
    box.close()
