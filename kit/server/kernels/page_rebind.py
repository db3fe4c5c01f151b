"""The fork hooks of pre-built pages; they live in :mod:`kit.modules.page_rebind`.

Module pages register there without importing the server package (which pulls in jupyter_client
and zmq); the server's page snapshots (:mod:`kit.server.kernels.page_snapshot`) read the same
registry through this name.
"""

from kit.modules.page_rebind import callbacks_since, mark, on_fork

__all__ = ["callbacks_since", "mark", "on_fork"]
