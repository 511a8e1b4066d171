"""`python -m bench [--smoke] [--only NAME] [-o BENCHMARKS.md]`: measure, print, write."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from bench import measures, report  # noqa: F401  (importing measures registers them)
from bench.registry import BENCHES, Settings, run_benches

# How each figure is measured, and the dated notes of each round: a document, not code.
NOTES_FILE = Path(__file__).resolve().parent.parent / "docs" / "bench-notes.md"


def _notes() -> str:
    # The document's own title gives way to the table's; its sections follow the table.
    _title, heading, sections = NOTES_FILE.read_text(encoding="utf-8").partition("\n## ")
    return heading + sections


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
        args.out.write_text(report.render_markdown(rows, machine, _notes()), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
