"""What a rep feels in Chromium: a click, timed until the text it changes has changed."""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

from bench import serve

THEME = "talent & education"  # the option clicked in the sidebar's "Theme" filter
FACET = "talent"  # the same theme as Datasette shows it
CAPTION = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
# Compare's last line, drawn after its scorecard, shared ground and both sides: the whole
# comparison is on screen when it changes.
COMPARE_SUMMARY = '.st-key-compare-summary [data-testid="stCaptionContainer"]'
# Two cities the shipped content nests (each in its state or country, in Mexico), and two
# synthetic places in one country of one region (`insights synth` nests its places alike).
COMPARE_SHIPPED = "/compare?left=guadalajara&right=mexico-city"
COMPARE_SYNTHETIC = "/compare?left=place-1&right=place-12"
# The pitch builder's "claims in view" sentence (its expanders hold captions of their own).
PITCH_IN_VIEW = '.st-key-pitch-in-view [data-testid="stCaptionContainer"]'
COUNTER = '[data-testid="stMetricValue"]'
# The floor: a multiselect labelled like the app's and a caption that echoes it.
ONE_WIDGET_APP = f"""import streamlit as st

st.title("One widget")
picked = st.sidebar.multiselect("Theme", {["industry presence", THEME, "partnerships"]!r})
st.caption(", ".join(picked) or "every theme")
"""
PITCH = "gdl-mexican-valley,gdl-own-culture,gdl-it-companies,mx-talent-pool"  # shipped claims
# Survives Datasette's page load: Playwright re-runs it in the new document.
CHANGED_JS = (
    "([sel, n, old]) => { const e = document.querySelectorAll(sel)[n];"
    " return !!e && e.innerText !== old; }"
)
TIMEOUT_MS = 300_000  # the first page of 100,000 claims loads them all


# A tab to open once, and one timed step on it (its untimed setup and reset included).
Target = tuple[str, Callable[["Page"], float]]


def settle(tab: Page) -> None:
    """Wait until a Streamlit run is over (let a run just started show its status first)."""
    tab.wait_for_timeout(100)
    tab.wait_for_function(serve.RENDERED_JS, timeout=TIMEOUT_MS, polling=50)


def open_page(tab: Page, url: str) -> None:
    """Open url and wait for its heading and, on Streamlit, the end of its run."""
    tab.goto(url, timeout=TIMEOUT_MS)
    if url != "about:blank":
        tab.locator("h1").first.wait_for(timeout=TIMEOUT_MS)
        settle(tab)


def time_change(tab: Page, act: Callable[[], None], selector: str, nth: int) -> float:
    """Seconds from act() to the nth element matching selector showing another text."""
    old = tab.locator(selector).nth(nth).inner_text(timeout=TIMEOUT_MS)
    start = time.perf_counter()
    act()
    tab.wait_for_function(CHANGED_JS, arg=[selector, nth, old], polling=10, timeout=TIMEOUT_MS)
    return time.perf_counter() - start


def theme_step(nth: int, selector: str = CAPTION) -> Callable[[Page], float]:
    """Click THEME in the sidebar's Theme filter; time it until the nth caption changes."""

    def step(tab: Page) -> float:
        box = tab.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        box = box.filter(has_text="Theme")
        box.get_by_role("combobox").click()
        option = tab.get_by_role("option", name=THEME, exact=True)
        seconds = time_change(tab, option.click, selector, nth)
        settle(tab)
        # Back to every theme, untimed, so each turn makes the same change.
        # CSS, not a role: Streamlit hides the chosen values' group from the accessibility tree.
        remove = box.locator(f'button[aria-label="Remove {THEME}"]')
        time_change(tab, remove.click, selector, nth)
        tab.keyboard.press("Escape")
        settle(tab)
        return seconds

    return step


def presenter_step(url: str) -> Callable[[Page], float]:
    """Open the presenter view, press Next and time it until the slide counter changes."""

    def step(tab: Page) -> float:
        open_page(tab, url)
        seconds = time_change(tab, tab.get_by_role("button", name="Next").click, COUNTER, 1)
        # Left open, its once-a-second follow-up runs would load the server between turns.
        open_page(tab, "about:blank")
        return seconds

    return step


def facet_step(url: str) -> Callable[[Page], float]:
    """Click the theme facet's FACET value on Datasette; time it until the row count changes."""

    def step(tab: Page) -> float:
        link = tab.locator("#facet-theme").get_by_role("link", name=FACET, exact=True)
        seconds = time_change(tab, link.click, "h3", 0)
        open_page(tab, url)
        return seconds

    return step


def app_targets(
    app: str, big: str, one_widget: str, shipped_db: str, big_db: str
) -> dict[str, Target]:
    """The timed steps by name: the app's, their floors' and Datasette's on the same claims."""
    facets = "/claims/claims?_facet=theme"
    return {
        "overview": (app, theme_step(0)),
        "one-widget": (one_widget, theme_step(0)),
        "datasette": (shipped_db + facets, facet_step(shipped_db + facets)),
        "pitch": (f"{app}/pitch", theme_step(0, PITCH_IN_VIEW)),
        "presenter": ("about:blank", presenter_step(f"{app}/presenter?pitch={PITCH}")),
        "overview 100k": (big, theme_step(0)),
        "compare": (app + COMPARE_SHIPPED, theme_step(0, COMPARE_SUMMARY)),
        "compare 100k": (big + COMPARE_SYNTHETIC, theme_step(0, COMPARE_SUMMARY)),
        "datasette 100k": (big_db + facets, facet_step(big_db + facets)),
    }


def take_turns(
    steps: Mapping[str, Callable[[], float]], rounds: int, warmups: int = 1
) -> dict[str, list[float]]:
    """Run every step once a round, in turns, so a noisy moment hits them alike; return times."""
    for _ in range(warmups):
        for step in steps.values():
            step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            times[name].append(step())
    return times


def measure(targets: Mapping[str, Target], rounds: int, blocked: list[str]) -> dict[str, float]:
    """Open every target in its own tab, take turns and return each one's median seconds."""
    with serve.chromium() as browser:
        steps: dict[str, Callable[[], float]] = {}
        for name, (url, step) in targets.items():
            tab = serve.new_tab(browser, blocked)
            open_page(tab, url)
            steps[name] = functools.partial(step, tab)
        times = take_turns(steps, rounds)
    return {name: statistics.median(spans) for name, spans in times.items()}
