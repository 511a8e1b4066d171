"""The app's download links on a real server on loopback: files with no session, 400 otherwise."""

from __future__ import annotations

import datetime as dt
import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from pptx import Presentation

from bench import serve
from insights.quotes import people, store

ROOT = Path(__file__).resolve().parent.parent
PITCH = {"pitch": "gdl-it-companies,mx-instability>mx-partnerships", "prospect": "Acme"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app on a free loopback port, as `make run` starts it."""
    env = {
        "INSIGHTS_STATE_DIR": str(tmp_path_factory.mktemp("state")),
        "DATABASE_URL": "",
        "INSIGHTS_PUBLIC_URL": "https://insights.example",
    }
    with serve.server(ROOT, env) as (url, _pid):
        yield url


def fetch(url: str) -> tuple[int, Message, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_download_link_gives_a_deck_python_pptx_opens(server):
    status, headers, body = fetch(f"{server}/export/pitch.pptx?{urllib.parse.urlencode(PITCH)}")
    assert status == 200
    assert headers["Content-Disposition"] == (
        'attachment; filename="mexico-talking-points-acme-notes.pptx"'
    )
    prs = Presentation(io.BytesIO(body))
    assert len(prs.slides) == 5  # cover, point, objection and answer, sources, next step
    closing = "\n".join(s.text_frame.text for s in prs.slides[-1].shapes if s.has_text_frame)
    assert "https://insights.example/request?kind=quote" in closing


@pytest.mark.parametrize(
    ("fmt", "mime", "start"),
    [
        ("pdf", "application/pdf", b"%PDF-"),
        ("md", "text/markdown; charset=utf-8", b"# Mexico: talking points\n"),
        ("csv", "text/csv; charset=utf-8", b'"position","role","id",'),
        ("json", "application/json", b"["),
    ],
)
def test_every_format_is_a_link(server, fmt, mime, start):
    status, headers, body = fetch(f"{server}/export/pitch.{fmt}?{urllib.parse.urlencode(PITCH)}")
    assert (status, headers["Content-Type"]) == (200, mime)
    assert body.startswith(start)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("pitch.pptx?pitch=no-such-claim", "The link's pitch named 1 claim"),
        ("pitch.pptx?%3Cscript%3E=1", "The link has a parameter a download does not take."),
        ("pitch.exe?pitch=gdl-it-companies", "Unknown format"),
        ("pitch.pdf?place=%3Cimg%20src%3Dx%3E", "The link named a place"),
    ],
)
def test_a_bad_link_is_a_plain_400_that_echoes_nothing(server, path, message):
    status, headers, body = fetch(f"{server}/export/{path}")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    text = body.decode("utf-8")
    assert text.startswith(message)
    for echoed in ("no-such-claim", "script", "img", "exe"):
        assert echoed not in text


@pytest.fixture(scope="module")
def team_server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The app with one rep's account (a team server), and that rep's sign-in cookie."""
    state = tmp_path_factory.mktemp("team-state")
    engine = store.make_engine(store.default_database_url(state))
    try:
        store.create_schema(engine)
        account = people.add_account(
            engine,
            people.NewAccount(
                name="Rita Rep", email="rita@example.com", role=people.Role.REP, password="x" * 12
            ),
            dt.datetime.now(dt.UTC),
        )
        cookie = people.make_session_cookie(people.session_key(engine), account)
    finally:
        engine.dispose()
    with serve.server(ROOT, {"INSIGHTS_STATE_DIR": str(state), "DATABASE_URL": ""}) as (url, _pid):
        yield url, cookie


def fetch_as(url: str, cookie: str | None) -> tuple[int, Message, bytes]:
    """Fetch url, sending this sign-in cookie if any."""
    request = urllib.request.Request(url)
    if cookie is not None:
        request.add_header("Cookie", f"{people.SESSION_COOKIE}={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


REP_COLUMNS = (b'"bias"', b'"verify"', b'"age"')


@pytest.mark.parametrize(
    ("copy", "sign_in", "status", "rep_copy"),
    [
        (None, None, 200, False),  # a visitor's link: the prospect's copy
        ("prospect", None, 200, False),
        ("rep", None, 403, False),  # refused, never silently the other copy
        (None, "forged", 200, False),  # a cookie this server did not sign: a visitor
        ("rep", "forged", 403, False),
        (None, "rep", 200, True),  # a signed-in rep: the rep's copy, as on a laptop
        ("rep", "rep", 200, True),
        ("prospect", "rep", 200, False),
    ],
)
def test_on_a_team_server_the_reps_copy_needs_a_sign_in(
    team_server, server, copy, sign_in, status, rep_copy
):
    base, cookie = team_server
    query = {**PITCH, **({"copy": copy} if copy else {})}
    sent = {None: None, "forged": "not-a-signed-cookie", "rep": cookie}[sign_in]
    got, headers, body = fetch_as(f"{base}/export/pitch.csv?{urllib.parse.urlencode(query)}", sent)
    assert got == status
    if status == 403:
        assert headers["Content-Type"].startswith("text/plain")
        assert body.decode("utf-8") == (
            "The rep's copy (bias notes, verify marks, speaker notes) needs a signed-in person: "
            "sign in on this server, or ask for copy=prospect."
        )
        return
    header = body.splitlines()[0]
    assert all((column in header) is rep_copy for column in REP_COLUMNS)


def test_on_a_laptop_the_reps_copy_stays_the_default_with_no_sign_in(server):
    _, _, body = fetch(f"{server}/export/pitch.csv?{urllib.parse.urlencode(PITCH)}")
    assert all(column in body.splitlines()[0] for column in REP_COLUMNS)
