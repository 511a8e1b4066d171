"""The named things claims rest on: companies, universities, and challenge/answer pairs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from insights.content import citation
from insights.content.model import SOURCE_KINDS


@dataclass(frozen=True)
class CompanyGroup:
    """The companies one claim names in one place, with that claim."""

    place_name: str
    names: tuple[str, ...]
    claim: dict[Hashable, Any]


@dataclass(frozen=True)
class ResponsePair:
    """A challenge in view and the answers the source offers for it (maybe none)."""

    challenge: dict[Hashable, Any]
    remedies: tuple[dict[Hashable, Any], ...]


def in_view(
    entities: pd.DataFrame, claims_view: pd.DataFrame, column: str = "claim"
) -> pd.DataFrame:
    """Keep the entities whose claim (the id in this column) is in the view, in their order."""
    return entities.merge(claims_view[["id"]].rename(columns={"id": column}), on=column)


def attach_claims(entities: pd.DataFrame, claims: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Add each entity's supporting claim: its text, citation, age and the source's kind."""
    cited = claims.loc[
        claims["id"].isin(entities["claim"]), ["id", "text", "citation", "as_of", "source_kind"]
    ].rename(columns={"id": "claim", "text": "claim_text"})
    joined = entities.merge(cited, on="claim", how="left", validate="many_to_one")
    return joined.assign(
        # As text (a day, a year, or "not stated"): a table cell, whatever the source states.
        as_of=joined["as_of"].map(citation.format_iso),
        age=[citation.describe_age(d, today) for d in joined["as_of"]],
        bias=joined["source_kind"].map(lambda kind: SOURCE_KINDS.get(kind, "")),
    )


def group_companies(companies: pd.DataFrame, claims: pd.DataFrame) -> list[CompanyGroup]:
    """Group companies by the claim that names them, so each claim is shown once."""
    cited = claims[claims["id"].isin(companies["claim"])]
    by_id = {r["id"]: r for r in cited.to_dict("records")}
    names = companies.groupby(["claim", "place_name"], sort=False)["name"].unique()
    return [
        CompanyGroup(str(place_name), tuple(found), by_id[claim_id])
        for (claim_id, place_name), found in zip(names.index, names, strict=True)
    ]


def count_named(companies: pd.DataFrame) -> int:
    """Count the distinct companies named (the overview's KPI and the companies page agree)."""
    return int(companies["name"].nunique())


def count_universities(universities: pd.DataFrame) -> dict[str, str]:
    """Say per sector how many universities the sources report, in their words if no number."""
    out = {}
    for sector in ("public", "private"):
        rows = universities[universities["sector"] == sector]
        if rows.empty:
            continue
        counted = pd.to_numeric(rows["count"], errors="coerce").dropna()
        words = [str(int(counted.sum()))] if len(counted) else []
        words += [q for q in rows["qualifier"].drop_duplicates() if _is_text(q)]
        out[sector] = " + ".join(words)
    # Universities a source names without counting them by sector.
    if "name" in universities.columns:
        named = {n for n in universities["name"] if _is_text(n)}
        if named:
            out["named"] = str(len(named))
    return out


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def describe_universities(universities: pd.DataFrame) -> str:
    """Say how many universities the sources report, e.g. ``5 public + several private``."""
    return phrase_university_counts(count_universities(universities))


def phrase_university_counts(counts: dict[str, str]) -> str:
    """Say counts per sector as a phrase, e.g. ``5 public + several private``."""
    return " + ".join(f"{n} {sector}" for sector, n in counts.items()) or "none named"


def keep_challenges(claims_view: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims in view that describe an obstacle."""
    return claims_view[claims_view["stance"] == "challenge"]


def pair_responses(
    responses: pd.DataFrame, claims_view: pd.DataFrame, claims: pd.DataFrame
) -> list[ResponsePair]:
    """Pair each challenge in view with the remedies its source offers, in source order."""
    challenges = keep_challenges(claims_view)
    answered = responses[responses["challenge"].isin(challenges["id"])]
    cited = claims[claims["id"].isin(answered["remedy"])]
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
