import datetime as dt

import pytest

from insights.content import frames
from insights.content.model import THEMES
from insights.view import compare, facets, filters
from insights.view.selection import Selection
from tests import factory

NAMES = {"alpha": "Alpha City", "beta": "Beta Land", "gamma": "Gamma Bay", "delta": "Delta Town"}
OTHER = factory.pack(
    "other-pack",
    region={"id": "otherland", "name": "Otherland"},
    places=[{"id": "delta", "name": "Delta Town", "kind": "city", "lat": 1.0, "lon": 2.0}],
    claims=[
        factory.claim("other-c1", place="delta", theme="talent"),
        factory.claim("other-c2", place="delta", theme="capital", stance="challenge"),
    ],
    companies=[],
    universities=[],
    responses=[],
    call_to_action=None,
)


@pytest.fixture
def two_regions():
    """A catalog with the default pack (Testland) and a second region (Otherland)."""
    return factory.catalog_of(factory.pack(), OTHER)


def test_list_options_gives_places_then_whole_regions(two_regions):
    assert compare.list_options(two_regions.claims, NAMES) == {
        "alpha": "Alpha City",
        "beta": "Beta Land",
        "gamma": "Gamma Bay",
        "delta": "Delta Town",
        "region:testland": "Testland (whole region)",
        "region:otherland": "Otherland (whole region)",
    }


@pytest.mark.parametrize(
    ("packs", "defaults"),
    [
        ((factory.pack(),), ("beta", "alpha")),
        (
            (factory.pack(claims=[factory.claim("test-c1")], companies=[], responses=[]),),
            ("alpha", "region:testland"),
        ),
        ((factory.pack(), OTHER), ("beta", "region:otherland")),
    ],
)
def test_choose_defaults_sets_the_most_cited_place_against_another(packs, defaults):
    assert compare.choose_defaults(factory.catalog_of(*packs).claims) == defaults


OPTIONS = ["alpha", "delta", "region:otherland"]
UNKNOWN = compare.SIDE_NOTICE


@pytest.mark.parametrize(
    ("params", "sides", "notices"),
    [
        ({}, ("alpha", "region:otherland"), ()),
        ({"left": ["delta"], "right": ["alpha"]}, ("delta", "alpha"), ()),
        ({"left": ["<script>"], "right": ["nowhere"]}, ("alpha", "region:otherland"), (UNKNOWN,)),
        ({"left": ["alpha", "delta"]}, ("delta", "region:otherland"), ()),
    ],
)
def test_parse_sides(params, sides, notices):
    assert compare.parse_sides(params, OPTIONS, ("alpha", "region:otherland")) == (sides, notices)


def test_side_params_round_trip():
    params = compare.side_params("delta", "region:otherland")
    assert compare.parse_sides(params, OPTIONS, ("alpha", "alpha")) == (
        ("delta", "region:otherland"),
        (),
    )


def sides(catalog, selection=None):
    """Build Alpha City against the whole of Otherland under a sidebar selection."""
    vocab = facets.make_vocabulary(catalog)
    selection = selection or Selection()
    in_view = filters.apply_filters(catalog.claims, vocab, selection)
    base = compare.compared_base(catalog.claims, vocab, selection, in_view).frame
    return [
        compare.build_side(
            key, label, base, vocab, catalog.companies, catalog.universities, catalog.responses
        )
        for key, label in (("alpha", "Alpha City"), ("region:otherland", "Otherland"))
    ]


@pytest.mark.parametrize(
    ("selection", "left_ids", "right_ids"),
    [
        (Selection(), ["test-c1", "test-c2"], ["other-c1", "other-c2"]),
        (Selection(themes=("talent",)), ["test-c1"], ["other-c1"]),
        # The sidebar's place and region do not narrow the sides: each side picks its own.
        (
            Selection(places=("beta",), regions=("testland",)),
            ["test-c1", "test-c2"],
            ["other-c1", "other-c2"],
        ),
    ],
)
def test_sides_hold_their_own_claims_under_the_sidebar_filters(
    two_regions, selection, left_ids, right_ids
):
    left, right = sides(two_regions, selection)
    assert list(left.claims["id"]) == left_ids
    assert list(right.claims["id"]) == right_ids


def test_sides_carry_kpis_strengths_and_challenges(two_regions):
    left, right = sides(two_regions)
    assert [(k.label, k.value) for k in left.kpis] == [
        ("Companies named", "2"),
        ("Universities (public · private)", "3 · a few"),
        ("Challenges", "0"),
        ("Answers offered", "0"),
    ]
    assert [k.value for k in right.kpis] == ["0", "none reported", "1", "0"]
    assert list(left.strengths["id"]) == ["test-c1", "test-c2"]
    assert list(right.challenges["id"]) == ["other-c2"]


def test_compare_table_cites_both_sides(two_regions):
    left, right = sides(two_regions)
    table = compare.make_compare_table(left, right, dt.date(2026, 1, 1), factory.verify_rule())
    assert list(table.columns[:3]) == ["Side", "ID", "Claim"]
    assert list(zip(table["Side"], table["ID"], strict=True)) == [
        ("Alpha City", "test-c1"),
        ("Alpha City", "test-c2"),
        ("Otherland", "other-c1"),
        ("Otherland", "other-c2"),
    ]
    assert table["Source"].str.startswith("Example Research (then Old Example), 15 Mar 2020").all()


def test_count_themes_by_side(two_regions):
    left, right = sides(two_regions)
    counts = compare.count_themes_by_side(left, right)
    nonzero = counts[counts["count"] > 0]
    assert list(zip(nonzero["side"], nonzero["theme"], nonzero["count"], strict=True)) == [
        ("Alpha City", "talent", 1),
        ("Alpha City", "industry", 1),
        ("Otherland", "talent", 1),
        ("Otherland", "capital", 1),
    ]
    assert len(counts) == 2 * len(THEMES)


def test_choose_defaults_never_picks_a_place_with_no_claim_in_view():
    # One published place, and a draft whose place leaves the view with it.
    published = factory.pack(claims=[factory.claim("test-c1")], companies=[], responses=[])
    draft = {**OTHER, "status": "draft"}
    shown = frames.keep_published(factory.catalog_of(published, draft)).claims
    assert compare.choose_defaults(shown) == ("alpha", "region:testland")
    # A view that filtered a place out still lists it as a category, with no claim.
    view = factory.catalog_of(factory.pack()).claims
    only_alpha = view[view["place"] == "alpha"]
    assert compare.choose_defaults(only_alpha) == ("alpha", "region:testland")


def _side(catalog, key, label):
    return compare.build_side(
        key,
        label,
        catalog.claims,
        facets.make_vocabulary(catalog),
        catalog.companies,
        catalog.universities,
        catalog.responses,
        catalog.figures,
        compare.list_comparison_places(catalog.places),
    )


def test_a_regions_totals_leave_out_places_marked_for_comparison():
    catalog = factory.catalog_of(factory.pack())
    assert compare.list_comparison_places(catalog.places) == {"gamma"}
    region = _side(catalog, "region:testland", "Testland")
    assert "test-c5" not in set(region.claims["id"])  # the claim about Gamma Bay
    assert set(region.claims["place"]) == {"alpha", "beta"}
    # The place itself can still be compared on its own.
    assert list(_side(catalog, "gamma", "Gamma Bay").claims["id"]) == ["test-c5"]


@pytest.mark.parametrize(
    ("left", "right", "notice"),
    [
        ("alpha", "alpha", compare.SAME_SIDE_NOTICE),
        ("region:testland", "region:testland", compare.SAME_SIDE_NOTICE),
        ("alpha", "region:testland", None),
        ("alpha", "beta", None),
    ],
)
def test_a_side_compared_with_itself_is_refused(left, right, notice):
    assert compare.refuse_same_sides(left, right) == notice


def test_sides_carry_their_own_figures():
    newer = factory.other_pack(
        figures=[
            factory.figure("f1", claim="newer-c1"),
            factory.figure("f2", claim="newer-c3", place="beta"),
            factory.figure("f3", claim="newer-c5", place="gamma"),
        ]
    )
    catalog = factory.catalog_of(newer)
    assert list(_side(catalog, "alpha", "Alpha City").figures["id"]) == ["f1"]
    assert list(_side(catalog, "region:testland", "Testland").figures["id"]) == ["f1", "f2"]


@pytest.mark.parametrize(
    ("selection", "reused", "sentence"),
    [
        (Selection(), True, "8 claims"),
        (Selection(themes=("talent",)), True, "3 claims on talent & education"),
        # A place or region picked in the sidebar is widened back: the sides pick their own.
        (Selection(places=("alpha",)), False, "8 claims"),
        (
            Selection(themes=("talent",), regions=("otherland",)),
            False,
            "3 claims on talent & education",
        ),
    ],
)
def test_the_compared_base_is_the_view_unless_a_side_facet_is_set(
    two_regions, selection, reused, sentence
):
    catalog = two_regions
    vocab = facets.make_vocabulary(catalog)
    in_view = filters.apply_filters(catalog.claims, vocab, selection)
    base = compare.compared_base(catalog.claims, vocab, selection, in_view)
    assert (base is in_view) is reused
    assert base.sentence == sentence
    wider = filters.apply_filters(catalog.claims, vocab, selection.without("places", "regions"))
    assert list(base.frame["id"]) == list(wider.frame["id"])
