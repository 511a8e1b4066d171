"""Building the draft pack from proposed claims, and applying a reviewer's edits to it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from insights.content import load
from insights.content.model import SourceKind
from insights.errors import PackError
from insights.ingest.article import Article, find_byline, is_dateline, squash
from insights.ingest.claims import (
    MAX_PARAGRAPHS,
    MAX_PROPOSALS,
    ClaimProposal,
    Proposals,
    propose_claims,
    slugify,
)
from insights.ingest.gazetteer import (
    Gazetteer,
    Spot,
    find_place,
    find_within,
    fold,
    load_gazetteer,
)
from insights.ingest.lexicon import Lexicon
from insights.ingest.links import KnownClaim, NewClaim, find_links
from insights.ingest.pack_figures import publish_figures
from insights.ingest.sentences import SEGMENTED, strip_invisible

# Placeholders a reviewer must replace; review.py lists every one still in a draft.
GIST_TODO = "To summarise in our own words."
# What a byline or dateline paragraph is, said in our words: nothing there to summarise.
BYLINE_GIST = "Byline: who wrote the article."
DATELINE_GIST = "Dateline: when the article appeared."
PUBLISHER_TODO = "Publisher to confirm"
URL_TODO = "https://source.invalid/"
BIAS_TODO = "To review: who published this, and what they sell or argue for."
# What a reviewer may change in a proposed claim.
_EDITABLE = ("text", "theme", "stance", "place")
# A claim id as the pack model takes it (model.Slug).
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
    return {
        "id": place_id,
        "name": (name or spot.name)[:200],
        "kind": spot.kind,
        "lat": round(spot.lat, 4),
        "lon": round(spot.lon, 4),
    }


def _figure_rows(proposal: ClaimProposal) -> list[dict[str, Any]]:
    return [
        {
            "claim": proposal.id,
            "paragraph": proposal.paragraph,
            "measure": f.measure[:200],
            "value": f.value,
            "unit": f.unit,
            "currency": f.currency,
            "scale": f.scale,
            "qualifier": f.qualifier,
            "place": proposal.place,
            "period": f.period,
            "words": f.words[:200],
        }
        for f in proposal.figures
    ]


def _claim_row(proposal: ClaimProposal) -> dict[str, Any]:
    others = [slugify(n.text) for n in proposal.places]
    row: dict[str, Any] = {
        "id": proposal.id,
        "text": proposal.text,
        "theme": proposal.theme,
        "place": proposal.place,
        "stance": proposal.stance,
        "paragraph": proposal.paragraph,
        "proposal": {
            "theme_words": list(proposal.theme_words),
            "stance_words": list(proposal.stance_words),
            **({"stripped": list(proposal.stripped)} if proposal.stripped else {}),
        },
    }
    further = [p for p in dict.fromkeys(others) if p != proposal.place]
    return {**row, "other_places": further} if further else row


def _new_claims(proposals: Sequence[ClaimProposal]) -> list[NewClaim]:
    return [
        NewClaim(
            p.id,
            p.text,
            frozenset({p.place, *(slugify(n.text) for n in p.places)}),
            frozenset(fold(o) for o in p.organisations),
            p.theme,
            p.stance,
            frozenset(f.value for f in p.figures),
        )
        for p in proposals
    ]


def _notices(proposals: Proposals, article: Article) -> list[str]:
    notices = []
    if proposals.capped_at is not None:
        why = (
            f"{MAX_PROPOSALS} claims"
            if len(proposals.claims) >= MAX_PROPOSALS
            else f"{MAX_PARAGRAPHS} paragraphs"
        )
        notices.append(
            f"Reading stopped at {why}: paragraphs {proposals.capped_at} to "
            f"{len(article.paragraphs)} were not read for claims nor kept in the draft; split "
            "the article to review the rest."
        )
    if not article.language_sure:
        notices.append(
            "The article's language could not be told from so little or so mixed text; it was "
            "read with the English rules."
        )
    elif article.language not in SEGMENTED:
        notices.append(
            f"The article reads as language {article.language!r}, which has no lexicon here; "
            "it was read with the English rules."
        )
    return notices


def build_draft(
    article: Article,
    facts: SourceFacts,
    lexicons: Mapping[str, Lexicon],
    gazetteer: Gazetteer | None = None,
    file: str = "article",
    known: Sequence[KnownClaim] = (),
    fmt: str = "text",
) -> dict[str, Any]:
    """Return a draft pack (plain data, ready for YAML) proposing claims from the article."""
    places_known = load_gazetteer() if gazetteer is None else gazetteer
    lexicon = lexicons.get(article.language, lexicons["en"])
    region_name = squash(facts.region)
    region_id = slugify(region_name)
    spot = find_place(region_name, places_known)
    # Places the gazetteer knows, by id: what fills each place's ``within``.
    spots = {region_id: spot} if spot is not None else {}
    if facts.lat is not None and facts.lon is not None:
        spots = {}  # a region placed by hand: where it lies is not the gazetteer's to say
        countries = spot.countries if spot is not None else frozenset()
        spot = Spot(region_name, "region", facts.lat, facts.lon, countries)
    if spot is None:
        raise PackError(
            file,
            "region",
            f"{facts.region!r} is not in the offline gazetteer; give its latitude and longitude",
        )
    published = facts.published or article.published
    if published is None:
        raise PackError(file, "date", "the article states no date; give the date it was published")
    proposals = propose_claims(article, region_name, region_id, lexicon, places_known, spot)
    claims = proposals.claims
    if not claims:
        raise PackError(file, "", "no sentence reads as a claim about a place; nothing to draft")
    places = {region_id: _place_row(region_id, spot, region_name)}
    for proposal in claims:
        for name in proposal.places:
            if name.spot is not None:
                places.setdefault(slugify(name.text), _place_row(slugify(name.text), name.spot))
                spots.setdefault(slugify(name.text), name.spot)
    for place, wider in find_within(spots).items():
        places[place]["within"] = wider
    title = facts.title or article.title or region_name
    # A capped reading keeps the paragraphs it read, so the draft stays as bounded as its claims.
    kept = len(article.paragraphs) if proposals.capped_at is None else proposals.capped_at - 1
    links = find_links(_new_claims(claims), known, published)
    return {
        "id": slugify(f"{region_id}-{slugify(title)}"),
        "status": "draft",
        "region": {"id": region_id, "name": region_name},
        "source": {
            "publisher": facts.publisher or article.site or PUBLISHER_TODO,
            "title": title[:200],
            "published": published,
            "url": facts.url or URL_TODO,
            "kind": facts.kind,
            "bias": facts.bias or BIAS_TODO,
            "paragraphs": [
                {
                    "number": n,
                    "gist": _first_gist(text, article.language),
                    "text": strip_invisible(text)[0][:20_000],
                }
                for n, text in enumerate(article.paragraphs[:kept], start=1)
            ],
        },
        "places": list(places.values()),
        "claims": [_claim_row(p) for p in claims],
        "companies": [
            {"name": name[:200], "place": p.place, "claim": p.id}
            for p in claims
            for name in p.organisations
        ],
        "universities": [
            {**u, "place": p.place, "claim": p.id} for p in claims for u in p.universities
        ],
        "responses": [
            {"challenge": p.answers, "remedy": p.id} for p in claims if p.answers is not None
        ],
        "ingested": {
            "language": article.language,
            "format": fmt,
            "author": article.author or _byline(article),
            "site": article.site,
            "notices": _notices(proposals, article),
            # Draft figures in a shape of our own, to align with the evidence Figure model.
            "figures": [row for p in claims for row in _figure_rows(p)],
            "links": [
                {
                    "claim": link.claim,
                    "target": link.target,
                    "kind": link.kind,
                    "reason": link.reason,
                }
                for link in links
            ],
            "people": [
                {"name": person.text[:200], "role": person.role, "claim": p.id}
                for p in claims
                for person in p.people
            ],
        },
    }


def _first_gist(paragraph: str, language: str) -> str:
    """Return a byline's or dateline's gist, said for it; any other paragraph's placeholder."""
    if find_byline(paragraph, language):
        return BYLINE_GIST
    if is_dateline(paragraph, language):
        return DATELINE_GIST
    return GIST_TODO


def _byline(article: Article) -> str | None:
    # The first byline among the opening paragraphs names the author the metadata did not.
    found = (find_byline(p, article.language) for p in article.paragraphs[:5])
    return next((name for name in found if name), None)


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
    # What each proposed figure measures, as the reviewer names it (by its place in the list):
    # the published figure's label and the id figures compare by come from it.
    measures: Mapping[int, str] = field(default_factory=dict)


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
    rest = {k: v for k, v in draft.items() if k not in {"ingested", "figures"}}
    draft = relabel_figures(draft, (source or SourceEdits()).measures)
    ingested = draft.get("ingested")
    if ingested is not None and not publish:
        # What the ingest proposed stays beside the claims kept, and only in a draft.
        rest["ingested"] = {
            **ingested,
            **{
                key: [item for item in ingested.get(key, []) if item["claim"] in ids]
                for key in ("figures", "links", "people")
            },
        }
    return {
        **rest,
        "status": status,
        "source": edit_source(draft["source"], source or SourceEdits(), publish),
        "claims": claims,
        "companies": [c for c in draft.get("companies", []) if c["claim"] in ids],
        "universities": [u for u in draft.get("universities", []) if u["claim"] in ids],
        "responses": [
            r for r in draft.get("responses", []) if r["challenge"] in ids and r["remedy"] in ids
        ],
        **_figures(draft, claims, publish),
    }


def relabel_figures(draft: Mapping[str, Any], measures: Mapping[int, str]) -> dict[str, Any]:
    """Return the draft with its proposed figures' measures named as the reviewer typed them."""
    ingested = draft.get("ingested")
    named = {i: squash(m) for i, m in measures.items() if squash(m)}
    if ingested is None or not named:
        return dict(draft)
    figures = [
        {**f, "measure": named.get(i, f["measure"])[:200]}
        for i, f in enumerate(ingested.get("figures", []))
    ]
    return {**draft, "ingested": {**ingested, "figures": figures}}


def _figures(
    draft: Mapping[str, Any], claims: Sequence[Mapping[str, Any]], publish: bool
) -> dict[str, list[dict[str, Any]]]:
    # Figures already in pack form stay with their claims; proposed ones join them on publishing.
    ids = {c["id"] for c in claims}
    kept = [f for f in draft.get("figures", []) if f["claim"] in ids]
    figures = kept + (carry_figures(draft, claims)[0] if publish else [])
    return {"figures": figures} if figures else {}


def carry_figures(
    draft: Mapping[str, Any], claims: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the pack figures a draft's proposed figures become beside these reviewed claims,
    and why each one left out is."""
    proposed = (draft.get("ingested") or {}).get("figures", [])
    paragraphs = {p["number"]: p["text"] for p in draft["source"]["paragraphs"] if p.get("text")}
    return publish_figures(proposed, claims, paragraphs)


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


# Where a draft names a claim by id, besides the claim itself: (list, field) pairs.
_CLAIM_REFERENCES = (
    ("companies", "claim"),
    ("universities", "claim"),
    ("responses", "challenge"),
    ("responses", "remedy"),
    ("figures", "claim"),
    ("links", "claim"),
)
_INGESTED_REFERENCES = ("figures", "links", "people")


def rename_claims(draft: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    """Return the draft with claims renamed (old id to new), every reference to them too."""

    def renamed(item: Mapping[str, Any], key: str) -> dict[str, Any]:
        value = item.get(key)
        return {**item, key: renames.get(value, value)} if isinstance(value, str) else {**item}

    out: dict[str, Any] = {**draft, "claims": [renamed(c, "id") for c in draft["claims"]]}
    for key, name in _CLAIM_REFERENCES:
        if key in out:
            out[key] = [renamed(item, name) for item in out[key]]
    ingested = draft.get("ingested")
    if ingested is not None:
        out["ingested"] = {
            **ingested,
            **{
                key: [renamed(item, "claim") for item in ingested.get(key, [])]
                for key in _INGESTED_REFERENCES
            },
        }
    return out


def free_claim_ids(draft: Mapping[str, Any], taken: Iterable[str]) -> dict[str, str]:
    """Return new ids for the draft's claims whose id another pack already uses ("…-s1-2")."""
    used = set(taken) | {c["id"] for c in draft["claims"]}
    renames: dict[str, str] = {}
    for claim in draft["claims"]:
        if claim["id"] not in set(taken):
            continue
        n = 2
        while f"{claim['id'][:60]}-{n}" in used:
            n += 1
        renames[claim["id"]] = f"{claim['id'][:60]}-{n}"
        used.add(renames[claim["id"]])
    return renames


def apply_renames(
    draft: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Apply the ids a reviewer typed (a row's "new_id"); return draft, rows and what is wrong."""
    renames = {
        row["id"]: squash(str(row["new_id"]))
        for row in rows
        if row.get("new_id") and squash(str(row["new_id"])) != row["id"]
    }
    problems = [
        f"Claim {old}: the new id {new!r} may hold only a-z, 0-9 and single dashes"
        for old, new in renames.items()
        if not _SLUG.fullmatch(new) or len(new) > 64
    ]
    final = [renames.get(row["id"], row["id"]) for row in rows]
    problems += [
        f"Claim id {cid!r} is used twice in this draft; give each claim its own"
        for cid in sorted({c for c in final if final.count(c) > 1})
    ]
    if problems:
        return dict(draft), [dict(r) for r in rows], problems
    new_rows = [{**row, "id": renames.get(row["id"], row["id"])} for row in rows]
    return rename_claims(draft, renames), new_rows, []


def set_team(
    pack: Mapping[str, Any], owner: str | None, review_by: dt.date | None
) -> dict[str, Any]:
    """Return the pack naming its owner and review-by date (the team's own metadata), if given."""
    team = {
        key: value
        for key, value in (("owner", squash(owner or "") or None), ("review_by", review_by))
        if value is not None
    }
    rest = {k: v for k, v in pack.items() if k != "team"}
    return {**rest, "team": team} if team else rest


def drop_links(draft: Mapping[str, Any], targets: Iterable[str]) -> dict[str, Any]:
    """Return the draft without its proposed links to these claims (its own earlier copy's)."""
    ingested = draft.get("ingested")
    gone = set(targets)
    if ingested is None or not gone:
        return dict(draft)
    kept = [link for link in ingested.get("links", []) if link["target"] not in gone]
    return {**draft, "ingested": {**ingested, "links": kept}}
