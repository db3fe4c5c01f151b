"""Pages built once in the fork server, and kernels forked from them (real kernels, real comms).

The module pages served this way in a browser are tested in ``tests/browser/test_built_pages.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from ipywidgets._version import __control_protocol_version__ as CONTROL_VERSION
from ipywidgets._version import __protocol_version__ as WIDGET_VERSION
from jupyter_client.asynchronous.client import AsyncKernelClient

from kit.server.kernels import page_rebind
from kit.server.kernels.client import ForkServerClient, ForkServerError
from kit.server.kernels.page_snapshot import (
    PAGE_ID_ENV,
    SnapshotError,
    build,
    build_env,
    snapshot_key,
)
from kit.server.kernels.spec import ForkKernelSpecManager
from tests.server_kernels.conftest import run, started_kernel

PAGE_CELLS = [
    "import os\nimport ipywidgets as w\nfrom kit.server.kernels import page_rebind",
    # The label shows who the page was built or forked for; the button answers in the kernel.
    "label = w.Label(value='built for ' + os.environ.get('QUERY_STRING', 'nobody'))\n"
    "button = w.Button(description='go')\n"
    "def clicked(_b):\n"
    "    label.value = 'clicked in ' + os.environ.get('QUERY_STRING', '?')\n"
    "button.on_click(clicked)\n"
    "page_rebind.on_fork(lambda: setattr(label, 'value', "
    "'visit ' + os.environ.get('QUERY_STRING', '?')))\n"
    "print('built')\n"
    "w.VBox([label, button])",
]


def _notebook(folder: Path, cells: list[str], name: str = "page.ipynb") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Halaman"),
                *(nbformat.v4.new_code_cell(c) for c in cells)]
    path = folder / name
    nbformat.write(nb, path)
    return path


def _view_ids(cells: list[list[dict[str, Any]]]) -> list[str]:
    return [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
            for outputs in cells for o in outputs
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


def test_build_keeps_outputs_widgets_and_callbacks(tmp_path: Path) -> None:
    """A build runs each code cell once: printed text, the widget view, its widgets, callbacks."""
    notebook = _notebook(tmp_path, PAGE_CELLS)
    before_env = dict(os.environ)
    page = build(str(notebook), {**os.environ, "QUERY_STRING": "who=ani"}, str(tmp_path))
    assert dict(os.environ) == before_env and Path.cwd() != tmp_path
    assert page.cells[0] == [] and page.cells[1] == []
    stream, view = page.cells[2]
    assert stream == {"output_type": "stream", "name": "stdout", "text": "built\n"}
    box_id = view["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert _view_ids(page.cells) == [box_id]
    assert {box_id, page.namespace["label"].model_id,
            page.namespace["button"].model_id} <= page.model_ids
    # The per-visit QUERY_STRING was removed from the build's environment.
    assert page.namespace["label"].value == "built for nobody"
    assert len(page.callbacks) == 1
    page.callbacks[0]()
    assert page.namespace["label"].value == "visit ?"


def test_build_env_drops_per_visit_variables() -> None:
    """Request, identity and page-id variables never reach a build; its key ignores them."""
    env = {"UMKM_KIT_WORKSPACE": "/ws", "QUERY_STRING": "a=1", "HTTP_USER_AGENT": "x",
           "UMKM_KIT_PARTICIPANT_TOKEN": "t", PAGE_ID_ENV: "p", "SERVER_PORT": "8866"}
    assert build_env(env) == {"UMKM_KIT_WORKSPACE": "/ws"}
    other_visit = {**env, "QUERY_STRING": "b=2", "UMKM_KIT_PARTICIPANT_TOKEN": "u"}
    assert snapshot_key("nb.ipynb", env, "/site") == snapshot_key("nb.ipynb", other_visit,
                                                                   "/site")
    assert snapshot_key("nb.ipynb", env, "/site") != snapshot_key(
        "nb.ipynb", {**env, "UMKM_KIT_WORKSPACE": "/other"}, "/site")


@pytest.mark.parametrize(("cell", "expected"), [
    ("1 / 0", "ZeroDivisionError"),
    ("%matplotlib inline", "not plain Python"),
    ("import threading, time\nthreading.Thread(target=time.sleep, args=(2,)).start()",
     "started a thread"),
])
def test_build_refuses_what_cannot_be_built_in_advance(tmp_path: Path, cell: str,
                                                       expected: str) -> None:
    """A failing cell, a magic or a thread: SnapshotError naming the cause; env restored."""
    notebook = _notebook(tmp_path, [cell])
    before_env = dict(os.environ)
    with pytest.raises(SnapshotError) as err:
        build(str(notebook), dict(os.environ), str(tmp_path))
    assert expected in str(err.value)
    assert dict(os.environ) == before_env


def test_rebind_callbacks_are_weak_for_methods() -> None:
    """A bound method's owner is not kept alive by its fork callback."""
    class Page:
        def rebind(self) -> None:
            """Nothing to re-read."""

    start = page_rebind.mark()
    page = Page()
    page_rebind.on_fork(page.rebind)
    assert len(page_rebind.callbacks_since(start)) == 1
    del page
    assert page_rebind.callbacks_since(start) == []


async def _states(client: AsyncKernelClient) -> dict[str, Any]:
    """Open the widget control comm and ask for every widget's state, as a browser does."""
    session = client.session
    comm_id = os.urandom(8).hex()
    client.shell_channel.send(session.msg(
        "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
        metadata={"version": CONTROL_VERSION}))
    client.shell_channel.send(session.msg(
        "comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}))
    while True:
        msg = await client.get_iopub_msg(timeout=60)
        data = msg["content"].get("data", {})
        if msg["msg_type"] == "comm_msg" and data.get("method") == "update_states":
            return dict(data["states"])


async def _click(client: AsyncKernelClient, button_id: str, label_id: str) -> str:
    """Click the button through its comm; return the label value the kernel sends back."""
    client.shell_channel.send(client.session.msg(
        "comm_msg", {"comm_id": button_id,
                     "data": {"method": "custom", "content": {"event": "click"}}},
        metadata={"version": WIDGET_VERSION}))
    while True:
        msg = await client.get_iopub_msg(timeout=60)
        content = msg["content"]
        if msg["msg_type"] == "comm_msg" and content.get("comm_id") == label_id:
            value = content["data"].get("state", {}).get("value")
            if value is not None:
                return str(value)


def test_kernels_forked_from_a_page_serve_its_widgets(
        spec_manager: ForkKernelSpecManager, forkserver: ForkServerClient, tmp_path: Path) -> None:
    """Two visits of one build: each kernel has the page's widgets, its own visit, live clicks."""
    notebook = _notebook(tmp_path, PAGE_CELLS)
    other = _notebook(tmp_path, ["import ipywidgets as w\nw.Text(value='other page')"],
                      "other.ipynb")

    async def body() -> None:
        built = await forkserver.page(str(notebook), dict(os.environ), str(tmp_path))
        again = await forkserver.page(str(notebook), {**os.environ, "QUERY_STRING": "x"},
                                      str(tmp_path))
        assert again["id"] == built["id"]  # per-visit variables do not make a new build
        other_built = await forkserver.page(str(other), dict(os.environ), str(tmp_path))
        box_id = _view_ids(built["cells"])[0]
        other_id = _view_ids(other_built["cells"])[0]
        async with started_kernel(spec_manager, **{PAGE_ID_ENV: built["id"],
                                                   "QUERY_STRING": "ani"}) as (_m1, c1), \
                started_kernel(spec_manager, **{PAGE_ID_ENV: built["id"],
                                                "QUERY_STRING": "budi"}) as (_m2, c2):
            for client, who in ((c1, "ani"), (c2, "budi")):
                states = await _states(client)
                assert box_id in states and other_id not in states
                label_id, button_id = (
                    s.removeprefix("IPY_MODEL_") for s in states[box_id]["state"]["children"])
                assert states[label_id]["state"]["value"] == f"visit {who}"
                assert await _click(client, button_id, label_id) == f"clicked in {who}"
                # Asked again (a reload): the click's change is there, not the build's state.
                again_states = await _states(client)
                assert again_states[label_id]["state"]["value"] == f"clicked in {who}"
                assert again_states[button_id] == states[button_id]

    run(body())


def test_unknown_page_id_fails_the_launch(spec_manager: ForkKernelSpecManager) -> None:
    """A page id this fork server never built (it restarted): the launch fails, no plain kernel."""
    async def body() -> None:
        with pytest.raises(ForkServerError):
            async with started_kernel(spec_manager, **{PAGE_ID_ENV: "no-such-page"}):
                pass

    run(body())


def test_a_page_that_cannot_be_built_is_reported(forkserver: ForkServerClient,
                                                 tmp_path: Path) -> None:
    """The fork server answers a failed build with the reason; it keeps serving."""
    notebook = _notebook(tmp_path, ["raise ValueError('kaput')"])

    async def body() -> None:
        with pytest.raises(ForkServerError) as err:
            await forkserver.page(str(notebook), dict(os.environ), str(tmp_path))
        assert "kaput" in str(err.value)
        assert err.value.lasting
        status = await forkserver.status()
        assert status["pid"] == forkserver.process.pid  # type: ignore[union-attr]

    run(body())
