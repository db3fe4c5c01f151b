"""Kernel managers of the stand-alone server share one event logger, schemas loaded once."""

from __future__ import annotations

from pathlib import Path

from jupyter_events.logger import EventLogger
from traitlets.config import Config, LoggingConfigurable

from kit.server.config import standalone_config
from kit.server.kernels.shared_events import CLASS_NAME, SharedEventsKernelManager

KERNEL_ACTIONS = "https://events.jupyter.org/jupyter_server/kernel_actions/v1"


def test_kernels_share_one_logger_with_the_kernel_action_schema() -> None:
    """Two kernel managers without a server's logger get the same one, schema registered."""
    first, second = SharedEventsKernelManager(), SharedEventsKernelManager()
    assert first.event_logger is second.event_logger
    assert KERNEL_ACTIONS in first.event_logger.schemas.schema_ids
    # Emitting with nobody listening is a no-op, as jupyter_server's own kernels do it.
    first.emit(schema_id=KERNEL_ACTIONS, data={"action": "start", "msg": "ok"})


def test_a_servers_own_logger_is_used_when_there_is_one() -> None:
    """Inside a Jupyter server (which has an event logger) that logger is used, as stock."""
    server = LoggingConfigurable()
    server.event_logger = EventLogger()  # type: ignore[attr-defined]
    mapping = LoggingConfigurable(parent=server)
    manager = SharedEventsKernelManager(parent=mapping)
    assert manager.event_logger is server.event_logger  # type: ignore[attr-defined]
    assert KERNEL_ACTIONS in manager.event_logger.schemas.schema_ids


def test_standalone_server_uses_the_shared_logger_kernel_manager(tmp_path: Path) -> None:
    """``kit start``'s configuration names this kernel manager class for every kernel."""
    config = Config(standalone_config(tmp_path, host="127.0.0.1", port=8866,
                                      open_browser=False))
    assert config.MappingKernelManager.kernel_manager_class == CLASS_NAME
