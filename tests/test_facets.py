import pytest

from insights.content.model import STANCES, THEMES
from insights.view import facets
from tests import factory

NAMES = {"alpha": "Alpha City", "beta": "Beta Land", "gamma": "Gamma Bay"}


@pytest.mark.parametrize(
    ("column", "labels", "expected"),
    [
        ("place", NAMES, [("beta", 3), ("alpha", 2), ("gamma", 1)]),
        (
            "stance",
            STANCES,
            [("strength", 3), ("challenge", 2), ("recommendation", 1), ("context", 0)],
        ),
    ],
)
def test_count_facet_lists_every_value_most_first(catalog, column, labels, expected):
    counts = facets.count_facet(catalog.claims, column, labels)
    assert list(zip(counts["value"], counts["count"], strict=True)) == expected


def test_count_facet_keeps_zero_counts(catalog):
    counts = facets.count_facet(catalog.claims.head(0), "place", NAMES)
    assert list(counts["count"]) == [0, 0, 0]


def test_count_theme_stance_covers_the_whole_grid(catalog):
    grid = facets.count_theme_stance(catalog.claims)
    assert len(grid) == len(THEMES) * len(STANCES)
    assert grid["count"].sum() == 6
    talent = grid[(grid["theme"] == "talent") & (grid["stance"] == "strength")]
    assert talent["count"].item() == 2


def test_count_places(catalog):
    counted = facets.count_places(catalog.claims, catalog.places)
    assert dict(zip(counted["id"], counted["claims"], strict=True)) == {
        "alpha": 2,
        "beta": 3,
        "gamma": 1,
    }


def test_vocabulary_comes_from_the_catalog(catalog):
    vocab = facets.make_vocabulary(catalog)
    assert vocab.values("places") == ("alpha", "beta", "gamma")
    assert vocab.values("regions") == ("testland",)
    assert vocab.values("themes") == tuple(THEMES)
    assert vocab.values("stances") == tuple(STANCES)
    assert vocab.values("sources") == ("test-pack",)
    assert vocab.labels["places"] == {
        "alpha": "Alpha City",
        "beta": "Beta Land",
        "gamma": "Gamma Bay",
    }
    assert vocab.labels["regions"] == {"testland": "Testland"}
    assert vocab.labels["themes"] == dict(THEMES)
    assert vocab.labels["sources"] == {"test-pack": "Example Research (2020)"}
    assert vocab.label("places", "nowhere") == "nowhere"


def test_every_facet_has_its_own_name_parameter_and_an_existing_column(catalog):
    for attr in ("name", "param"):
        assert len({getattr(f, attr) for f in facets.FACETS}) == len(facets.FACETS)
    assert {f.column for f in facets.FACETS} <= set(catalog.claims.columns)


def test_source_labels_say_when_a_source_states_no_date():
    undated = factory.other_pack("undated-pack", "not stated")
    undated["source"]["figures_year"] = 2023
    year_only = factory.other_pack("year-pack", "2020-01-01")
    del year_only["source"]["published"]
    year_only["source"]["published_year"] = 2023
    vocab = facets.make_vocabulary(factory.catalog_of(undated, year_only))
    assert vocab.labels["sources"] == {
        "undated-pack": "Newer Analytics (figures for 2023)",
        "year-pack": "Newer Analytics (2023)",
    }
