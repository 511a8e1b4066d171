"""Limits a running app server enforces itself, whatever a browser or a script sends.

One app server on loopback for the module (tests/test_browser.py's way); every request goes
to 127.0.0.1 only.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from bench import serve
from tests.conftest import skip_or_fail
from ui import export_routes

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
MB = 2**20
SERVER_PIDS: dict[str, int] = {}
# The burst's requests in flight at once (the 100), each from a loopback source address
# of its own (the server is reached at 127.0.0.1 only): 1,200 requests make 12 an address, fewer
# than the per-address EXPORT_BURST, so every refusal is the build queue's, never the bucket's.
AT_ONCE = 100
CLIENTS = [f"127.0.0.{n}" for n in range(2, 2 + AT_ONCE)]
# A build worker's resident memory, most: a PDF's imports typst alone (~47 MB measured), a
# deck's python-pptx, pandas and the talk's modules (140-170 MB measured).
WORKER_MB = {"pdf": 80, "pptx": 250}
# What the server process itself may grow by in a burst: the build code imported on the first
# download (~25 MB measured) and transient buffers. Never the files: none is kept once sent.
MAIN_MB = 100
# multiprocessing's resource tracker, started with the pool: a child of the server too (~12 MB).
TRACKER_MB = 20


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB, read from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def children_of(pid: int) -> list[int]:
    """Return the processes whose parent is pid, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text(encoding="ascii") if entry.name.isdigit() else ""
        except OSError:
            continue  # ended while listed
        # The fields after the command name (which may hold spaces): state, then parent.
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def build_workers(pid: int) -> dict[int, float]:
    """Return the server's build worker processes and each one's resident memory in MB."""
    return {
        child: rss_mb(child)
        for child in children_of(pid)
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    }


def total_rss_mb(pid: int) -> float:
    """Return the resident memory of a process and every process under it, in MB."""
    return rss_mb(pid) + sum(total_rss_mb(child) for child in children_of(pid))


def open_rendered(tab, url: str, heading: str) -> None:
    """Open url and return once the page shows its heading and has fully rendered."""
    tab.goto(url, timeout=120_000)
    tab.get_by_role("heading", name=heading, level=1).wait_for(timeout=120_000)
    tab.wait_for_function(serve.RENDERED_JS, timeout=120_000, polling=50)


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
            SERVER_PIDS[url] = proc.pid
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
    open_rendered(tab, f"{server}/add_region", "Add a region")
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


@pytest.mark.browser
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


PITCH = "pitch=gdl-it-companies,mx-instability%3Emx-partnerships&prospect=Acme"


def test_export_refuses_a_client_past_its_burst_with_429_and_retry_after(server):
    # The client's bucket: EXPORT_BURST at once, then EXPORT_PER_MINUTE a minute.
    with httpx.Client(base_url=server, timeout=30) as client:
        codes = [
            client.get(f"/export/pitch.md?{PITCH}").status_code
            for _ in range(export_routes.EXPORT_BURST + 15)
        ]
        refused = client.get(f"/export/pitch.csv?{PITCH}")
    # The bucket refills while these run (a token every two seconds): a few more may pass.
    assert codes[: export_routes.EXPORT_BURST] == [200] * export_routes.EXPORT_BURST
    assert codes.count(429) >= 10
    assert refused.status_code == 429
    assert refused.text.startswith("Too many downloads from this address: try again in ")
    assert 1 <= int(refused.headers["Retry-After"]) <= 3


def percentile(values: list[float], q: float) -> float:
    """Return the q-th quantile of values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


SEARCH_TERMS = ["talent", "capital", ""]


def change_filters(tab, deadline: float, at_least: int = 0) -> list[float]:
    """Search and clear the search on an open overview until the deadline (and at_least times);
    each change's time."""
    search = tab.locator('[data-testid="stSidebar"]').get_by_label("Search claims")
    took: list[float] = []
    terms = SEARCH_TERMS
    while time.monotonic() < deadline or len(took) < at_least:
        start = time.perf_counter()
        search.fill(terms[len(took) % len(terms)])
        search.press("Enter")
        tab.wait_for_timeout(50)  # the status widget appears for the run just started
        tab.wait_for_function(serve.RENDERED_JS, timeout=30_000, polling=20)
        took.append(time.perf_counter() - start)
    return took


def _time_health(url: str, stop: threading.Event, seconds: list[float]) -> None:
    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            start = time.perf_counter()
            client.get(f"{url}/_stcore/health").raise_for_status()
            seconds.append(time.perf_counter() - start)
            stop.wait(0.05)


@pytest.mark.load
@pytest.mark.parametrize(
    ("fmt", "requests", "seconds", "at_once"), [("pdf", 1200, 30, AT_ONCE), ("pptx", 200, 10, 40)]
)
def test_a_burst_of_heavy_downloads_keeps_the_server_responsive(
    server, browser, fmt, requests, seconds, at_once
):
    """The issue's burst: `requests` sent in waves of `at_once` over `seconds`, health timed.

    Before the limits, 1,200 PDFs 100 at a time took another session's filter changes from
    p95 110 ms to 30.7 s and the health check to 1.1 s, and 40 PPTX builds at once raised
    memory by 170-220 MB.
    """
    pid = SERVER_PIDS[server]
    waves = requests // at_once
    health: list[float] = []
    stop = threading.Event()
    timer = threading.Thread(target=_time_health, args=(server, stop, health))
    statuses: Counter[str] = Counter()
    sent: list[float] = []
    slowest_refusal = 0.0
    clients = [
        httpx.Client(
            base_url=server, timeout=90, transport=httpx.HTTPTransport(local_address=address)
        )
        for address in CLIENTS
    ]

    def fetch(n: int) -> None:
        nonlocal slowest_refusal
        # Wave by wave: request n goes with its wave, the waves spread over `seconds`.
        wait = started + (n // at_once) * seconds / waves - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        sent.append(time.monotonic() - started)
        start = time.perf_counter()
        response = clients[n % len(clients)].get(f"/export/pitch.{fmt}?{PITCH}")
        if response.status_code == 429:
            assert response.headers["Retry-After"].isdigit()
            slowest_refusal = max(slowest_refusal, time.perf_counter() - start)
            statuses["busy" if response.text.startswith("The server is") else "client"] += 1
        else:
            statuses[str(response.status_code)] += 1

    rep = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = rep.new_page()
    open_rendered(tab, server, "Market overview")
    # The same changes with no burst, on this (shared, noisy) machine: the floor to judge by.
    # Twice through the terms at least, however slow the machine: that fills this session's
    # caches (search results and filtered frames: ~115 MB measured, level after the second
    # round), which the memory bounds below are not about, so memory is read after them.
    quiet = change_filters(tab, time.monotonic() + 4, at_least=2 * len(SEARCH_TERMS))
    main_before, total_before = rss_mb(pid), total_rss_mb(pid)
    started = time.monotonic()
    timer.start()
    try:
        # Room for a whole wave while the builds let in by earlier waves are still held.
        room = at_once + export_routes.HEAVY_RUNNING + export_routes.HEAVY_WAITING
        with ThreadPoolExecutor(room) as pool:
            burst = pool.map(fetch, range(requests))
            # Meanwhile another rep changes a filter in the browser, again and again.
            changes = change_filters(tab, started + seconds)
            list(burst)
    finally:
        stop.set()
        timer.join()
        rep.close()
        for client in clients:
            client.close()
    main_grown = rss_mb(pid) - main_before
    total_grown = total_rss_mb(pid) - total_before
    workers = build_workers(pid)
    p95, quiet_p95 = percentile(changes, 0.95), percentile(quiet, 0.95)
    print(fmt, dict(statuses), f"sent {len(sent)}, the last at {max(sent):.1f} s")
    print(f"health median {statistics.median(health) * 1000:.0f} ms over {len(health)} checks")
    print(f"server +{main_grown:.0f} MB, with its workers +{total_grown:.0f} MB;", end=" ")
    print("workers", {p: round(mb) for p, mb in workers.items()})
    print(f"filter changes p95 {p95:.2f} s, {quiet_p95:.2f} s with no burst")
    # Every request was sent, within the time, and answered: built, or refused as busy.
    assert len(sent) == requests
    assert max(sent) < seconds
    assert sum(statuses.values()) == requests
    assert set(statuses) <= {"200", "busy"}, statuses
    assert statuses["200"] >= 2
    # Beyond the builds running and queued, refused at once rather than held.
    assert statuses["busy"] >= 1
    assert slowest_refusal < 5
    assert len(health) >= 10
    assert statistics.median(health) < 0.1, sorted(health)[-10:]
    # Memory is bounded by the pool, not the burst: at most HEAVY_RUNNING workers, each within
    # its budget, and a server that keeps no file it has sent.
    assert 1 <= len(workers) <= export_routes.HEAVY_RUNNING, workers
    assert max(workers.values()) < WORKER_MB[fmt], workers
    assert main_grown < MAIN_MB
    assert total_grown < MAIN_MB + export_routes.HEAVY_RUNNING * WORKER_MB[fmt] + TRACKER_MB
    # Another session's filter change stays under 1 s at p95 (the bound). Before the
    # limits it went from 110 ms to 30.7 s. The no-burst run is printed beside it for reading.
    assert len(changes) >= 3
    assert p95 < 1.0, (sorted(changes), sorted(quiet))
