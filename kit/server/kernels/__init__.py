"""Kernels for a classroom: forked from a preloaded fork server instead of started from scratch.

* :mod:`kit.server.kernels.forkserver` — the fork server ("zygote") process;
* :mod:`kit.server.kernels.client` — starting it and asking it for kernels from the server;
* :mod:`kit.server.kernels.provisioner` — the jupyter_client provisioner using it;
* :mod:`kit.server.kernels.spec` — the kernel-spec manager that routes ipykernel specs to it.

See ``ARCHITECTURE.md`` in this folder for why and what it measures.
"""

from kit.server.kernels.provisioner import PROVISIONER_NAME, ForkKernelProvisioner
from kit.server.kernels.spec import ForkKernelSpecManager, register_provisioner, site_imports

__all__ = ["PROVISIONER_NAME", "ForkKernelProvisioner", "ForkKernelSpecManager",
           "register_provisioner", "site_imports"]
