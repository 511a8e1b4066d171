"""Headline numbers for a view, each with the words that explain it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from insights.view import entities, filters


@dataclass(frozen=True)
class Kpi:
    """One headline figure: what it counts, its value as shown, and how it was derived."""

    label: str
    value: str
    help: str


def _where(universities: pd.DataFrame, claims_view: pd.DataFrame) -> str:
    # A count for one place among several in view names it; counts of several say how many.
    places = universities["place_name"].unique()
    if len(places) > 1:
        return f" in {len(places)} places"
    seen = claims_view["place"].to_numpy()
    if len(seen) and (seen != seen[0]).any():
        return f" in {places[0]}"
    return ""


def compute_kpis(
    claims_view: pd.DataFrame,
    companies: pd.DataFrame,
    universities: pd.DataFrame,
    responses: pd.DataFrame,
) -> list[Kpi]:
    """Return the overview's figures for the claims in view."""
    ids = claims_view["id"]
    named = companies["company"][filters.among(companies["claim"], ids)]
    shown_universities = entities.in_view(universities, claims_view)
    # The challenges' ids alone: a view may hold thousands of claims of many columns.
    challenges = ids[claims_view["stance"].to_numpy() == "challenge"]
    answered = responses["remedy"][filters.among(responses["challenge"], challenges)]
    universities_by_sector = entities.count_universities(shown_universities)
    return [
        Kpi(
            "Companies named",
            str(named.nunique()),
            "Companies the source names as present in the places in view.",
        ),
        Kpi(
            f"Universities{_where(shown_universities, claims_view)} "
            f"({' · '.join(universities_by_sector)})",
            " · ".join(universities_by_sector.values()),
            f"{entities.describe_universities_by_place(shown_universities, True)}, as the "
            "sources report them; where one gives no number we keep its word.",
        )
        if universities_by_sector
        else Kpi(
            "Universities",
            entities.NO_UNIVERSITIES,
            "No source in view reports a university here: not that there is none.",
        ),
        Kpi(
            "Challenges",
            str(len(challenges)),
            "Claims in view that describe an obstacle.",
        ),
        Kpi(
            "Answers offered",
            str(answered.nunique()),
            "Distinct remedies the source offers for the challenges in view.",
        ),
    ]
