"""The named things claims rest on: companies, universities, and challenge/answer pairs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from insights.content import citation
from insights.content.model import SOURCE_KINDS
from insights.view import filters, paging


@dataclass(frozen=True)
class CompanyGroup:
    """The companies one claim names in one place, with that claim."""

    place_name: str
    names: tuple[str, ...]
    claim: dict[str, Any]


@dataclass(frozen=True)
class ResponsePair:
    """A challenge in view and the answers the source offers for it (maybe none)."""

    challenge: dict[str, Any]
    remedies: tuple[dict[str, Any], ...]


def rows_in(rows: pd.Series, view: pd.Index) -> np.ndarray:
    """Tell, for each claim row label (from frames.link_rows), whether it is among the view's."""
    # A view keeps the catalog's row labels, so membership is one boolean array indexed by
    # label: no hashing of claim ids, whatever the number of claims in view.
    labels = view.to_numpy()
    wanted = rows.to_numpy()
    size = 1 + max(
        int(labels.max()) if len(labels) else -1, int(wanted.max()) if len(wanted) else -1
    )
    present = np.zeros(size + 1, dtype=bool)  # the extra last slot answers -1 (no such claim)
    present[labels] = True
    return present[wanted]


def in_view(entities: pd.DataFrame, claims_view: pd.DataFrame) -> pd.DataFrame:
    """Keep the entities whose supporting claim is in the view (rows of the catalog's claims)."""
    # The view must keep the catalog's row labels (filters and paging do; a reset index would
    # not): the labels are what the entities' claim_row points at.
    return entities[rows_in(entities["claim_row"], claims_view.index)].reset_index(drop=True)


def attach_claims(entities: pd.DataFrame, claims: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Add each entity's supporting claim: its text, citation, age and the source's kind."""
    # claims: the catalog's claims (or a view keeping their row labels) holding every claim
    # these entities rest on; the loader refuses an entity citing a claim its pack lacks.
    # Looked up by row label (frames.link_rows): a page of entities costs a page of claims.
    cited = claims.loc[
        entities["claim_row"].to_numpy(), ["text", "citation", "as_of", "source_kind"]
    ]
    return entities.reset_index(drop=True).assign(
        claim_text=cited["text"].to_numpy(),
        citation=cited["citation"].to_numpy(),
        # As text (a day, a year, or "not stated"): a table cell, whatever the source states.
        as_of=[citation.format_iso(d) for d in cited["as_of"]],
        source_kind=cited["source_kind"].to_numpy(),
        age=[citation.describe_age(d, today) for d in cited["as_of"]],
        bias=[SOURCE_KINDS.get(str(kind), "") for kind in cited["source_kind"]],
    )


def group_companies(companies: pd.DataFrame, claims: pd.DataFrame) -> list[CompanyGroup]:
    """Group companies by the claim that names them, so each claim is shown once."""
    by_id = {r["id"]: r for r in paging.records(_cited_rows(claims, companies["claim_row"]))}
    # Grouped in plain Python: a page holds a few claims, and a groupby costs more to set up.
    names: dict[tuple[str, str], list[str]] = {}
    for claim_id, place_name, name in zip(
        companies["claim"], companies["place_name"], companies["name"], strict=True
    ):
        names.setdefault((str(claim_id), str(place_name)), []).append(str(name))
    return [
        CompanyGroup(place_name, tuple(dict.fromkeys(found)), by_id[claim_id])
        for (claim_id, place_name), found in names.items()
    ]


def count_named(companies: pd.DataFrame) -> int:
    """Count the distinct companies named (the overview's KPI and the companies page agree)."""
    return int(companies["name"].nunique())


def count_universities(universities: pd.DataFrame) -> dict[str, str]:
    """Say per sector how many universities the sources report, in their words if no number."""
    # Whole columns at once: a large view holds thousands of these rows.
    sectors = np.asarray(universities["sector"].astype(object).to_numpy())
    counts = pd.to_numeric(universities["count"], errors="coerce").to_numpy(dtype=float)
    qualifiers = np.asarray(universities["qualifier"].astype(object).to_numpy())
    out = {}
    for sector in ("public", "private"):
        mine = sectors == sector
        if not mine.any():
            continue
        counted = counts[mine]
        counted = counted[~np.isnan(counted)]
        words = [str(int(counted.sum()))] if counted.size else []
        words += [q for q in dict.fromkeys(qualifiers[mine].tolist()) if _is_text(q)]
        out[sector] = " + ".join(words)
    # Universities a source names without counting them by sector.
    if "name" in universities.columns:
        named = {n for n in universities["name"].astype(object).tolist() if _is_text(n)}
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


def label_challenges(claims_view: pd.DataFrame) -> pd.Index:
    """Return the row labels of the claims in view that describe an obstacle."""
    return filters.find_values(claims_view, "stance", ["challenge"])


def locate_challenges(claims_view: pd.DataFrame) -> np.ndarray:
    """Return the positions of the claims in view that describe an obstacle."""
    return filters.locate_values(claims_view, "stance", ["challenge"])


def keep_challenges(claims_view: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims in view that describe an obstacle."""
    return filters.keep_values(claims_view, "stance", ["challenge"])


def _cited_rows(claims: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    # Looked up by row label (frames.link_rows), so a page of entities costs a page of claims,
    # never a pass over every claim.
    positions = claims.index.get_indexer(pd.Index(pd.unique(rows.to_numpy())))
    return claims.take(positions[positions >= 0])


def pair_responses(
    responses: pd.DataFrame, claims_view: pd.DataFrame, claims: pd.DataFrame
) -> list[ResponsePair]:
    """Pair each challenge in view with the remedies its source offers, in source order."""
    challenges = keep_challenges(claims_view)
    answered = responses[rows_in(responses["challenge_row"], challenges.index)]
    by_id = {r["id"]: r for r in paging.records(_cited_rows(claims, answered["remedy_row"]))}
    remedies: dict[str, list[dict[str, Any]]] = {}
    for cid, rid in zip(answered["challenge"], answered["remedy"], strict=True):
        if rid in by_id:
            remedies.setdefault(cid, []).append(by_id[rid])
    return [
        ResponsePair(challenge, tuple(remedies.get(challenge["id"], ())))
        for challenge in paging.records(challenges)
    ]
