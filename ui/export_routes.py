"""The app's download links: ``/export/pitch.{pptx,pdf,md,csv,json}``, served with no session.

Bounded per request and per client: each address gets EXPORT_BURST downloads at once and
EXPORT_PER_MINUTE more a minute (429 with Retry-After beyond); PDF and PPTX builds run
HEAVY_RUNNING at a time with at most HEAVY_WAITING more queued (429 at once beyond), each
PDF's Typst compile and each deck in a lower-priority worker process, so a burst neither
stalls other sessions nor grows memory without bound. The counts live in this app server's memory.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Mapping

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from insights import ratelimit
from insights.pitch.plan import Pitch
from insights.pitch.talk import Copy, Talk
from insights.quotes import access

# Per client address (an IPv6 /64 as one), per app server.
EXPORT_BURST = 20
EXPORT_PER_MINUTE = 30
# PDF and PPTX builds at once, and how many more may queue for a turn.
HEAVY_FORMATS = frozenset({"pdf", "pptx"})
HEAVY_RUNNING = 2
HEAVY_WAITING = 6
# What a refused heavy build is told to wait: about one build's time.
HEAVY_RETRY_S = 5
# A build that takes longer than this is abandoned with a 503.
COMPILE_TIMEOUT_S = 60
# The worker processes run at a lower priority than the server (os.nice).
WORKER_NICENESS = 10

_BUCKETS = ratelimit.TokenBuckets(EXPORT_BURST, EXPORT_PER_MINUTE / 60)
_HEAVY = ratelimit.BoundedQueue(HEAVY_RUNNING, HEAVY_WAITING)
_TURNS: asyncio.Semaphore | None = None
_POOL: concurrent.futures.ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


# What a worker process sees as the parent's __main__ while it starts: no file, no spec.
_NO_MAIN = types.ModuleType("__main__")


def _submit(job: Callable[..., bytes], *args: object) -> bytes:
    """Run job(*args) in a worker process and return its bytes (past COMPILE_TIMEOUT_S, raise)."""
    # A spawned worker imports the parent's __main__ by its file. In a Streamlit server that is
    # the app script (each script run installs it as __main__), so every worker would run
    # app.py: the whole app's modules and pandas, several times what a PDF build needs.
    # While submit may start a worker, __main__ is a blank module; the script's is put back
    # unless a script run has installed its own meanwhile.
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            # Created on the first build, not at start; spawned (not forked from a threaded
            # server).
            _POOL = concurrent.futures.ProcessPoolExecutor(
                max_workers=HEAVY_RUNNING,
                mp_context=multiprocessing.get_context("spawn"),
                # Builds yield the CPU to the server process, which answers every session.
                # os.nice itself, not a function of this module: a worker imports only what
                # its job names (a PDF's: typst alone).
                initializer=functools.partial(os.nice, WORKER_NICENESS),
            )
        script = sys.modules["__main__"]
        sys.modules["__main__"] = _NO_MAIN
        try:
            future = _POOL.submit(job, *args)
        finally:
            if sys.modules["__main__"] is _NO_MAIN:
                sys.modules["__main__"] = script
    return future.result(timeout=COMPILE_TIMEOUT_S)


def compile_in_worker(data: str, font_dir: str) -> bytes:
    """Run one PDF's Typst compile in a worker process (it holds the interpreter meanwhile)."""
    from insights.outputs import typeset

    return _submit(typeset.compile_pdf, data, font_dir)


def build_deck_in_worker(made: Talk, copy: Copy) -> bytes:
    """Build one PPTX in a worker process (python-pptx would hold this one's interpreter)."""
    from insights.outputs import deck

    return _submit(deck.build_copy, made, copy)


def shutdown() -> None:
    """Stop the worker processes, if any were started."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = None


def _too_many(message: str, wait: float) -> Response:
    headers = {**_HEADERS, "Retry-After": ratelimit.retry_after(wait)}
    return PlainTextResponse(message, status_code=429, headers=headers)


def find_saved_pitch(pitch_id: int) -> Pitch | None:
    """Return the items of the saved pitch a link names (None when gone or unreachable)."""
    from insights.quotes import library, store
    from ui import store as ui_store

    try:
        engine = ui_store.open_store()
        found = ui_store.call_with_timeout(
            lambda: library.open_by_id(engine, pitch_id), engine=engine
        )
    except store.StoreUnavailable:
        return None
    return None if found is None else found.pitch


def may_see_rep_notes(cookies: Mapping[str, str]) -> bool:
    """Tell whether the request's sign-in holder may have the rep's copy (a laptop's user may)."""
    from insights.quotes import people, permissions
    from ui import accounts

    # The cookie /signin sets (ui/signin_routes.py), read as every page reads it.
    person = accounts.read_person(cookies.get(people.SESSION_COOKIE))
    # None: who asks cannot be checked, nor whether this is a team server: the prospect's copy.
    return permissions.may(person or people.NOBODY, permissions.Action.SEE_REP_NOTES)


def _build(fmt: str, params: dict[str, list[str]], cookies: Mapping[str, str]) -> Response:
    # Imported on the first download, not at server start: the start-up hook warms the pages.
    from insights import settings
    from insights.content import evidence
    from insights.outputs import download
    from ui import data, seller_profile

    found = settings.current_settings()
    content = data.get_content(drafts=False)
    # Any server behind the load balancer answers alike: the link holds the whole pitch, and
    # every server marks "verify" from the one age setting.
    result = download.build_download(
        fmt,
        params,
        content.catalog,
        dt.date.today(),
        found.public_url,
        # The company's call to action (a link has no session, so no person's details).
        seller_profile.get_company_profile(),
        compile_pdf=compile_in_worker,
        build_pptx=build_deck_in_worker,
        find_saved=find_saved_pitch,
        rep_copy_allowed=may_see_rep_notes(cookies),
        rule=evidence.VerifyRule(found.stale_after_years, content.evidence),
    )
    headers = dict(_HEADERS)
    if isinstance(result, download.Refusal):
        return PlainTextResponse(result.message, status_code=result.status, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{result.file_name}"'
    return Response(result.body, media_type=result.mime, headers=headers)


async def serve_pitch_file(request: Request) -> Response:
    """Answer a download link with the pitch's file, 400 and a plain reason, or 429 when busy."""
    global _TURNS
    client = access.client_key(request.client.host if request.client else None)
    wait = _BUCKETS.take(client, time.monotonic())
    if wait > 0:
        return _too_many(
            f"Too many downloads from this address: try again in {ratelimit.retry_after(wait)} s.",
            wait,
        )
    fmt = request.path_params["fmt"]
    params = {name: request.query_params.getlist(name) for name in request.query_params}
    # A team server's signed-in rep gets the rep's copy; its visitors the prospect's.
    cookies = dict(request.cookies)
    if fmt not in HEAVY_FORMATS:
        # On Starlette's thread pool: a file being built never blocks the event loop.
        return await run_in_threadpool(_build, fmt, params, cookies)
    if not _HEAVY.enter():
        return _too_many(
            "The server is building as many files as it can: try again in a few seconds.",
            HEAVY_RETRY_S,
        )
    try:
        if _TURNS is None:
            _TURNS = asyncio.Semaphore(HEAVY_RUNNING)
        async with _TURNS:
            try:
                return await run_in_threadpool(_build, fmt, params, cookies)
            except (concurrent.futures.TimeoutError, concurrent.futures.BrokenExecutor):
                shutdown()  # a stuck or dead worker: the next PDF starts fresh ones
                return PlainTextResponse(
                    "The file could not be built in time: try again.",
                    status_code=503,
                    headers={**_HEADERS, "Retry-After": str(HEAVY_RETRY_S)},
                )
    finally:
        _HEAVY.leave()


ROUTES = [Route("/export/pitch.{fmt}", serve_pitch_file, methods=["GET"])]
