"""Places within places: the statements validated, the tree, and what a place filter keeps."""

import copy

import pytest

from insights.content import frames, load, nesting
from insights.view import facets, filters
from insights.view.selection import Selection
from tests import factory

# Alpha City lies in Beta Land, which lies in Delta Region; Gamma Bay is there for contrast.
NESTED_PLACES = [
    {**factory.PLACES[0], "within": "beta"},
    {**factory.PLACES[1], "within": "delta"},
    factory.PLACES[2],
    {"id": "delta", "name": "Delta Region", "kind": "region", "lat": 5.0, "lon": -30.0},
]


def nested_pack(**fields):
    """The factory pack with its places nested, and a claim about the wider region."""
    data = factory.pack(**{"places": copy.deepcopy(NESTED_PLACES), **fields})
    data["claims"].append(
        factory.claim("test-c7", place="delta", stance="challenge", theme="stability")
    )
    return data


@pytest.mark.parametrize(
    ("parents", "loop"),
    [
        ({}, None),
        ({"a": ["b"], "b": ["c"]}, None),
        ({"a": ["a"]}, ["a", "a"]),
        ({"a": ["b"], "b": ["a"]}, ["a", "b", "a"]),
        ({"x": ["a"], "a": ["b"], "b": ["c"], "c": ["a"]}, ["a", "b", "c", "a"]),
        # A place in two places is no loop.
        ({"a": ["b", "c"], "b": ["d"], "c": ["d"]}, None),
    ],
)
def test_find_cycle(parents, loop):
    assert nesting.find_cycle(parents) == loop


def test_the_tree_gives_wider_places_nearest_first_and_narrower_ones_without_contrast():
    catalog = factory.catalog_of(nested_pack())
    tree = nesting.build_tree(catalog.places, catalog.nesting)
    assert tree.ancestors(["alpha"]) == ("beta", "delta")
    assert tree.ancestors(["alpha", "beta"]) == ("delta",)
    assert tree.descendants(["delta"]) == {"delta", "beta", "alpha"}
    assert tree.descendants(["alpha"]) == {"alpha"}


def test_a_comparison_place_is_never_counted_inside_a_wider_place():
    places = copy.deepcopy(NESTED_PLACES)
    places[2]["within"] = "beta"  # Gamma Bay, there for contrast, said to lie in Beta Land
    catalog = factory.catalog_of(nested_pack(places=places))
    tree = nesting.build_tree(catalog.places, catalog.nesting)
    assert "gamma" not in tree.descendants(["beta"])
    kept = filters.apply_filters(
        catalog.claims, facets.make_vocabulary(catalog), Selection(places=("beta",))
    ).frame
    assert "test-c5" not in set(kept["id"])


@pytest.mark.parametrize(
    ("within", "field", "message"),
    [
        ({"alpha": "nowhere"}, "places[0].within", "'nowhere' is not one of the pack's places"),
        ({"alpha": "alpha"}, "places[0].within", "'alpha' cannot lie within itself"),
        (
            {"alpha": "beta", "beta": "alpha"},
            "places[0].within",
            "'alpha' lies within 'beta' within 'alpha': places cannot loop",
        ),
    ],
)
def test_a_pack_names_a_wider_place_it_has_and_never_loops(within, field, message):
    data = factory.pack()
    for place in data["places"]:
        if place["id"] in within:
            place["within"] = within[place["id"]]
    pack, problems = load.check_pack_text(factory.dump(data), "x.yaml")
    assert pack is None
    assert [(p.field, p.message) for p in problems] == [(field, message)]


def test_packs_may_nest_a_place_differently_but_never_in_a_loop(tmp_path):
    # One pack puts Alpha City in Beta Land; another, Beta Land in Alpha City: a loop across
    # packs, refused in the second pack, which is left out.
    first = factory.pack("first-pack")
    first["places"][0]["within"] = "beta"
    second = factory.other_pack("second-pack")
    second["places"][1]["within"] = "alpha"
    factory.write_pack(tmp_path, first, "a.yaml")
    factory.write_pack(tmp_path, second, "b.yaml")
    packs, problems = load.check_packs(tmp_path)
    assert [pack.id for _, pack in packs] == ["first-pack"]
    assert [(p.field, p.message) for p in problems] == [
        (
            "places[1].within",
            "with the packs loaded before it, 'alpha' lies within 'beta' within 'alpha': "
            "places cannot loop",
        )
    ]
    # Nesting one place in two wider ones is allowed: it lies in both.
    second["places"][1].pop("within")
    second["places"][0]["within"] = "gamma"
    factory.write_pack(tmp_path, second, "b.yaml")
    packs, problems = load.check_packs(tmp_path)
    assert problems == []
    catalog = frames.build_catalog([pack for _, pack in packs])
    tree = nesting.build_tree(catalog.places, catalog.nesting)
    assert tree.parents["alpha"] == ("beta", "gamma")


def test_a_draft_statement_leaves_the_published_catalog_with_the_draft():
    draft = factory.other_pack("draft-pack", status="draft")
    draft["places"][0]["within"] = "beta"
    catalog = factory.catalog_of(factory.pack(), draft)
    assert list(catalog.nesting["place"]) == ["alpha"]
    assert frames.keep_published(catalog).nesting.empty


def sentence_and_marks(catalog, selection):
    shown = filters.apply_filters(catalog.claims, facets.make_vocabulary(catalog), selection)
    return shown.sentence, dict(zip(shown.frame["id"], shown.frame["applies_to"], strict=True))


def test_a_place_keeps_what_is_said_of_the_places_it_lies_in_marked_and_counted_apart():
    catalog = factory.catalog_of(nested_pack())
    sentence, marks = sentence_and_marks(catalog, Selection(places=("alpha",)))
    assert sentence == (
        "2 claims about Alpha City, and 3 about Beta Land and 1 about Delta Region as a whole"
    )
    assert marks == {
        "test-c1": "",
        "test-c2": "",
        "test-c3": "beta",
        "test-c4": "beta",
        "test-c6": "beta",
        "test-c7": "delta",
    }
    # A wider place keeps what is said of the places inside it, as its own.
    sentence, marks = sentence_and_marks(catalog, Selection(places=("delta",)))
    assert sentence == "6 claims about Delta Region"
    assert set(marks.values()) == {""}
    assert "test-c5" not in marks  # Gamma Bay, there for contrast, lies in none of them
    # The other filters narrow both parts.
    sentence, marks = sentence_and_marks(
        catalog, Selection(places=("alpha",), stances=("challenge",))
    )
    assert sentence == (
        "0 challenge claims about Alpha City, and 1 about Beta Land and 1 about Delta Region "
        "as a whole"
    )
    # Drafts are said last.
    shown = filters.apply_filters(
        catalog.claims, facets.make_vocabulary(catalog), Selection(places=("beta",)), drafts=True
    )
    assert shown.sentence == "5 claims about Beta Land, and 1 about Delta Region as a whole, " + (
        "including drafts"
    )


def test_without_nesting_a_place_keeps_only_its_own_claims():
    catalog = factory.catalog_of(factory.pack())
    sentence, marks = sentence_and_marks(catalog, Selection(places=("alpha",)))
    assert sentence == "2 claims about Alpha City"
    assert set(marks.values()) == {""}


def test_a_claim_naming_the_place_as_a_further_place_is_its_own():
    data = nested_pack()
    data["claims"][2]["other_places"] = ["alpha"]  # test-c3, about Beta Land, names Alpha City
    catalog = factory.catalog_of(data)
    _, marks = sentence_and_marks(catalog, Selection(places=("alpha",)))
    assert marks["test-c3"] == ""


def test_a_capped_view_keeps_the_places_own_claims_and_the_wider_challenges():
    data = nested_pack()
    data["claims"] += [factory.claim(f"own-{n}") for n in range(10)]
    catalog = factory.catalog_of(data)
    shown = filters.apply_filters(
        catalog.claims, facets.make_vocabulary(catalog), Selection(places=("alpha",))
    ).frame
    assert filters.order_for_cap(shown, 100)[:12] == [
        "test-c1",
        "test-c2",
        *(f"own-{n}" for n in range(10)),
    ]
    # Four points: the challenges of Beta Land and Delta Region make it in, beside two own.
    assert filters.order_for_cap(shown, 4) == ["test-c1", "test-c2", "test-c3", "test-c7"]
    # Marks travel into an export's claims.
    marked = filters.carry_marks(catalog.claims, shown)
    assert dict(zip(marked["id"], marked["applies_to"], strict=True))["test-c7"] == "delta"
    assert filters.carry_marks(catalog.claims, catalog.claims) is catalog.claims
