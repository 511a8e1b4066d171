import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.content import citation

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "today", "line"),
    [
        (
            D(2017, 12, 20),
            D(2026, 11, 25),
            "as of Dec 2017 — 8 years old: verify before presenting",
        ),
        (
            D(2017, 12, 20),
            D(2026, 12, 20),
            "as of Dec 2017 — 9 years old: verify before presenting",
        ),
        (D(2024, 1, 1), D(2026, 11, 25), "as of Jan 2024 — 2 years old"),
        (
            D(2023, 11, 25),
            D(2026, 11, 25),
            "as of Nov 2023 — 3 years old: verify before presenting",
        ),
        (D(2025, 11, 26), D(2026, 11, 25), "as of Nov 2025 — less than a year old"),
        (D(2025, 11, 25), D(2026, 11, 25), "as of Nov 2025 — 1 year old"),
        (D(2030, 1, 1), D(2026, 11, 25), "as of Jan 2030 — less than a year old"),
    ],
)
def test_describe_age(as_of, today, line):
    assert citation.describe_age(as_of, today) == line


def test_stale_threshold_is_a_parameter():
    assert citation.describe_age(D(2024, 1, 1), D(2026, 6, 1), stale_after_years=2).endswith(
        "verify before presenting"
    )
    assert not citation.is_stale(D(2024, 1, 1), D(2026, 6, 1))
    assert citation.is_stale(D(2024, 1, 1), D(2026, 6, 1), stale_after_years=2)


@pytest.mark.parametrize(
    ("former", "draft", "line"),
    [
        ("Cogeco Peer 1", False, "Aptum (then Cogeco Peer 1), 20 Dec 2017, ¶4"),
        (None, False, "Aptum, 20 Dec 2017, ¶4"),
        (None, True, "Draft · Aptum, 20 Dec 2017, ¶4"),
    ],
)
def test_format_citation(former, draft, line):
    assert citation.format_citation("Aptum", former, D(2017, 12, 20), 4, draft) == line


@pytest.mark.parametrize(
    ("day", "shown"),
    [(dt.date(2017, 12, 5), "5 Dec 2017"), (dt.date(2026, 11, 25), "25 Nov 2026")],
)
def test_format_day(day, shown):
    assert citation.format_day(day) == shown


P = citation.PartialDate


@pytest.mark.parametrize(
    ("as_of", "today", "line", "stale"),
    [
        (
            P(2023),
            D(2026, 12, 2),
            "as of 2023 (month not stated) — up to 3 years old: verify before presenting",
            True,
        ),
        (P(2024), D(2026, 12, 2), "as of 2024 (month not stated) — up to 2 years old", False),
        (
            P(2026),
            D(2026, 1, 2),
            "as of 2026 (month not stated) — up to less than a year old",
            False,
        ),
        (
            P(None, 2023),
            D(2024, 1, 2),
            "date not stated (figures for 2023): verify before presenting",
            True,
        ),
        (P(), D(2024, 1, 2), "date not stated: verify before presenting", True),
    ],
)
def test_a_date_the_source_does_not_state_is_never_guessed(as_of, today, line, stale):
    assert citation.describe_age(as_of, today) == line
    assert citation.is_stale(as_of, today) is stale


@pytest.mark.parametrize(
    ("day", "shown", "iso", "year"),
    [
        (D(2021, 7, 15), "15 Jul 2021", "2021-07-15", 2021),
        (P(2023, 2023), "2023 (month not stated)", "2023", 2023),
        (P(None, 2023), "date not stated (figures for 2023)", "not stated", None),
        (P(), "date not stated", "not stated", None),
    ],
)
def test_datings_are_shown_as_stated(day, shown, iso, year):
    assert citation.format_day(day) == shown
    assert citation.format_iso(day) == iso
    assert citation.year_of(day) == year


_DATINGS = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.builds(
        citation.PartialDate,
        st.one_of(st.none(), st.integers(1990, 2040)),
        st.one_of(st.none(), st.integers(1990, 2040)),
    ),
)


@given(_DATINGS, _DATINGS, st.integers(0, 4000))
def test_surely_apart_compares_every_kind_of_dating(later, earlier, days):
    """Full days, years alone and no date compare; only a gap every reading shares counts."""
    gap = dt.timedelta(days=days)
    apart = citation.surely_apart(later, earlier, gap)
    start, end = citation.earliest_day(later), citation.latest_day(earlier)
    assert apart == (start is not None and end is not None and start - end >= gap)
    if apart:
        # Every day each dating may stand for is at least the gap apart.
        assert citation.latest_day(later) - citation.earliest_day(earlier) >= gap


@pytest.mark.parametrize(
    ("later", "earlier", "apart"),
    [
        (dt.date(2022, 6, 1), citation.PartialDate(2020), True),
        (dt.date(2022, 6, 1), citation.PartialDate(2021), False),
        (citation.PartialDate(2023), dt.date(2021, 12, 31), True),
        (citation.PartialDate(2023), dt.date(2022, 1, 2), False),
        (dt.date(2022, 6, 1), citation.PartialDate(None, 2019), False),
        (citation.PartialDate(None), dt.date(2000, 1, 1), False),
    ],
)
def test_surely_apart_reads_a_year_as_the_span_it_covers(later, earlier, apart):
    """A year alone covers its whole year; a source that states no date proves no gap."""
    assert citation.surely_apart(later, earlier, dt.timedelta(days=365)) is apart
