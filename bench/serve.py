"""A Streamlit server on loopback and Debian's Chromium, for the browser benchmarks and the soak."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

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
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# The same flags as tests/test_browser.py: Chromium must not phone home during a measurement.
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
HELLO_APP = 'import streamlit as st\n\nst.title("Hello")\n'
# The same app after importing the libraries every page of the app rests on.
STACK_HELLO_APP = "import pandas  # noqa: F401\nimport pydantic  # noqa: F401\n" + HELLO_APP
# A page is fully rendered when its script run is over, nothing is still loading and every
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
        return s.getsockname()[1]


@contextlib.contextmanager
def hello_app(source: str = HELLO_APP) -> Iterator[Path]:
    """Yield a folder holding a one-line Streamlit app with the project's server config."""
    with tempfile.TemporaryDirectory(prefix="bench-hello-") as tmp:
        folder = Path(tmp)
        (folder / "app.py").write_text(source, encoding="utf-8")
        shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
        yield folder


def launch(
    cwd: Path,
    port: int,
    env: Mapping[str, str] | None = None,
    extra: Sequence[str] = (),
    output: IO[str] | int = subprocess.DEVNULL,
) -> subprocess.Popen:
    """Start `streamlit run app.py` in cwd, bound to 127.0.0.1 only, its output to `output`."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *extra,
        ],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    """Poll the server's health endpoint until it answers, or raise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("streamlit did not become healthy in time")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server this module started, and wait for it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


@contextlib.contextmanager
def server(
    cwd: Path, env: Mapping[str, str] | None = None, extra: Sequence[str] = ()
) -> Iterator[tuple[str, int]]:
    """Yield (url, pid) of a healthy server; it is stopped on the way out."""
    port = free_port()
    proc = launch(cwd, port, env, extra)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)
        yield url, proc.pid
    finally:
        stop(proc)


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB, read from /proc."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Yield Debian's Chromium driven by Playwright (sync API)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_rendered(tab: Page, url: str, heading: str, timeout_ms: int = 120_000) -> None:
    """Open url and return once the page shows its heading and has fully rendered."""
    tab.goto(url, timeout=timeout_ms)
    tab.get_by_role("heading", name=heading, level=1).wait_for(timeout=timeout_ms)
    tab.wait_for_function(RENDERED_JS, timeout=timeout_ms, polling=50)
