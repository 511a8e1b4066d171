"""The server's settings file (.streamlit/config.toml), read the way Streamlit 1.67 reads it."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import pytest
from streamlit import config
from streamlit.elements import exception
from streamlit.proto.NewSession_pb2 import Config
from streamlit.runtime import app_session
from streamlit.watcher import path_watcher

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, object]]:
    """The file's settings, served to Streamlit's own code in place of its global config."""
    parsed = tomllib.loads(CONFIG.read_text(encoding="utf-8"))

    def get_option(key: str) -> object:
        section, name = key.split(".", 1)
        return parsed[section][name]

    monkeypatch.setattr(config, "get_option", get_option)
    return parsed


def test_an_unexpected_error_shows_no_type_message_or_trace(settings):
    visibility = exception._error_detail_visibility(apply_show_error_details=True)
    assert visibility == (False, False, False)


def test_the_error_box_offers_no_links_off_the_machine(settings):
    assert app_session._get_show_error_links() == Config.ShowErrorLinks.SHOW_ERROR_LINKS_FALSE


def test_the_server_binds_to_no_address_of_its_own(settings):
    # The Makefile passes the address (127.0.0.1 unless INSIGHTS_HOST is set); a server.address here
    # would decide it for every way of starting the app.
    assert "address" not in settings["server"]


def test_the_server_watches_no_files(settings):
    # Streamlit would watch the app's folder, a .venv inside it included; packs reload by their
    # own stamp (ui/data.py).
    assert path_watcher.get_default_path_watcher_class() is path_watcher.NoOpPathWatcher


def run_command(*args: str, env: dict[str, str] | None = None) -> str:
    """The streamlit command `make run` would start (make -n prints it without running it)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"INSIGHTS_HOST", "PORT"}}
    shown = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env={**environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [line] = [line for line in shown.splitlines() if "streamlit run" in line]
    return line


@pytest.mark.parametrize(
    ("args", "env", "address"),
    [
        ((), None, "127.0.0.1"),
        ((), {"INSIGHTS_HOST": "0.0.0.0"}, "0.0.0.0"),
        # A shell that exports HOST (tcsh: the machine name) must not move the app off loopback.
        ((), {"HOST": "example-host"}, "127.0.0.1"),
        (("INSIGHTS_HOST=0.0.0.0",), None, "0.0.0.0"),
    ],
)
def test_make_run_listens_on_loopback_unless_told(args, env, address):
    assert f"--server.address {address} " in run_command(*args, env=env)
