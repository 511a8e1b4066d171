"""`python -m bench.soak [--sessions 20] [--seconds 60]`: many browser sessions at once.

Starts the app on 127.0.0.1, opens N headless Chromium sessions that click through pages and
filters until the time is up, closes them, and reports errors, rerun p50/p95 and the server's
memory before, at peak and after. Loopback only; bounded in time; stops by itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

import argparse
import asyncio
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import serve

PAGES = {
    "Overview": "Market overview",
    "Companies": "Companies",
    "Talent & universities": "Talent & universities",
    "Challenges & remedies": "Challenges & remedies",
    "Claim explorer": "Claim explorer",
}
SEARCHES = ("talent", "universit", "mexico", "capital", "")
# Sessions whose websocket closed are dropped this long after (Streamlit's default is 120 s);
# short here so "after" shows what the server keeps once the reps have gone.
SESSION_TTL_S = 10
TIMEOUT_MS = 60_000


@dataclass
class Stats:
    """What the sessions saw."""

    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    actions: int = 0


async def wait_run_over(tab: Page) -> None:
    """Wait until the script run the last action started is over and the page has drawn."""
    await tab.wait_for_timeout(100)  # let the status widget appear for the run just started
    await tab.wait_for_function(serve.RENDERED_JS, timeout=TIMEOUT_MS, polling=50)


async def go_to_page(tab: Page, rng: random.Random) -> None:
    """Click a page in the sidebar navigation."""
    label = rng.choice(list(PAGES))
    await tab.locator('[data-testid="stSidebarNav"]').get_by_text(label, exact=True).click()
    await tab.get_by_role("heading", name=PAGES[label], level=1).wait_for(timeout=TIMEOUT_MS)


async def pick_filter(tab: Page, rng: random.Random) -> None:
    """Add an option to one of the multiselect filters, or remove the last one chosen."""
    box = tab.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(
        rng.randrange(3)
    )
    await box.click()
    options = tab.get_by_role("option")
    count = await options.count()
    if count and rng.random() < 0.6:
        await options.nth(rng.randrange(count)).click()
    else:
        await tab.keyboard.press("Backspace")
    await tab.keyboard.press("Escape")


async def search(tab: Page, rng: random.Random) -> None:
    """Type a search (or clear it) and submit."""
    field_ = tab.locator('[data-testid="stSidebar"]').get_by_label("Search claims")
    await field_.fill(rng.choice(SEARCHES))
    await field_.press("Enter")


ACTIONS = (go_to_page, pick_filter, pick_filter, search)


async def run_session(browser: Browser, url: str, seconds: float, seed: int, stats: Stats) -> None:
    """One rep: open the app, then click through pages and filters for the given time."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    tab = await context.new_page()
    tab.on("pageerror", lambda e: stats.errors.append(f"session {seed}: page error: {e}"))
    try:
        await tab.goto(url, timeout=TIMEOUT_MS)
        await tab.get_by_role("heading", name="Market overview", level=1).wait_for(
            timeout=TIMEOUT_MS
        )
        await wait_run_over(tab)
        # The clock starts once this rep's page is up: twenty tabs opening at once on two
        # cores can take longer than the whole run.
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            action = rng.choice(ACTIONS)
            start = time.perf_counter()
            try:
                await action(tab, rng)
                await wait_run_over(tab)
            except Exception as exc:  # a timeout or a missing element is an error to report
                stats.errors.append(f"session {seed}: {action.__name__}: {type(exc).__name__}")
                continue
            stats.reruns.append(time.perf_counter() - start)
            stats.actions += 1
            if await tab.locator('[data-testid="stException"]').count():
                stats.errors.append(f"session {seed}: exception shown after {action.__name__}")
    except Exception as exc:
        stats.errors.append(f"session {seed}: could not open the app: {type(exc).__name__}")
    finally:
        await context.close()


async def sample_memory(pid: int, stop: asyncio.Event, peak: list[float]) -> None:
    """Record the server's highest RSS until told to stop."""
    while not stop.is_set():
        peak[0] = max(peak[0], serve.rss_mb(pid))
        await asyncio.sleep(0.5)


async def soak(url: str, pid: int, sessions: int, seconds: float) -> tuple[Stats, dict]:
    """Run the sessions against a server and return their stats and its memory."""
    from playwright.async_api import async_playwright

    stats = Stats()
    stop = asyncio.Event()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(serve.CHROMIUM), args=serve.CHROMIUM_ARGS
        )
        # "Before" is a warm server: one rep has opened the app (imports, content loaded).
        warm = await browser.new_context()
        tab = await warm.new_page()
        await tab.goto(url, timeout=TIMEOUT_MS)
        await tab.get_by_role("heading", name="Market overview", level=1).wait_for(
            timeout=TIMEOUT_MS
        )
        await wait_run_over(tab)
        await warm.close()
        await asyncio.sleep(SESSION_TTL_S + 10)
        memory = {"before": serve.rss_mb(pid)}
        peak = [memory["before"]]
        sampler = asyncio.create_task(sample_memory(pid, stop, peak))
        await asyncio.gather(
            *(run_session(browser, url, seconds, seed, stats) for seed in range(sessions))
        )
        await browser.close()
        await asyncio.sleep(SESSION_TTL_S + 10)
        stop.set()
        await sampler
    memory["peak"] = peak[0]
    memory["after"] = serve.rss_mb(pid)
    return stats, memory


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of values."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its report; exit 1 if any session saw an error."""
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--data", type=Path, help="content folder (default: the shipped data)")
    args = parser.parse_args(argv)
    env = {"INSIGHTS_DATA_DIR": str(args.data)} if args.data else {}
    extra = ("--server.disconnectedSessionTTL", str(SESSION_TTL_S))
    with serve.server(serve.ROOT, env, extra) as (url, pid):
        stats, memory = asyncio.run(soak(url, pid, args.sessions, args.seconds))
    print(f"soak: {args.sessions} sessions for {args.seconds:.0f} s against {url}")
    print(f"actions: {stats.actions}, errors: {len(stats.errors)}")
    for error in stats.errors[:20]:
        print(f"  {error}")
    if stats.reruns:
        print(
            f"rerun p50 {percentile(stats.reruns, 50) * 1000:,.0f} ms, "
            f"p95 {percentile(stats.reruns, 95) * 1000:,.0f} ms (action to page drawn)"
        )
    print(
        f"server memory: before {memory['before']:.0f} MB, peak {memory['peak']:.0f} MB, "
        f"after {memory['after']:.0f} MB (sessions closed, {SESSION_TTL_S + 10} s later)"
    )
    return 1 if stats.errors or not stats.actions else 0


if __name__ == "__main__":
    sys.exit(main())
