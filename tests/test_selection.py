import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.view import selection
from insights.view.facets import FACETS, Vocabulary
from insights.view.selection import Selection

VOCAB = Vocabulary(
    {
        "places": {"alpha": "Alpha", "beta": "Beta"},
        "themes": {"talent": "talent", "industry": "industry"},
        "stances": {"strength": "strength", "challenge": "challenge"},
        "regions": {"mexico": "Mexico", "testland": "Testland"},
        "sources": {"aptum-2017": "Aptum (2017)"},
    }
)
UNKNOWN_REGION = "The link named a region this content does not have; it was ignored."
UNKNOWN_PLACE = "The link named a place this content does not have; it was ignored."
BAD_TEXT = "The link's search text was not usable (at most 100 plain characters); it was ignored."


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        ({}, Selection(), ()),
        (
            {"place": ["alpha"], "theme": ["talent"]},
            Selection(places=("alpha",), themes=("talent",)),
            (),
        ),
        ({"place": ["beta", "alpha", "beta"]}, Selection(places=("beta", "alpha")), ()),
        (
            {"place": ["alpha", "<script>alert(1)</script>"]},
            Selection(places=("alpha",)),
            (UNKNOWN_PLACE,),
        ),
        ({"place": ["ALPHA"]}, Selection(), (UNKNOWN_PLACE,)),
        (
            {"stance": ["challenge"], "q": ["  uni  "]},
            Selection(stances=("challenge",), text="uni"),
            (),
        ),
        ({"q": ["x" * 101]}, Selection(), (BAD_TEXT,)),
        ({"q": ["bad\u202etext"]}, Selection(), (BAD_TEXT,)),
        ({"q": ["line\nbreak"]}, Selection(), (BAD_TEXT,)),
        ({"other": ["kept elsewhere"]}, Selection(), ()),
        ({"region": ["testland", "mexico"]}, Selection(regions=("testland", "mexico")), ()),
        ({"region": ["atlantis"]}, Selection(), (UNKNOWN_REGION,)),
        ({"source": ["aptum-2017"]}, Selection(sources=("aptum-2017",)), ()),
        ({"drafts": ["1"]}, Selection(), ()),
        ({"left": ["guadalajara"], "right": ["region:testland"]}, Selection(), ()),
    ],
)
def test_parse_params(params, expected, notices):
    parsed = selection.parse_params(params, VOCAB)
    assert parsed.selection == expected
    assert parsed.notices == notices


def test_notices_never_echo_the_url():
    parsed = selection.parse_params({"theme": ["<img src=x onerror=alert(1)>"]}, VOCAB)
    assert all("<img" not in n and "onerror" not in n for n in parsed.notices)


@pytest.mark.parametrize(
    "sel",
    [
        Selection(),
        Selection(
            "café & co", places=("alpha", "beta"), themes=("industry",), stances=("challenge",)
        ),
        Selection(text="a=b&c"),
        Selection(regions=("testland",), sources=("aptum-2017",)),
    ],
)
def test_params_round_trip(sel):
    assert selection.parse_params(selection.to_params(sel), VOCAB).selection == sel


@pytest.mark.parametrize(
    ("base", "sel", "drafts", "link"),
    [
        ("http://host:8501/overview", Selection(), False, "http://host:8501/overview"),
        (
            "http://host:8501/companies",
            Selection(places=("alpha",), themes=("talent",)),
            False,
            "http://host:8501/companies?place=alpha&theme=talent",
        ),
        ("", Selection("a b", places=("alpha", "beta")), False, "?place=alpha&place=beta&q=a+b"),
        ("/x", Selection(regions=("mexico",)), True, "/x?region=mexico&drafts=1"),
    ],
)
def test_make_share_link(base, sel, drafts, link):
    assert selection.make_share_link(base, sel, drafts) == link


@pytest.mark.parametrize(
    ("params", "drafts"),
    [({}, False), ({"drafts": ["1"]}, True), ({"drafts": ["yes"]}, False)],
)
def test_parse_drafts(params, drafts):
    assert selection.parse_drafts(params) is drafts


def test_a_selection_names_only_facets_of_the_table():
    with pytest.raises(TypeError, match="no facet named 'cities'"):
        Selection(cities=("alpha",))


def test_without_puts_facets_back_to_any():
    sel = Selection("x", places=("alpha",), regions=("mexico",), themes=("talent",))
    assert sel.without("places", "regions") == Selection("x", themes=("talent",))


_PARAM_VALUES = st.lists(
    st.text(max_size=120) | st.sampled_from([*VOCAB.values("places"), "ALPHA"])
)


@given(
    st.dictionaries(
        st.sampled_from([*selection.ALL_PARAM_NAMES, "other"]), _PARAM_VALUES, max_size=5
    )
)
def test_any_query_params_give_a_valid_view_and_a_notice_for_what_was_dropped(params):
    parsed = selection.parse_params(params, VOCAB)
    sel = parsed.selection
    assert len(sel.text) <= selection.MAX_SEARCH_CHARS
    assert sel.text == sel.text.strip()
    for facet in FACETS:
        assert set(sel.values(facet.name)) <= set(VOCAB.values(facet.name))
        unknown = set(params.get(facet.param, ())) - set(VOCAB.values(facet.name))
        noticed = any(f"a {facet.noun} this" in n for n in parsed.notices)
        assert noticed == bool(unknown)
    dropped_text = params.get("q") and params["q"][-1].strip() and not sel.text
    assert any("search text" in n for n in parsed.notices) == bool(dropped_text)
    # The view it gives is one a link can reproduce.
    assert selection.parse_params(selection.to_params(sel), VOCAB).selection == sel
