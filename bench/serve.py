"""Servers on loopback (the app, a one-widget app, Datasette) and Debian's Chromium kept on it."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Chromium must not phone home during a measurement (tests/test_browser.py uses the same).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# For the bench: every request not to loopback (which Chromium never proxies) goes to a closed
# port and fails. Unlike routing, this also stops Chromium's own calls (update and account
# checks a page never sees) and adds no round trip through Playwright to each local request.
BLOCK_ARGS = ["--proxy-server=http://127.0.0.1:9"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# A Streamlit page is drawn when its script run is over, nothing is still loading and every
# chart has drawn.
RENDERED_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
    " && [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
    ".every(el => el.querySelector('.main-svg'))"
)


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch(
    cwd: Path,
    port: int,
    env: Mapping[str, str] | None = None,
    extra: Sequence[str] = (),
    output: IO[str] | int = subprocess.DEVNULL,
    own_group: bool = False,
) -> subprocess.Popen[bytes]:
    """Start `streamlit run app.py` in cwd, bound to 127.0.0.1 only (own_group: its own group)."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", *extra]
    environ = {**os.environ, **(env or {})}
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=environ,
        stdout=output,
        stderr=subprocess.STDOUT,
        # A group whose id is the server's pid: one killpg ends it and all it started.
        process_group=0 if own_group else None,
    )


def wait_healthy(
    url: str, proc: subprocess.Popen[bytes], seconds: float = 120, path: str = "/_stcore/health"
) -> None:
    """Poll the server until it answers 200 at path, or raise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer in time")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server this module started, and wait for it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


@contextlib.contextmanager
def serving(proc: subprocess.Popen[bytes], port: int, health: str) -> Iterator[tuple[str, int]]:
    """Yield (url, pid) of a server started on port once health answers; stop it on the way out."""
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc, path=health)
        yield url, proc.pid
    finally:
        stop(proc)


def server(
    cwd: Path, env: Mapping[str, str] | None = None, extra: Sequence[str] = ()
) -> contextlib.AbstractContextManager[tuple[str, int]]:
    """A healthy Streamlit server running cwd's app.py, as (url, pid)."""
    port = free_port()
    return serving(launch(cwd, port, env, extra), port, "/_stcore/health")


@contextlib.contextmanager
def script_server(source: str) -> Iterator[str]:
    """Yield the URL of a server running this script, with the project's server config."""
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        (Path(tmp) / "app.py").write_text(source, encoding="utf-8")
        shutil.copytree(ROOT / ".streamlit", Path(tmp) / ".streamlit")
        with server(Path(tmp)) as (url, _pid):
            yield url


def datasette(db: Path) -> contextlib.AbstractContextManager[tuple[str, int]]:
    """Datasette serving db on loopback, as (url, pid)."""
    port = free_port()
    command = ["datasette", "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
    null = subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", *command], stdout=null, stderr=null)
    return serving(proc, port, "/-/versions.json")


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Yield Debian's Chromium driven by Playwright (Playwright's own download is not used)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *BLOCK_ARGS]
        )
        try:
            yield browser
        finally:
            browser.close()


def new_tab(browser: Browser, blocked: list[str]) -> Page:
    """Open a tab in its own context; a request meant to leave the machine is noted in blocked."""

    def note(request: Request) -> None:
        if urlsplit(request.url).hostname not in LOCAL_HOSTS | {None}:
            blocked.append(request.url)

    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.on("request", note)
    return context.new_page()
