"""The named things claims rest on: companies, universities, and challenge/answer pairs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from insights.content import citation, evidence
from insights.content.model import SOURCE_KINDS
from insights.view import filters


@dataclass(frozen=True)
class CompanyGroup:
    """One company, however its sources name it: where they place it and the claims naming it."""

    name: str
    # The other names sources give it ("Hewlett Packard" for HP).
    also: tuple[str, ...]
    places: tuple[str, ...]
    claims: tuple[dict[Hashable, Any], ...]


@dataclass(frozen=True)
class ResponsePair:
    """A challenge in view and the answers the source offers for it (maybe none)."""

    challenge: dict[Hashable, Any]
    remedies: tuple[dict[Hashable, Any], ...]


def in_view(
    entities: pd.DataFrame, claims_view: pd.DataFrame, column: str = "claim"
) -> pd.DataFrame:
    """Keep the entities whose claim (the id in this column) is in the view, in their order."""
    # A claim id is in a view once, so this keeps the rows (and order) a merge on it would.
    return entities[filters.among(entities[column], claims_view["id"])].reset_index(drop=True)


def attach_claims(
    entities: pd.DataFrame, claims: pd.DataFrame, today: dt.date, rule: evidence.VerifyRule
) -> pd.DataFrame:
    """Add each entity's supporting claim: its text, citation, age and the source's kind."""
    rows = claims[filters.among(claims["id"], entities["claim"])]
    # The one verify rule: the claim's age line and mark as its card gives them.
    ages = dict(zip(rows["id"], evidence.describe_claims(rows, today, rule), strict=True))
    cited = rows[["id", "text", "citation", "as_of", "source_kind"]].rename(
        columns={"id": "claim", "text": "claim_text"}
    )
    joined = entities.merge(cited, on="claim", how="left", validate="many_to_one")
    # A field the source leaves out is an empty cell, never a "None" or "nan" on screen.
    blanks = {
        c: joined[c].map(_cell) for c in ("count", "qualifier", "name", "sector") if c in joined
    }
    return joined.assign(
        **blanks,
        # As text (a day, a year, or "not stated"): a table cell, whatever the source states.
        as_of=joined["as_of"].map(citation.format_iso),
        age=joined["claim"].map(ages),
        bias=joined["source_kind"].map(lambda kind: SOURCE_KINDS.get(kind, "")),
    )


def group_companies(companies: pd.DataFrame, claims: pd.DataFrame) -> list[CompanyGroup]:
    """Group the claims naming each company under it, in order of first mention."""
    cited = claims[filters.among(claims["id"], companies["claim"])]
    by_id = {r["id"]: r for r in cited.to_dict("records")}
    groups = []
    for company, rows in companies.groupby("company", sort=False):
        others = (n for n in rows["name"] if n != company)
        groups.append(
            CompanyGroup(
                str(company),
                tuple(dict.fromkeys(others)),
                tuple(dict.fromkeys(rows["place_name"])),
                tuple(by_id[c] for c in dict.fromkeys(rows["claim"]) if c in by_id),
            )
        )
    return groups


def count_named(companies: pd.DataFrame) -> int:
    """Count the distinct companies named (the overview's KPI and the companies page agree).

    A company its sources name differently ("HP", "Hewlett Packard") counts once.
    """
    return int(companies["company"].nunique())


def count_universities(universities: pd.DataFrame) -> dict[str, str]:
    """Say per sector how many universities the sources report, in their words if no number."""
    out = {}
    # Arrays, not frames: a view of many places holds many rows, counted on every rerun.
    sectors = universities["sector"].to_numpy(dtype=object)
    numbers = pd.to_numeric(universities["count"], errors="coerce").to_numpy(dtype=float)
    qualifiers = universities["qualifier"].to_numpy(dtype=object)
    for sector in ("public", "private"):
        rows = sectors == sector
        if not rows.any():
            continue
        counted = numbers[rows]
        counted = counted[~np.isnan(counted)]
        words = [str(int(counted.sum()))] if len(counted) else []
        words += [q for q in dict.fromkeys(qualifiers[rows].tolist()) if _is_text(q)]
        out[sector] = " + ".join(words)
    # Universities a source names without counting them by sector.
    if "name" in universities.columns:
        named = {n for n in universities["name"] if _is_text(n)}
        if named:
            out["named"] = str(len(named))
    return out


def _cell(value: object) -> str:
    # A number as written (5, not 5.0), text as it is, and nothing for a field left out.
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else str(number)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


# What a view with no university reported shows: no source, which is not the same as none.
NO_UNIVERSITIES = "none reported"


def describe_universities(universities: pd.DataFrame) -> str:
    """Say how many universities the sources report, e.g. ``5 public + several private``."""
    return phrase_university_counts(count_universities(universities))


def describe_universities_by_place(universities: pd.DataFrame, label: bool) -> str:
    """Say the universities reported per place (``Guadalajara: 5 public + several private``).

    With label False (one place in view) the place's name is left out.
    """
    if universities.empty or not label:
        return describe_universities(universities)
    return "; ".join(
        f"{place}: {describe_universities(rows)}"
        for place, rows in universities.groupby("place_name", sort=False)
    )


def describe_universities_in_view(universities: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Say the universities reported, each count labelled by place when claims span several."""
    return describe_universities_by_place(universities, claims["place"].unique().size > 1)


def phrase_university_counts(counts: dict[str, str]) -> str:
    """Say counts per sector as a phrase, e.g. ``5 public + several private``."""
    return " + ".join(f"{n} {sector}" for sector, n in counts.items()) or NO_UNIVERSITIES


def keep_challenges(claims_view: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims in view that describe an obstacle."""
    return claims_view[claims_view["stance"] == "challenge"]


def pair_responses(
    responses: pd.DataFrame, claims_view: pd.DataFrame, claims: pd.DataFrame
) -> list[ResponsePair]:
    """Pair each challenge in view with the remedies its source offers, in source order."""
    challenges = keep_challenges(claims_view)
    answered = responses[filters.among(responses["challenge"], challenges["id"])]
    cited = claims[filters.among(claims["id"], answered["remedy"])]
    by_id = {r["id"]: r for r in cited.to_dict("records")}
    remedies: dict[str, list[dict[Hashable, Any]]] = {}
    for cid, rid in zip(answered["challenge"], answered["remedy"], strict=True):
        if rid in by_id:
            remedies.setdefault(cid, []).append(by_id[rid])
    return [
        ResponsePair(challenge, tuple(remedies.get(challenge["id"], ())))
        for challenge in challenges.to_dict("records")
    ]


def list_remedies(responses: pd.DataFrame, claims: pd.DataFrame) -> dict[str, str]:
    """Return every remedy a source offers (id to text), in catalog order: answers to pick."""
    offered = claims[claims["id"].isin(set(responses["remedy"]))]
    return dict(zip(offered["id"], offered["text"], strict=True))
