"""Command line: ``python -m insights validate [DATA_DIR]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from insights import load


def run_validate(data_dir: Path, out: TextIO) -> int:
    """Validate every pack in data_dir; list each problem and return 1, else 0."""
    packs, problems = load.check_packs(data_dir)
    for problem in problems:
        print(problem, file=out)
    claims = sum(len(pack.claims) for _, pack in packs)
    if problems:
        print(f"{len(problems)} problem(s); {len(packs)} valid pack(s)", file=out)
        return 1
    print(f"ok: {len(packs)} pack(s), {claims} claim(s) in {data_dir}", file=out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every content pack in a folder")
    validate.add_argument("data_dir", nargs="?", default="data", type=Path)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    stream = out or sys.stdout
    if args.command == "validate":
        return run_validate(args.data_dir, stream)
    return 2  # pragma: no cover - argparse rejects unknown commands first
