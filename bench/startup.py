"""Cold start as a rep feels it: from `streamlit run` to the overview drawn in Chromium, the
working tree beside the app as it was at a git ref, in turns."""

from __future__ import annotations

import io
import statistics
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench import felt, serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

# main just before the search (issue 27) was merged: its cold start is the one to keep.
BEFORE_SEARCH = "before-search"


def export_tree(ref: str, target: Path) -> Path:
    """Write the project's files as they were at ref into target (git archive; no work tree)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=serve.ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def time_cold_start(cwd: Path, state: Path, tab_opener: Callable[[], Page]) -> float:
    """Seconds from launching cwd's app to its overview drawn in a new tab (state: its own)."""
    port = serve.free_port()
    start = time.perf_counter()
    proc = serve.launch(cwd, port, {"INSIGHTS_STATE_DIR": str(state), "DATABASE_URL": ""})
    try:
        url = f"http://127.0.0.1:{port}"
        serve.wait_healthy(url, proc)
        tab = tab_opener()
        felt.open_page(tab, url)
        seconds = time.perf_counter() - start
        tab.context.close()
        return seconds
    finally:
        serve.stop(proc)


def cold_starts(ref: str, rounds: int, blocked: list[str]) -> tuple[float, float]:
    """Median cold start of the app at ref and of the working tree, taking turns."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        work = Path(tmp)
        trees = {"before": export_tree(ref, work / "before"), "now": serve.ROOT}
        times: dict[str, list[float]] = {name: [] for name in trees}
        with serve.chromium() as browser:
            for n in range(rounds + 1):
                for name, tree in trees.items():
                    state = work / f"state-{name}-{n}"
                    state.mkdir()
                    seconds = time_cold_start(tree, state, lambda: serve.new_tab(browser, blocked))
                    if n:  # the first turn warms the disk cache for both
                        times[name].append(seconds)
    return statistics.median(times["before"]), statistics.median(times["now"])
