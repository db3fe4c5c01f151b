from urllib.parse import urlsplit

import psutil
import pytest

HOME_READY = ".kit-home .kit-title"


def _server_process(port: int) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "start" in cmd and "--port" in cmd and str(port) in cmd and "kit" in cmd:
            return proc
    raise AssertionError(f"no kit start process on port {port}")


@pytest.mark.browser
@pytest.mark.slow
def test_home_page_renders_with_a_forked_kernel(open_page, kit_server, viewports) -> None:
    """``kit start`` serves the home page at phone size; its kernel is a fork-server child."""
    page, watch = open_page("", viewports["phone"], wait_for=HOME_READY)
    assert page.locator(HOME_READY).is_visible()
    server = _server_process(urlsplit(kit_server.base_url).port or 0)
    forkservers = [c for c in server.children()
                   if "kit.server.kernels.forkserver" in " ".join(c.cmdline())]
    assert len(forkservers) == 1
    kernels = forkservers[0].children()
    assert kernels, "the page's kernel should be a child of the fork server"
    # Nothing else than the server and the fork server was started for the kernel.
    assert [c for c in server.children() if c not in forkservers] == []
    assert watch.page_errors == []
