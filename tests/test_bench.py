"""The benchmark keeps working: its smoke version runs at tiny sizes, without thresholds."""

from __future__ import annotations

import os

import pytest

from bench import measures, registry, report, serve
from bench.registry import Row, Settings
from tests.conftest import skip_or_fail

SMOKE = Settings(smoke=True, sizes=(40,), places=3, repeats=1, sessions=1)


@pytest.mark.parametrize(
    ("row", "ratio", "met"),
    [
        (Row("a", 2.0, 1.0, limit=1.5), 2.0, False),
        (Row("b", 1.0, 1.0, limit=1.5), 1.0, True),
        (Row("c", 12.0, 3.0, unit="MB", limit=20, absolute=True), 4.0, True),
        (Row("d", 1.0, 2.0), 0.5, None),
        (Row("e", note="not measured: x not present yet"), None, None),
    ],
)
def test_rows_judge_their_ratio_or_value_against_the_target(row, ratio, met):
    assert row.ratio == ratio
    assert row.met is met


def test_a_bench_whose_module_is_absent_is_reported_not_run():
    called = []
    benches = registry.Registry()
    benches.register("needs nothing")(lambda s: called.append(s) or [Row("x", 1.0, 1.0)])
    benches.register("pptx", needs=("insights.no_such_module",))(lambda s: called.append(s))
    original = registry.BENCHES
    registry.BENCHES = benches
    try:
        rows = registry.run_benches(SMOKE)
    finally:
        registry.BENCHES = original
    assert [r.figure for r in rows] == ["x", "pptx"]
    assert rows[1].note == "not measured: insights.no_such_module not present yet"
    assert len(called) == 1


def test_every_later_bench_is_registered():
    names = [name for name, _, _ in registry.BENCHES.benches]
    assert names == [
        "rerun",
        "cold start",
        "session memory",
        "pptx export",
        "pdf export",
        "present step",
        "quote store",
    ]


def test_rerun_bench_runs_at_tiny_sizes(monkeypatch):
    monkeypatch.delenv("INSIGHTS_DATA_DIR", raising=False)
    rows = measures.bench_rerun(SMOKE)
    assert [r.figure for r in rows] == [
        "rerun after a filter change, shipped data, vs a hello app's rerun",
        "rerun of a constant app drawing as many elements as the heaviest page, all Markdown "
        "(a floor for that page), vs a hello app's rerun",
        "rerun after a filter change, 40 synthetic claims, vs shipped data",
    ]
    assert all(r.value and r.value > 0 and r.floor and r.floor > 0 for r in rows)
    # The floor row counts the heaviest page's elements and names that count.
    assert rows[1].note.endswith(" elements and blocks")
    assert int(rows[1].note.split()[0]) > 20
    assert os.environ.get("INSIGHTS_DATA_DIR") is None
    table = report.format_table(rows)
    assert table.count("\n") == len(rows) + 1
    assert "heaviest page: " in table


def test_interleaved_reruns_take_turns_each_under_its_own_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("INSIGHTS_DATA_DIR", raising=False)
    calls = []

    def step(name):
        return lambda: calls.append((name, os.environ.get("INSIGHTS_DATA_DIR")))

    reruns = {
        "a": measures.Rerun(step("a")),
        "b": measures.Rerun(step("b"), tmp_path),
    }
    timed = measures.time_interleaved(reruns, rounds=3, warmups=1)
    assert calls == [("a", None), ("b", str(tmp_path))] * 4
    assert sorted(timed) == ["a", "b"]
    assert all(seconds > 0 for seconds in timed.values())
    assert os.environ.get("INSIGHTS_DATA_DIR") is None


@pytest.mark.parametrize("elements", [1, 7, 120])
def test_constant_app_draws_that_many_markdown_lines_from_a_short_script(elements):
    from streamlit.testing.v1 import AppTest

    source = measures.make_constant_app(elements)
    at = AppTest.from_string(source).run()
    assert [m.value for m in at.markdown] == [
        f"Line {n} of constant text." for n in range(elements)
    ]
    # The script's length does not grow with the count: AppTest compiles it on every run.
    assert len(source.splitlines()) == 4


@pytest.mark.parametrize("repeats", [1, 2, 7])
def test_rounds_are_whole_cycles_of_the_filter_states(repeats):
    rounds = measures.bench_rounds(Settings(repeats=repeats))
    # A page reused as a later pass's floor starts that pass in the state the others start in.
    assert rounds % len(measures.THEME_STATES) == 0
    assert rounds >= 3 * repeats


@pytest.mark.parametrize(
    ("timed", "expected"),
    [({"x": 1.0}, ("x", 1.0)), ({"x": 1.0, "y": 3.0, "z": 2.0}, ("y", 3.0))],
)
def test_heaviest_is_the_slowest(timed, expected):
    assert measures.heaviest(timed) == expected


def test_report_puts_the_machine_above_the_table():
    import datetime as dt

    rows = [Row("cold start", 3.0, 2.0, target="≤ 1.5x hello", limit=1.5), Row("p", note="n/a")]
    text = report.render_markdown(rows, ["- machine: test"], "## Notes")
    lines = text.splitlines()
    assert lines.index("- machine: test") < lines.index("| " + " | ".join(report.HEADER) + " |")
    assert "| cold start | 3,000 ms | 2,000 ms | 1.50x | ≤ 1.5x hello | yes |" in lines
    assert "| p | n/a | — | — | — | — |" in lines
    machine = report.describe_machine(dt.datetime(2026, 1, 2, 3, 4))
    assert machine[0] == "- date: 2026-01-02 03:04 UTC"
    assert "cores" in machine[1]


@pytest.mark.browser
def test_browser_benches_run_at_tiny_sizes():
    if not serve.CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {serve.CHROMIUM}")
    rows = measures.bench_cold_start(SMOKE) + measures.bench_session_memory(SMOKE)
    assert [r.unit for r in rows] == ["s", "s", "MB"]
    assert rows[0].value > rows[0].floor > 0
    # The stack's floor: the hello app after importing pandas and pydantic, beside the same floor.
    assert rows[1].floor == rows[0].floor
    assert rows[1].value > 0
    assert all(r.value is not None for r in rows)


@pytest.mark.parametrize(
    ("bench", "figure", "note"),
    [
        (
            measures.bench_pptx,
            "PPTX export of 5 talking points, vs a bare python-pptx 5-slide deck",
            "the app's deck adds a cover, sources and call-to-action slides",
        ),
        (
            measures.bench_store,
            "50 quote requests from 20 threads into SQLite, vs raw sqlite3",
            "0 lost",
        ),
    ],
)
def test_export_and_store_benches_run_at_tiny_sizes(bench, figure, note):
    (row,) = bench(SMOKE)
    assert (row.figure, row.note) == (figure, note)
    assert row.value > 0
    assert row.floor > 0


def test_pdf_bench_measures_against_typst_and_the_second():
    against, alone = measures.bench_pdf(SMOKE)
    assert against.figure == "PDF export of 5 talking points, vs Typst writing 5 bare pages"
    assert (against.limit, against.absolute, alone.limit, alone.absolute) == (2, False, 1, True)
    assert against.value == alone.value > 0
    assert against.floor > 0


@pytest.mark.parametrize(
    ("added", "value", "met", "note"),
    [
        (0.3, 0.3, True, "5 sessions"),
        (25.0, 25.0, False, "5 sessions"),
        (-11.2, None, None, "not measured: the server's memory fell by 11.2 MB per session"),
    ],
)
def test_memory_rows_judge_only_a_meaningful_reading(added, value, met, note):
    row = measures.memory_row("shipped data", added, 0.2, 5)
    assert (row.value, row.met) == (value, met)
    assert row.note.startswith(note)
