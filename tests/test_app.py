"""The Streamlit app driven through AppTest: every page renders, filters drive the view."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights.text import escape_markdown as esc
from tests import factory

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [
    "pages/overview.py",
    "pages/companies.py",
    "pages/talent.py",
    "pages/challenges.py",
    "pages/explorer.py",
]


def open_app(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app once, as a first visit with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    return at.run()


def open_page(page: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app, then switch to a page and run it."""
    return open_app(params).switch_page(page).run()


def texts(at: AppTest) -> list[str]:
    """Every piece of text shown, main area and sidebar."""
    kinds = ["markdown", "caption", "code", "warning", "error", "info", "title", "subheader"]
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def claim_captions(at: AppTest) -> list[str]:
    """The citation lines under claim cards."""
    return [c.value for c in at.caption if "bias:" in c.value]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Point the app at a folder of synthetic packs."""
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(tmp_path))
    return tmp_path


def test_first_run_draws_the_sidebar_with_filters_and_call_to_action():
    at = open_app()
    assert not at.exception
    assert [w.key for w in at.sidebar.multiselect] == [
        "filters.place",
        "filters.theme",
        "filters.stance",
    ]
    assert [w.key for w in at.sidebar.text_input] == ["filters.q"]
    assert [b.proto.label for b in at.sidebar.get("link_button")] == [
        "Start the conversation",
        "Talk to an infrastructure solutions expert",
        "Get a quote",
    ]
    assert "**19 claims**" in [m.value for m in at.sidebar.markdown]


def panels(at: AppTest) -> tuple[list[str], list[int]]:
    """What the main area shows: claim cards' citation lines and each table's row count."""
    return claim_captions(at), [len(df.value) for df in at.main.dataframe]


def url_params(at: AppTest) -> dict[str, list[str]]:
    """The app's query parameters, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/explorer.py"])
def test_every_page_renders_with_cited_claims(page):
    at = open_page(page)
    assert not at.exception
    assert len(at.sidebar.multiselect) == 3
    captions = claim_captions(at)
    assert captions, "every page shows claims"
    for line in captions:
        assert esc("Aptum (then Cogeco Peer 1), 20 Dec 2017, ¶") in line
        assert "verify before presenting" in line
        assert "bias: vendor blog" in line


@pytest.mark.parametrize(
    ("page", "key", "value", "sentence", "params"),
    [
        (
            "pages/overview.py",
            "filters.place",
            ["guadalajara"],
            "5 claims about Guadalajara",
            {"place": "guadalajara"},
        ),
        (
            "pages/explorer.py",
            "filters.theme",
            ["talent", "stability"],
            "5 claims on talent \\& education or regulation \\& stability",
            {"theme": ["talent", "stability"]},
        ),
        (
            "pages/challenges.py",
            "filters.place",
            ["bay-area"],
            "3 claims about San Francisco Bay Area",
            {"place": "bay-area"},
        ),
    ],
)
def test_filters_change_the_panels_and_the_url(page, key, value, sentence, params):
    at = open_page(page)
    before = panels(at)
    at.multiselect(key=key).set_value(value).run()
    assert not at.exception
    assert f"**{sentence}**" in [m.value for m in at.sidebar.markdown]
    assert panels(at) != before
    assert url_params(at) == {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def test_search_narrows_the_explorer_table():
    at = open_page("pages/explorer.py")
    assert at.dataframe[-1].value.shape[0] == 19
    at.text_input(key="filters.q").input("universit").run()
    table = at.dataframe[-1].value
    assert list(table["ID"]) == ["gdl-universities"]
    assert url_params(at) == {"q": ["universit"]}


def test_explorer_table_carries_citation_age_and_bias():
    at = open_page("pages/explorer.py")
    assert not at.exception
    table = at.dataframe[-1].value
    assert set(table["Source"].str.rsplit(", ¶", n=1).str[0]) == {
        "Aptum (then Cogeco Peer 1), 20 Dec 2017"
    }
    assert table["Age"].str.endswith("verify before presenting").all()
    assert set(table["Source kind"]) == {"vendor blog"}


def test_filters_follow_the_rep_to_another_page():
    at = open_app()
    at.multiselect(key="filters.place").set_value(["mexico"]).run()
    at.switch_page("pages/challenges.py").run()
    assert at.multiselect(key="filters.place").value == ["mexico"]
    assert "**10 claims about Mexico**" in [m.value for m in at.sidebar.markdown]


def test_a_link_reproduces_the_view():
    at = open_page("pages/talent.py", {"place": "guadalajara", "theme": "talent"})
    assert at.multiselect(key="filters.place").value == ["guadalajara"]
    assert at.multiselect(key="filters.theme").value == ["talent"]
    assert esc("1 claim about Guadalajara on talent & education") in texts(at)


def test_hostile_query_params_fall_back_with_a_notice_and_are_not_echoed():
    hostile = "<img src=x onerror=alert(1)>"
    at = open_app({"place": hostile, "theme": "talent", "q": "x" * 500})
    assert not at.exception
    assert at.multiselect(key="filters.place").value == []
    assert at.multiselect(key="filters.theme").value == ["talent"]
    assert at.text_input(key="filters.q").value == ""
    warnings = [w.value for w in at.sidebar.warning]
    assert len(warnings) == 2
    assert all("onerror" not in t and "xxxxxxxx" not in t for t in texts(at))


def test_a_bad_pack_is_reported_by_file_and_field_while_good_ones_load(data_dir):
    factory.write_pack(data_dir, factory.pack("good-pack"), "good.yaml")
    bad = factory.pack("bad-pack")
    bad["claims"][3]["theme"] = "talnet"
    factory.write_pack(data_dir, bad, "bad.yaml")
    at = open_app()
    assert not at.exception
    assert "1 content file(s) could not be loaded" in at.error[0].value
    report = at.code[0].value
    assert f"{data_dir}/bad.yaml: claims[3].theme: 'talnet' is not one of" in report
    assert "**6 claims**" in [m.value for m in at.sidebar.markdown]


def test_no_valid_pack_shows_only_the_error(data_dir):
    factory.write_pack(data_dir, "claims: [", "broken.yaml")
    at = open_app()
    assert not at.exception
    assert f"{data_dir}/broken.yaml: line 1: not valid YAML" in at.code[0].value
    assert not at.sidebar.multiselect


def test_claim_text_is_shown_as_text_never_markup(data_dir):
    data = factory.pack()
    data["claims"][0]["text"] = "**Big** [click](http://evil.test) <b>bold</b> :red[x]"
    data["claims"][0]["headline"] = True
    factory.write_pack(data_dir, data)
    at = open_app()
    shown = [m.value for m in at.markdown if "click" in m.value]
    assert shown == [r"\*\*Big\*\* \[click\]\(http\:\/\/evil\.test\) \<b\>bold\<\/b\> \:red\[x\]"]


MUTATING_PAGE = """
import streamlit as st
from ui import data

catalog = data.get_catalog()
st.text(catalog.claims.loc[0, "text"])
catalog.claims.loc[0, "text"] = "changed by one session"
catalog.places.loc[0, "name"] = "changed by one session"
"""


def test_a_session_changing_its_frames_never_changes_another_sessions():
    shown = []
    for _ in range(2):
        at = AppTest.from_string(MUTATING_PAGE, default_timeout=60).run()
        assert not at.exception
        shown.append(at.text[0].value)
    assert shown[0] == shown[1] != "changed by one session"


def test_long_lists_are_paged_with_a_line_saying_what_is_shown(data_dir):
    from insights import synth

    synth.write_packs(synth.SynthSpec(260, 4, seed=1), data_dir)
    at = open_page("pages/explorer.py")
    assert not at.exception
    assert at.dataframe[-1].value.shape[0] == 50
    assert "showing 1 to 50 of 260 claims" in [c.value for c in at.caption]
    at.number_input(key="explorer.page").set_value(6).run()
    assert at.dataframe[-1].value.shape[0] == 10
    assert list(at.dataframe[-1].value["ID"])[-1] == "syn-c260"
    at.multiselect(key="filters.place").set_value(["place-1"]).run()
    assert not at.exception
    # The page the rep was on is past the end of the narrower list: the last page is shown.
    assert at.dataframe[-1].value.shape[0] > 0
