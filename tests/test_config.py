"""The server's settings file (.streamlit/config.toml): what it must say, and what it must not."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"


@pytest.fixture
def settings() -> dict[str, dict[str, object]]:
    """The file's settings, as TOML reads them."""
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_an_unexpected_error_shows_no_type_message_or_trace(settings):
    # "none": Streamlit's generic sentence only; "type", "stacktrace" or "full" would add the
    # exception's class, its trace or everything.
    assert settings["client"]["showErrorDetails"] == "none"


def test_the_error_box_offers_no_links_off_the_machine(settings):
    # "auto" shows "Ask Google" / "Ask ChatGPT" whenever the app is opened on localhost.
    assert settings["client"]["showErrorLinks"] == "false"


def test_nothing_is_sent_off_the_machine(settings):
    assert settings["browser"]["gatherUsageStats"] is False


def test_the_server_binds_to_no_address_of_its_own(settings):
    # The Makefile passes the address (127.0.0.1 unless INSIGHTS_HOST is set); a server.address here
    # would decide it for every way of starting the app.
    assert "address" not in settings["server"]


def test_the_server_watches_no_files(settings):
    # Streamlit would watch the app's folder, a .venv inside it included; packs reload by their
    # own stamp (ui/data.py).
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["server"]["runOnSave"] is False


def test_every_setting_is_one_streamlit_knows():
    # A misspelt key is ignored by Streamlit without a word: ask it for each value back.
    code = (
        "import sys, tomllib\n"
        "import streamlit as st\n"
        "parsed = tomllib.loads(open(sys.argv[1], encoding='utf-8').read())\n"
        "for section, values in parsed.items():\n"
        "    for name, value in values.items():\n"
        "        got = st.get_option(f'{section}.{name}')\n"
        "        assert got == value, (section, name, got, value)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(CONFIG)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


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
