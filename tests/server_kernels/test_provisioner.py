import queue
import signal

import psutil

from kit.server.kernels.client import ForkServerClient
from kit.server.kernels.provisioner import ForkKernelProvisioner, ipykernel_args
from kit.server.kernels.spec import ForkKernelSpecManager, site_imports
from tests.server_kernels.conftest import run, run_code, started_kernel


def _children(forkserver: ForkServerClient) -> list[psutil.Process]:
    assert forkserver.process is not None
    return psutil.Process(forkserver.process.pid).children()


def test_kernel_is_forked_and_executes(spec_manager: ForkKernelSpecManager,
                                       forkserver: ForkServerClient) -> None:
    """A kernel started through jupyter_client is a child of the fork server and runs code."""
    async def body() -> None:
        async with started_kernel(spec_manager) as (manager, client):
            assert isinstance(manager.provisioner, ForkKernelProvisioner)
            pid = manager.provisioner.pid
            assert forkserver.process is not None
            assert psutil.Process(pid).ppid() == forkserver.process.pid
            reply = await run_code(client, "import os; print(6 * 7, os.getpid())")
            assert reply["status"] == "ok"
            assert reply["stdout"].split() == ["42", str(pid)]
    run(body())


def test_each_launch_gets_its_own_environment(spec_manager: ForkKernelSpecManager,
                                              tmp_path: object) -> None:
    """Two kernels launched with different env values each see their own values."""
    async def body() -> None:
        async with started_kernel(spec_manager, KIT_TEST_PARTICIPANT="ani",
                                  UMKM_KIT_WORKSPACE="ws-a") as (_m1, c1), \
                started_kernel(spec_manager, KIT_TEST_PARTICIPANT="budi",
                               UMKM_KIT_WORKSPACE="ws-b") as (_m2, c2):
            code = "import os; print(os.environ['KIT_TEST_PARTICIPANT'], " \
                   "os.environ['UMKM_KIT_WORKSPACE'])"
            assert (await run_code(c1, code))["stdout"].split() == ["ani", "ws-a"]
            assert (await run_code(c2, code))["stdout"].split() == ["budi", "ws-b"]
    run(body())


def test_widgets_and_inline_figures_are_attached(spec_manager: ForkKernelSpecManager) -> None:
    """Preloaded ipywidgets registers its comm target and matplotlib uses the inline backend."""
    async def body() -> None:
        async with started_kernel(spec_manager) as (_manager, client):
            reply = await run_code(client, (
                "import ipywidgets, matplotlib\n"
                "print('jupyter.widget' in get_ipython().kernel.comm_manager.targets)\n"
                "print(matplotlib.get_backend())"))
            assert reply["stdout"].split() == ["True", "module://matplotlib_inline.backend_inline"]
    run(body())


def test_interrupt_stops_running_code(spec_manager: ForkKernelSpecManager) -> None:
    """An interrupt raises KeyboardInterrupt in the running cell and the kernel carries on."""
    async def body() -> None:
        async with started_kernel(spec_manager) as (manager, client):
            msg_id = client.execute(
                "import time\nprint('started', flush=True)\n"
                "for _ in range(600): time.sleep(0.5)")
            while True:  # interrupt once the cell's own code runs (not merely "busy")
                msg = await client.get_iopub_msg(timeout=60)
                if msg["msg_type"] == "stream" and "started" in msg["content"]["text"]:
                    break
            reply = None
            for _attempt in range(6):  # a signal that lands between statements is retried
                await manager.interrupt_kernel()
                try:
                    while True:
                        candidate = await client.get_shell_msg(timeout=10)
                        if candidate["parent_header"].get("msg_id") == msg_id:
                            reply = candidate
                            break
                except queue.Empty:
                    continue
                break
            assert reply is not None, "the kernel never answered the interrupted request"
            assert reply["content"]["status"] == "error"
            assert reply["content"]["ename"] == "KeyboardInterrupt"
            assert (await run_code(client, "print('still here')"))["stdout"] == "still here\n"
    run(body())


def test_restart_gives_a_fresh_forked_kernel(spec_manager: ForkKernelSpecManager,
                                             forkserver: ForkServerClient) -> None:
    """After a restart the kernel is a new fork-server child without the old variables."""
    async def body() -> None:
        async with started_kernel(spec_manager) as (manager, client):
            await run_code(client, "x = 1")
            old_pid = manager.provisioner.pid
            await manager.restart_kernel(now=True)
            await client.wait_for_ready(timeout=120)
            new_pid = manager.provisioner.pid
            assert new_pid != old_pid
            assert not psutil.pid_exists(old_pid) or psutil.Process(old_pid).ppid() != (
                forkserver.process.pid if forkserver.process else -1)
            assert new_pid in [p.pid for p in _children(forkserver)]
            reply = await run_code(client, "print('x' in dir())")
            assert reply["stdout"] == "False\n"
    run(body())


def test_shutdown_reaps_the_kernel(spec_manager: ForkKernelSpecManager,
                                   forkserver: ForkServerClient) -> None:
    """After shutdown the kernel process is gone (reaped, no zombie) and its exit code known."""
    async def body() -> None:
        async with started_kernel(spec_manager) as (manager, _client):
            pid = manager.provisioner.pid
            child = psutil.Process(pid)
            await manager.shutdown_kernel()
            assert not await manager.is_alive()
            assert not child.is_running()  # is_running is False for a reaped pid, True for a zombie
            assert pid not in (await forkserver.status())["children"]
            zombies = [p for p in _children(forkserver) if p.status() == psutil.STATUS_ZOMBIE]
            assert zombies == []
    run(body())


def test_fork_server_survives_a_crashing_kernel(spec_manager: ForkKernelSpecManager,
                                                forkserver: ForkServerClient) -> None:
    """A kernel killed by SIGSEGV is reported dead and the fork server keeps forking kernels."""
    async def body() -> None:
        async with started_kernel(spec_manager) as (manager, client):
            client.execute("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
            code = await manager.provisioner.wait()
            assert code == -signal.SIGSEGV
            assert not await manager.is_alive()
        assert forkserver.alive()
        async with started_kernel(spec_manager) as (_manager, client):
            assert (await run_code(client, "print('ok')"))["stdout"] == "ok\n"
        assert (await forkserver.status())["threads"] == 1
    run(body())


def test_only_this_pythons_ipykernel_is_forked() -> None:
    """Commands other than ``<this python> -m ipykernel_launcher`` keep the ordinary launch."""
    import sys

    args = ipykernel_args([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"])
    assert args == ["-f", "c.json"]
    assert ipykernel_args(["/usr/bin/R", "--slave", "-e", "IRkernel::main()"]) is None
    assert ipykernel_args(["/opt/other/python", "-m", "ipykernel_launcher"]) is None


def test_site_imports_lists_installed_modules(tmp_path: object) -> None:
    """The preload list holds the notebooks' imports that are installed, not magics or others."""
    from pathlib import Path

    import nbformat

    site = Path(str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib inline\nimport pandas as pd\n"
                                          "from kit.i18n import _\nimport not_a_module_xyz\n"
                                          "import threading")]
    nbformat.write(nb, site / "page.ipynb")
    assert site_imports(site) == ["pandas", "kit.i18n"]
