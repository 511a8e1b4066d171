"""The settings read from the environment, and the project paths they default to."""

from pathlib import Path

import pytest

from insights import settings
from insights.ingest import gazetteer, lexicon
from insights.outputs import typeset


@pytest.mark.parametrize(
    ("environ", "field", "expected"),
    [
        ({}, "data_dir", settings.SHIPPED_DATA),
        ({"INSIGHTS_DATA_DIR": "/tmp/other"}, "data_dir", Path("/tmp/other")),
        ({"INSIGHTS_DATA_DIR": " "}, "data_dir", settings.SHIPPED_DATA),
        ({}, "state_dir", settings.DEFAULT_STATE_DIR),
        ({"INSIGHTS_STATE_DIR": "/srv/state"}, "state_dir", Path("/srv/state")),
        ({"DATABASE_URL": " postgresql://u@h/db "}, "database_url", "postgresql://u@h/db"),
        ({"DATABASE_URL": "  "}, "database_url", ""),
        ({"INSIGHTS_ADMIN_PASSWORD": " spaced "}, "admin_password", " spaced "),
        ({"INSIGHTS_PUBLIC_URL": "https://x.example "}, "public_url", "https://x.example"),
        ({}, "public_url", ""),
    ],
)
def test_read_settings_takes_each_variable_and_reads_blank_as_unset(environ, field, expected):
    assert getattr(settings.read_settings(environ), field) == expected


BAD_AGE = "INSIGHTS_STALE_AFTER_YEARS: must be a whole number of years from 1 to 100; using 3"


@pytest.mark.parametrize(
    ("value", "years", "problem"),
    [
        ("", 3, ""),
        (" 10 ", 10, ""),
        ("1", 1, ""),
        ("100", 100, ""),
        ("0", 3, BAD_AGE),
        ("101", 3, BAD_AGE),
        ("2.5", 3, BAD_AGE),
        ("-4", 3, BAD_AGE),
        ("ten", 3, BAD_AGE),
    ],
)
def test_the_verify_age_is_whole_years_else_the_default_and_a_problem(value, years, problem):
    found = settings.read_settings({"INSIGHTS_STALE_AFTER_YEARS": value})
    assert (found.stale_after_years, found.stale_after_problem) == (years, problem)


def test_current_settings_read_this_process_environment(monkeypatch):
    monkeypatch.setenv("INSIGHTS_PUBLIC_URL", "https://insights.example")
    monkeypatch.delenv("INSIGHTS_DATA_DIR", raising=False)
    found = settings.current_settings()
    assert found.public_url == "https://insights.example"
    assert found.data_dir == settings.SHIPPED_DATA


@pytest.mark.parametrize(
    "path",
    [
        settings.SHIPPED_DATA,
        settings.LEXICON_DIR,
        settings.STREAMLIT_CONFIG,
        gazetteer.DEFAULT_REGIONS,
        lexicon.DEFAULT_LEXICON,
        typeset.TEMPLATE,
    ],
)
def test_paths_built_from_the_package_resolve_to_shipped_files(path):
    assert path.exists(), path
    assert settings.PROJECT_ROOT in path.parents
