"""The ingest's child process: its result or located error, a time limit, a stop on request."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from insights import ingest
from insights.errors import PackError
from insights.ingest import worker


def sleep_then_answer(seconds: float, pid_file: str) -> str:
    """Write this process's id, sleep, then answer (the child's work in these tests)."""
    with open(pid_file, "w", encoding="utf-8") as out:
        out.write(str(os.getpid()))
    time.sleep(seconds)
    return "done"


def refuse(name: str) -> None:
    """Fail as a bad article does."""
    raise PackError(name, "", "is empty: there is no article to read")


def crash() -> None:
    """Fail as a bug would."""
    raise RuntimeError("boom")


def alive(pid: int) -> bool:
    """Tell whether a process with this id still runs (and is not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_the_childs_result_comes_back(tmp_path):
    assert worker.run_limited(sleep_then_answer, (0, str(tmp_path / "pid")), "a.txt") == "done"


@pytest.mark.parametrize(
    ("action", "args", "message"),
    [
        (refuse, ("empty.md",), "empty.md: is empty: there is no article to read"),
        (crash, (), "article: could not be read (RuntimeError)"),
    ],
)
def test_a_childs_failure_is_a_located_error(action, args, message):
    with pytest.raises(PackError) as caught:
        worker.run_limited(action, args, "a.txt")
    assert str(caught.value) == message


def test_past_the_time_limit_the_child_is_ended(tmp_path):
    pid_file = tmp_path / "pid"
    # The fork server starts with the first child (a second or two): started before the clock.
    worker.run_limited(sleep_then_answer, (0, str(pid_file)), "warm.txt")
    with pytest.raises(PackError) as caught:
        worker.run_limited(sleep_then_answer, (30, str(pid_file)), "long.txt", limit_s=1.0)
    assert str(caught.value) == (
        "long.txt: took longer than 1 s to read, so it was stopped; split it into shorter "
        "articles or paragraphs"
    )
    assert not alive(int(pid_file.read_text()))


def test_when_the_session_ends_the_child_is_ended(tmp_path):
    pid_file = tmp_path / "pid"
    asked = []

    def keep_going() -> bool:
        # The tab closes once the child has started its work.
        asked.append(1)
        return not pid_file.exists() or len(asked) < 3

    started = time.monotonic()
    with pytest.raises(worker.Stopped):
        worker.run_limited(sleep_then_answer, (30, str(pid_file)), "a.txt", keep_going)
    assert time.monotonic() - started < 10
    assert not alive(int(pid_file.read_text()))


def test_an_article_is_ingested_in_the_child():
    facts = ingest.SourceFacts("Testville", lat=0.0, lon=0.0, published=dt.date(2024, 5, 2))
    text = "Testville grew fast in 2024.\n\nTestville hosts 12 software firms such as Acme Corp."
    draft = worker.run_limited(ingest.ingest_text, (text, "a.txt", facts), "a.txt")
    assert draft == ingest.ingest_text(text, "a.txt", facts)
