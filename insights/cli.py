"""Command line: ``python -m insights validate [DATA_DIR]`` and ``python -m insights synth``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from insights import load, synth

# The shipped content; synthetic packs must never be mixed into it.
SHIPPED_DATA = Path(__file__).resolve().parent.parent / "data"


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


def run_synth(spec: synth.SynthSpec, out_dir: Path, out: TextIO, shipped: Path) -> int:
    """Write a synthetic content set into out_dir (never the shipped data folder)."""
    if out_dir.resolve() == shipped.resolve() or shipped.resolve() in out_dir.resolve().parents:
        print(f"refusing to write synthetic packs into the shipped data folder {shipped}", file=out)
        return 1
    paths = synth.write_packs(spec, out_dir)
    print(
        f"wrote {len(paths)} synthetic pack(s), {spec.claims} claim(s) over at most "
        f"{spec.places} place(s) to {out_dir}",
        file=out,
    )
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every content pack in a folder")
    validate.add_argument("data_dir", nargs="?", default="data", type=Path)
    make = sub.add_parser("synth", help="write a synthetic content set for benchmarks and tests")
    make.add_argument("--claims", type=_positive, required=True, help="how many claims in all")
    make.add_argument("--places", type=_positive, required=True, help="how many places")
    make.add_argument("--seed", type=int, default=0, help="same seed, same packs (default 0)")
    make.add_argument(
        "--per-pack", type=_positive, default=synth.CLAIMS_PER_PACK, help="claims per pack"
    )
    make.add_argument("-o", "--out", type=Path, required=True, help="folder to write into")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    stream = out or sys.stdout
    if args.command == "validate":
        return run_validate(args.data_dir, stream)
    if args.command == "synth":
        spec = synth.SynthSpec(args.claims, args.places, args.seed, args.per_pack)
        return run_synth(spec, args.out, stream, SHIPPED_DATA)
    return 2  # pragma: no cover - argparse rejects unknown commands first
