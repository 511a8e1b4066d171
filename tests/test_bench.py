"""The bench's own code path at a tiny size: turns, the judged table and the quote store."""

from __future__ import annotations

from bench import felt
from bench.__main__ import Row, store_rows, table


def test_bench_takes_turns_judges_ratios_and_loses_no_quote(tmp_path):
    calls: list[str] = []

    def step(name: str, seconds: float):
        return lambda: calls.append(name) or seconds

    times = felt.take_turns({"app": step("app", 0.3), "floor": step("floor", 0.1)}, rounds=2)
    # One warm-up round, then two timed ones, always in the same turns.
    assert calls == ["app", "floor"] * 3
    assert times == {"app": [0.3, 0.3], "floor": [0.1, 0.1]}
    rows = [Row("app vs floor", 0.3, 0.1, 2.3), *store_rows(threads=4, each=2)]
    lines = table(rows).splitlines()
    assert lines[2] == "| app vs floor | 300 ms | 100 ms | 3.00x | ≤ 2.3x | NO |"
    assert lines[3].endswith("acknowledged but lost | 0 lost | — | — | 0 | yes |")
    assert lines[4] == "| quote store: the same key stored twice | 0 rows | — | — | 0 | yes |"
