"""The catalog: validated packs laid out as DataFrames, one row per claim, place, figure..."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from insights.content import citation, evidence, upkeep
from insights.content.model import STANCES, THEMES, CallToAction, Pack
from insights.content.nesting import NESTING_COLUMNS
from insights.errors import PackError

CLAIM_COLUMNS = [
    "id",
    "text",
    "theme",
    "theme_label",
    "place",
    "place_name",
    "stance",
    "stance_label",
    "paragraph",
    "as_of",
    "headline",
    "pack",
    "region",
    "region_name",
    "publisher",
    "former_name",
    "title",
    "url",
    "published",
    "source_kind",
    "bias",
    "citation",
    "status",
    "source",
    "source_label",
    "language",
    "place_ids",
    "many_places",
    # The pack's team metadata, inherited by each claim (insights/content/upkeep.py).
    "owner",
    "reviewed_on",
    "review_due",
    # Set by a place filter: the wider place a claim is kept for ("mexico" under Guadalajara),
    # "" for a claim about the places chosen (or with no place chosen).
    "applies_to",
    "applies_to_name",
]
FIGURE_COLUMNS = [
    "id",
    "measure",
    "measure_label",
    "value",
    "unit",
    "currency",
    "scale",
    "qualifier",
    "place",
    "place_name",
    "boundary",
    "period",
    "as_of",
    "claim",
    "paragraph",
    "pack",
    "publisher",
    "dated",
    "citation",
]
LINK_COLUMNS = ["claim", "target", "kind", "note", "pack", "target_pack"]


@dataclass(frozen=True)
class Catalog:
    """Every valid pack's content as frames, plus the problems of the packs left out."""

    claims: pd.DataFrame
    places: pd.DataFrame
    companies: pd.DataFrame
    universities: pd.DataFrame
    responses: pd.DataFrame
    sources: pd.DataFrame
    calls: tuple[CallToAction, ...] = ()
    # Numbers the sources state, and links between claims of different sources.
    figures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIGURE_COLUMNS))
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LINK_COLUMNS))
    # Which place lies in which, one row per pack's statement (insights.content.nesting).
    nesting: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NESTING_COLUMNS))
    problems: tuple[PackError, ...] = field(default_factory=tuple)


def label_source(pack: Pack) -> str:
    """Return how a source is named in a facet or an evidence line: publisher and date."""
    return f"{pack.source.publisher}, {citation.format_day(pack.source.dating)}"


def _claim_rows(pack: Pack) -> list[dict[str, Any]]:
    places = {p.id: p.name for p in pack.places}
    src = pack.source
    dating = src.dating
    label = label_source(pack)
    return [
        {
            "id": c.id,
            "text": c.text,
            "theme": c.theme,
            "theme_label": THEMES[c.theme],
            "place": c.place,
            "place_name": places[c.place],
            "stance": c.stance,
            "stance_label": STANCES[c.stance],
            "paragraph": c.paragraph,
            "as_of": c.as_of or dating,
            "headline": c.headline,
            "pack": pack.id,
            "region": pack.region.id,
            "region_name": pack.region.name,
            "publisher": src.publisher,
            "former_name": src.former_name or "",
            "title": src.title,
            "url": str(src.url),
            "published": dating,
            "source_kind": src.kind,
            "bias": src.bias,
            "citation": citation.format_citation(
                src.publisher, src.former_name, dating, c.paragraph, pack.status == "draft"
            ),
            "status": pack.status,
            # One pack per source: the pack id names the source in facets and links.
            "source": pack.id,
            "source_label": label,
            "language": src.language,
            # Every place the claim names, its primary place first: what a place facet tests.
            "place_ids": tuple(dict.fromkeys((c.place, *c.other_places))),
            "many_places": len({c.place, *c.other_places}) > 1,
            **upkeep.team_columns(pack.team),
            "applies_to": "",
            "applies_to_name": "",
        }
        for c in pack.claims
    ]


def _figure_rows(pack: Pack, place_names: Mapping[str, str]) -> list[dict[str, Any]]:
    src = pack.source
    return [
        {
            **f.model_dump(),
            "place_name": place_names[f.place],
            "pack": pack.id,
            "publisher": src.publisher,
            "dated": src.dating,
            "citation": citation.format_citation(
                src.publisher, src.former_name, src.dating, f.paragraph
            ),
        }
        for f in pack.figures
    ]


def build_catalog(packs: Sequence[Pack], problems: Sequence[PackError] = ()) -> Catalog:
    """Lay validated packs out as frames, one row per claim, place, company and so on."""
    places: dict[str, dict[str, Any]] = {}
    for pack in packs:
        for p in pack.places:
            row = places.setdefault(p.id, {**p.model_dump(), "status": pack.status})
            # A place any published pack declares stays in view when drafts are hidden.
            if pack.status == "published":
                row["status"] = "published"
    place_names = {pid: row["name"] for pid, row in places.items()}

    def entity_rows(attr: str) -> list[dict[str, Any]]:
        return [
            {**item.model_dump(), "place_name": place_names[item.place], "pack": pack.id}
            for pack in packs
            for item in getattr(pack, attr)
        ]

    companies = entity_rows("companies")
    for row in companies:
        # One company, however its sources name it: listed and counted under this name.
        row["company"] = row["known_as"] or row["name"]

    claims = pd.DataFrame(
        [row for pack in packs for row in _claim_rows(pack)], columns=CLAIM_COLUMNS
    )
    owners = {c.id: pack.id for pack in packs for c in pack.claims}
    links = pd.DataFrame(
        [
            {**k.model_dump(), "pack": pack.id, "target_pack": owners[k.target]}
            for pack in packs
            for k in pack.links
            if k.target in owners
        ],
        columns=LINK_COLUMNS,
    )
    return Catalog(
        # The newest year among a claim's own and its linked claims', for sorting and cards.
        claims=evidence.add_evidence_columns(claims, links),
        links=links,
        figures=pd.DataFrame(
            [row for pack in packs for row in _figure_rows(pack, place_names)],
            columns=FIGURE_COLUMNS,
        ),
        places=pd.DataFrame(
            list(places.values()),
            columns=["id", "name", "kind", "lat", "lon", "role", "status"],
        ),
        companies=pd.DataFrame(
            companies,
            columns=["name", "place", "claim", "place_name", "pack", "known_as", "company"],
        ),
        nesting=pd.DataFrame(
            [
                {"place": p.id, "within": p.within, "pack": pack.id}
                for pack in packs
                for p in pack.places
                if p.within is not None
            ],
            columns=NESTING_COLUMNS,
        ),
        universities=pd.DataFrame(
            entity_rows("universities"),
            columns=[
                "sector",
                "count",
                "qualifier",
                "name",
                "place",
                "claim",
                "place_name",
                "pack",
            ],
        ),
        responses=pd.DataFrame(
            [{**r.model_dump(), "pack": pack.id} for pack in packs for r in pack.responses],
            columns=["challenge", "remedy", "pack"],
        ),
        sources=pd.DataFrame(
            [
                {
                    "pack": pack.id,
                    "region": pack.region.id,
                    "region_name": pack.region.name,
                    "status": pack.status,
                    **pack.source.model_dump(exclude={"paragraphs"}),
                    "published": pack.source.dating,
                    # "" not None: a pack without a former name must not turn the column to NaN.
                    "former_name": pack.source.former_name or "",
                    "author": pack.source.author or "",
                    "source": pack.id,
                    "label": label_source(pack),
                    "url": str(pack.source.url),
                    "paragraphs": len(pack.source.paragraphs),
                }
                for pack in packs
            ],
            columns=[
                "pack",
                "region",
                "region_name",
                "publisher",
                "former_name",
                "title",
                "published",
                "url",
                "kind",
                "bias",
                "paragraphs",
                "status",
                "author",
                "language",
                "figures_year",
                "source",
                "label",
            ],
        ),
        calls=tuple(pack.call_to_action for pack in packs if pack.call_to_action is not None),
        problems=tuple(problems),
    )


def has_drafts(catalog: Catalog) -> bool:
    """Tell whether any pack of the catalog is a draft."""
    return bool((catalog.sources["status"] == "draft").any())


def keep_published(catalog: Catalog) -> Catalog:
    """Return the catalog without its draft packs: what a rep sees unless drafts are asked for."""
    drafts = set(catalog.sources.loc[catalog.sources["status"] == "draft", "pack"])
    if not drafts:
        return catalog

    def published(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["pack"].isin(drafts)].reset_index(drop=True)

    links = catalog.links[
        ~catalog.links["pack"].isin(drafts) & ~catalog.links["target_pack"].isin(drafts)
    ].reset_index(drop=True)
    return Catalog(
        # Evidence is worked out again: a draft's links no longer speak to a published claim.
        claims=evidence.add_evidence_columns(published(catalog.claims), links),
        links=links,
        places=catalog.places[catalog.places["status"] == "published"].reset_index(drop=True),
        companies=published(catalog.companies),
        universities=published(catalog.universities),
        responses=published(catalog.responses),
        sources=published(catalog.sources),
        figures=published(catalog.figures),
        nesting=published(catalog.nesting),
        calls=catalog.calls,
        problems=catalog.problems,
    )
