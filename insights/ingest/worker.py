"""Ingest in a child process: a time limit, and a stop the moment the asker is gone.

A long or hostile article must not hold an app server's CPU, nor keep working after the tab
that asked for it closed. The ingest runs in a process of its own (started by a fork server,
which preloads the ingest's modules once); the caller polls, and the child is ended when the
time limit passes or when keep_going says the session is over.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Callable
from typing import Any

from insights.errors import PackError

# A 2 MB article takes well under this on the bench's machine (`make eval`); past it, the
# article is refused rather than the server kept busy.
TIME_LIMIT_S = 60.0
# How often the caller checks that its session is still there while the child works.
POLL_S = 0.2
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["insights.ingest", "insights.ingest.warmup"])


class Stopped(Exception):
    """The work was stopped because whoever asked for it has gone (the tab closed)."""


def _run(
    conn: multiprocessing.connection.Connection, action: Callable[..., Any], args: tuple
) -> None:
    # In the child: send back ("ok", result) or ("error", PackError); anything else is a bug
    # reported as a located error, never a trace shown to the user.
    try:
        conn.send(("ok", action(*args)))
    except PackError as exc:
        conn.send(("error", exc))
    except Exception as exc:  # the child reports every failure to its parent
        conn.send(("error", PackError("article", "", f"could not be read ({type(exc).__name__})")))
    finally:
        conn.close()


def run_limited(
    action: Callable[..., Any],
    args: tuple,
    file: str,
    keep_going: Callable[[], bool] = lambda: True,
    limit_s: float = TIME_LIMIT_S,
) -> Any:
    """Run action(*args) in a child process; raise PackError past limit_s, Stopped when told."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_run, args=(send, action, args), daemon=True)
    child.start()
    send.close()
    deadline = time.monotonic() + limit_s
    try:
        while not receive.poll(POLL_S):
            if not child.is_alive():
                raise PackError(file, "", "could not be read (the reading process ended early)")
            if not keep_going():
                raise Stopped(file)
            if time.monotonic() > deadline:
                raise PackError(
                    file,
                    "",
                    f"took longer than {limit_s:g} s to read, so it was stopped; split it into "
                    "shorter articles or paragraphs",
                )
        kind, value = receive.recv()
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if kind == "error":
        raise value
    return value
