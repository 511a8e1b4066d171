"""How a claim names its source and says how old it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A claim older than this gets a "verify before presenting" warning.
STALE_AFTER_YEARS = 3
VERIFY = "verify before presenting"
NOT_STATED = "date not stated"
# What marks a claim from a draft pack (shown only when drafts are included).
DRAFT_MARK = "Draft"


@dataclass(frozen=True)
class PartialDate:
    """A date as far as a source states it: a year alone, or none; never a guessed day."""

    # The year of publication where the month is not stated; None when no date is stated.
    year: int | None = None
    # The year the source's figures refer to, where the text gives one.
    figures_year: int | None = None


# What a source or claim is dated by: a day where the source states one, else what it states.
Dating = dt.date | PartialDate


def format_day(day: Dating) -> str:
    """Return a date as citations show it: ``20 Dec 2017``, ``2023 (month not stated)``."""
    if isinstance(day, dt.date):
        return f"{day.day} {day:%b %Y}"
    if day.year is not None:
        return f"{day.year} (month not stated)"
    figures = f" (figures for {day.figures_year})" if day.figures_year is not None else ""
    return f"{NOT_STATED}{figures}"


def format_iso(day: Dating) -> str:
    """Return a date as data files carry it: ISO ``2017-12-20``, a year, or ``not stated``."""
    if isinstance(day, dt.date):
        return day.isoformat()
    return str(day.year) if day.year is not None else "not stated"


def earliest_day(day: Dating) -> dt.date | None:
    """Return the earliest day a dating allows (1 January of a year alone), None if unknown."""
    if isinstance(day, dt.date):
        return day
    return dt.date(day.year, 1, 1) if day.year is not None else None


def latest_day(day: Dating) -> dt.date | None:
    """Return the latest day a dating allows (31 December of a year alone), None if unknown."""
    if isinstance(day, dt.date):
        return day
    return dt.date(day.year, 12, 31) if day.year is not None else None


def surely_apart(later: Dating, earlier: Dating, gap: dt.timedelta) -> bool:
    """Tell whether ``later`` is at least ``gap`` after ``earlier`` whatever days they stand for."""
    # A partial date stands for a span of days: only the closest pair of them can prove a gap.
    start, end = earliest_day(later), latest_day(earlier)
    return start is not None and end is not None and start - end >= gap


def year_of(day: Dating) -> int | None:
    """Return the year a dating states, or None when it states none."""
    return day.year if isinstance(day, (dt.date, PartialDate)) else None


def evidence_year(day: Dating) -> int | None:
    """Return the year a dating vouches for: its own, else the year its figures refer to."""
    if isinstance(day, dt.date):
        return day.year
    return day.year if day.year is not None else day.figures_year


def format_citation(
    publisher: str,
    former_name: str | None,
    published: Dating,
    paragraph: int,
    draft: bool = False,
) -> str:
    """Return a short citation like ``Aptum (then Cogeco Peer 1), 20 Dec 2017, ¶3``.

    A draft's claims open theirs with ``Draft ·``: the citation goes wherever the claim is
    shown (cards, slides, one-pagers, CSV), so the mark does too.
    """
    who = f"{publisher} (then {former_name})" if former_name else publisher
    line = f"{who}, {format_day(published)}, ¶{paragraph}"
    return f"{DRAFT_MARK} · {line}" if draft else line


def years_between(start: dt.date, end: dt.date) -> int:
    """Return the whole years from start to end (never negative)."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def _years_old(years: int) -> str:
    return "less than a year old" if years == 0 else f"{years} year{'s' * (years != 1)} old"


def describe_age(as_of: Dating, today: dt.date, stale_after_years: int = STALE_AFTER_YEARS) -> str:
    """Return an age line like ``as of Dec 2017 — 8 years old: verify before presenting``."""
    if isinstance(as_of, dt.date):
        line = f"as of {as_of:%b %Y} — {_years_old(years_between(as_of, today))}"
    elif as_of.year is not None:
        # The month is not stated: the age is given as its upper bound, never a guessed day.
        oldest = years_between(dt.date(as_of.year, 1, 1), today)
        line = f"as of {as_of.year} (month not stated) — up to {_years_old(oldest)}"
    else:
        line = format_day(as_of)
    return f"{line}: {VERIFY}" if is_stale(as_of, today, stale_after_years) else line


def is_stale(as_of: Dating, today: dt.date, stale_after_years: int = STALE_AFTER_YEARS) -> bool:
    """Tell whether a claim may be old enough to need checking before it is presented."""
    # A year alone counts from its first day; no date at all can never be vouched for.
    start = earliest_day(as_of)
    return start is None or years_between(start, today) >= stale_after_years
