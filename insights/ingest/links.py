"""Links from proposed claims to what the catalog already says: corroborates, updates,
contradicts, each with its reason (shared organisations, places, figures, similar wording)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from rapidfuzz import fuzz

from insights.content.citation import Dating, format_iso, surely_apart
from insights.ingest.figures import NUMBER_PATTERN, parse_number
from insights.ingest.gazetteer import fold

LinkKind = Literal["corroborates", "updates", "contradicts"]
# Wording this alike (rapidfuzz's token-set ratio, 0-100) counts as saying the same thing.
SIMILAR_WORDING = 55
# At most this many links proposed per claim, the best first.
LINKS_PER_CLAIM = 3
# A claim this much newer than the one it matches on a figure updates it.
UPDATE_AFTER = dt.timedelta(days=365)
_NUMBERS = re.compile(NUMBER_PATTERN)
_OPPOSED = frozenset({("strength", "challenge"), ("challenge", "strength")})


@dataclass(frozen=True)
class KnownClaim:
    """A claim the catalog already holds, with what a new claim may share with it."""

    id: str
    text: str
    places: frozenset[str]
    organisations: frozenset[str]
    theme: str
    stance: str
    as_of: Dating
    figures: frozenset[float] = frozenset()


@dataclass(frozen=True)
class NewClaim:
    """A proposed claim as the linker sees it."""

    id: str
    text: str
    places: frozenset[str]
    organisations: frozenset[str]
    theme: str
    stance: str
    figures: frozenset[float]


@dataclass(frozen=True)
class Link:
    """A probable link from a proposed claim to a known one, and why."""

    claim: str
    target: str
    kind: LinkKind
    reason: str
    score: float


def index_known(known: Sequence[KnownClaim]) -> Mapping[str, tuple[KnownClaim, ...]]:
    """Return the known claims by every place id and folded organisation they name."""
    index: dict[str, list[KnownClaim]] = {}
    for claim in known:
        for key in (
            *(f"place:{p}" for p in claim.places),
            *(f"org:{o}" for o in claim.organisations),
        ):
            index.setdefault(key, []).append(claim)
    return {k: tuple(v) for k, v in index.items()}


def _listed(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


def judge(new: NewClaim, old: KnownClaim, published: Dating) -> Link | None:
    """Say whether a proposed claim bears on a known one, how, and why; None if not."""
    orgs = new.organisations & old.organisations
    places = new.places & old.places
    figures = new.figures & old.figures
    wording = fuzz.token_set_ratio(fold(new.text), fold(old.text))
    similar = wording >= SIMILAR_WORDING
    same_topic = new.theme == old.theme
    if not (
        (orgs and (places or similar or same_topic)) or (similar and places) or (figures and places)
    ):
        return None
    reasons = []
    if orgs:
        reasons.append(f"both name {_listed(orgs)}")
    if places:
        reasons.append(f"both about {_listed(places)}")
    if figures:
        reasons.append("same figure " + _listed(f"{v:g}" for v in figures))
    reasons.append(f"wording {wording:.0f}% alike")
    kind: LinkKind = "corroborates"
    if same_topic and (new.stance, old.stance) in _OPPOSED:
        kind = "contradicts"
        reasons.append(f"a {new.stance} where it says a {old.stance}")
    elif (
        same_topic
        and new.figures
        and not figures
        and surely_apart(published, old.as_of, UPDATE_AFTER)
    ):
        kind = "updates"
        reasons.append(f"newer figures than its {format_iso(old.as_of)}")
    score = 2 * len(orgs) + len(places) + 2 * len(figures) + wording / 50
    return Link(new.id, old.id, kind, "; ".join(reasons)[:200], score)


def find_links(
    proposed: Sequence[NewClaim],
    known: Sequence[KnownClaim],
    published: Dating,
) -> list[Link]:
    """Return, per proposed claim, the known claims it probably bears on (best first, capped)."""
    index = index_known(known)
    links: list[Link] = []
    for new in proposed:
        keys = (*(f"place:{p}" for p in new.places), *(f"org:{o}" for o in new.organisations))
        candidates = {c.id: c for key in keys for c in index.get(key, ())}
        judged = [judge(new, old, published) for old in candidates.values()]
        found = sorted((j for j in judged if j is not None), key=lambda j: -j.score)
        links.extend(found[:LINKS_PER_CLAIM])
    return links


def known_from_catalog(
    claims: pd.DataFrame,
    companies: pd.DataFrame,
    leave_out: Collection[str] = (),
    url: str | None = None,
) -> list[KnownClaim]:
    """Return the catalog's claims as the linker sees them, but those of the same article.

    The same article is a pack left out (read from the same text) or one citing the same
    address: a claim never corroborates its own earlier copy.
    """
    same = claims["pack"].isin(list(leave_out))
    if url and "url" in claims:
        same = same | (claims["url"].astype(str) == url)
    claims = claims[~same]
    named: dict[str, set[str]] = {}
    for name, claim in zip(companies["name"], companies["claim"], strict=True):
        named.setdefault(str(claim), set()).add(fold(str(name)))
    places = claims["place_ids"] if "place_ids" in claims else claims["place"].map(lambda p: (p,))
    return [
        KnownClaim(
            id=str(cid),
            text=str(text),
            places=frozenset(str(p) for p in place_ids),
            organisations=frozenset(named.get(str(cid), ())),
            theme=str(theme),
            stance=str(stance),
            as_of=as_of,
            figures=frozenset(parse_number(n) for n in _NUMBERS.findall(str(text))),
        )
        for cid, text, place_ids, theme, stance, as_of in zip(
            claims["id"],
            claims["text"],
            places,
            claims["theme"],
            claims["stance"],
            claims["as_of"],
            strict=True,
        )
    ]
