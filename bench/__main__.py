"""`python -m bench [--rounds 15] [--claims 100000] [-o BENCHMARKS.md]`: measure, print, write."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench import felt, serve, startup

DATA = serve.ROOT / "data"
COLUMNS = ["id", "text", "theme", "place", "stance", "as_of", "headline", "citation", "url"]
HEADER = ("measure", "median", "floor", "ratio", "target", "met?")
HOW = """\
How: each browser figure is the median of one click, timed from Python in headless Debian
Chromium (behind a closed proxy for anything but 127.0.0.1, so nothing leaves the machine) from
the click until the text it changes shows a new value: the overview's filter sentence, the
pitch builder's claim count and Compare's closing line (drawn after its scorecard, shared
ground and both sides; Guadalajara against Mexico City, and two synthetic places each within a
country within a region) after picking "talent & education" in the sidebar's Theme filter
(removed again, untimed, before the next turn), the presenter view's slide counter after Next,
a one-widget Streamlit app's echo of its own Theme multiselect (the floor), and Datasette's row
count after a click on the `theme` facet's "talent" over the same claims in SQLite. Each page
has its own tab; they take turns, one warm-up round and then {rounds} timed rounds, so a noisy
moment hits them alike. Synthetic claims: `python -m insights synth --claims {claims} --places
50 --seed 0`. The machine is shared (2 cores, other work running): read the ratios, absolute
times move between runs. Cold start: from `streamlit run` to the overview drawn in a new tab,
with no query and a fresh state folder, the working tree in turns with the same files at git
tag `before-search` (main just before the search was merged), one untimed turn and then
{cold} timed ones. Search: a query's cost to a whole rerun of the overview and the explorer
(AppTest, medians of 7, words only: vectors are built apart, never on a page's path), and the
build of 5,000 synthetic claims' vectors in CPU time (one thread: its wall time on an idle
core). Exports: medians of 5 builds. Quote store: losses judged, speed reported."""


@dataclass(frozen=True)
class Row:
    """One measure, beside its floor when it has one, judged when it has a limit."""

    measure: str
    value: float
    floor: float | None = None
    limit: float | None = None
    unit: str = "s"

    def cells(self) -> tuple[str, ...]:
        """Return the row as the table shows it."""
        ratio = self.value / self.floor if self.floor else None
        judged = self.value if self.floor is None else ratio
        met = (
            "—" if self.limit is None or judged is None else "yes" if judged <= self.limit else "NO"
        )
        bound = "—" if self.limit is None else f"≤ {self.limit:g}x"
        target = (
            bound
            if self.floor
            else "—"
            if self.limit is None
            else f"≤ {show(self.limit, self.unit)}"
        )
        target = "0" if self.limit == 0 else target
        return (
            self.measure,
            show(self.value, self.unit),
            "—" if self.floor is None else show(self.floor, self.unit),
            "—" if ratio is None else f"{ratio:.2f}x",
            target,
            met,
        )


def show(value: float, unit: str) -> str:
    """Return a value as the table shows it: seconds in ms, anything else as a count."""
    if unit != "s":
        return f"{value:,.0f} {unit}"
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.0f} s"


def table(rows: Sequence[Row]) -> str:
    """Return the rows as a Markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(row.cells()) + " |" for row in rows])


def claims_db(data: Path, db: Path) -> None:
    """Write a content folder's claims to a SQLite table `claims`, indexed by theme."""
    from insights.content import load

    claims = load.load_packs(data).claims[COLUMNS].astype(str)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        claims.to_sql("claims", conn, index=False)
        conn.execute("CREATE INDEX claims_theme ON claims (theme)")


def browser_rows(claims: int, rounds: int, work: Path, blocked: list[str]) -> list[Row]:
    """The clicks a rep feels, on shipped and synthetic claims, beside their floors."""
    folder = work / "synth"
    synth = ["-m", "insights", "synth", "--claims", str(claims), "--places", "50", "--seed", "0"]
    subprocess.run([sys.executable, *synth, "-o", str(folder)], check=True, cwd=serve.ROOT)
    (work / "shipped").mkdir()
    (work / "big").mkdir()
    claims_db(DATA, work / "shipped" / "claims.db")
    claims_db(folder, work / "big" / "claims.db")
    # A state folder of the bench's own: the presenter view writes its presentations there.
    env = {"INSIGHTS_STATE_DIR": str(work), "DATABASE_URL": ""}
    with (
        serve.server(serve.ROOT, {**env, "INSIGHTS_DATA_DIR": str(DATA)}) as (app, _),
        serve.server(serve.ROOT, {**env, "INSIGHTS_DATA_DIR": str(folder)}) as (big_app, _),
        serve.script_server(felt.ONE_WIDGET_APP) as one_widget,
        serve.datasette(work / "shipped" / "claims.db") as (shipped_db, _),
        serve.datasette(work / "big" / "claims.db") as (big_db, _),
    ):
        targets = felt.app_targets(app, big_app, one_widget, shipped_db, big_db)
        t = felt.measure(targets, rounds, blocked)
    one, big = t["one-widget"], f"{claims:,} synthetic claims"
    return [
        Row("overview: theme change, shipped claims, vs one-widget app", t["overview"], one, 2.3),
        Row("Datasette: facet click, shipped claims, vs one-widget app", t["datasette"], one),
        Row("pitch builder: theme change, shipped claims, vs one-widget app", t["pitch"], one),
        Row("presenter view: Next to the slide counter, vs one-widget app", t["presenter"], one),
        Row(f"overview: theme change, {big}, vs shipped", t["overview 100k"], t["overview"], 1.5),
        Row(f"Datasette: facet click, {big}, vs shipped", t["datasette 100k"], t["datasette"]),
        Row(f"overview vs Datasette, {big}", t["overview 100k"], t["datasette 100k"]),
        Row("Compare: theme change, shipped claims, vs one-widget app", t["compare"], one),
        Row(
            f"Compare: theme change, {big}, nested places, vs shipped",
            t["compare 100k"],
            t["compare"],
            1.5,
        ),
    ]


def median_time(fn: Callable[[], object], repeats: int = 5) -> float:
    """Return the median wall time of fn over repeats calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def output_rows(points: int = 50) -> list[Row]:
    """The deck and the PDF of a pitch of the first shipped claims, as `insights` builds them."""
    from insights import settings
    from insights.content import evidence, load
    from insights.outputs import deck, leavebehind
    from insights.pitch import talk
    from insights.pitch.plan import Pitch

    catalog = load.load_packs(DATA)
    pitch = Pitch(title="Bench", prospect="Bench", items=tuple(catalog.claims["id"][:points]))
    rule = evidence.VerifyRule(
        settings.current_settings().stale_after_years,
        evidence.index_linked(catalog.links, catalog.claims),
    )
    spoken = talk.resolve_talk(pitch, catalog.claims, dt.date.today(), rule)
    return [
        Row(f"deck (PPTX) of {points} points", median_time(lambda: deck.build_deck(spoken))),
        Row(f"PDF of {points} points", median_time(lambda: leavebehind.build_pdf(spoken))),
    ]


def store_rows(threads: int = 20, each: int = 10) -> list[Row]:
    """Quote requests submitted at once from many threads into SQLite, every key twice."""
    # The store's one call site in bench/, through its public functions: open, save, list.
    from insights.quotes import requests, store

    total, now = threads * each, dt.datetime.now(dt.UTC)
    form = {"name": "Bench", "company": "Bench Co", "email": "bench@example.com"}
    request, errors = requests.validate_request({**form, "message": "x" * 200, "consent": True})
    assert request is not None, errors
    # Submissions n and n + total/2 share a key and come from threads far apart: a retry.
    keys = [f"bench-key-{n % (total // 2):06d}" for n in range(total)]
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        engine = store.make_engine(f"sqlite:///{tmp}/quotes.sqlite3")
        store.create_schema(engine)

        def save(key: str) -> str | None:
            try:
                return store.save_request(engine, request, key, now)
            except store.StoreUnavailable:  # the prospect is told "not saved": refused, not lost
                return None

        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            answers = list(pool.map(save, keys, chunksize=each))
        seconds = time.perf_counter() - start
        stored = [r.reference for r in store.list_requests(engine, limit=total)]
        engine.dispose()
    lost = len({ref for ref in answers if ref is not None} - set(stored))
    what = f"{total} submissions ({total // 2} keys, each twice) from {threads} threads"
    return [
        Row(f"quote store: {what}, acknowledged but lost", lost, None, 0, "lost"),
        Row("quote store: the same key stored twice", len(stored) - total // 2, None, 0, "rows"),
        Row('quote store: refused (told "not saved")', answers.count(None), unit="refused"),
        Row(f"quote store: {what}, time", seconds),
    ]


def search_rows(claims: int = 5000) -> list[Row]:
    """What a query adds to a page's rerun, and the vectors' build, at synthetic claims."""
    from bench import search_eval
    from insights import cli
    from insights.content import load
    from insights.search import vectors

    model = vectors.load_model()
    cases = search_eval.read_cases()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        spec = ["synth", "--claims", str(claims), "--places", "20", "--seed", "0", "-o", folder]
        cli.main(spec, io.StringIO())
        found = search_eval.measure(load.load_packs(Path(folder)), cases, "search", model)
        added = search_eval.app_rerun(Path(folder), "talent")
    size = f"{claims:,} synthetic claims"
    rows = [
        Row(f"search: a query's cost to a {Path(page).stem} rerun, {size}", seconds, None, 0.05)
        for page, seconds in added.items()
    ]
    if "vector build CPU s" in found:  # none when the model package is missing: said above
        cpu = found["vector build CPU s"]
        rows.append(Row(f"search: building the vectors of {size} (CPU time)", cpu, None, 60))
    return rows


def startup_rows(rounds: int, blocked: list[str]) -> list[Row]:
    """Cold start to the drawn overview, with no query, beside main before the search."""
    before, now = startup.cold_starts(startup.BEFORE_SEARCH, rounds, blocked)
    what = f"cold start to the overview drawn, vs main at `{startup.BEFORE_SEARCH}`"
    return [Row(what, now, before, 1.1)]


def machine() -> list[str]:
    """Return the lines that say where and when the figures were measured."""
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    chromium = subprocess.run([serve.CHROMIUM, "--version"], capture_output=True, text=True)
    browser = chromium.stdout.split(" built")[0].strip()
    return [
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared), load at start {load}",
        f"- Python {sys.version.split()[0]}, Streamlit {version('streamlit')}, "
        f"Datasette {version('datasette')}, Playwright {version('playwright')}, {browser}",
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the bench, print the table and write it to a Markdown file."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=15, help="timed turns of every click")
    parser.add_argument("--claims", type=int, default=100_000, help="synthetic claims")
    parser.add_argument("--cold", type=int, default=3, help="timed cold starts (0: none)")
    parser.add_argument("-o", "--out", type=Path, help="write the table here (BENCHMARKS.md)")
    args = parser.parse_args(argv)
    where = machine()
    blocked: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        rows = browser_rows(args.claims, args.rounds, Path(tmp), blocked)
    rows += startup_rows(args.cold, blocked) if args.cold else []
    rows += search_rows() + output_rows() + store_rows()
    text = "\n".join([*where, "", table(rows), "", f"Requests off the machine: {len(blocked)}"])
    print(text)
    if args.out:
        how = HOW.format(rounds=args.rounds, claims=args.claims, cold=args.cold)
        args.out.write_text(f"# Benchmarks\n\nWritten by `make bench`.\n\n{text}\n\n{how}\n")
        print(f"wrote {args.out}")
    # Speed is noisy here and only judged in the table; a request leaving the machine or a
    # lost or doubled quote request is a fault, so it fails the run.
    faults = [r for r in rows if r.unit != "s" and r.limit is not None and r.value > r.limit]
    return 1 if blocked or faults else 0


if __name__ == "__main__":
    sys.exit(main())
