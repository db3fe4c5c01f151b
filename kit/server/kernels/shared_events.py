"""One event logger for every kernel of the stand-alone server, its schemas loaded once.

jupyter_server gives each kernel manager an event logger for "kernel action" events. Inside a
full Jupyter server it is the server's own logger; under stand-alone Voila there is none to share,
so each new kernel creates an ``EventLogger`` and loads and validates the YAML schema of those
events again — about a tenth of the server's CPU per participant joining, for events nobody
listens to. :class:`SharedEventsKernelManager` uses the parent server's logger when there is one
(as jupyter_server does) and otherwise one logger per process, built once.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from jupyter_events.logger import EventLogger
from jupyter_events.schema_registry import SchemaRegistryException
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import default

from kit.server import upstream


@functools.cache
def process_event_logger(*schema_paths: Path) -> EventLogger:
    """One event logger per process, ``schema_paths`` registered (built on the first call)."""
    logger = EventLogger()
    for path in schema_paths:
        with contextlib.suppress(SchemaRegistryException):  # listed twice: registered once
            logger.register_event_schema(path)
    return logger


class SharedEventsKernelManager(ServerKernelManager):
    """jupyter_server's kernel manager, sharing one event logger instead of one per kernel."""

    @default("event_logger")
    def _shared_event_logger(self) -> EventLogger:
        owner = self.parent.parent if self.parent is not None else None
        if owner is not None and hasattr(owner, "event_logger"):
            logger: EventLogger = upstream.server_event_logger(self)
            return logger
        return process_event_logger(*(Path(str(p)) for p in
                                      [*self.core_event_schema_paths,
                                       *self.extra_event_schema_paths]))


CLASS_NAME = f"{__name__}.{SharedEventsKernelManager.__name__}"
