"""The benchmark table, printed and written to BENCHMARKS.md with the machine at the top."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Sequence
from importlib import metadata

from bench.registry import Row

HEADER = ("figure", "value", "floor", "ratio", "target", "met?")


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
    return f"{value:,.1f} {unit}"


def format_row(row: Row) -> tuple[str, ...]:
    """Return one row's cells as shown."""
    if row.value is None:
        return (row.figure, row.note or "not measured", "—", "—", row.target or "—", "—")
    ratio = "—" if row.ratio is None else f"{row.ratio:.2f}x"
    met = {True: "yes", False: "NO", None: "—"}[row.met]
    figure = f"{row.figure} ({row.note})" if row.note else row.figure
    return (
        figure,
        _number(row.value, row.unit),
        _number(row.floor, row.unit),
        ratio,
        row.target or "—",
        met,
    )


def format_table(rows: Sequence[Row]) -> str:
    """Return the rows as a Markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    lines += ["| " + " | ".join(format_row(row)) + " |" for row in rows]
    return "\n".join(lines)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _memory_gb() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            kb = int(f.readline().split()[1])
        return f"{kb / 2**20:.1f} GB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def describe_machine(now: dt.datetime) -> list[str]:
    """Return the lines that say where and when the figures were measured."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return [
        f"- date: {now:%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {_memory_gb()} memory, "
        f"load average at start {' '.join(f'{x:.2f}' for x in load)}",
        f"- Python {sys.version.split()[0]}, Streamlit {_version('streamlit')}, "
        f"pandas {_version('pandas')}, plotly {_version('plotly')}, "
        f"pydantic {_version('pydantic')}, PyYAML {_version('PyYAML')}, "
        f"Playwright {_version('playwright')}",
    ]


def render_markdown(rows: Sequence[Row], machine: Sequence[str], notes: str) -> str:
    """Return BENCHMARKS.md: the machine, the table, then the notes on how it was measured."""
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Written by `make bench` (`python -m bench`); do not edit by hand.",
            "",
            *machine,
            "",
            format_table(rows),
            "",
            notes.strip(),
            "",
        ]
    )
