"""`python -m bench [--smoke] [--only NAME] [-o BENCHMARKS.md]`: measure, print, write."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from bench import measures, report  # noqa: F401  (importing measures registers them)
from bench.registry import BENCHES, Settings, run_benches

NOTES = """
## How these are measured

Every figure is measured beside its floor in the same run and judged as a ratio, because the
machine is shared and noisy; absolute times differ from run to run, ratios much less.

- **cold start**: wall time from launching `streamlit run app.py` (127.0.0.1) to the overview
  fully rendered in headless Debian Chromium (heading shown, script run over, any chart drawn),
  against a one-line `st.title("Hello")` app launched the same way; median of 3, interleaved.
- **rerun after a filter change**: AppTest; every page is opened, then the theme filter is
  switched between "talent" and nothing (every claim), twice to warm up and then 7 times
  timed; the slowest page's median is reported. The floor for shipped data is a one-line
  app's rerun; the floor for synthetic content (`python -m insights synth`, 50 places,
  seed 0, 100 claims per pack) is the shipped data's heaviest rerun from the same run.
- **memory per session**: RSS of the streamlit process (/proc) once it holds steady after 2
  warm sessions, then once steady again after 5 more fully rendered sessions, divided by 5;
  the floor is the same for a hello app. At 100k claims the server keeps handing back the
  content load's temporaries for a while, so a reading can come out below zero; such a
  reading is reported as not measured rather than judged.
- **pptx export**: the app's deck (`insights.deck.build_deck`) for a 50-point synthetic
  pitch, resolved beforehand, against python-pptx alone writing 50 title-and-text slides;
  median of 7.
- **quote store**: 1,000 validated requests saved from 20 threads through `insights.store`
  into a fresh SQLite file (WAL, synchronous=FULL, one transaction each), counted back
  afterwards, against plain sqlite3 inserts with the same durability from 20 threads.

## Design changes made for these targets

- one catalog per process (`st.cache_resource`), handed to each run as shallow copy-on-write
  copies (no per-rerun unpickling, and no way for one session's change to reach another's);
  the published-only catalog and the pitch vocabulary are cached beside it, and the cache key
  is one short digest of the pack files (hashing a thousand-entry stamp cost ~10 ms a rerun);
- claim columns that repeat a few values (source, place, theme, stance, citation...) are
  categories, so picking a view's rows copies small integer codes (~12 ms -> ~2 ms at 100k);
- entity tables carry their claim's row label (`load.link_rows`): "which companies,
  universities and answers rest on a claim in view" is a boolean array lookup instead of
  hashing up to 100k id strings (the overview's KPIs went from ~20 ms to ~2 ms at 100k);
- only the rows a page shows are copied (challenge pairs, the pitch builder's objections,
  attached claims), and a filter that keeps every row copies none;
- every long list paged (headline cards 10 a page, pitch picks 20, challenge pairs, companies,
  the explorer's table, universities, sources); the source list is drawn only once opened
  (a lazy expander); with no pitch built, presenting uses the first 40 claims in view;
- libyaml's `CSafeLoader` (a safe loader) for packs: validating 100k claims 37 s -> 7 s;
- the overview paints without plotly.js: the map's and theme chart's numbers are small
  escaped tables, the plotly charts drawn on request; KPI tiles are a caption and a heading
  rather than `st.metric` (whose own scripts the browser would fetch first); the "Include
  drafts" switch is drawn only when there are drafts;
- `app.py` is also the `st.App` that `streamlit run app.py` serves; its start-up hook
  (`ui/warmup.py`) imports the first page's modules (pandas, pyarrow, pydantic, PyYAML,
  Pillow), runs `inspect.stack()` once and freezes start-up objects out of the garbage
  collector while the browser is still loading Streamlit's JavaScript; SQLAlchemy, the quote
  checks and python-pptx load only when used; the favicon is a static URL;
- the deck writes speaker notes once (title slide: what to verify, each source's bias) rather
  than a notes part per slide, each point slide's citation footer says source, paragraph,
  date, age and "bias: <kind>" with the verify mark as its first paragraph (three shapes, not
  four), and run colours are set only where they differ from the theme.

## Where a target is met only on some runs, and what it would take

- **cold start**: borderline. The six full runs before this one, on this machine on
  2026-11-25, gave 1.62x, 1.50x, 1.45x, 1.58x, 1.58x and 1.49x (it was 2.96x before this
  round). From launch to a rendered overview the app takes ~0.6-0.8 s longer than the hello
  app (it took ~2.6 s longer). The first script run is ~0.1 s (catalog load ~40 ms); the rest
  is the browser: after the last element arrives it fetches and runs the scripts of each
  widget kind the page draws, one after another (multiselect, text input, link button,
  button: ~0.25 s here), then lays the page out. A run with the sidebar left out measured
  1.43x, so the sidebar's filter widgets are most of what is left. Meeting 1.5x with margin
  needs a first paint without them, e.g. the filters folded into a panel drawn only when
  opened (Streamlit's lazy expander); we kept them in view because they are the rep's main
  control on every page.
- **quote store**: 0 lost in every run, but the ratio moves with the machine: 1.39x in the
  previous round, 1.34x-1.90x in today's first five full runs, then 2.1x-2.5x for an hour,
  for this code and for the round's starting commit (185afec) alike. The floor (raw sqlite3
  inserts, fsync-bound) holds at ~0.6 s while the app's side (pydantic validation, then an
  INSERT ... ON CONFLICT ... RETURNING built with the request's values and a second INSERT for
  its places and themes, CPU-bound under the GIL) moved from ~0.9 s to ~1.5 s. Meeting 2x
  reliably needs less Python per request: both statements built once with bound parameters
  and reused, rather than a new statement per request.
"""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table and write it to a Markdown file."""
    names = [name for name, _, _ in BENCHES.benches]
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--only", action="append", choices=names, default=[])
    parser.add_argument("-o", "--out", type=Path, help="write the table here (BENCHMARKS.md)")
    parser.add_argument("--sizes", type=int, nargs="+", help="synthetic claim counts to measure")
    args = parser.parse_args(argv)
    settings = (
        Settings(smoke=True, sizes=(50,), places=5, repeats=1, sessions=1)
        if args.smoke
        else Settings()
    )
    if args.sizes:
        settings = dataclasses.replace(settings, sizes=tuple(args.sizes))
    now = dt.datetime.now(dt.UTC)
    machine = report.describe_machine(now)
    rows = run_benches(settings, tuple(args.only))
    print("\n".join(machine))
    print(report.format_table(rows))
    if args.out:
        args.out.write_text(report.render_markdown(rows, machine, NOTES), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
