"""What a saved pitch remembers of its claims, and what has changed in them since it was saved."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from insights.content import citation
from insights.pitch.plan import Pitch, claim_ids


class Change(enum.StrEnum):
    """How a claim differs from the one a pitch was saved with."""

    REWORDED = "reworded"
    REDATED = "re-dated"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Fingerprint:
    """A claim as it was when the pitch was saved: a digest of its words, and its date."""

    text: str
    as_of: str


@dataclass(frozen=True)
class Drift:
    """One claim of a saved pitch that has changed since the pitch was saved."""

    claim: str
    change: Change

    @property
    def sentence(self) -> str:
        """Return what changed, for the rep: ``Claim mx-energy was reworded since saving.``."""
        return f"Claim {self.claim} was {self.change.value} since this pitch was saved."


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _fingerprint(row: Mapping[Hashable, Any]) -> Fingerprint:
    return Fingerprint(_digest(str(row["text"])), citation.format_iso(row["as_of"]))


def take_fingerprints(pitch: Pitch, claims: pd.DataFrame) -> dict[str, Fingerprint]:
    """Return a fingerprint of every claim the pitch names, as the content has it now."""
    wanted = claims[claims["id"].isin(claim_ids(pitch.items))]
    return {row["id"]: _fingerprint(row) for row in wanted.to_dict("records")}


def find_drift(saved: Mapping[str, Fingerprint], claims: pd.DataFrame) -> tuple[Drift, ...]:
    """Return the claims reworded, re-dated or withdrawn since their fingerprints were taken."""
    now = {
        row["id"]: _fingerprint(row)
        for row in claims[claims["id"].isin(list(saved))].to_dict("records")
    }
    found: list[Drift] = []
    for claim, then in saved.items():
        current = now.get(claim)
        if current is None:
            found.append(Drift(claim, Change.WITHDRAWN))
        elif current.text != then.text:
            found.append(Drift(claim, Change.REWORDED))
        elif current.as_of != then.as_of:
            found.append(Drift(claim, Change.REDATED))
    return tuple(found)
