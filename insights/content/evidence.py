"""What other sources say about a claim: links both ways, the newest evidence, and freshness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pandas as pd

from insights.content import citation
from insights.content.citation import Dating

OUTGOING, INCOMING = "outgoing", "incoming"
# How a line opens, by the link's kind and which end the claim is: a corroboration reads the
# same both ways; an update or a contradiction is stated by the linking (newer) source, so the
# claim it names is "Updated by" or "Contradicted by" it, and the linking claim "Updates" or
# "Contradicts" the other.
LINE_OPENINGS = MappingProxyType(
    {
        ("corroborates", OUTGOING): "Also stated by",
        ("corroborates", INCOMING): "Also stated by",
        ("updates", INCOMING): "Updated by",
        ("updates", OUTGOING): "Updates",
        ("contradicts", OUTGOING): "Contradicts",
        ("contradicts", INCOMING): "Contradicted by",
    }
)
# The order lines are shown in: what speaks against a claim first, then what supports it.
LINE_ORDER = ("Contradicted by", "Updated by", "Contradicts", "Updates", "Also stated by")
_OTHER_FIELDS = ["text", "citation", "publisher", "published", "as_of", "source", "bias"]


@dataclass(frozen=True)
class Linked:
    """A claim of another source linked to this one, with what a card needs to open it."""

    id: str
    text: str
    citation: str
    publisher: str
    source: str
    dated: Dating
    bias: str
    kind: str
    direction: str
    note: str

    @property
    def opening(self) -> str:
        """Return how this link's line opens ("Updated by")."""
        return LINE_OPENINGS[(self.kind, self.direction)]


@dataclass(frozen=True)
class EvidenceLine:
    """One line of a claim's evidence: ``Also stated by 2 sources (2019, 2021)``, and its claims."""

    opening: str
    text: str
    claims: tuple[Linked, ...]


@dataclass(frozen=True)
class Freshness:
    """Whether a claim needs checking before it is shown, and why (or by what it is vouched)."""

    verify: bool
    line: str


def format_year(day: Dating) -> str:
    """Return the year a dating states, ``figures for 2023``, or ``date not stated``."""
    year = citation.year_of(day)
    if year is not None:
        return str(year)
    figures = citation.evidence_year(day)
    return f"figures for {figures}" if figures is not None else citation.NOT_STATED


def collect_linked(
    ids: Iterable[str], links: pd.DataFrame, claims: pd.DataFrame
) -> dict[str, tuple[Linked, ...]]:
    """Return, for each claim id given, the claims of other sources linked to it, both ways."""
    wanted = list(dict.fromkeys(ids))
    if links.empty or not wanted:
        return {cid: () for cid in wanted}
    others = claims[["id", *_OTHER_FIELDS]]
    found: dict[str, list[Linked]] = {cid: [] for cid in wanted}
    for mine, other, direction in (("claim", "target", OUTGOING), ("target", "claim", INCOMING)):
        rows = links.merge(pd.DataFrame({mine: wanted}), on=mine).merge(
            others.rename(columns={"id": other}), on=other
        )
        for row in rows.to_dict("records"):
            found[row[mine]].append(_linked(row, direction))
    return {cid: tuple(items) for cid, items in found.items()}


def index_linked(links: pd.DataFrame, claims: pd.DataFrame) -> Mapping[str, tuple[Linked, ...]]:
    """Return every linked claim's evidence, by claim id (claims no link names are left out)."""
    ends = pd.concat([links["claim"], links["target"]]) if not links.empty else []
    return MappingProxyType(collect_linked(ends, links, claims))


def _linked(row: Mapping[Hashable, Any], direction: str) -> Linked:
    note = row["note"]
    return Linked(
        id=row["target" if direction == OUTGOING else "claim"],
        text=row["text"],
        citation=row["citation"],
        publisher=row["publisher"],
        source=row["source"],
        dated=row["as_of"],
        bias=row["bias"],
        kind=row["kind"],
        direction=direction,
        note=note if isinstance(note, str) else "",
    )


def describe_sources(items: Sequence[Linked]) -> str:
    """Return who says it: ``Verisk Maplecroft, 2023`` or ``2 sources (2019, 2021)``."""
    sources = {item.source: item for item in items}
    if len(sources) == 1:
        only = next(iter(sources.values()))
        return f"{only.publisher}, {format_year(only.dated)}"
    years = sorted(format_year(item.dated) for item in sources.values())
    return f"{len(sources)} sources ({', '.join(years)})"


def make_lines(items: Sequence[Linked]) -> tuple[EvidenceLine, ...]:
    """Group a claim's linked claims into lines, contradictions first."""
    groups: dict[str, list[Linked]] = {}
    for item in items:
        groups.setdefault(item.opening, []).append(item)
    return tuple(
        EvidenceLine(
            opening, f"{opening} {describe_sources(groups[opening])}", tuple(groups[opening])
        )
        for opening in LINE_ORDER
        if opening in groups
    )


def newest_year(own: Dating, items: Iterable[Linked]) -> int | None:
    """Return the newest year among a claim's own date and its linked claims' dates."""
    dates = (own, *(i.dated for i in items))
    years = [y for y in (citation.evidence_year(d) for d in dates) if y is not None]
    return max(years) if years else None


def judge_freshness(
    own: Dating,
    items: Sequence[Linked],
    today: dt.date,
    stale_after: int,
    review_due: dt.date | None = None,
) -> Freshness:
    """Tell whether a claim needs checking: its team's review overdue, or its age (lifted when
    a recent source says the same thing)."""
    if review_due is not None and not pd.isna(review_due) and review_due < today:
        # The team's own date comes first: an overdue review is checked however fresh the source.
        return Freshness(
            True, f"{citation.VERIFY}: the team's review was due {citation.format_day(review_due)}"
        )
    if not citation.is_stale(own, today, stale_after):
        return Freshness(False, "")
    if not items:
        # Nothing else speaks to it: the age line's own mark says all there is.
        return Freshness(True, "")
    recent = [
        i
        for i in items
        if i.kind == "corroborates" and not citation.is_stale(i.dated, today, stale_after)
    ]
    if recent:
        return Freshness(False, f"no need to verify: corroborated by {_named(recent)}")
    against = [i for i in items if i.opening in ("Updated by", "Contradicted by")]
    if against:
        what = "; ".join(
            f"{line.opening.lower()} {describe_sources(line.claims)}"
            for line in make_lines(against)
        )
        return Freshness(True, f"{citation.VERIFY}: {what}")
    return Freshness(
        True, f"{citation.VERIFY}: every other source stating it is {stale_after}+ years old too"
    )


def _named(items: Sequence[Linked]) -> str:
    named = dict.fromkeys(f"{i.publisher}, {citation.format_day(i.dated)}" for i in items)
    return "; ".join(named)


def add_newest_evidence(claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Return the claims with a ``newest_evidence`` year: their own, or a linked claim's."""
    own = pd.Series(
        [citation.evidence_year(d) for d in claims["as_of"]], index=claims["id"], dtype="Int64"
    )
    # Each link lends each end the other end's year.
    lent = pd.concat(
        [
            pd.Series(own.reindex(links["target"]).to_numpy(), index=links["claim"]),
            pd.Series(own.reindex(links["claim"]).to_numpy(), index=links["target"]),
        ]
    )
    best = lent.groupby(level=0).max().reindex(own.index)
    newest = pd.concat([own, best.astype("Int64")], axis=1).max(axis=1).astype("Int64")
    return claims.assign(newest_evidence=newest.array)


def describe_freshness(
    as_of: Dating,
    today: dt.date,
    freshness: Freshness,
    stale_after: int,
) -> str:
    """Return the age line with the evidence's verdict in place of a bare 'verify' mark."""
    age = citation.describe_age(as_of, today, stale_after)
    if not freshness.line:
        return age
    return f"{age.removesuffix(f': {citation.VERIFY}')} — {freshness.line}"


@dataclass(frozen=True)
class VerifyRule:
    """What the one verify rule weighs besides a claim: the age setting and linked evidence."""

    stale_after: int
    # Each claim's linked claims of other sources, by claim id (index_linked).
    linked: Mapping[str, tuple[Linked, ...]] = field(default_factory=lambda: MappingProxyType({}))


def judge_claim(
    claim: Mapping[Hashable, Any], today: dt.date, rule: VerifyRule
) -> tuple[Freshness, str]:
    """Return a claim row's verify verdict and its age line, as every page and file gives them."""
    freshness = judge_freshness(
        claim["as_of"],
        rule.linked.get(claim["id"], ()),
        today,
        rule.stale_after,
        claim.get("review_due"),
    )
    return freshness, describe_freshness(claim["as_of"], today, freshness, rule.stale_after)


# What the rule reads of a claim row: a table of claims is judged on these columns alone.
_JUDGED = ("id", "as_of", "review_due")


def describe_claims(claims: pd.DataFrame, today: dt.date, rule: VerifyRule) -> list[str]:
    """Return each claim row's age line under the one verify rule, in row order."""
    read = claims[[c for c in _JUDGED if c in claims.columns]]
    return [judge_claim(c, today, rule)[1] for c in read.to_dict("records")]


@dataclass(frozen=True)
class ForAndAgainst:
    """What newer sources say about an objection: those that back it and those that do not."""

    backing: tuple[Linked, ...]
    against: tuple[Linked, ...]


def split_newer_evidence(own: Dating, items: Sequence[Linked]) -> ForAndAgainst:
    """Split a claim's linked claims from sources newer than it into for and against."""
    start = citation.evidence_year(own)

    def newer(item: Linked) -> bool:
        year = citation.evidence_year(item.dated)
        return start is None or (year is not None and year > start)

    recent = [i for i in items if newer(i)]
    return ForAndAgainst(
        backing=tuple(i for i in recent if i.kind != "contradicts"),
        against=tuple(i for i in recent if i.kind == "contradicts"),
    )


def sort_by_newest_evidence(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the claims newest evidence first (undated last), in content order within a year."""
    return claims.sort_values("newest_evidence", ascending=False, na_position="last", kind="stable")


def summarise_evidence(claims: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """Return each claim's evidence lines as one text ("" where no other source speaks to it)."""
    linked = index_linked(links, claims)
    lines = {cid: "; ".join(line.text for line in make_lines(ls)) for cid, ls in linked.items()}
    return pd.Series([lines.get(cid, "") for cid in claims["id"]], index=claims.index, dtype=str)


def add_evidence_columns(claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Return the claims with their newest evidence year and their evidence lines as text."""
    return add_newest_evidence(claims, links).assign(evidence=summarise_evidence(claims, links))
