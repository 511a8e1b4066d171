"""The measurements. Each is a small function registered in BENCHES; add new ones the same way."""

from __future__ import annotations

import contextlib
import gc
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import serve
from bench.registry import BENCHES, Row, Settings
from ui import navigation

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from insights.pitch.talk import Talk

APP = serve.ROOT / "app.py"
# Every page a filter change reruns, as AppTest opens it (the admin page is behind a password).
PAGES = tuple(f"pages/{p.url_path}.py" for p in navigation.PAGES if p.url_path != "admin")
# A rerun after a filter change alternates between these two theme selections, so every
# timed run changes the view and half of them show every claim.
THEME_STATES: tuple[list[str], list[str]] = (["talent"], [])
SETTLE_S = 5
# Names of the floors timed among the pages (never a page's file name).
HELLO, CONSTANT, SHIPPED = "hello app", "constant app", "shipped heaviest page"


def median_time(fn: Callable[[], object], repeats: int) -> float:
    """Return the median wall time of fn over repeats calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextlib.contextmanager
def synthetic_data(claims: int, places: int, seed: int) -> Iterator[Path]:
    """Yield a temporary folder of synthetic packs (never data/)."""
    from insights.content import synth
    from ui import data

    with tempfile.TemporaryDirectory(prefix=f"bench-synth-{claims}-") as tmp:
        synth.write_packs(synth.SynthSpec(claims, places, seed), Path(tmp))
        try:
            yield Path(tmp)
        finally:
            # The process-wide cache would keep this folder's catalog alive, and a large one
            # is a heap that every later measurement's garbage collections would walk.
            data.clear_catalog()
            gc.collect()


@contextlib.contextmanager
def data_dir_env(folder: Path | None) -> Iterator[None]:
    """Point the app at a content folder for the duration (None: the shipped data)."""
    before = os.environ.pop("INSIGHTS_DATA_DIR", None)
    if folder is not None:
        os.environ["INSIGHTS_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        os.environ.pop("INSIGHTS_DATA_DIR", None)
        if before is not None:
            os.environ["INSIGHTS_DATA_DIR"] = before


@dataclass(frozen=True)
class Rerun:
    """One app to rerun, and the content folder its runs read (None: the shipped data)."""

    step: Callable[[], object]
    folder: Path | None = None


def open_page_rerun(page: str, folder: Path | None) -> Rerun:
    """Open a page under AppTest; each step switches the theme filter (see THEME_STATES)."""
    from tests.apptest import open_page

    with data_dir_env(folder):
        at = open_page(page)
    if at.exception:
        raise RuntimeError(f"{page} raised: {at.exception[0].message}")
    state = iter(range(10**9))

    def change_filter() -> None:
        at.multiselect(key="filters.theme").set_value(THEME_STATES[next(state) % 2]).run()
        if at.exception:
            raise RuntimeError(f"{page} raised: {at.exception[0].message}")

    return Rerun(change_filter, folder)


def open_script_rerun(source: str) -> Rerun:
    """Open a script under AppTest; each step reruns it as it is."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(source, default_timeout=60).run()
    return Rerun(at.run)


def time_interleaved(reruns: Mapping[str, Rerun], rounds: int, warmups: int) -> dict[str, float]:
    """Return each rerun's median time, run in turns so a noisy moment hits every one alike."""
    for _ in range(warmups):
        for rerun in reruns.values():
            with data_dir_env(rerun.folder):
                rerun.step()
    times: dict[str, list[float]] = {name: [] for name in reruns}
    for _ in range(rounds):
        for name, rerun in reruns.items():
            with data_dir_env(rerun.folder):
                start = time.perf_counter()
                rerun.step()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(spans) for name, spans in times.items()}


def count_elements(page: str) -> int:
    """Count the elements and blocks a page draws at first sight, sidebar included."""
    from tests.apptest import open_page

    at = open_page(page)
    stack: list[Any] = [at.main, at.sidebar]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(getattr(node, "children", {}).values())
    return count


def make_constant_app(elements: int) -> str:
    """Return a script that draws this many one-line Markdown elements and computes nothing."""
    # A loop, not one line per element: AppTest compiles its script afresh on every run
    # (a server compiles it once), and a long script would charge its compiling to the floor.
    return (
        "import streamlit as st\n\n"
        f"for n in range({elements}):\n"
        '    st.markdown(f"Line {n} of constant text.")\n'
    )


def heaviest(timed: Mapping[str, float]) -> tuple[str, float]:
    """Return the name whose time is the largest, with that time."""
    name = max(timed, key=timed.__getitem__)
    return name, timed[name]


def bench_rounds(settings: Settings) -> int:
    """Rounds of the interleaved reruns: several medians' worth, whole cycles of filter states."""
    # Whole cycles: every page is timed on each filter state equally often and ends a pass in
    # the state it began, so the shipped page reused as a later pass's floor is timed on the
    # same mix as the pages set against it.
    cycle = len(THEME_STATES)
    return cycle * math.ceil(settings.repeats * 3 / cycle)


@BENCHES.register("rerun")
def bench_rerun(settings: Settings) -> list[Row]:
    """Heaviest page's rerun after a filter change: shipped vs hello; synthetic vs shipped."""
    rounds = bench_rounds(settings)
    # The hello app reruns between the pages, so its reading and theirs share each moment.
    reruns = {page: open_page_rerun(page, None) for page in PAGES}
    warmups = len(THEME_STATES)  # the first run of each filter state warms its caches
    timed = time_interleaved({HELLO: open_script_rerun(serve.HELLO_APP), **reruns}, rounds, warmups)
    hello = timed.pop(HELLO)
    page, shipped = heaviest(timed)
    with data_dir_env(None):
        elements = count_elements(page)
    floor = time_interleaved(
        {
            HELLO: open_script_rerun(serve.HELLO_APP),
            CONSTANT: open_script_rerun(make_constant_app(elements)),
        },
        rounds,
        warmups,
    )
    rows = [
        Row(
            "rerun after a filter change, shipped data, vs a hello app's rerun",
            shipped,
            hello,
            target="≤ 5x hello",
            limit=5,
            note=f"heaviest page: {Path(page).stem}",
        ),
        # What the heaviest page's element count costs with no work at all: Markdown is the
        # cheapest element, so no page drawing that many elements reruns faster than this.
        Row(
            "rerun of a constant app drawing as many elements as the heaviest page, all "
            "Markdown (a floor for that page), vs a hello app's rerun",
            floor[CONSTANT],
            floor[HELLO],
            note=f"{elements} elements and blocks",
        ),
    ]
    for size in settings.sizes:
        with synthetic_data(size, settings.places, settings.seed) as folder:
            # The shipped heaviest page reruns between the synthetic ones, as the floor.
            synthetic = {p: open_page_rerun(p, folder) for p in PAGES}
            timed = time_interleaved({SHIPPED: reruns[page], **synthetic}, rounds, warmups)
            del synthetic
        floor_s = timed.pop(SHIPPED)
        big_page, seconds = heaviest(timed)
        big = size >= 100_000
        rows.append(
            Row(
                f"rerun after a filter change, {size:,} synthetic claims, vs shipped data",
                seconds,
                floor_s,
                target="≤ 1.5x shipped" if big else "",
                limit=1.5 if big else None,
                note=f"heaviest page: {Path(big_page).stem}",
            )
        )
    return rows


def time_cold_start(browser: Browser, cwd: Path, heading: str) -> float:
    """Seconds from launching `streamlit run app.py` to its first page fully rendered."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    port = serve.free_port()
    start = time.perf_counter()
    proc = serve.launch(cwd, port)
    try:
        url = f"http://127.0.0.1:{port}"
        serve.wait_healthy(url, proc)
        serve.open_rendered(tab, url, heading)
        return time.perf_counter() - start
    finally:
        context.close()
        serve.stop(proc)


@BENCHES.register("cold start")
def bench_cold_start(settings: Settings) -> list[Row]:
    """Cold start of the app against a one-line app launched the same way (medians)."""
    runs = 1 if settings.smoke else 3
    app_times, hello_times, stack_times = [], [], []
    with (
        serve.chromium() as browser,
        serve.hello_app() as hello,
        serve.hello_app(serve.STACK_HELLO_APP) as stack,
    ):
        for _ in range(runs):  # interleaved, so a noisy moment hits all alike
            hello_times.append(time_cold_start(browser, hello, "Hello"))
            app_times.append(time_cold_start(browser, serve.ROOT, "Market overview"))
            stack_times.append(time_cold_start(browser, stack, "Hello"))
    return [
        Row(
            "cold start to first page rendered (Chromium) vs a hello app",
            statistics.median(app_times),
            statistics.median(hello_times),
            target="≤ 1.3x hello",
            limit=1.3,
            note=f"median of {runs}",
        ),
        # The floor any app on this stack starts from: the same one line, after importing
        # the libraries every page of the app rests on.
        Row(
            "cold start of the hello app importing pandas and pydantic first (a floor for "
            "any app on this stack), vs the hello app",
            statistics.median(stack_times),
            statistics.median(hello_times),
            note=f"median of {runs}",
        ),
    ]


def settled_rss(pid: int, settle_s: float, limit_s: float = 90) -> float:
    """Return a server's RSS once it holds steady (under 1 MB change over settle_s seconds)."""
    deadline = time.monotonic() + limit_s
    last = serve.rss_mb(pid)
    while time.monotonic() < deadline:
        time.sleep(settle_s)
        now = serve.rss_mb(pid)
        if abs(now - last) < 1:
            return now
        last = now
    return last


def session_memory(
    browser: Browser,
    cwd: Path,
    heading: str,
    sessions: int,
    settle_s: float,
    env: Mapping[str, str] | None = None,
) -> float:
    """MB of server memory each extra browser session adds, past the first one."""
    with serve.server(cwd, env) as (url, pid):
        contexts = []
        try:
            for _ in range(2):  # the first sessions warm imports and caches
                context = browser.new_context()
                serve.open_rendered(context.new_page(), url, heading)
                contexts.append(context)
            # Loading a large catalog leaves temporaries that the allocators hand back over
            # many seconds; measuring before that would credit the drop to the new sessions.
            before = settled_rss(pid, settle_s)
            for _ in range(sessions):
                context = browser.new_context()
                serve.open_rendered(context.new_page(), url, heading)
                contexts.append(context)
            return (settled_rss(pid, settle_s) - before) / sessions
        finally:
            for context in contexts:
                context.close()


@BENCHES.register("session memory")
def bench_session_memory(settings: Settings) -> list[Row]:
    """Server memory added per extra browser session, beside a hello app's."""
    with serve.chromium() as browser, serve.hello_app() as hello:
        settle_s = 0.5 if settings.smoke else SETTLE_S
        floor = session_memory(browser, hello, "Hello", settings.sessions, settle_s)
        shipped = session_memory(
            browser, serve.ROOT, "Market overview", settings.sessions, settle_s
        )
        rows = [memory_row("shipped data", shipped, floor, settings.sessions)]
        if settings.smoke:
            return rows
        size = settings.sizes[-1]
        with synthetic_data(size, settings.places, settings.seed) as folder:
            env = {"INSIGHTS_DATA_DIR": str(folder)}
            big = session_memory(
                browser, serve.ROOT, "Market overview", settings.sessions, settle_s, env
            )
        rows.append(memory_row(f"{size:,} synthetic claims", big, floor, settings.sessions))
    return rows


def memory_row(content: str, added_mb: float, floor_mb: float, sessions: int) -> Row:
    """A memory row; a negative reading (the server shrank meanwhile) is reported, not judged."""
    figure = f"memory added per extra browser session, {content}"
    if added_mb < 0:
        return Row(
            figure,
            note=f"not measured: the server's memory fell by {-added_mb:.1f} MB per session "
            "while sessions opened, so the reading says nothing",
        )
    return Row(
        figure,
        added_mb,
        floor_mb,
        unit="MB",
        target="≤ 20 MB",
        limit=20,
        absolute=True,
        note=f"{sessions} sessions",
    )


def build_bare_deck(slides: int) -> bytes:
    """Floor of the export: a python-pptx deck of plain title-and-text slides, each with notes."""
    import io

    from pptx import Presentation

    deck = Presentation()
    for n in range(1, slides + 1):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"Synthetic talking point {n}"
        slide.placeholders[1].text = f"Synthetic body {n}, with a citation line."
        slide.notes_slide.notes_text_frame.text = f"Synthetic notes {n}."
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


PPTX_POINTS = 50
QUOTES, QUOTE_THREADS = 1_000, 20


def prepare_talk(points: int, seed: int) -> Talk:
    """A pitch of that many synthetic talking points, resolved to cited points (not timed)."""
    import datetime as dt

    from insights.content import load
    from insights.pitch import talk
    from insights.pitch.plan import Pitch

    with synthetic_data(max(points, 100), 5, seed) as folder:
        catalog = load.load_packs(folder)
    ids = tuple(catalog.claims["id"][:points])
    return talk.resolve_talk(
        Pitch(title="Bench", prospect="Bench", items=ids),
        catalog.claims,
        catalog.calls,
        dt.date(2026, 11, 25),
    )


@BENCHES.register("pptx export", needs=("insights.outputs.deck", "pptx"))
def bench_pptx(settings: Settings) -> list[Row]:
    """PPTX export of 50 talking points against a bare python-pptx 50-slide build."""
    from insights.outputs import deck

    points = 5 if settings.smoke else PPTX_POINTS
    spoken = prepare_talk(points, settings.seed)
    floor = median_time(lambda: build_bare_deck(points), settings.repeats)
    value = median_time(lambda: deck.build_deck(spoken), settings.repeats)
    return [
        Row(
            f"PPTX export of {points} talking points, vs a bare python-pptx {points}-slide deck",
            value,
            floor,
            target="≤ 2x bare",
            limit=2,
            note="the app's deck adds a cover, sources and call-to-action slides",
        )
    ]


def build_bare_pdf(pages: int) -> bytes:
    """Floor of the PDF: Typst writing that many pages of a heading and a paragraph."""
    import typst

    from insights.outputs import theme

    body = "\n".join(
        f"#pagebreak(weak: true)\n= Point {n}\nSynthetic body {n}.\n" for n in range(pages)
    )
    source = f'#set text(font: "DejaVu Sans")\n{body}'
    # typst's stub ties the source and the font folders to one type; the compiler takes both.
    fonts = [str(theme.Theme().regular_file.parent)]
    pdf: bytes = typst.compile(source.encode(), font_paths=fonts)  # type: ignore[misc]
    return pdf


@BENCHES.register("pdf export", needs=("insights.outputs.leavebehind", "typst"))
def bench_pdf(settings: Settings) -> list[Row]:
    """PDF leave-behind of 50 talking points against Typst writing 50 bare pages."""
    from insights.outputs import leavebehind

    points = 5 if settings.smoke else PPTX_POINTS
    spoken = prepare_talk(points, settings.seed)
    floor = median_time(lambda: build_bare_pdf(points), settings.repeats)
    value = median_time(lambda: leavebehind.build_pdf(spoken), settings.repeats)
    return [
        Row(
            f"PDF export of {points} talking points, vs Typst writing {points} bare pages",
            value,
            floor,
            target="≤ 2x bare",
            limit=2,
            note="the leave-behind adds a cover, sources and the next step",
        ),
        Row(
            f"PDF export of {points} talking points",
            value,
            target="≤ 1 s",
            limit=1,
            absolute=True,
        ),
    ]


def insert_raw(path: Path, count: int, threads: int) -> int:
    """The floor: plain sqlite3 inserts, one committed transaction each, from many threads."""
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, k TEXT UNIQUE, body TEXT)")

    def one(i: int) -> None:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO r (k, body) VALUES (?, ?)", (f"key-{i:08d}", "x" * 200))
            conn.execute("COMMIT")
        finally:
            conn.close()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(count)))
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM r").fetchone()[0]


def insert_quotes(path: Path, count: int, threads: int) -> int:
    """The figure: the app's store saving validated quote requests from many threads."""
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    from insights.quotes import requests as quotes
    from insights.quotes import store

    engine = store.make_engine(f"sqlite:///{path}")
    store.create_schema(engine)
    request, errors = quotes.validate_request(
        {
            "name": "Bench Person",
            "company": "Bench Co",
            "email": "bench@example.com",
            "places": ["guadalajara"],
            "themes": ["talent"],
            "message": "x" * 200,
            "consent": True,
        }
    )
    assert request is not None, errors
    now = dt.datetime.now(dt.UTC)

    def save(i: int) -> None:
        # "Not saved" to the prospect: nothing stored, so it shows in the count, not as a crash.
        with contextlib.suppress(store.StoreUnavailable):
            store.save_request(engine, request, f"bench-{i:08d}", now)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(save, range(count)))
    stored = store.count_requests(engine)
    engine.dispose()
    return stored


# The floor of a slide step: a one-button app whose click redraws a heading.
HELLO_STEP_APP = (
    "import streamlit as st\n\n"
    "if st.button('Next'):\n"
    "    st.session_state['n'] = st.session_state.get('n', 1) + 1\n"
    "st.title(f\"Slide {st.session_state.get('n', 1)}\")\n"
)
PRESENT_PITCH = (
    "gdl-mexican-valley,gdl-own-culture,gdl-it-companies,gdl-mariachi,gdl-universities,"
    "mx-talent-pool,mx-instability%3Emx-partnerships"
)
# Both sides of the step figure wait the same way: one check, polled every 10 ms, that the
# next slide is drawn and the run that drew it is over (serve.RENDERED_JS's conditions).
_RUN_OVER = (
    "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
)
HELLO_DRAWN_JS = (
    "n => [...document.querySelectorAll('h1')].some(h => h.textContent.trim() === `Slide ${n}`)"
    f" && {_RUN_OVER}"
)
SLIDE_DRAWN_JS = (
    f"n => new URL(location.href).searchParams.get('slide') === String(n) && {_RUN_OVER}"
)


def time_hello_steps(browser: Browser, steps: int) -> float:
    """Median seconds from a click on the one-button app to its redrawn heading."""
    with tempfile.TemporaryDirectory(prefix="bench-step-") as tmp:
        folder = Path(tmp)
        (folder / "app.py").write_text(HELLO_STEP_APP, encoding="utf-8")
        (folder / ".streamlit").mkdir()
        config = serve.ROOT / ".streamlit" / "config.toml"
        (folder / ".streamlit" / "config.toml").write_text(config.read_text(), encoding="utf-8")
        with serve.server(folder) as (url, _pid):
            tab = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            serve.open_rendered(tab, url, "Slide 1")
            times = []
            for n in range(2, steps + 2):
                start = time.perf_counter()
                tab.get_by_role("button", name="Next").click()
                tab.wait_for_function(HELLO_DRAWN_JS, arg=n, polling=10)
                times.append(time.perf_counter() - start)
            tab.context.close()
    return statistics.median(times)


def time_present_steps(browser: Browser, steps: int) -> float:
    """Median seconds from a key press on /present to the next slide in the link."""
    with serve.server(serve.ROOT) as (url, _pid):
        tab = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        tab.goto(f"{url}/present?pitch={PRESENT_PITCH}")
        tab.locator(".st-key-slide-audience").wait_for(timeout=120_000)
        tab.wait_for_function(serve.RENDERED_JS, timeout=120_000)
        times = []
        for n in range(2, steps + 2):
            start = time.perf_counter()
            tab.keyboard.press("ArrowRight")
            tab.wait_for_function(SLIDE_DRAWN_JS, arg=n, polling=10)
            times.append(time.perf_counter() - start)
        tab.context.close()
    return statistics.median(times)


@BENCHES.register("present step")
def bench_present_step(settings: Settings) -> list[Row]:
    """A step of the audience screen in the browser against a one-button app's click."""
    steps = 3 if settings.smoke else 7
    with serve.chromium() as browser:
        hello = time_hello_steps(browser, steps)
        value = time_present_steps(browser, steps)
    return [
        Row(
            "a step on /present in the browser, vs a one-button app's click",
            value,
            hello,
            target="≤ 1.2x hello",
            limit=1.2,
            note="key press to the next slide drawn (median of the steps)",
        )
    ]


@BENCHES.register("quote store", needs=("insights.quotes.store",))
def bench_store(settings: Settings) -> list[Row]:
    """1,000 quote requests from 20 threads into SQLite against raw sqlite3 inserts."""
    count = 50 if settings.smoke else QUOTES
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        start = time.perf_counter()
        raw = insert_raw(Path(tmp) / "raw.sqlite3", count, QUOTE_THREADS)
        floor = time.perf_counter() - start
        start = time.perf_counter()
        stored = insert_quotes(Path(tmp) / "quotes.sqlite3", count, QUOTE_THREADS)
        value = time.perf_counter() - start
    lost = count - stored
    return [
        Row(
            f"{count:,} quote requests from {QUOTE_THREADS} threads into SQLite, vs raw sqlite3",
            value if lost == 0 and raw == count else None,
            floor,
            target="0 lost, ≤ 2x raw",
            limit=2,
            note=f"{lost} not stored" if lost else "0 lost",
        )
    ]
