"""Command line: ``python -m insights validate [DATA_DIR]`` and ``python -m insights ingest``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from insights import ingest, load, review
from insights.errors import PackError
from insights.model import SOURCE_KINDS


def run_validate(data_dir: Path, out: TextIO) -> int:
    """Validate every pack in data_dir; list each problem and return 1, else 0."""
    packs, problems = load.check_packs(data_dir)
    for problem in problems:
        print(problem, file=out)
    claims = sum(len(pack.claims) for _, pack in packs)
    drafts = [(file, pack) for file, pack in packs if pack.status == "draft"]
    for file, pack in drafts:
        # A draft is valid content, hidden in the app: say what is left before publishing.
        print(f"{file}: draft, to review before publishing:", file=out)
        for note in review.review_pack(pack):
            print(f"  {note}", file=out)
    if problems:
        print(f"{len(problems)} problem(s); {len(packs)} valid pack(s)", file=out)
        return 1
    held = f" ({len(drafts)} draft)" if drafts else ""
    print(f"ok: {len(packs)} pack(s){held}, {claims} claim(s) in {data_dir}", file=out)
    return 0


def run_ingest(args: argparse.Namespace, out: TextIO) -> int:
    """Write a draft pack proposed from an article; say what went wrong (file, reason) if not."""
    facts = ingest.SourceFacts(
        region=args.region,
        publisher=args.publisher,
        title=args.title,
        published=args.date,
        url=args.url,
        kind=args.kind,
        bias=args.bias,
        lat=args.lat,
        lon=args.lon,
    )
    try:
        text = ingest.read_article(args.article)
        lexicon = ingest.read_lexicon(args.lexicon)
        draft = ingest.ingest_text(text, str(args.article), facts, lexicon)
    except PackError as exc:
        print(f"error: {exc}", file=out)
        return 1
    if args.output.exists() and not args.force:
        print(f"error: {args.output}: already exists; pass --force to replace it", file=out)
        return 1
    try:
        args.output.write_text(ingest.dump_pack(draft), encoding="utf-8")
    except OSError as exc:
        print(f"error: {args.output}: cannot be written: {exc.strerror}", file=out)
        return 1
    claims = draft["claims"]
    print(
        f"draft: {len(claims)} proposed claim(s) from {len(draft['source']['paragraphs'])} "
        f"paragraph(s) written to {args.output}; review it, then run validate",
        file=out,
    )
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2017-12-20") from None


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every content pack in a folder")
    validate.add_argument("data_dir", nargs="?", default="data", type=Path)
    draft = sub.add_parser("ingest", help="propose a draft pack from an article")
    draft.add_argument("article", type=Path, help="plain text, Markdown or HTML")
    draft.add_argument("--region", required=True, help="the region's name, e.g. Mexico")
    draft.add_argument("--publisher")
    draft.add_argument("--title")
    draft.add_argument("--date", type=_date, help="publication date, YYYY-MM-DD")
    draft.add_argument("--url")
    draft.add_argument("--kind", choices=list(SOURCE_KINDS), default="news")
    draft.add_argument("--bias", help="who publishes it and what they gain")
    draft.add_argument("--lat", type=float, help="the region's latitude, if not in the gazetteer")
    draft.add_argument("--lon", type=float, help="the region's longitude")
    draft.add_argument("--lexicon", type=Path, default=ingest.DEFAULT_LEXICON)
    draft.add_argument("-o", "--output", type=Path, required=True)
    draft.add_argument("--force", action="store_true", help="replace an existing output file")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    stream = out or sys.stdout
    if args.command == "validate":
        return run_validate(args.data_dir, stream)
    if args.command == "ingest":
        return run_ingest(args, stream)
    return 2  # pragma: no cover - argparse rejects unknown commands first
