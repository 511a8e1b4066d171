"""The Streamlit app driven through AppTest: every page renders, filters drive the view.

Every test runs on made-up content from tests/factory.py (the shipped pack is checked once, in
tests/test_data.py), so a change to the shipped content never breaks a test of behaviour.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from pptx import Presentation
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from insights import cli, ingest
from insights.content import citation, load
from insights.content.text import escape_markdown as esc
from insights.ingest import review
from insights.outputs import tables
from insights.pitch import talk
from insights.pitch.plan import Pitch
from insights.view import compare, paging
from tests import documents, factory
from tests.apptest import (
    ROOT,
    kpi_lists,
    kpi_tiles,
    open_app,
    open_page,
    section_headings,
    switch_to,
)
from ui import cards, export_routes, pitch_editor, sidebar

ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "testville.txt"
PAGES = [
    "pages/overview.py",
    "pages/companies.py",
    "pages/talent.py",
    "pages/challenges.py",
    "pages/explorer.py",
    "pages/compare.py",
    "pages/add_region.py",
    "pages/pitch.py",
]

# The sales pack's claims at Alpha City, in the order the pack lists them.
ALPHA = ["alpha-firms", "alpha-campus", "alpha-culture", "alpha-buyers", "alpha-funds"]
# The factory's source as a citation names it (then "¶" and the claim's paragraph).
CITED = "Example Research (then Old Example), 15 Mar 2020"
PUBLISHED = dt.date.fromisoformat(factory.SOURCE["published"])


# Every test reads the sales pack from a folder of its own (tests/conftest.py data_dir).
pytestmark = pytest.mark.usefixtures("data_dir")


def emptied(folder: Path) -> Path:
    """Take the sales pack out of a test's folder, for a test that brings content of its own."""
    (folder / factory.SALES_FILE).unlink()
    return folder


def texts(at: AppTest) -> list[str]:
    """Every piece of text shown, main area and sidebar."""
    kinds = ["markdown", "caption", "code", "warning", "error", "info", "title", "subheader"]
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def claim_captions(at: AppTest) -> list[str]:
    """The citation lines under claim cards."""
    return [c.value for c in at.caption if "bias:" in c.value]


def test_first_run_draws_the_sidebar_with_filters_and_call_to_action():
    at = open_app()
    assert not at.exception
    assert [w.key for w in at.sidebar.multiselect] == [
        "filters.region",
        "filters.place",
        "filters.theme",
        "filters.stance",
        "filters.source",
    ]
    assert [w.key for w in at.sidebar.text_input] == ["filters.q"]
    # No draft in the content: no "Include drafts" switch (the add-a-region test shows it).
    assert [w.key for w in at.sidebar.toggle] == []
    # The seller's call to action (no profile here): the app's own forms, no source's link.
    assert [b.proto.label for b in at.sidebar.get("link_button")] == []
    assert [(b.key, b.label) for b in at.sidebar.button] == [
        ("cta.quote", "Get a quote"),
        ("cta.contact", "Talk to us"),
    ]
    assert f"**{len(factory.SALES_CLAIMS)} claims**" in [m.value for m in at.sidebar.markdown]


def panels(at: AppTest) -> tuple[list[str], list[int]]:
    """What the main area shows: claim cards' citation lines and each table's row count."""
    return claim_captions(at), [len(df.value) for df in at.main.dataframe]


def url_params(at: AppTest) -> dict[str, list[str]]:
    """The app's query parameters, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p not in {"pages/explorer.py", "pages/add_region.py"}]
)
def test_every_page_renders_with_cited_claims(page):
    at = open_page(page)
    assert not at.exception
    assert len(at.sidebar.multiselect) == 5
    captions = claim_captions(at)
    assert captions, "every page shows claims"
    for line in captions:
        assert esc(f"{CITED}, ¶") in line
        assert "verify before presenting" in line
        assert "bias: vendor blog" in line


@pytest.mark.parametrize(
    ("page", "key", "value", "sentence", "params"),
    [
        (
            "pages/overview.py",
            "filters.place",
            ["alpha"],
            "5 claims about Alpha City",
            {"place": "alpha"},
        ),
        (
            "pages/explorer.py",
            "filters.theme",
            ["talent", "stability"],
            "3 claims on talent \\& education or regulation \\& stability",
            {"theme": ["talent", "stability"]},
        ),
        (
            "pages/challenges.py",
            "filters.place",
            ["gamma"],
            "2 claims about Gamma Bay",
            {"place": "gamma"},
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
    assert at.dataframe[-1].value.shape[0] == len(factory.SALES_CLAIMS)
    at.text_input(key="filters.q").input("universit").run()
    table = at.dataframe[-1].value
    assert list(table["ID"]) == ["alpha-campus"]
    assert url_params(at) == {"q": ["universit"]}


def test_explorer_table_carries_citation_age_and_bias():
    at = open_page("pages/explorer.py")
    assert not at.exception
    table = at.dataframe[-1].value
    assert set(table["Source"].str.rsplit(", ¶", n=1).str[0]) == {CITED}
    assert table["Age"].str.endswith("verify before presenting").all()
    assert set(table["Source kind"]) == {"vendor blog"}
    assert [b.proto.label for b in at.get("download_button")] == [
        f"CSV of all {len(factory.SALES_CLAIMS)} claims in view",
        f"JSON of all {len(factory.SALES_CLAIMS)} claims in view",
    ]


def test_filters_follow_the_rep_to_another_page():
    at = open_app()
    at.multiselect(key="filters.place").set_value(["beta"]).run()
    switch_to(at, "pages/challenges.py").run()
    assert at.multiselect(key="filters.place").value == ["beta"]
    assert "**3 claims about Beta Land**" in [m.value for m in at.sidebar.markdown]


def test_a_link_reproduces_the_view():
    at = open_page("pages/talent.py", {"place": "alpha", "theme": "talent"})
    assert at.multiselect(key="filters.place").value == ["alpha"]
    assert at.multiselect(key="filters.theme").value == ["talent"]
    assert esc("1 claim about Alpha City on talent & education") in texts(at)


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
    bad = factory.pack("bad-pack")
    bad["claims"][3]["theme"] = "talnet"
    factory.write_pack(data_dir, bad, "bad.yaml")
    at = open_app()
    assert not at.exception
    assert "1 content file could not be loaded and is left out" in at.error[0].value
    report = at.code[0].value
    # Named within the data folder: a visitor never sees where the server keeps its files.
    assert report.startswith("bad.yaml: claims[3].theme: 'talnet' is not one of")
    assert str(data_dir) not in report
    assert f"**{len(factory.SALES_CLAIMS)} claims**" in [m.value for m in at.sidebar.markdown]


def test_content_problems_name_files_within_the_data_folder_only(data_dir):
    copy = data_dir / f"zz-{factory.SALES_FILE}"
    copy.write_bytes((data_dir / factory.SALES_FILE).read_bytes())
    at = open_app()
    assert not at.exception
    report = at.code[0].value
    assert report.startswith(f"{copy.name}: id: ")
    assert f"is already used by {factory.SALES_FILE}" in report
    assert str(data_dir) not in report
    assert str(data_dir.parent) not in report


def test_no_valid_pack_shows_only_the_error(data_dir):
    factory.write_pack(emptied(data_dir), "claims: [", "broken.yaml")
    at = open_app()
    assert not at.exception
    assert at.code[0].value.startswith("broken.yaml: line 1: not valid YAML")
    assert not at.sidebar.multiselect


def test_claim_text_is_shown_as_text_never_markup(data_dir):
    data = factory.pack()
    data["claims"][0]["text"] = "**Big** [click](http://evil.test) <b>bold</b> :red[x]"
    data["claims"][0]["headline"] = True
    factory.write_pack(emptied(data_dir), data)
    at = open_app()
    shown = [m.value for m in at.markdown if "click" in m.value]
    assert shown == [
        r"\*\*Big\*\* \[click\]\(http\:"
        + "\u2060"
        + r"\/\/evil\.test\) \<b\>bold\<\/b\> \:red\[x\]"
    ]


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("pages/add_region.py", lambda at: at.title[0].value == "Add a region"),
        ("pages/admin.py", lambda at: at.title[0].value == "Quote requests"),
    ],
)
def test_pages_that_need_no_content_work_on_an_empty_data_folder(data_dir, page, shown):
    """Adding the first region and reading requests work before any pack exists."""
    emptied(data_dir)
    at = open_page(page)
    assert not at.exception
    assert shown(at)
    # Nothing to filter: no facet widgets and no call to action are drawn.
    assert not at.sidebar.multiselect


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/explorer.py"])
def test_pages_that_need_content_say_nothing_more_on_an_empty_data_folder(data_dir, page):
    emptied(data_dir)
    at = open_page(page)
    assert not at.exception
    assert not at.title


@pytest.mark.parametrize("page", ["pages/present.py", "pages/presenter.py", "pages/request.py"])
def test_audience_and_prospect_pages_build_no_sidebar(page):
    at = open_page(page, {"theme": "talent"})
    assert not at.exception
    assert not at.sidebar.multiselect
    assert not at.sidebar.text_input
    # The link's filters stay in it, read without the sidebar's widgets.
    assert at.query_params["theme"] == "talent"


BOTH_CLAIMS = len(factory.SALES_CLAIMS) + len(factory.TESTVILLE_PARAPHRASES)


@pytest.fixture(scope="module")
def two_regions(tmp_path_factory) -> Path:
    """The sales pack beside a region made from a test article: ingest -> review -> publish ->
    validate, as a content editor would with the command line."""
    folder = tmp_path_factory.mktemp("two-regions")
    data = folder / "data"
    factory.write_sales_pack(data)
    draft_file = folder / "testville-draft.yaml"
    args = ["--region", "Testville", "--lat", "0", "--lon", "0", "--publisher", "Made-up Press"]
    args += ["--url", "https://example.test/testville", "--bias", "A made-up publisher."]
    assert cli.main(["ingest", str(ARTICLE), *args, "-o", str(draft_file)], io.StringIO()) == 0
    draft = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    rows = [
        {**row, "text": factory.TESTVILLE_PARAPHRASES[row["id"]]}
        for row in ingest.list_proposals(draft)
    ]
    gists = ingest.SourceEdits(gists=factory.TESTVILLE_GISTS)
    pack, reasons = review.finalise(draft, rows, publish=True, file="testville.yaml", source=gists)
    assert reasons == []
    (data / "testville.yaml").write_text(ingest.dump_pack(pack), encoding="utf-8")
    out = io.StringIO()
    assert cli.main(["validate", str(data)], out) == 0, out.getvalue()
    assert out.getvalue() == f"ok: 2 packs, {BOTH_CLAIMS} claims in {data}\n"
    return data


def sources_shown(at: AppTest) -> list[str]:
    """The publishers the page's source list names, once the rep opens it."""
    assert not [m for m in at.markdown if " — " in m.value], "drawn while closed"
    at.session_state[cards.SOURCES_KEY] = True
    at.run()
    return [m.value for m in at.markdown if " — " in m.value and m.value.startswith("**")]


@pytest.mark.parametrize(
    ("page", "shows"),
    [
        # Acme and Zenith, plus the three companies the ingest takes from the article (its
        # University of Testville is a university).
        ("pages/overview.py", lambda at: kpi_tiles(at)[0] == ("Companies named", "5")),
        ("pages/companies.py", lambda at: any("Acme Widgets" in m.value for m in at.markdown)),
        (
            "pages/talent.py",
            lambda at: set(at.dataframe[0].value["place_name"]) == {"Alpha City", "Testville"},
        ),
        (
            "pages/challenges.py",
            lambda at: any(esc("Made-up Press") in c for c in claim_captions(at)),
        ),
        (
            "pages/explorer.py",
            lambda at: {"alpha-campus", "testville-p5-s1"} <= set(at.dataframe[-1].value["ID"]),
        ),
        (
            "pages/compare.py",
            lambda at: [s.value for s in at.selectbox] == ["alpha", "region:testville"],
        ),
    ],
)
def test_a_second_region_shows_up_on_every_page_next_to_the_first(
    two_regions, monkeypatch, page, shows
):
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(two_regions))
    at = open_page(page)
    assert not at.exception
    assert at.multiselect(key="filters.region").options == ["Testland", "Testville"]
    assert f"**{BOTH_CLAIMS} claims**" in [m.value for m in at.sidebar.markdown]
    assert shows(at)
    publishers = " ".join(sources_shown(at))
    assert esc(factory.SOURCE["publisher"]) in publishers
    assert esc("Made-up Press") in publishers


def test_the_region_selector_narrows_every_page_and_the_url(two_regions, monkeypatch):
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(two_regions))
    at = open_page("pages/explorer.py", {"region": "testville"})
    assert "**5 claims in Testville**" in [m.value for m in at.sidebar.markdown]
    assert set(at.dataframe[-1].value["Place"]) == {"Testville", "Lisbon"}
    at.multiselect(key="filters.region").set_value(["testland"]).run()
    assert f"**{len(factory.SALES_CLAIMS)} claims in Testland**" in [
        m.value for m in at.sidebar.markdown
    ]
    assert url_params(at) == {"region": ["testland"]}


def side_headings(at: AppTest) -> list[str]:
    """Compare's two sides, as the headings under "What differs" name them."""
    headings = section_headings(at)
    return headings[headings.index("What differs") + 1 :][:2]


def test_compare_sets_a_place_against_the_second_region(two_regions, monkeypatch):
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(two_regions))
    at = open_page("pages/compare.py", {"left": "alpha", "right": "region:testville"})
    assert not at.exception
    metrics = kpi_lists(at)
    # The scorecard and the shared ground come first, drawn without a click.
    assert section_headings(at)[:2] == ["Scorecard", "Shared ground"]
    assert side_headings(at) == ["Alpha City", esc("Testville (whole region)")]
    assert metrics[0] == ("Companies named", "2")
    # Each side's list says on hover what every figure counts.
    lists = [m for m in at.main.markdown if m.value.startswith("- ") and m.proto.help]
    assert len(lists) == 2
    assert "**Companies named**: Companies the source names" in lists[0].proto.help
    # Acme Widgets, Globex and Initech (the University of Testville is a university).
    assert metrics[4] == ("Companies named", "3")
    captions = claim_captions(at)
    assert any(esc(f"{CITED}, ¶3") in c for c in captions)
    assert any(esc("Made-up Press, 2 May 2024, ¶") in c for c in captions)
    csv = at.get("download_button")[0].proto
    assert csv.label == "CSV of both sides"
    # Claims by theme are the secondary view, drawn on request; picking a side then redraws
    # the comparison alone (a fragment), with the chart still drawn.
    assert not at.get("plotly_chart")
    at.button(key="compare.charts").click().run()
    assert len(at.get("plotly_chart")) == 1
    at.selectbox(key="compare.left").set_value("beta").run()
    assert side_headings(at) == ["Beta Land", esc("Testville (whole region)")]
    assert len(at.get("plotly_chart")) == 1
    assert url_params(at)["left"] == ["beta"]


@pytest.mark.parametrize(
    ("params", "sides", "notices"),
    [
        # With one region, the default pair is the two most-cited places.
        ({}, ["alpha", "beta"], 0),
        ({"left": "gamma", "right": "alpha"}, ["gamma", "alpha"], 0),
        ({"left": "<b>x</b>", "right": "gamma"}, ["alpha", "gamma"], 1),
    ],
)
def test_compare_reads_its_sides_from_the_link(params, sides, notices):
    at = open_page("pages/compare.py", params)
    assert not at.exception
    assert [s.value for s in at.selectbox] == sides
    assert len([w for w in at.main.warning if "compare" in w.value]) == notices
    assert all("<b>" not in t for t in texts(at))


def test_changing_a_side_updates_the_link_and_keeps_the_filters():
    at = open_page("pages/compare.py", {"theme": "talent"})
    at.selectbox(key="compare.left").set_value("beta").run()
    at.selectbox(key="compare.right").set_value("gamma").run()
    assert not at.exception
    assert url_params(at) == {
        "theme": ["talent"],
        "left": ["beta"],
        "right": ["gamma"],
    }
    assert side_headings(at) == ["Beta Land", "Gamma Bay"]
    assert "No strength of its own in view for this side." in [i.value for i in at.info]


def pitch_order(at: AppTest) -> list[str]:
    """The pitch's items as the builder lists them, read from their remove buttons."""
    return [
        b.key.removeprefix("pitch.remove.") for b in at.button if b.key.startswith("pitch.remove.")
    ]


def test_pitch_builder_adds_reorders_removes_and_keeps_the_url():
    at = open_page("pages/pitch.py", {"place": "alpha"})
    assert not at.exception
    assert pitch_order(at) == []
    at.button(key="pitch.add_all").click().run()
    assert pitch_order(at) == ALPHA
    at.button(key="pitch.up.alpha-buyers").click().run()
    at.button(key="pitch.down.alpha-firms").click().run()
    at.button(key="pitch.remove.alpha-funds").click().run()
    order = ["alpha-campus", "alpha-firms", "alpha-buyers", "alpha-culture"]
    assert pitch_order(at) == order
    at.text_input(key="filters.q").input("instability").run()
    at.multiselect(key="filters.place").set_value([]).run()
    at.button(key="pitch.pair.beta-instability>beta-partnerships").click().run()
    at.button(key="pitch.add.beta-instability").click().run()
    at.text_input(key="pitch.title").input("Alpha City for Acme").run()
    at.text_input(key="pitch.prospect").input("Acme <b>Corp</b>").run()
    assert not at.exception
    items = [*order, "beta-instability>beta-partnerships", "beta-instability"]
    assert pitch_order(at) == items
    assert at.button(key="pitch.add.beta-instability").disabled
    assert url_params(at) == {
        "q": ["instability"],
        "pitch": [",".join(items)],
        "title": ["Alpha City for Acme"],
        "prospect": ["Acme <b>Corp</b>"],
    }
    assert not [c for c in at.main.code if "pitch=" in c.value], "drawn once the box is opened"
    at.session_state[pitch_editor.LINKS_KEY] = True
    at.run()
    links = [c.value for c in at.main.code if "pitch=" in c.value]
    query = (
        "?q=instability&pitch=alpha-campus%2Calpha-firms%2Calpha-buyers%2Calpha-culture%2C"
        "beta-instability%3Ebeta-partnerships%2Cbeta-instability"
        "&title=Alpha+City+for+Acme&prospect=Acme+%3Cb%3ECorp%3C%2Fb%3E&copy=prospect"
    )
    # A download link per format, with the pitch's and the filters' parameters: the
    # prospect's copy, the one to send.
    assert links == [f"/export/pitch.{f}{query}" for f in ("pptx", "pdf", "md", "csv", "json")]
    at.session_state[sidebar.SHARE_KEY] = True
    at.run()
    [link] = [c.value for c in at.sidebar.code if "pitch=" in c.value]
    assert parse_qs(urlsplit(link).query) == {
        "q": ["instability"],
        "pitch": [
            "alpha-campus,alpha-firms,alpha-buyers,alpha-culture,"
            "beta-instability>beta-partnerships,beta-instability"
        ],
        "title": ["Alpha City for Acme"],
        "prospect": ["Acme <b>Corp</b>"],
    }
    # The same link in a new session restores the pitch, its title and the prospect.
    again = open_page("pages/pitch.py", {k: v[0] for k, v in url_params(at).items()})
    assert pitch_order(again) == items
    assert again.text_input(key="pitch.title").value == "Alpha City for Acme"
    assert again.text_input(key="pitch.prospect").value == "Acme <b>Corp</b>"
    again.button(key="pitch.clear").click().run()
    assert pitch_order(again) == []
    assert "pitch" not in url_params(again)


def test_the_pitch_follows_the_rep_to_another_page_and_back():
    at = open_page("pages/pitch.py", {"pitch": "alpha-funds", "title": "T"})
    switch_to(at, "pages/overview.py").run()
    assert url_params(at)["pitch"] == ["alpha-funds"]
    switch_to(at, "pages/pitch.py").run()
    assert pitch_order(at) == ["alpha-funds"]
    assert at.text_input(key="pitch.title").value == "T"


def test_a_bad_pitch_link_is_dropped_with_notices_never_echoed():
    at = open_page(
        "pages/pitch.py",
        {"pitch": "alpha-funds,<script,,beta-instability>alpha-funds", "title": "x" * 500},
    )
    assert not at.exception
    assert pitch_order(at) == ["alpha-funds"]
    assert [w.value for w in at.main.warning] == [
        esc(
            "The link's pitch title was not usable (at most 120 plain characters); it was ignored."
        ),
        esc("The link's pitch had 1 empty entry; left out."),
        esc("The link's pitch named 1 claim this content does not have; left out."),
        esc("The link's pitch paired 1 objection with an answer no source offers; left out."),
    ]
    assert all("script" not in t and "xxxxxxxx" not in t for t in texts(at))
    assert url_params(at) == {"pitch": ["alpha-funds"]}


def test_exports_are_offered_for_the_pitch_or_the_view():
    at = open_page("pages/pitch.py", {"q": "zzzz"})
    buttons = at.get("download_button")
    # The prospect's copy first, then the rep's.
    assert [b.proto.label for b in buttons] == ["PPTX", "PDF", "Markdown", "CSV", "JSON"] * 2
    assert [b.key.split(".")[2] for b in buttons] == ["prospect"] * 5 + ["rep"] * 5
    assert all(b.proto.disabled for b in buttons)
    at = open_page("pages/pitch.py", {"place": "beta"})
    assert not any(b.proto.disabled for b in at.get("download_button"))
    assert "With no pitch built, these use the 3 claims in view." in [c.value for c in at.caption]


def test_a_deck_that_cannot_be_built_says_why():
    # Issue 15, case 5: U+FFFE passed into a title made the PPTX download give no file.
    at = open_page("pages/pitch.py", {"place": "beta"})
    at.text_input(key="pitch.title").input("Deck\ufffe").run()
    assert [w.value for w in at.main.warning] == [
        esc(
            "The title holds U+FFFE at character 5, which a PPTX file cannot hold: remove it to "
            "download the deck."
        )
    ]
    disabled = {b.key: b.proto.disabled for b in at.get("download_button")}
    assert disabled == {
        f"pitch.export.{copy}.{fmt}": fmt == "pptx"
        for copy in ("prospect", "rep")
        for fmt in ("pptx", "pdf", "md", "csv", "json")
    }
    # From a link, the same title is dropped with a notice, as any unusable title is.
    at = open_page("pages/pitch.py", {"place": "beta", "title": "Deck\ufffe"})
    assert [w.value for w in at.main.warning] == [
        esc("The link's pitch title was not usable (at most 120 plain characters); it was ignored.")
    ]
    assert not any(b.proto.disabled for b in at.get("download_button"))


def years_old() -> str:
    """The age the factory source's claims have today, as a citation line says it."""
    years = citation.years_between(PUBLISHED, dt.date.today())
    return f"{years} years old"


def position(at: AppTest) -> str:
    """The slide on screen as the link says it, e.g. ``3`` (the audience sees no counter)."""
    return at.query_params["slide"]


def test_presentation_steps_through_the_pitch_to_the_call_to_action():
    at = open_page(
        "pages/present.py",
        {"pitch": "alpha-firms,beta-instability>beta-partnerships", "title": "For Acme"},
    )
    assert not at.exception
    assert (position(at), at.title[0].value) == ("1", "For Acme")
    # The step buttons exist for the keys and the click, hidden by the page's stylesheet.
    assert at.button(key="present.prev").disabled
    assert not any(" / " in m.value for m in at.main.markdown)
    at.button(key="present.next").click().run()
    assert position(at) == "2"
    shown = [m.value for m in at.main.markdown]
    assert shown[0] == esc(factory.SALES_CLAIMS[0]["text"])
    # The audience sees the source line only: no verify mark, no age.
    assert not any("badge" in m or "erify" in m for m in shown)
    assert esc(f"Source: Example Research (vendor blog), {PUBLISHED:%b %Y}, ¶3") in [
        c.value for c in at.main.caption
    ]
    assert not any("years old" in c.value for c in at.main.caption)
    at.button(key="present.next").click().run()
    assert position(at) == "3"
    assert [c.value for c in at.main.caption][:1] == [":material/report: Objection"]
    at.button(key="present.next").click().run()
    assert position(at) == "4"
    assert at.header[0].value == "Next step"
    # The seller's closing (no profile, no public address here): no source's link at all.
    assert [b.proto.label for b in at.main.get("link_button")] == []
    assert "Contact your account team" in [m.value for m in at.main.markdown]
    assert at.button(key="present.next").disabled
    at.button(key="present.prev").click().run()
    assert position(at) == "3"


def test_a_link_opens_the_presentation_on_its_slide():
    at = open_page("pages/present.py", {"pitch": "alpha-firms,alpha-funds", "slide": "3"})
    assert position(at) == "3"
    funds = next(c["text"] for c in factory.SALES_CLAIMS if c["id"] == "alpha-funds")
    assert at.main.markdown[0].value == esc(funds)
    for hostile in ("99", "-1", "x<b>", "0"):
        at = open_page("pages/present.py", {"pitch": "alpha-firms", "slide": hostile})
        assert not at.exception
        assert position(at) in {"1", "3"}


def test_presentation_uses_the_view_when_no_pitch_is_built():
    at = open_page("pages/present.py", {"place": "beta"})
    assert at.title[0].value == esc("Testland: talking points")
    at.button(key="present.next").click().run()
    at.button(key="present.next").click().run()
    at.button(key="present.next").click().run()
    at.button(key="present.next").click().run()
    assert (position(at), at.button(key="present.next").disabled) == ("5", True)
    at = open_page("pages/present.py", {"q": "zzzz"})
    assert "Nothing to present" in at.main.info[0].value


def test_the_verify_age_is_one_setting_and_a_bad_one_is_named_on_the_builder(monkeypatch):
    # One year past the source's age: the default (3 years) marks the claim, this does not.
    assert citation.is_stale(PUBLISHED, dt.date.today())
    years = citation.years_between(PUBLISHED, dt.date.today())
    badge = ":red-badge[:material/history: Verify before presenting]"
    at = open_page("pages/pitch.py", {"pitch": "alpha-firms"})
    assert badge in [m.value for m in at.main.markdown]
    monkeypatch.setenv("INSIGHTS_STALE_AFTER_YEARS", str(years + 1))
    at = open_page("pages/pitch.py", {"pitch": "alpha-firms"})
    assert badge not in [m.value for m in at.main.markdown]
    assert any(c.value.endswith(years_old()) for c in at.main.caption)
    assert any(c.value.startswith(f"Claims {years + 1} or more years old") for c in at.main.caption)
    monkeypatch.setenv("INSIGHTS_STALE_AFTER_YEARS", "ten")
    at = open_page("pages/pitch.py", {"pitch": "alpha-firms"})
    assert [w.value for w in at.main.warning] == [
        esc("INSIGHTS_STALE_AFTER_YEARS: must be a whole number of years from 1 to 100; using 3")
    ]
    assert badge in [m.value for m in at.main.markdown]


MUTATING_PAGE = """
import streamlit as st
from ui import data

catalog = data.get_catalog()
st.text(f"{catalog.claims.loc[0, 'paragraph']} {catalog.places.loc[0, 'name']}")
catalog.claims.loc[0, "paragraph"] = -1
catalog.places.loc[0, "name"] = "changed by one session"
"""


def test_a_session_changing_its_frames_never_changes_another_sessions():
    shown = []
    for _ in range(2):
        at = AppTest.from_string(MUTATING_PAGE, default_timeout=60).run()
        assert not at.exception
        shown.append(at.text[0].value)
    assert shown[0] == shown[1]
    assert not shown[0].startswith("-1")
    assert "changed by one session" not in shown[0]


def test_long_lists_are_paged_with_a_line_saying_what_is_shown(data_dir):
    from insights.content import synth

    synth.write_packs(synth.SynthSpec(260, 4, seed=1), emptied(data_dir))
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


def test_the_pitch_builder_pages_its_picks_and_caps_what_it_falls_back_on(data_dir):
    from insights.content import synth

    synth.write_packs(synth.SynthSpec(260, 4, seed=1), emptied(data_dir))
    at = open_page("pages/pitch.py")
    assert not at.exception
    captions = [c.value for c in at.caption]
    picks, pairs = paging.PICKS_PER_PAGE, paging.PAIRS_PER_PAGE
    assert f"showing 1 to {picks} of 260 claims" in captions
    adds = [b for b in at.button if b.key and b.key.startswith("pitch.add.")]
    assert len(adds) == picks
    assert at.button(key="pitch.add_all").label == f"Add all {picks} shown"
    assert "With no pitch built, these use the first 40 of the 260 claims in view." in captions
    at.number_input(key="pitch.candidates.page").set_value(260 // picks).run()
    adds = [b for b in at.button if b.key and b.key.startswith("pitch.add.")]
    assert [b.key for b in adds][-1] == "pitch.add.syn-c260"
    assert any(c.startswith(f"showing 1 to {pairs} of") and "challenges" in c for c in captions)


def open_overview_on(folder: Path, monkeypatch, data: dict) -> AppTest:
    """Open the overview on a folder holding just this pack."""
    factory.write_pack(folder, data)
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(folder))
    return open_app()


def test_overview_shows_the_chart_numbers_first_and_draws_the_charts_on_request(
    tmp_path, monkeypatch
):
    at = open_overview_on(tmp_path / "overview", monkeypatch, factory.pack())
    assert not at.get("plotly_chart")
    tables = [m.value for m in at.main.markdown if m.value.startswith("**Places in view**")]
    assert tables[0].splitlines()[-3:] == [
        "| Beta Land | 3 |",
        "| Alpha City | 2 |",
        "| Gamma Bay | 1 |",
    ]
    themes = [m.value for m in at.main.markdown if m.value.startswith("**Claims by theme")]
    assert "| Theme | Strength | Challenge | Recommendation | Context |" in themes[0].splitlines()
    at.button(key="overview.charts").click().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2
    assert not [m for m in at.main.markdown if m.value.startswith("**Places in view**")]
    assert at.button(key="overview.charts").label == "Show the numbers as tables"
    at.button(key="overview.charts").click().run()
    assert not at.get("plotly_chart")


def test_a_place_name_in_the_overview_table_is_text_never_markup(tmp_path, monkeypatch):
    data = factory.pack()
    data["places"][1]["name"] = "Beta | **Land** <b>x</b>"
    at = open_overview_on(tmp_path / "hostile", monkeypatch, data)
    table = next(m.value for m in at.main.markdown if m.value.startswith("**Places in view**"))
    assert r"| Beta \| \*\*Land\*\* \<b\>x\<\/b\> | 3 |" in table.splitlines()


def test_a_drafts_link_without_drafts_does_not_stick():
    at = open_app({"drafts": "1"})
    assert not at.exception
    assert [w.key for w in at.sidebar.toggle] == []
    assert f"**{len(factory.SALES_CLAIMS)} claims**" in [m.value for m in at.sidebar.markdown]
    assert "drafts" not in url_params(at)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("pages/explorer.py", {"theme": "talent", "q": "alpha"}),
        ("pages/compare.py", {"left": "beta", "right": "region:testland", "stance": "strength"}),
        ("pages/pitch.py", {"pitch": "alpha-funds,alpha-firms", "title": "For Acme"}),
    ],
)
def test_the_share_link_carries_everything_the_page_keeps_in_its_link(page, params):
    at = open_page(page, params)
    assert not at.sidebar.code, "the link is drawn only once the rep opens the share box"
    at.session_state[sidebar.SHARE_KEY] = True
    at.run()
    [link] = [c.value for c in at.sidebar.code]
    shared = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert shared == params
    # Opened in a new session, the link shows the same page content.
    again = open_page(page, shared)
    assert [e.value for e in again.main.markdown] == [e.value for e in at.main.markdown]


# --- Evidence from several sources: the sales pack beside a newer pack (tests/factory.py). ---

NEWER = "Newer Analytics"


def newer_cited(paragraph: int) -> str:
    """The newer pack's citation, as cards show it."""
    day = citation.format_day(factory.evidence_published(dt.date.today()))
    return esc(f"{NEWER}, {day}, ¶{paragraph}")


def expander_labels(at: AppTest) -> list[str]:
    """The labels of the main area's expanders, in page order."""
    return [e.label for e in at.main.expander]


def test_claim_cards_show_evidence_lines_and_the_newest_evidence(data_dir):
    factory.write_evidence_pack(data_dir)
    at = open_page("pages/overview.py")
    assert not at.exception
    year = factory.evidence_published(dt.date.today()).year
    # alpha-campus is a headline claim; the newer pack updates it.
    assert esc(f"Updated by {NEWER}, {year}") in expander_labels(at)
    assert any(
        c.value.endswith(f"\n:material/update: newest evidence: {year}") for c in at.main.caption
    )
    # Headlines come newest evidence first: the updated claim leads, the others keep their order.
    shown = [m.value for m in at.main.markdown]
    order = [
        shown.index(esc(text))
        for text in (
            "Alpha City lists three public universities and a few private ones.",
            "Acme and Zenith keep offices in Alpha City.",
            "Beta Land trains engineers.",
        )
    ]
    assert order == sorted(order)
    closed = at.main.expander[expander_labels(at).index(esc(f"Updated by {NEWER}, {year}"))]
    assert not list(closed.markdown), "a line's claims are drawn once it is opened"
    # The updated claim leads (card 0); its line is the card's first.
    at.session_state["overview.headlines.card0.0"] = True
    at.run()
    opened = at.main.expander[expander_labels(at).index(esc(f"Updated by {NEWER}, {year}"))]
    assert [m.value for m in opened.markdown] == [
        esc("Alpha City now lists four public universities.")
    ]
    assert opened.caption[0].value.startswith(newer_cited(2))
    assert opened.caption[0].value.endswith(esc("four, not three"))


def test_the_figures_panel_lists_figures_per_place_and_charts_a_shared_measure(data_dir):
    factory.write_evidence_pack(data_dir)
    at = open_page("pages/overview.py")
    assert not [m for m in at.main.markdown if m.value.startswith("| Measure | Figure |")]
    at.session_state["overview.figures.open"] = True
    at.run()
    tables = [m.value for m in at.main.markdown if m.value.startswith("| Measure | Figure |")]
    assert len(tables) == 2
    assert tables[0].splitlines()[-1] == (
        f"| Tech specialists | 300{esc(',')}000 | 2023 | {newer_cited(1)} |"
    )
    assert f"| 1{esc(',')}400 |" in tables[1]
    assert [m.value for m in at.main.markdown if m.value.startswith("**")][-2:] == [
        "**Alpha City**",
        "**Beta Land**",
    ]
    at.button(key="overview.figures.charts").click().run()
    assert not at.exception
    charts = [c for c in at.get("plotly_chart") if "Tech specialists" in c.proto.spec]
    assert len(charts) == 1


def test_challenges_pair_each_objection_with_newer_evidence_for_and_against(data_dir):
    factory.write_evidence_pack(data_dir)
    at = open_page("pages/challenges.py")
    assert not at.exception
    markdown = [m.value for m in at.main.markdown]
    assert ":material/thumb_up: **Newer evidence for it**" in markdown
    assert f"- {esc('Lenders in Beta Land still hold back, a newer survey finds.')}" in markdown
    # A recent source that says the same lifts the objection's verify mark, naming the source.
    lifted = [c for c in claim_captions(at) if "no need to verify" in c]
    assert len(lifted) == 1
    assert lifted[0].startswith(esc(f"{CITED}, ¶3"))
    assert esc(f"corroborated by {NEWER}, ") in lifted[0]
    assert "No newer source in this content speaks to this objection." in [
        c.value for c in at.main.caption
    ]


def test_compare_refuses_a_place_compared_with_itself():
    at = open_page("pages/compare.py", {"left": "alpha", "right": "alpha"})
    assert not at.exception
    assert [w.value for w in at.main.warning] == [esc(compare.SAME_SIDE_NOTICE)]
    assert "Alpha City" not in section_headings(at)
    assert not at.get("download_button")


def test_compare_sets_shared_measures_side_by_side_and_a_region_leaves_comparison_places_out(
    data_dir,
):
    factory.write_evidence_pack(data_dir)
    at = open_page("pages/compare.py", {"left": "alpha", "right": "beta"})
    assert not at.exception
    assert "Figures side by side" in section_headings(at)
    table = next(m.value for m in at.main.markdown if m.value.startswith("| Measure |"))
    assert table.splitlines()[0] == "| Measure | Counted within | Alpha City | Beta Land |"
    assert "Tech specialists" in table
    assert f"1{esc(',')}400" in table
    region = open_page("pages/compare.py", {"left": "alpha", "right": "region:testland"})
    tiles = dict(kpi_lists(region)[4:])
    # beta-instability and newer-lenders; gamma-costs is about the Bay-like comparison place.
    assert tiles["Challenges"] == "2"
    assert esc("Gamma Bay has grown costly for new firms.") not in texts(region)


def test_the_explorer_lists_each_claims_evidence_and_newest_evidence_year(data_dir):
    factory.write_evidence_pack(data_dir)
    at = open_page("pages/explorer.py", {"q": "alpha city"})
    assert not at.exception
    table = at.dataframe[-1].value.set_index("ID")
    year = factory.evidence_published(dt.date.today()).year
    assert table.loc["alpha-campus", "Evidence"] == f"Updated by {NEWER}, {year}"
    assert table.loc["alpha-campus", "Newest evidence"] == year
    assert table.loc["alpha-funds", "Evidence"] == f"Contradicted by {NEWER}, {year}"
    assert table.loc["alpha-culture", "Evidence"] == ""


def test_one_claim_carries_one_verify_mark_on_every_page_the_notes_and_the_exports(data_dir):
    """A recent corroboration lifts the mark everywhere the claim shows, or nowhere."""
    factory.write_evidence_pack(data_dir)
    lifted = "no need to verify: corroborated by"
    # The explorer's card list, the pitch builder's picker and its objections, and the pitch.
    at = open_page("pages/pitch.py", {"pitch": "beta-instability", "place": "beta"})
    assert not at.exception
    marks = [c.value for c in at.main.caption if esc(lifted) in c.value]
    # The claim's card in the picker and its objection beside its answer: both lifted.
    assert len(marks) >= 2, [c.value for c in at.main.caption]
    catalog = load.load_packs(data_dir)
    made = talk.resolve_talk(
        Pitch(items=("beta-instability",)),
        catalog.claims,
        dt.date.today(),
        factory.verify_rule(catalog=catalog),
    )
    (point,) = made.points
    assert (point.stale, lifted in point.age) == (False, True)
    assert lifted in talk.write_notes(point, made)
    row = tables.make_pitch_table(made, catalog.claims).iloc[0]
    assert (row["verify"], lifted in row["age"]) == (False, True)


LOCAL_ONLY = (
    "These links work on this machine only: set INSIGHTS_PUBLIC_URL to the app's public "
    "address for links a prospect can open."
)
SHAREABLE = "Shareable links to the prospect's copy: each builds the file when opened."


@pytest.mark.parametrize(
    ("public_url", "says", "origin"),
    [
        ("", LOCAL_ONLY, ""),
        ("https://insights.example", SHAREABLE, "https://insights.example"),
    ],
)
def test_download_links_are_called_shareable_only_with_a_public_url(
    monkeypatch, public_url, says, origin
):
    monkeypatch.setenv("INSIGHTS_PUBLIC_URL", public_url)
    at = open_page("pages/pitch.py", {"pitch": "alpha-firms"})
    at.session_state[pitch_editor.LINKS_KEY] = True
    at.run()
    assert not at.exception
    captions = [c.value for c in at.main.caption]
    assert says in captions
    assert ({LOCAL_ONLY, SHAREABLE} - {says}).isdisjoint(captions)
    links = [c.value for c in at.main.code if "/export/" in c.value]
    assert [link.split("?")[0] for link in links] == [
        f"{origin}/export/pitch.{fmt}" for fmt in ("pptx", "pdf", "md", "csv", "json")
    ]
    assert all(link.endswith("&copy=prospect") for link in links)


@pytest.mark.parametrize("with_profile", [True, False])
def test_a_download_link_closes_with_the_sellers_call(tmp_path, monkeypatch, with_profile):
    if with_profile:
        path = factory.write_seller(tmp_path, factory.SELLER)
        monkeypatch.setenv("INSIGHTS_SELLER_FILE", str(path))
    else:
        monkeypatch.delenv("INSIGHTS_SELLER_FILE", raising=False)
    with TestClient(Starlette(routes=export_routes.ROUTES)) as client:
        got = client.get("/export/pitch.md", params={"pitch": "alpha-firms", "copy": "prospect"})
    assert got.status_code == 200, got.text
    closing = got.text.split("## Next step")[1]
    assert ("Northwind Cloud" in closing) is with_profile
    assert ("<https://seller.example/book>" in closing) is with_profile
    assert ("Contact your account team" in closing) is not with_profile


# The age setting, in years past the factory source's age: at its age the claims are marked, a
# year older they are not. Neither is the default (3), so a page using the default disagrees.
AGE_SETTINGS = [pytest.param(0, True, id="marked"), pytest.param(1, False, id="unmarked")]


@pytest.mark.parametrize(("past_age", "marked"), AGE_SETTINGS)
def test_one_age_setting_gives_a_claim_one_mark_on_the_pages_the_notes_and_every_file(
    tmp_path, monkeypatch, data_dir, past_age, marked
):
    years = citation.years_between(PUBLISHED, dt.date.today())
    setting = years + past_age
    assert setting != citation.STALE_AFTER_YEARS
    monkeypatch.setenv("INSIGHTS_STALE_AFTER_YEARS", str(setting))
    mark = "verify before presenting"
    link = {"pitch": "alpha-firms", "place": "alpha"}

    def cited(at: AppTest) -> list[str]:
        # Every alpha claim comes from the one 2020 source: each card's age line alike.
        return [c.value for c in at.main.caption if "as of Mar 2020" in c.value]

    for page in ("pages/overview.py", "pages/pitch.py"):
        at = open_page(page, link)
        assert not at.exception
        assert cited(at), page
        assert {mark in c for c in cited(at)} == {marked}, page
    badge = ":red-badge[:material/history: Verify before presenting]"
    assert (badge in [m.value for m in at.main.markdown]) is marked
    # The source list's age line, once opened, weighs the same setting.
    at = open_page("pages/overview.py", link)
    before = len(cited(at))
    sources_shown(at)
    assert len(cited(at)) > before
    assert {mark in c for c in cited(at)} == {marked}
    explorer = open_page("pages/explorer.py", link)
    ages = explorer.dataframe[-1].value.set_index("ID")["Age"]
    assert (mark in ages["alpha-firms"]) is marked

    # The presenter's notes: the cover's count of points to check, then the point's own.
    presenter = open_page("pages/presenter.py", link)
    assert not presenter.exception
    cover_notes = " ".join(t.value for t in presenter.get("text"))
    assert ("1 of 1 points are" in cover_notes) is marked, cover_notes
    presenter.text_input(key="present.jump").set_value("2").run()
    notes = [t.value for t in presenter.get("text") if "as of Mar 2020" in t.value]
    assert notes, [t.value for t in presenter.get("text")]
    assert {mark in n for n in notes} == {marked}
    # The command line's files, its age the setting's unless told otherwise.
    for fmt in ("pptx", "pdf"):
        target = tmp_path / f"pitch.{fmt}"
        argv = ["export", "--data", str(data_dir), "--claims", "alpha-firms", "--format", fmt]
        assert cli.main([*argv, "-o", str(target)], io.StringIO(), io.StringIO()) == 0
        if fmt == "pptx":
            text = " ".join(
                s.notes_slide.notes_text_frame.text for s in Presentation(target).slides
            )
        else:
            text = " ".join(" ".join(documents.pdf_text(target)).split())
        assert (mark in text) is marked, fmt
    # A download link's file, from the app's route: the same mark.
    with TestClient(Starlette(routes=export_routes.ROUTES)) as client:
        got = client.get("/export/pitch.json", params={"pitch": "alpha-firms", "copy": "rep"})
    assert got.status_code == 200, got.text
    assert [row["verify"] for row in got.json()] == [marked]


@pytest.mark.parametrize(("logo", "shown"), [("logo.png", 1), (None, 0)])
def test_the_audience_and_presenter_covers_show_the_sellers_logo(
    tmp_path, monkeypatch, logo, shown
):
    (tmp_path / "logo.png").write_bytes(factory.PNG_PIXEL)
    profile = {**factory.SELLER, **({"logo": logo} if logo else {})}
    monkeypatch.setenv("INSIGHTS_SELLER_FILE", str(factory.write_seller(tmp_path, profile)))
    for page in ("pages/present.py", "pages/presenter.py"):
        at = open_page(page, {"pitch": "alpha-firms", "prospect": "Acme"})
        assert not at.exception
        images = at.get("image")
        assert len(images) == shown, page
        # Served by the app from the profile's bytes, never a URL the file named.
        assert all(re.fullmatch(r"/[\w/]*media/\w+\.png", i.proto.imgs[0].url) for i in images)
    # On the cover only: the next slide has no logo.
    at.text_input(key="present.jump").set_value("2").run()
    assert len(at.get("image")) == 0


@pytest.mark.parametrize("with_profile", [False, True])
def test_the_sidebar_and_the_builder_close_with_the_sellers_call(
    tmp_path, monkeypatch, with_profile
):
    if with_profile:
        path = factory.write_seller(tmp_path, factory.SELLER)
        monkeypatch.setenv("INSIGHTS_SELLER_FILE", str(path))
    else:
        monkeypatch.delenv("INSIGHTS_SELLER_FILE", raising=False)
    at = open_page("pages/pitch.py")
    assert not at.exception
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert ("Northwind Cloud" in sidebar) is with_profile
    assert ("Contact your account team" in sidebar) is not with_profile
    labels = [b.label for b in at.sidebar.button]
    assert labels[-2:] == ["Get a quote", "Talk to us"]
    notices = [i.value for i in at.main.info]
    assert any("INSIGHTS\\_SELLER\\_FILE" in n for n in notices) is not with_profile
