import pytest

from insights.view import facets, filters
from insights.view.selection import Selection
from tests import factory


@pytest.mark.parametrize(
    ("selections", "ids", "sentence"),
    [
        (
            [Selection()],
            ["test-c1", "test-c2", "test-c3", "test-c4", "test-c5", "test-c6"],
            "6 claims",
        ),
        ([Selection(places=("alpha",))], ["test-c1", "test-c2"], "2 claims about Alpha City"),
        (
            [Selection(places=("beta",), themes=("talent",))],
            ["test-c6"],
            "1 claim about Beta Land on talent & education",
        ),
        (
            [Selection(places=("alpha", "beta", "gamma"), themes=("stability", "capital"))],
            ["test-c3", "test-c5"],
            "2 claims about Alpha City, Beta Land or Gamma Bay on "
            "regulation & stability or investment & capital",
        ),
        (
            [Selection(stances=("challenge",))],
            ["test-c3", "test-c5"],
            "2 challenge claims",
        ),
        (
            [Selection(stances=("challenge", "recommendation"), places=("beta",))],
            ["test-c3", "test-c4"],
            "2 challenge or recommendation claims about Beta Land",
        ),
        ([Selection(text="ACME")], ["test-c2"], "1 claim matching \u201cACME\u201d"),
        (
            [Selection(text="beta land")],
            ["test-c3", "test-c4", "test-c6"],
            "3 claims matching \u201cbeta land\u201d",
        ),
        ([Selection(text="[.*")], [], "0 claims matching \u201c[.*\u201d"),
        (
            [Selection(places=("alpha",)), Selection(themes=("industry",))],
            ["test-c2"],
            "1 claim about Alpha City on industry presence",
        ),
        (
            [Selection(themes=("talent",)), Selection(themes=("talent",))],
            ["test-c1", "test-c6"],
            "2 claims on talent & education",
        ),
        (
            [Selection(themes=("capital",)), Selection(themes=("talent",))],
            [],
            "0 claims on investment & capital on talent & education",
        ),
    ],
)
def test_apply_filters_gives_rows_and_sentence(catalog, selections, ids, sentence):
    result = filters.apply_filters(catalog.claims, facets.make_vocabulary(catalog), *selections)
    assert list(result.frame["id"]) == ids
    assert result.sentence == sentence


@pytest.mark.parametrize(
    ("selections", "drafts", "ids", "sentence"),
    [
        ([Selection(regions=("otherland",))], False, ["other-c1"], "1 claim in Otherland"),
        (
            [Selection(regions=("testland", "otherland"), themes=("capital",))],
            False,
            ["test-c5"],
            "1 claim in Testland or Otherland on investment & capital",
        ),
        (
            [Selection(regions=("testland",), places=("alpha",))],
            True,
            ["test-c1", "test-c2"],
            "2 claims in Testland about Alpha City including drafts",
        ),
        (
            [Selection(), Selection(themes=("talent",))],
            True,
            ["test-c1", "test-c6", "other-c1"],
            "3 claims on talent & education including drafts",
        ),
        (
            [Selection(sources=("other-pack",))],
            False,
            ["other-c1"],
            "1 claim from Example Research (2020)",
        ),
    ],
)
def test_region_source_and_drafts_clauses(selections, drafts, ids, sentence):
    other = factory.pack(
        "other-pack",
        region={"id": "otherland", "name": "Otherland"},
        claims=[factory.claim("other-c1")],
        companies=[],
        universities=[],
        responses=[],
    )
    catalog = factory.catalog_of(factory.pack(), other)
    vocab = facets.make_vocabulary(catalog)
    result = filters.apply_filters(catalog.claims, vocab, *selections, drafts=drafts)
    assert list(result.frame["id"]) == ids
    assert result.sentence == sentence


@pytest.mark.parametrize(
    "selection",
    [
        Selection(places=("alpha",), text="acme"),
        # Every row kept: the result shares the input's data until it is written to.
        Selection(places=("alpha", "beta", "gamma")),
    ],
)
def test_apply_filters_does_not_touch_its_input(catalog, selection):
    before = catalog.claims.copy()
    result = filters.apply_filters(catalog.claims, facets.make_vocabulary(catalog), selection)
    result.frame.loc[result.frame.index[0], "paragraph"] = 999
    assert catalog.claims.equals(before)
    assert result.frame["paragraph"].iloc[0] == 999


@pytest.mark.parametrize(
    ("words", "joined"),
    [([], ""), (["a"], "a"), (["a", "b"], "a or b"), (["a", "b", "c"], "a, b or c")],
)
def test_join_or(words, joined):
    assert filters.join_or(words) == joined


def test_keep_headlines(catalog):
    assert list(filters.keep_headlines(catalog.claims)["id"]) == ["test-c1", "test-c6"]


@pytest.mark.parametrize(
    ("places", "ids", "sentence"),
    [
        (("gamma",), ["test-c1", "test-c5"], "2 claims about Gamma Bay"),
        (("beta",), ["test-c3", "test-c4", "test-c6"], "3 claims about Beta Land"),
        (("alpha",), ["test-c1", "test-c2"], "2 claims about Alpha City"),
    ],
)
def test_a_place_filter_keeps_claims_naming_it_as_a_further_place(places, ids, sentence):
    data = factory.pack()
    data["claims"][0]["other_places"] = ["gamma"]
    catalog = factory.catalog_of(data)
    result = filters.apply_filters(
        catalog.claims, facets.make_vocabulary(catalog), Selection(places=places)
    )
    assert list(result.frame["id"]) == ids
    assert result.sentence == sentence
