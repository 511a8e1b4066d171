"""Limits a running app server enforces itself, whatever a browser or a script sends.

One app server on loopback for the module (tests/test_browser.py's way); every request goes
to 127.0.0.1 only.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench import serve
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
MB = 2**20

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app on a free loopback port, its store a fresh SQLite file."""
    state = tmp_path_factory.mktemp("state")
    port = serve.free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "limits-server.log").open("w") as log:
        proc = serve.launch(
            ROOT, port, {"INSIGHTS_STATE_DIR": str(state), "DATABASE_URL": ""}, output=log
        )
        try:
            serve.wait_healthy(url, proc)
            yield url
        finally:
            serve.stop(proc)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright."""
    if not serve.CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {serve.CHROMIUM} (apt-get install chromium)")
    with serve.chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def upload_session(server, browser, tmp_path_factory) -> tuple[str, dict[str, str]]:
    """A browser session on Add a region that uploaded a small article through the page.

    Returns the upload URL prefix of its session and its cookies (the XSRF token among them).
    """
    context = browser.new_context()
    tab = context.new_page()
    puts: list[str] = []
    tab.on("request", lambda r: puts.append(r.url) if r.method == "PUT" else None)
    serve.open_rendered(tab, f"{server}/add_region", "Add a region")
    article = tmp_path_factory.mktemp("upload") / "article.txt"
    article.write_text("Guadalajara trains many engineers.\n\nA second paragraph.\n")
    tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(article))
    # The uploader still works under the server's limit: the page shows the file it took.
    tab.get_by_text("article.txt").wait_for(timeout=30_000)
    deadline = time.monotonic() + 10
    while not puts and time.monotonic() < deadline:
        tab.wait_for_timeout(100)
    assert puts, "the page sent no upload"
    prefix = puts[0].rsplit("/", 1)[0]
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    return prefix, cookies


@pytest.mark.parametrize(
    ("size", "status"),
    [
        (1 * MB, 204),  # within the page's 2 MB
        # The limit counts the request's multipart framing too (a few hundred bytes).
        (2 * MB - 4096, 204),
        (3 * MB, 413),
        (100 * MB, 413),  # the case: the server took 200 MB a file
    ],
)
def test_the_server_refuses_an_upload_over_2_mb(upload_session, size, status):
    prefix, cookies = upload_session
    assert prefix.startswith("http://127.0.0.1:")
    response = httpx.put(
        f"{prefix}/probe-{size}",
        files={"file": ("big.txt", b"x" * size, "text/plain")},
        headers={"X-Xsrftoken": cookies["_streamlit_xsrf"]},
        cookies=cookies,
        timeout=60,
    )
    assert response.status_code == status
    if status == 413:
        assert response.text == "File too large"
