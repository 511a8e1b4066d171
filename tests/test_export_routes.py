"""The app's download links on a real server on loopback: files with no session, 400 otherwise."""

from __future__ import annotations

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
