import dataclasses
import datetime as dt

import pytest

from insights import citation, talk
from insights.pitch import Pair, Pitch
from tests import factory

TODAY = dt.date(2026, 11, 25)


def resolve(catalog, items, stale_after=3, **names):
    return talk.resolve_talk(
        Pitch(items=items, **names), catalog.claims, catalog.calls, TODAY, stale_after
    )


def test_resolve_orders_points_with_citation_and_age(catalog):
    made = resolve(catalog, ("test-c6", Pair("test-c3", "test-c4"), "test-c1"))
    first, pair, last = made.items
    assert (first.id, first.citation, first.age, first.stale) == (
        "test-c6",
        "Example Research (then Old Example), 15 Mar 2020, ¶2",
        "as of Mar 2020 — 6 years old: verify before presenting",
        True,
    )
    assert (pair.challenge.id, pair.response.id) == ("test-c3", "test-c4")
    assert last.id == "test-c1"
    assert [p.id for p in made.points] == ["test-c6", "test-c3", "test-c4", "test-c1"]
    assert made.made_on == TODAY
    assert first.source == talk.Source(
        publisher="Example Research",
        former_name="Old Example",
        title="A test source",
        published=dt.date(2020, 3, 15),
        url="https://example.test/report",
        kind="vendor blog",
        bias="Written by a vendor with an interest in the region.",
    )
    assert made.sources == (first.source,)


@pytest.mark.parametrize(
    ("stale_after", "age", "stale", "count"),
    [
        (3, "as of Mar 2020 — 6 years old: verify before presenting", True, 2),
        (7, "as of Mar 2020 — 6 years old", False, 0),
    ],
)
def test_stale_age_is_configurable(catalog, stale_after, age, stale, count):
    made = resolve(catalog, ("test-c1", "test-c2"), stale_after)
    assert (made.items[0].age, made.items[0].stale, made.stale_count) == (age, stale, count)


def test_as_of_overrides_the_source_date():
    data = factory.pack()
    data["claims"][0]["as_of"] = "2026-01-10"
    catalog = factory.catalog_of(data)
    (point,) = resolve(catalog, ("test-c1",)).items
    assert (point.age, point.stale) == ("as of Jan 2026 — less than a year old", False)


def test_unknown_items_are_skipped(catalog):
    made = resolve(catalog, ("zz", "test-c1", Pair("test-c3", "zz")))
    assert [p.id for p in made.items] == ["test-c1"]


@pytest.mark.parametrize(
    ("names", "title"),
    [({}, "Testland: talking points"), ({"title": "For Acme"}, "For Acme")],
)
def test_title_defaults_to_the_region(catalog, names, title):
    assert resolve(catalog, ("test-c1",), **names).title == title


def test_title_is_generic_across_regions():
    catalog = factory.catalog_of(
        factory.pack(), {**factory.pack("other-pack"), "region": {"id": "o", "name": "Other"}}
    )
    made = resolve(catalog, ("test-c1", "other-c1"))
    assert made.title == talk.DEFAULT_TITLE


def test_source_line_and_rep_note(catalog):
    (point,) = resolve(catalog, ("test-c6",)).items
    assert point.source_line == "Source: Example Research (vendor blog), Mar 2020, ¶2"
    assert point.rep_note == (
        "Example Research (then Old Example), 15 Mar 2020, ¶2 · as of Mar 2020 — 6 years old: "
        "verify before presenting. Bias: Written by a vendor with an interest in the region."
    )


@pytest.mark.parametrize(
    ("stale_after", "first"),
    [
        (3, "3 of 3 points are 3 or more years old: verify them before presenting."),
        (10, "No point is 10 or more years old."),
    ],
)
def test_notes_tell_the_rep_what_to_check(catalog, stale_after, first):
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4")), stale_after)
    cover, point, pair, closing = talk.make_screens(made)
    source = (
        "Example Research (then Old Example), A test source: https://example.test/report. "
        "Bias: Written by a vendor with an interest in the region."
    )
    assert talk.write_notes(cover, made) == f"{first}\n{source}"
    assert talk.write_notes(point, made) == point.rep_note
    assert talk.write_notes(pair, made) == (
        f"Objection: {pair.challenge.rep_note}\nAnswer: {pair.response.rep_note}"
    )
    assert talk.write_notes(closing, made) == "The source's own call to action (¶3)."
    assert talk.write_notes(None, made) == f"Ages are counted to 25 Nov 2026.\n{source}"


@pytest.mark.parametrize(
    ("public_url", "params", "targets"),
    [
        ("", {}, ["https://example.test/talk"]),
        ("https://insights.example/", {"place": ["alpha"]}, ["https://example.test/talk"]),
    ],
)
def test_links_lead_to_the_source_without_a_form(catalog, public_url, params, targets):
    made = talk.with_public_links(resolve(catalog, ("test-c1",)), public_url, params)
    assert [link.target for link in made.links] == targets


def test_links_lead_to_the_public_request_form():
    catalog = factory.catalog_of(factory.sales_pack())
    made = talk.with_public_links(
        resolve(catalog, ("test-c1",)),
        "https://insights.example/",
        {"place": ["alpha", "beta"], "theme": []},
    )
    assert [(link.label, link.target) for link in made.links][1:] == [
        ("Ask a specialist", "https://insights.example/request?kind=contact&place=alpha%2Cbeta"),
        ("Request a price", "https://insights.example/request?kind=quote&place=alpha%2Cbeta"),
    ]


def test_screens_open_with_a_cover_and_close_with_the_call(catalog):
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4")), prospect="Acme")
    cover, point, pair, closing = talk.make_screens(made)
    assert cover == talk.Cover("Testland: talking points", "Acme", TODAY, 3)
    assert (point, pair) == made.items
    assert closing == talk.Closing(catalog.calls)


def test_screens_without_a_call_to_action():
    catalog = factory.catalog_of({**factory.pack(), "call_to_action": None})
    screens = talk.make_screens(resolve(catalog, ("test-c1",)))
    assert [type(s) for s in screens] == [talk.Cover, talk.Point]


@pytest.mark.parametrize(
    ("position", "count", "kept"), [(0, 5, 0), (4, 5, 4), (7, 5, 4), (-2, 5, 0), (3, 0, 0)]
)
def test_clamp_position(position, count, kept):
    assert talk.clamp_position(position, count) == kept


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        (dt.date(2017, 12, 20), "Dec 2017"),
        (citation.PartialDate(year=2023), "2023"),
        (citation.PartialDate(), "date not stated"),
    ],
)
def test_a_source_line_dates_a_point_as_far_as_its_source_does(catalog, as_of, shown):
    (point,) = resolve(catalog, ("test-c1",)).items
    dated = dataclasses.replace(point, as_of=as_of)
    assert dated.source_line == f"Source: Example Research (vendor blog), {shown}, ¶1"
