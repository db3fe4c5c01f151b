"""``ForkKernelProvisioner``: a jupyter_client kernel provisioner that forks kernels.

It is :class:`~jupyter_client.provisioning.LocalProvisioner` (same connection file, ports and
``pre_launch``), except that an ipykernel command (``python -m ipykernel_launcher -f FILE``) run by
this server's Python is not started with ``Popen`` but forked by the fork server
(:mod:`kit.server.kernels.forkserver`) with the launch's own ``env`` and ``cwd``. Signals go to
the kernel's process group; exit codes come from the fork server, which reaps the kernels. Any
other command, or a fork server that cannot be reached, falls back to the local ``Popen`` launch
— except a kernel for a page built in advance (``UMKM_KIT_PAGE_ID`` in its environment, see
:mod:`kit.server.kernels.page_snapshot`): its launch fails instead, and the server renders the
page the usual way.
"""

from __future__ import annotations

import os
import pathlib
import signal
import sys
from collections.abc import Sequence
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import List, Unicode

from kit.server.kernels.client import ForkedKernel, ForkServerError, fork_server
from kit.settings import PAGE_ID_ENV

PROVISIONER_NAME = "kit-fork-provisioner"
LAUNCHER_MODULES = ("ipykernel_launcher", "ipykernel")


def _same_python(executable: str) -> bool:
    if executable in ("python", "python3"):
        return True
    try:
        return os.path.samefile(executable, sys.executable)
    except OSError:
        return False


def ipykernel_args(cmd: Sequence[str]) -> list[str] | None:
    """The ``IPKernelApp`` arguments of ``cmd`` if it runs ipykernel with this Python, else None."""
    if len(cmd) >= 3 and cmd[1] == "-m" and cmd[2] in LAUNCHER_MODULES and _same_python(cmd[0]):
        return list(cmd[3:])
    return None


class ForkKernelProvisioner(LocalProvisioner):
    """Launch ipykernels as forks of a pre-loaded fork server; everything else as usual."""

    preload = List(Unicode(), help="Modules the fork server imports before forking.").tag(
        config=True)
    warm = List(Unicode(), help="Zero-argument 'module:function' warm-ups run before forking.").tag(
        config=True)

    forked: ForkedKernel | None = None

    @property
    def has_process(self) -> bool:
        """Whether a kernel process (forked or local) is being managed."""
        return self.forked is not None or bool(super().has_process)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel with this launch's ``env`` and ``cwd`` (or fall back to Popen)."""
        args = ipykernel_args(cmd)
        if args is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = kwargs.get("cwd")
        server = fork_server(self.preload, self.warm)
        page_id = env.get(PAGE_ID_ENV)
        try:
            forked = await server.launch(args, env, str(cwd) if cwd else None, page_id)
        except ForkServerError as exc:
            if page_id:  # the page's HTML names that build's widgets: no other kernel will do
                raise
            self.log.warning("Fork server unavailable (%s); starting the kernel with Popen", exc)
            return await super().launch_kernel(cmd, **kwargs)
        self.forked = forked
        self.process = None
        self.pid = forked.pid
        self.pgid = forked.pid
        self.cwd = cwd or pathlib.Path.cwd()
        return self.connection_info

    async def poll(self) -> int | None:
        """``None`` while the kernel runs, else its exit code."""
        if self.forked is not None:
            return self.forked.poll()
        result: int | None = await super().poll()
        return result

    async def wait(self) -> int | None:
        """Wait for the kernel to exit (callers bound this with a timeout)."""
        if self.forked is not None:
            code = await self.forked.wait()
            self.forked = None
            return code
        result: int | None = await super().wait()
        return result

    async def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group."""
        if self.forked is not None:
            self.forked.send_signal(signum)
            return
        await super().send_signal(signum)

    async def kill(self, restart: bool = False) -> None:
        """SIGKILL the kernel's process group."""
        if self.forked is not None:
            self.forked.send_signal(signal.SIGKILL)
            return
        await super().kill(restart)

    async def terminate(self, restart: bool = False) -> None:
        """SIGTERM the kernel's process group."""
        if self.forked is not None:
            self.forked.send_signal(signal.SIGTERM)
            return
        await super().terminate(restart)
