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
    "pages/pitch.py",
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


GDL = [
    "gdl-mexican-valley",
    "gdl-own-culture",
    "gdl-it-companies",
    "gdl-mariachi",
    "gdl-universities",
]


def pitch_order(at: AppTest) -> list[str]:
    """The pitch's items as the builder lists them, read from their remove buttons."""
    return [
        b.key.removeprefix("pitch.remove.") for b in at.button if b.key.startswith("pitch.remove.")
    ]


def test_pitch_builder_adds_reorders_removes_and_keeps_the_url():
    at = open_page("pages/pitch.py", {"place": "guadalajara"})
    assert not at.exception
    assert pitch_order(at) == []
    at.button(key="pitch.add_all").click().run()
    assert pitch_order(at) == GDL
    at.button(key="pitch.up.gdl-mariachi").click().run()
    at.button(key="pitch.down.gdl-mexican-valley").click().run()
    at.button(key="pitch.remove.gdl-universities").click().run()
    order = ["gdl-own-culture", "gdl-mexican-valley", "gdl-mariachi", "gdl-it-companies"]
    assert pitch_order(at) == order
    at.text_input(key="filters.q").input("instability").run()
    at.multiselect(key="filters.place").set_value([]).run()
    at.button(key="pitch.pair.mx-instability>mx-partnerships").click().run()
    at.button(key="pitch.add.mx-instability").click().run()
    at.text_input(key="pitch.title").input("Guadalajara for Acme").run()
    at.text_input(key="pitch.prospect").input("Acme <b>Corp</b>").run()
    assert not at.exception
    items = [*order, "mx-instability>mx-partnerships", "mx-instability"]
    assert pitch_order(at) == items
    assert at.button(key="pitch.add.mx-instability").disabled
    assert url_params(at) == {
        "q": ["instability"],
        "pitch": [",".join(items)],
        "title": ["Guadalajara for Acme"],
        "prospect": ["Acme <b>Corp</b>"],
    }
    links = [c.value for c in at.main.code if "pitch=" in c.value]
    assert links == [
        "?q=instability&pitch=gdl-own-culture%2Cgdl-mexican-valley%2Cgdl-mariachi%2C"
        "gdl-it-companies%2Cmx-instability%3Emx-partnerships%2Cmx-instability"
        "&title=Guadalajara+for+Acme&prospect=Acme+%3Cb%3ECorp%3C%2Fb%3E"
    ]
    # The same link in a new session restores the pitch, its title and the prospect.
    again = open_page("pages/pitch.py", {k: v[0] for k, v in url_params(at).items()})
    assert pitch_order(again) == items
    assert again.text_input(key="pitch.title").value == "Guadalajara for Acme"
    assert again.text_input(key="pitch.prospect").value == "Acme <b>Corp</b>"
    again.button(key="pitch.clear").click().run()
    assert pitch_order(again) == []
    assert "pitch" not in url_params(again)


def test_the_pitch_follows_the_rep_to_another_page_and_back():
    at = open_page("pages/pitch.py", {"pitch": "gdl-mariachi", "title": "T"})
    at.switch_page("pages/overview.py").run()
    assert url_params(at)["pitch"] == ["gdl-mariachi"]
    at.switch_page("pages/pitch.py").run()
    assert pitch_order(at) == ["gdl-mariachi"]
    assert at.text_input(key="pitch.title").value == "T"


def test_a_bad_pitch_link_is_dropped_with_notices_never_echoed():
    at = open_page(
        "pages/pitch.py",
        {"pitch": "gdl-mariachi,<script,,mx-instability>gdl-mariachi", "title": "x" * 500},
    )
    assert not at.exception
    assert pitch_order(at) == ["gdl-mariachi"]
    assert [w.value for w in at.main.warning] == [
        esc(
            "The link's pitch title was not usable (at most 120 plain characters); it was ignored."
        ),
        esc("The link's pitch had 1 empty entry; left out."),
        esc("The link's pitch named 1 claim this content does not have; left out."),
        esc(
            "The link's pitch paired 1 objection with an answer the source does not give for it; "
            "left out."
        ),
    ]
    assert all("script" not in t and "xxxxxxxx" not in t for t in texts(at))
    assert url_params(at) == {"pitch": ["gdl-mariachi"]}


def test_exports_are_offered_for_the_pitch_or_the_view():
    at = open_page("pages/pitch.py", {"q": "zzzz"})
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["PPTX", "Markdown", "CSV", "JSON"]
    assert all(b.proto.disabled for b in buttons)
    at = open_page("pages/pitch.py", {"place": "bay-area"})
    assert not any(b.proto.disabled for b in at.get("download_button"))
    assert "With no pitch built, these use the 3 claims in view." in [c.value for c in at.caption]


def position(at: AppTest) -> str:
    """The presentation's position indicator, e.g. ``3 / 8``."""
    (shown,) = [m.value for m in at.main.markdown if " / " in m.value]
    return shown.strip("*")


def test_presentation_steps_through_the_pitch_to_the_call_to_action():
    at = open_page(
        "pages/present.py",
        {"pitch": "gdl-it-companies,mx-instability>mx-partnerships", "title": "For Acme"},
    )
    assert not at.exception
    assert (position(at), at.title[0].value) == ("1 / 4", "For Acme")
    assert at.button(key="present.prev").disabled
    at.button(key="present.next").click().run()
    assert position(at) == "2 / 4"
    shown = [m.value for m in at.main.markdown]
    assert (
        esc("A number of IT companies operate in Guadalajara; IBM, HP, Oracle and Intel")
        in (shown[0])
    )
    assert ":red-badge[:material/history: Verify before presenting]" in shown
    assert any(
        esc("Aptum (then Cogeco Peer 1), 20 Dec 2017, ¶3") in c.value and "8 years old" in c.value
        for c in at.main.caption
    )
    at.button(key="present.next").click().run()
    assert position(at) == "3 / 4"
    assert [c.value for c in at.main.caption][:1] == [":material/report: Objection"]
    at.button(key="present.next").click().run()
    assert position(at) == "4 / 4"
    assert at.header[0].value == "Next step"
    assert [b.proto.label for b in at.main.get("link_button")] == [
        "Start the conversation",
        "Talk to an infrastructure solutions expert",
        "Get a quote",
    ]
    assert at.button(key="present.next").disabled
    at.button(key="present.prev").click().run()
    assert position(at) == "3 / 4"


def test_presentation_uses_the_view_when_no_pitch_is_built():
    at = open_page("pages/present.py", {"place": "bay-area"})
    assert position(at) == "1 / 5"
    assert at.title[0].value == esc("Mexico: talking points")
    at = open_page("pages/present.py", {"q": "zzzz"})
    assert position(at) == "1 / 2"
    assert "Nothing to present" in at.main.info[0].value


def test_the_verify_age_is_set_on_the_builder_and_used_when_presenting():
    at = open_page("pages/pitch.py", {"pitch": "gdl-it-companies"})
    at.number_input(key="pitch.stale_after").set_value(10).run()
    at.button(key="pitch.present").click().run()
    assert position(at) == "1 / 3"
    at.button(key="present.next").click().run()
    assert not any("badge" in m.value for m in at.main.markdown)
    assert any(c.value.endswith("8 years old") for c in at.main.caption)
