import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights import selection
from insights.selection import Selection, Vocabulary

VOCAB = Vocabulary(
    places=("alpha", "beta"),
    themes=("talent", "industry"),
    stances=("strength", "challenge"),
    regions=("mexico", "testland"),
)
UNKNOWN_REGION = "The link named a region this content does not have; it was ignored."
UNKNOWN_PLACE = "The link named a place this content does not have; it was ignored."
BAD_TEXT = "The link's search text was not usable (at most 100 plain characters); it was ignored."


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        ({}, Selection(), ()),
        ({"place": ["alpha"], "theme": ["talent"]}, Selection(("alpha",), ("talent",)), ()),
        ({"place": ["beta", "alpha", "beta"]}, Selection(("beta", "alpha")), ()),
        (
            {"place": ["alpha", "<script>alert(1)</script>"]},
            Selection(("alpha",)),
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
        ({"drafts": ["1"]}, Selection(drafts=True), ()),
        ({"drafts": ["yes"]}, Selection(), ()),
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
        Selection(("alpha", "beta"), ("industry",), ("challenge",), "café & co"),
        Selection(text="a=b&c"),
        Selection(regions=("testland",), drafts=True),
    ],
)
def test_params_round_trip(sel):
    assert selection.parse_params(selection.to_params(sel), VOCAB).selection == sel


@pytest.mark.parametrize(
    ("base", "sel", "link"),
    [
        ("http://host:8501/overview", Selection(), "http://host:8501/overview"),
        (
            "http://host:8501/companies",
            Selection(("alpha",), ("talent",)),
            "http://host:8501/companies?place=alpha&theme=talent",
        ),
        ("", Selection(("alpha", "beta"), text="a b"), "?place=alpha&place=beta&q=a+b"),
        ("/x", Selection(regions=("mexico",), drafts=True), "/x?region=mexico&drafts=1"),
    ],
)
def test_make_share_link(base, sel, link):
    assert selection.make_share_link(base, sel) == link


_PARAM_VALUES = st.lists(st.text(max_size=120) | st.sampled_from([*VOCAB.places, "ALPHA"]))


@given(
    st.dictionaries(
        st.sampled_from([*selection.ALL_PARAM_NAMES, "other"]), _PARAM_VALUES, max_size=5
    )
)
def test_any_query_params_give_a_valid_view_and_a_notice_for_what_was_dropped(params):
    parsed = selection.parse_params(params, VOCAB)
    sel = parsed.selection
    assert set(sel.places) <= set(VOCAB.places)
    assert set(sel.themes) <= set(VOCAB.themes)
    assert set(sel.stances) <= set(VOCAB.stances)
    assert len(sel.text) <= selection.MAX_SEARCH_CHARS
    assert sel.text == sel.text.strip()
    for facet, name in selection.PARAM_NAMES.items():
        unknown = set(params.get(name, ())) - set(getattr(VOCAB, facet))
        noticed = any(f"a {selection.FACET_NOUNS[facet]} this" in n for n in parsed.notices)
        assert noticed == bool(unknown)
    dropped_text = params.get("q") and params["q"][-1].strip() and not sel.text
    assert any("search text" in n for n in parsed.notices) == bool(dropped_text)
    # The view it gives is one a link can reproduce.
    assert selection.parse_params(selection.to_params(sel), VOCAB).selection == sel
