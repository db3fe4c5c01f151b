"""Route Python kernels through the fork provisioner, and decide what the fork server preloads.

:class:`ForkKernelSpecManager` is a ``KernelSpecManager`` (Voila's
``VoilaConfiguration.kernel_spec_manager_class``) that adds a ``kernel_provisioner`` stanza naming
:class:`~kit.server.kernels.provisioner.ForkKernelProvisioner` to every ipykernel spec that has
none, and starts the fork server as soon as it is created, so it has preloaded by the time the
first participant arrives. :func:`site_imports` lists the modules the site's notebooks import.
"""

from __future__ import annotations

import ast
import importlib.util
import json
from collections.abc import Iterable
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from traitlets import Bool, List, Unicode

from kit.server.kernels.client import ForkServerClient, fork_server
from kit.server.kernels.provisioner import PROVISIONER_NAME, ipykernel_args

ENTRY_POINT_VALUE = "kit.server.kernels.provisioner:ForkKernelProvisioner"
# Libraries the kit's pages use, preloaded whatever the site imports (skipped if missing).
DEFAULT_PRELOAD: tuple[str, ...] = (
    "kit", "kit.i18n", "kit.framework", "kit.server.home_page",
    "pandas", "matplotlib", "matplotlib.pyplot",
)
DEFAULT_WARM: tuple[str, ...] = ("kit.framework:framework", "kit.ui.assets:compile_all")
# Never preloaded: they start threads, open connections or read the environment at import.
NEVER_PRELOAD = frozenset({"multiprocessing", "concurrent", "asyncio", "threading", "psycopg",
                           "duckdb", "playwright", "dask", "ray", "tqdm"})


def register_provisioner() -> None:
    """Make the provisioner known to jupyter_client even without the installed entry point.

    An editable install provides it as a ``jupyter_client.kernel_provisioners`` entry point.
    """
    factory = KernelProvisionerFactory.instance()
    if PROVISIONER_NAME not in factory.provisioners:
        factory.provisioners[PROVISIONER_NAME] = EntryPoint(
            PROVISIONER_NAME, ENTRY_POINT_VALUE, KernelProvisionerFactory.GROUP_NAME)


def _imports_of(source: str) -> Iterable[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def site_imports(site: Path) -> list[str]:
    """Modules imported by the code cells of the notebooks under ``site`` that are installed."""
    found: dict[str, None] = {}
    for notebook in sorted(site.rglob("*.ipynb")):
        if any(part.startswith(".") for part in notebook.relative_to(site).parts[:-1]):
            continue
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            # IPython magics and shell escapes are not Python.
            text = "\n".join(ln for ln in text.splitlines()
                             if not ln.lstrip().startswith(("%", "!")))
            for name in _imports_of(text):
                found.setdefault(name, None)
    out = []
    for name in found:
        if name.split(".")[0] in NEVER_PRELOAD:
            continue
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except (ImportError, ValueError):
            continue
        out.append(name)
    return out


def is_ipykernel_spec(spec: KernelSpec) -> bool:
    """Whether ``spec`` runs ipykernel with the server's own Python."""
    return spec.language.lower() == "python" and ipykernel_args(spec.argv) is not None


class ForkKernelSpecManager(KernelSpecManager):
    """Kernel specs as usual, with ipykernel specs routed through the fork provisioner."""

    fork_kernels = Bool(True, help="Fork Python kernels from a preloaded fork server.").tag(
        config=True)
    preload = List(Unicode(), default_value=list(DEFAULT_PRELOAD),
                   help="Modules the fork server imports before forking kernels.").tag(config=True)
    warm = List(Unicode(), default_value=list(DEFAULT_WARM),
                help="Zero-argument 'module:function' calls run before forking.").tag(config=True)
    start_now = Bool(True, help="Start the fork server when the manager is created.").tag(
        config=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        if self.fork_kernels:
            register_provisioner()
            if self.start_now:
                fork_server(self.preload, self.warm).start()

    def fork_server(self) -> ForkServerClient | None:
        """The fork server this manager's kernels come from (``None`` when forking is off)."""
        return fork_server(self.preload, self.warm) if self.fork_kernels else None

    def get_kernel_spec(self, kernel_name: str, *args: Any, **kwargs: Any) -> KernelSpec:
        """The spec of ``kernel_name``; an ipykernel spec gets the fork provisioner."""
        spec: KernelSpec = super().get_kernel_spec(kernel_name, *args, **kwargs)
        if self.fork_kernels and is_ipykernel_spec(spec) and (
                "kernel_provisioner" not in spec.metadata):
            spec.metadata = {**spec.metadata, "kernel_provisioner": {
                "provisioner_name": PROVISIONER_NAME,
                "config": {"preload": list(self.preload), "warm": list(self.warm)},
            }}
        return spec
