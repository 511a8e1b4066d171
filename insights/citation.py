"""How a claim names its source and says how old it is."""

from __future__ import annotations

import datetime as dt

# A claim older than this gets a "verify before presenting" warning.
STALE_AFTER_YEARS = 3
# What marks a claim from a draft pack (shown only when drafts are included).
DRAFT_MARK = "Draft"


def format_day(day: dt.date) -> str:
    """Return a date as citations, slides and one-pagers show it, e.g. ``20 Dec 2017``."""
    return f"{day.day} {day:%b %Y}"


def format_citation(
    publisher: str,
    former_name: str | None,
    published: dt.date,
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


def describe_age(as_of: dt.date, today: dt.date, stale_after_years: int = STALE_AFTER_YEARS) -> str:
    """Return an age line like ``as of Dec 2017 — 8 years old: verify before presenting``."""
    years = years_between(as_of, today)
    age = "less than a year old" if years == 0 else f"{years} year{'s' * (years != 1)} old"
    line = f"as of {as_of:%b %Y} — {age}"
    return f"{line}: verify before presenting" if years >= stale_after_years else line


def is_stale(as_of: dt.date, today: dt.date, stale_after_years: int = STALE_AFTER_YEARS) -> bool:
    """Tell whether a claim is old enough to need checking before it is presented."""
    return years_between(as_of, today) >= stale_after_years
