import dataclasses
import datetime as dt

import pytest

from insights.content import citation, evidence
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import factory

TODAY = dt.date(2026, 11, 25)


def resolve(catalog, items, stale_after=3, **names):
    return talk.resolve_talk(
        Pitch(items=items, **names), catalog.claims, TODAY, factory.verify_rule(stale_after)
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
    assert talk.write_notes(closing, made).startswith("No seller profile is set")
    assert talk.write_notes(None, made) == f"Ages are counted to 25 Nov 2026.\n{source}"


@pytest.mark.parametrize(
    ("with_profile", "public_url", "expected"),
    [
        (False, "", []),
        (
            False,
            "https://insights.example/",
            [
                ("Get a quote", "https://insights.example/request?kind=quote&place=alpha%2Cbeta"),
                ("Talk to us", "https://insights.example/request?kind=contact&place=alpha%2Cbeta"),
            ],
        ),
        (True, "", [("Book a meeting", "https://seller.example/book")]),
        (
            True,
            "https://insights.example",
            [
                ("Book a meeting", "https://seller.example/book"),
                ("Get a quote", "https://insights.example/request?kind=quote&place=alpha%2Cbeta"),
                ("Talk to us", "https://insights.example/request?kind=contact&place=alpha%2Cbeta"),
            ],
        ),
    ],
)
def test_the_closing_is_the_sellers_and_never_a_sources(with_profile, public_url, expected):
    """Booking link first, then the app's own forms; no source's call to action, ever."""
    profile = factory.seller_profile() if with_profile else None
    closing = talk.make_closing(profile, public_url, {"place": ["alpha", "beta"], "theme": []})
    assert [(link.label, link.target) for link in closing.links] == expected
    assert closing.company == ("Northwind Cloud" if with_profile else "")
    assert closing.prompt == (
        "Book 30 minutes with us" if with_profile else "Contact your account team"
    )
    assert closing.contact == (
        ("Dana Ruiz, Account Executive", "dana@seller.example", "+1 555 0100")
        if with_profile
        else ()
    )


def test_screens_open_with_a_cover_naming_the_seller_and_close_with_their_call(catalog):
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4")), prospect="Acme")
    made = talk.with_closing(made, talk.make_closing(factory.seller_profile()))
    cover, point, pair, closing = talk.make_screens(made)
    assert cover == talk.Cover("Testland: talking points", "Acme", TODAY, 3, "Northwind Cloud")
    assert (point, pair) == made.items
    assert closing == made.closing
    assert talk.write_notes(closing, made).startswith("Our own call to action")


def test_screens_close_with_a_plain_closing_without_a_profile(catalog):
    screens = talk.make_screens(resolve(catalog, ("test-c1",)))
    assert [type(s) for s in screens] == [talk.Cover, talk.Point, talk.Closing]
    assert screens[-1] == talk.Closing()


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


def resolve_figures(data, items, stale_after=3):
    catalog = factory.catalog_of(data)
    return talk.resolve_talk(
        Pitch(items=items), catalog.claims, TODAY, factory.verify_rule(stale_after), catalog.figures
    )


FIGURE_SOURCE = "Source: Example Research (vendor blog), Mar 2020, ¶{n}"


@pytest.mark.parametrize(
    ("fid", "shown", "place", "when", "paragraph"),
    [
        ("fig-alpha", "300,000", "Alpha City", "2023", 1),
        ("fig-gamma", "about 120,500", "Gamma Bay", "2023", 1),
        ("fig-fdi", "USD 29 billion", "Alpha City", "first half of 2023", 2),
        ("fig-wages", "42%", "Alpha City", "the last five years", 1),
        ("fig-rank", "no. 23", "Alpha City", "period not stated", 2),
        ("fig-exports", "more than $20 billion", "Alpha City", "at publication", 2),
    ],
)
def test_each_figure_is_typed_and_read_with_its_source_line(fid, shown, place, when, paragraph):
    made = resolve_figures(factory.figures_pack(), ("test-c1", "test-c2", "test-c6"))
    figure = next(f for f in made.figures if f.id == fid)
    assert (figure.shown, figure.place_name, figure.when) == (shown, place, when)
    assert figure.source_line == FIGURE_SOURCE.format(n=paragraph)
    assert figure.source == made.points[0].source
    assert figure.citation == f"Example Research (then Old Example), 15 Mar 2020, ¶{paragraph}"
    assert (figure.age, figure.stale) == (
        "as of Mar 2020 — 6 years old: verify before presenting",
        True,
    )


def test_figures_keep_their_typed_fields():
    made = resolve_figures(factory.figures_pack(), ("test-c2",))
    fdi = made.figures[0]
    assert (fdi.measure, fdi.value, fdi.unit, fdi.currency, fdi.scale, fdi.qualifier) == (
        "fdi",
        29.0,
        "money",
        "USD",
        "billion",
        None,
    )
    assert (fdi.place, fdi.period, fdi.claim, fdi.as_of) == (
        "alpha",
        "first half of 2023",
        "test-c2",
        dt.date(2020, 3, 15),
    )


@pytest.mark.parametrize(
    ("items", "ids"),
    [
        (("test-c6", "test-c1"), ["fig-rank", "fig-exports", "fig-alpha", "fig-beta", "fig-gamma"]),
        ((Pair("test-c3", "test-c4"), "test-c2"), ["fig-fdi", "fig-wages"]),
        (("test-c3",), []),
    ],
)
def test_only_the_figures_resting_on_the_points_come_in_the_points_order(items, ids):
    assert [f.id for f in resolve_figures(factory.figures_pack(), items).figures] == ids


def test_without_the_figures_frame_a_talk_has_none():
    data = factory.figures_pack()
    assert resolve(factory.catalog_of(data), ("test-c1",)).figures == ()


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ({"published": "not stated"}, "date not stated"),
        ({"published": None, "published_year": 2023}, "2023"),
    ],
)
def test_a_figure_is_dated_as_far_as_its_source_is(source, shown):
    data = factory.figures_pack()
    data["source"] = {**data["source"], **source}
    (figure,) = resolve_figures(data, ("test-c2",)).figures[:1]
    assert figure.source_line == f"Source: Example Research (vendor blog), {shown}, ¶2"


def test_a_figure_dated_on_its_own_keeps_its_date():
    data = factory.figures_pack()
    data["figures"][3]["as_of"] = "2026-06-01"
    fdi = resolve_figures(data, ("test-c2",)).figures[0]
    assert (fdi.source_line, fdi.age, fdi.stale) == (
        "Source: Example Research (vendor blog), Jun 2026, ¶2",
        "as of Jun 2026 — less than a year old",
        False,
    )


def test_figure_screens_chart_a_measure_and_list_the_rest_before_the_call():
    made = resolve_figures(factory.figures_pack(), ("test-c1", "test-c2", "test-c6"))
    screens = talk.make_screens(made)
    assert [type(s) for s in screens] == [
        talk.Cover,
        talk.Point,
        talk.Point,
        talk.Point,
        talk.FigureSlide,
        talk.FigureSlide,
        talk.Closing,
    ]
    chart, listed = screens[4:6]
    assert (chart.title, chart.chart, [f.id for f in chart.figures]) == (
        "Tech specialists",
        True,
        ["fig-alpha", "fig-beta", "fig-gamma"],
    )
    assert (listed.title, listed.chart, [f.id for f in listed.figures]) == (
        talk.FIGURES_TITLE,
        False,
        ["fig-fdi", "fig-wages", "fig-rank", "fig-exports"],
    )


def test_no_figure_no_figure_screen():
    made = resolve_figures(factory.pack(), ("test-c1", "test-c2", "test-c6"))
    assert made.figures == ()
    assert not any(isinstance(s, talk.FigureSlide) for s in talk.make_screens(made))


@pytest.mark.parametrize(
    ("changes", "charted"),
    [
        # Three places, one unit: a chart.
        ([{}, {"place": "beta"}, {"place": "gamma"}], True),
        # One place, two periods: a chart.
        ([{}, {"period": "2024"}], True),
        # The same place and period twice: nothing to compare.
        ([{}, {}], False),
        # Bars in different scales would compare unlike numbers.
        ([{}, {"place": "beta", "value": 1.4, "scale": "million"}], False),
        # One figure alone.
        ([{}], False),
    ],
)
def test_a_measure_is_charted_only_where_a_chart_compares_like_with_like(changes, charted):
    data = factory.pack(
        figures=[factory.figure(f"f{i}", **change) for i, change in enumerate(changes)]
    )
    (screen,) = talk.make_figure_slides(resolve_figures(data, ("test-c1",)).figures)
    assert (screen.chart, len(screen.figures)) == (charted, len(changes))


@pytest.mark.parametrize(
    ("count", "sizes"), [(1, [1]), (4, [4]), (5, [3, 2]), (8, [4, 4]), (9, [3, 3, 3])]
)
def test_single_figures_are_listed_at_most_four_a_slide_spread_evenly(count, sizes):
    data = factory.pack(figures=[factory.figure(f"f{i}", measure=f"m{i}") for i in range(count)])
    screens = talk.make_figure_slides(resolve_figures(data, ("test-c1",)).figures)
    assert [len(s.figures) for s in screens] == sizes


def test_notes_of_a_figure_screen_give_each_figures_citation_age_and_bias():
    made = resolve_figures(factory.figures_pack(), ("test-c2",))
    (screen,) = talk.make_figure_slides(made.figures)
    assert talk.write_notes(screen, made).splitlines() == [
        "Foreign direct investment, Alpha City, first half of 2023: USD 29 billion. "
        "Example Research (then Old Example), 15 Mar 2020, ¶2 · as of Mar 2020 — 6 years old: "
        "verify before presenting. Bias: Written by a vendor with an interest in the region.",
        "Growth of tech wages, Alpha City, the last five years: 42%. "
        "Example Research (then Old Example), 15 Mar 2020, ¶1 · as of Mar 2020 — 6 years old: "
        "verify before presenting. Bias: Written by a vendor with an interest in the region.",
    ]


@pytest.mark.parametrize(
    ("stale_after", "expected"),
    [
        (
            3,
            [
                ("beta-instability", False, "no need to verify: corroborated by Newer Analytics"),
                ("alpha-campus", True, "verify before presenting: updated by Newer Analytics"),
                ("alpha-funds", True, "verify before presenting: contradicted by Newer Analytics"),
            ],
        ),
        (
            30,
            [
                ("beta-instability", False, "years old"),
                ("alpha-campus", False, "years old"),
                ("alpha-funds", False, "years old"),
            ],
        ),
    ],
)
def test_a_point_is_judged_by_the_one_verify_rule_every_page_uses(stale_after, expected):
    catalog = factory.catalog_of(factory.sales_pack(), factory.evidence_pack())
    # The evidence pack is dated from the real day, so the rule is applied on it too.
    today = dt.date.today()
    rule = factory.verify_rule(stale_after, catalog)
    pitch = Pitch(items=tuple(e[0] for e in expected))
    made = talk.resolve_talk(pitch, catalog.claims, today, rule)
    rows = {c["id"]: c for c in catalog.claims.to_dict("records")}
    verdicts = {p.id: evidence.judge_claim(rows[p.id], today, rule) for p in made.points}
    assert [(p.id, p.stale) for p in made.points] == [(e[0], e[1]) for e in expected]
    assert all(fragment in p.age for p, (_, _, fragment) in zip(made.points, expected, strict=True))
    assert [(p.stale, p.age) for p in made.points] == [
        (verdicts[p.id][0].verify, verdicts[p.id][1]) for p in made.points
    ]
    assert made.stale_after == stale_after
