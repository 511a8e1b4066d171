"""Building the draft pack from proposed claims, and applying a reviewer's edits to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from insights import load
from insights.errors import PackError
from insights.gazetteer import Spot, find_place, load_gazetteer
from insights.ingest.article import Article, squash
from insights.ingest.claims import propose_claims, slugify
from insights.ingest.lexicon import Lexicon
from insights.model import SourceKind

# Placeholders a reviewer must replace; review.py lists every one still in a draft.
GIST_TODO = "To summarise in our own words."
PUBLISHER_TODO = "Publisher to confirm"
URL_TODO = "https://source.invalid/"
BIAS_TODO = "To review: who published this, and what they sell or argue for."
# What a reviewer may change in a proposed claim.
_EDITABLE = ("text", "theme", "stance", "place")


@dataclass(frozen=True)
class SourceFacts:
    """What the person ingesting says about the source; None where they gave nothing."""

    region: str
    publisher: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    kind: SourceKind = "news"
    bias: str | None = None
    lat: float | None = None
    lon: float | None = None


def _place_row(place_id: str, spot: Spot, name: str | None = None) -> dict[str, Any]:
    kind = spot.kind if spot.kind in {"city", "country"} else "region"
    return {
        "id": place_id,
        "name": name or spot.name,
        "kind": kind,
        "lat": round(spot.lat, 4),
        "lon": round(spot.lon, 4),
    }


def build_draft(
    article: Article,
    facts: SourceFacts,
    lexicon: Lexicon,
    gazetteer: Mapping[str, Spot] | None = None,
    file: str = "article",
) -> dict[str, Any]:
    """Return a draft pack (plain data, ready for YAML) proposing claims from the article."""
    places_known = load_gazetteer() if gazetteer is None else gazetteer
    region_id = slugify(facts.region)
    spot = find_place(facts.region, places_known)
    if facts.lat is not None and facts.lon is not None:
        spot = Spot(facts.region, "region", facts.lat, facts.lon)
    if spot is None:
        raise PackError(
            file,
            "region",
            f"{facts.region!r} is not in the offline gazetteer; give its latitude and longitude",
        )
    published = facts.published or article.published
    if published is None:
        raise PackError(file, "date", "the article states no date; give the date it was published")
    proposals = propose_claims(article, facts.region.strip(), region_id, lexicon, places_known)
    if not proposals:
        raise PackError(file, "", "no sentence reads as a claim about a place; nothing to draft")
    places = {region_id: _place_row(region_id, spot, facts.region.strip())}
    for proposal in proposals:
        for name in proposal.places:
            found = find_place(name, places_known)
            if found is not None:
                places.setdefault(slugify(name), _place_row(slugify(name), found))
    title = facts.title or article.title or facts.region
    return {
        "id": slugify(f"{region_id}-{slugify(title)}"),
        "status": "draft",
        "region": {"id": region_id, "name": facts.region.strip()},
        "source": {
            "publisher": facts.publisher or PUBLISHER_TODO,
            "title": title[:200],
            "published": published,
            "url": facts.url or URL_TODO,
            "kind": facts.kind,
            "bias": facts.bias or BIAS_TODO,
            "paragraphs": [
                {"number": n, "gist": GIST_TODO, "text": text}
                for n, text in enumerate(article.paragraphs, start=1)
            ],
        },
        "places": list(places.values()),
        "claims": [
            {
                "id": p.id,
                "text": p.text,
                "theme": p.theme,
                "place": p.place,
                "stance": p.stance,
                "paragraph": p.paragraph,
                "proposal": {
                    "theme_words": list(p.theme_words),
                    "stance_words": list(p.stance_words),
                },
            }
            for p in proposals
        ],
        "companies": [
            {"name": name, "place": p.place, "claim": p.id}
            for p in proposals
            for name in p.organisations
        ],
        "universities": [
            {**u, "place": p.place, "claim": p.id} for p in proposals for u in p.universities
        ],
        "responses": [
            {"challenge": p.answers, "remedy": p.id} for p in proposals if p.answers is not None
        ],
    }


def dump_pack(data: Mapping[str, Any]) -> str:
    """Return a pack as YAML text in field order."""
    return load.dump_yaml(data)


def check_draft(data: Mapping[str, Any], file: str) -> list[PackError]:
    """Validate a pack made here exactly as the loader would; return its problems."""
    _, problems = load.check_pack_text(dump_pack(data), file)
    return problems


@dataclass(frozen=True)
class SourceEdits:
    """A reviewer's changes to the source: fields given (None keeps the draft's) and gists."""

    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    bias: str | None = None
    gists: Mapping[int, str] = field(default_factory=dict)


def edit_source(source: Mapping[str, Any], edits: SourceEdits, publish: bool) -> dict[str, Any]:
    """Return the source with a reviewer's fields and gists; published, without the article."""
    given = {
        name: squash(value)
        for name, value in (
            ("publisher", edits.publisher),
            ("title", edits.title),
            ("url", edits.url),
            ("bias", edits.bias),
        )
        if value is not None and value.strip()
    }
    paragraphs = []
    for paragraph in source["paragraphs"]:
        gist = squash(edits.gists.get(paragraph["number"], "")) or paragraph["gist"]
        kept = {**paragraph, "gist": gist}
        # The article's own words stay behind: a published pack keeps only our paraphrase.
        paragraphs.append({k: v for k, v in kept.items() if not (publish and k == "text")})
    return {**source, **given, "paragraphs": paragraphs}


def apply_edits(
    draft: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    status: str = "draft",
    source: SourceEdits | None = None,
) -> dict[str, Any]:
    """Return the draft with reviewed claims (text, theme, stance, place; unkept rows dropped)."""
    kept = {row["id"]: row for row in rows if row.get("keep", True)}
    publish = status == "published"
    claims = []
    for claim in draft["claims"]:
        row = kept.get(claim["id"])
        if row is None:
            continue
        edited = {**claim, **{k: row[k] for k in _EDITABLE if k in row}}
        edited = {**edited, "text": squash(str(edited["text"]))}
        claims.append({k: v for k, v in edited.items() if not (publish and k == "proposal")})
    ids = {c["id"] for c in claims}
    return {
        **draft,
        "status": status,
        "source": edit_source(draft["source"], source or SourceEdits(), publish),
        "claims": claims,
        "companies": [c for c in draft.get("companies", []) if c["claim"] in ids],
        "universities": [u for u in draft.get("universities", []) if u["claim"] in ids],
        "responses": [
            r for r in draft.get("responses", []) if r["challenge"] in ids and r["remedy"] in ids
        ],
    }


def list_proposals(draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return a draft's claims as rows to review: keep, wording, theme, stance, place, why."""
    return [
        {
            "keep": True,
            "id": c["id"],
            "paragraph": c["paragraph"],
            "text": c["text"],
            "theme": c["theme"],
            "stance": c["stance"],
            "place": c["place"],
            "decided_by": _reason(c.get("proposal") or {}),
        }
        for c in draft["claims"]
    ]


def _reason(proposal: Mapping[str, Sequence[str]]) -> str:
    theme = ", ".join(proposal.get("theme_words", ())) or "none"
    stance = ", ".join(proposal.get("stance_words", ())) or "none (check it)"
    return f"theme: {theme}; stance: {stance}"
