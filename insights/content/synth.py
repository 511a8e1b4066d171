"""Synthetic content packs of any size, for benchmarks and tests; never part of the shipped data.

Every pack is valid (``python -m insights validate`` passes), deterministic for a seed, and
obviously synthetic: places are "Place 7", publishers "Synthetic Publisher 3", and every claim
says it was written by a generator and states nothing about any real place.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from insights.content import load
from insights.content.model import SOURCE_KINDS, STANCES, THEMES

# A source rarely yields more than this many talking points; 100k claims are ~1,000 packs.
CLAIMS_PER_PACK = 100
PARAGRAPHS_PER_SOURCE = 12
# example.test is reserved (RFC 2606): links in synthetic packs can never reach a real site.
SYNTHETIC_URL = "https://example.test/synthetic"
FILE_PREFIX = "synthetic-"
# Spreads that look like real content: some themes and stances are far more common than others.
THEME_WEIGHTS = {
    "talent": 22,
    "industry": 20,
    "demand": 16,
    "capital": 12,
    "culture": 10,
    "stability": 10,
    "partnerships": 10,
    "infrastructure": 6,
}
STANCE_WEIGHTS = {"strength": 55, "challenge": 25, "recommendation": 20, "context": 6}
# Links to claims of earlier packs and figures, as often as the shipped packs have them.
LINK_SHARE = 0.15
LINK_KIND_WEIGHTS = {"corroborates": 70, "updates": 20, "contradicts": 10}
FIGURE_SHARE = 0.1
MEASURES = 6
FIGURE_UNITS = ("count", "percent", "money")
# Every tenth source states no date, every tenth another a year alone, as real archives do.
UNDATED_EVERY, YEAR_ONLY_EVERY = 10, 10
PLACE_KINDS = ("city", "metro", "country", "region")


@dataclass(frozen=True)
class SynthSpec:
    """How much synthetic content to make, and from which seed."""

    claims: int
    places: int
    seed: int = 0
    claims_per_pack: int = CLAIMS_PER_PACK

    def __post_init__(self) -> None:
        if self.claims < 1 or self.places < 1 or self.claims_per_pack < 1:
            raise ValueError("claims, places and claims per pack must each be at least 1")


def make_places(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Return numbered places at made-up coordinates, about one in ten a comparison.

    Places lie within places as real ones do: each city and metro area in a country, each
    country in a region (a comparison place in none, and none in it).
    """
    places = [
        {
            "id": f"place-{n}",
            "name": f"Place {n}",
            "kind": PLACE_KINDS[n % len(PLACE_KINDS)],
            "lat": round(rng.uniform(-50.0, 60.0), 4),
            "lon": round(rng.uniform(-170.0, 170.0), 4),
            "role": "comparison" if n % 10 == 0 else "focus",
        }
        for n in range(1, count + 1)
    ]
    focus = [p for p in places if p["role"] == "focus"]
    regions = [p["id"] for p in focus if p["kind"] == "region"]
    countries = [p["id"] for p in focus if p["kind"] == "country"]
    for i, place in enumerate(focus):
        parents = {"country": regions, "city": countries, "metro": countries}.get(
            str(place["kind"])
        )
        if parents:
            place["within"] = parents[i % len(parents)]
    return places


def with_wider(
    mine: Sequence[dict[str, Any]], places: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return a pack's places and every place they lie in (a pack names the places it nests)."""
    by_id = {p["id"]: p for p in places}
    found = {p["id"]: p for p in mine}
    for place in mine:
        wider = place.get("within")
        while wider is not None and wider not in found:
            found[wider] = by_id[wider]
            wider = by_id[wider].get("within")
    return list(found.values())


def popularity(places: int) -> list[float]:
    """Return cumulative Zipf-like weights: place 1 is written about far more than place 50."""
    return list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(places)))


def _pack_places(
    index: int, packs: int, cum_weights: Sequence[float], rng: random.Random
) -> list[int]:
    # Round-robin gives every place to some pack; a few popular places recur across packs,
    # as big cities do in real coverage.
    places = len(cum_weights)
    own = list(range(index, places, packs))
    popular = rng.choices(range(places), cum_weights=cum_weights, k=rng.randint(0, 3))
    return list(dict.fromkeys([*own, *popular])) or [index % places]


def make_claim_text(number: int, place_name: str, theme: str, stance: str) -> str:
    """Return the text of a synthetic claim, which says that it is synthetic."""
    return (
        f"Synthetic claim {number} about {place_name} on {THEMES[theme]} ({STANCES[stance]}), "
        "written by a generator for benchmarks; it states no fact about any real place."
    )


def make_pack(
    spec: SynthSpec,
    index: int,
    packs: int,
    places: Sequence[dict[str, Any]],
    cum_weights: Sequence[float],
) -> dict[str, Any]:
    """Return synthetic pack number ``index`` (0-based) of ``packs``, as plain YAML-able data."""
    rng = random.Random(f"{spec.seed}:{index}")
    first = index * spec.claims_per_pack
    numbers = range(first + 1, min(first + spec.claims_per_pack, spec.claims) + 1)
    mine = [places[i] for i in _pack_places(index, packs, cum_weights, rng)]
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    dated = index % UNDATED_EVERY != UNDATED_EVERY - 1 and index % YEAR_ONLY_EVERY != 3
    claims, companies, universities = [], [], []
    figures: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for k, number in enumerate(numbers):
        place = mine[k % len(mine)] if k < len(mine) else rng.choice(mine)
        theme = rng.choices(list(THEME_WEIGHTS), weights=list(THEME_WEIGHTS.values()))[0]
        stance = rng.choices(list(STANCE_WEIGHTS), weights=list(STANCE_WEIGHTS.values()))[0]
        claim: dict[str, Any] = {
            "id": f"syn-c{number}",
            "text": make_claim_text(number, place["name"], theme, stance),
            "theme": theme,
            "place": place["id"],
            "stance": stance,
            "paragraph": rng.randint(1, PARAGRAPHS_PER_SOURCE),
        }
        if dated and rng.random() < 0.2:
            claim["as_of"] = published - dt.timedelta(days=rng.randrange(30, 400))
        if rng.random() < 0.05:
            claim["headline"] = True
        claims.append(claim)
        if theme == "industry" and stance == "strength" and rng.random() < 0.3:
            companies += [
                {
                    "name": f"Synthetic Company {number}-{j}",
                    "place": place["id"],
                    "claim": claim["id"],
                }
                for j in range(1, rng.randint(1, 3) + 1)
            ]
        if theme == "talent" and stance == "strength" and rng.random() < 0.15:
            counted = rng.random() < 0.7
            universities.append(
                {
                    "sector": rng.choice(("public", "private")),
                    **({"count": rng.randint(1, 9)} if counted else {"qualifier": "several"}),
                    "place": place["id"],
                    "claim": claim["id"],
                }
            )
        if index > 0 and rng.random() < LINK_SHARE:
            links.append(make_link(claim["id"], index, spec, rng))
        if rng.random() < FIGURE_SHARE:
            figures.append(make_figure(claim, published.year, rng))
    challenges = [c["id"] for c in claims if c["stance"] == "challenge"]
    remedies = [c["id"] for c in claims if c["stance"] == "recommendation"]
    responses = [
        {"challenge": cid, "remedy": rid}
        for cid in challenges
        if remedies and rng.random() < 0.6
        for rid in rng.sample(remedies, k=min(len(remedies), 1 + (rng.random() < 0.1)))
    ]
    used = {c["place"] for c in claims}
    pack: dict[str, Any] = {
        "id": f"synthetic-{index + 1:05d}",
        "region": {"id": f"synthetic-region-{index + 1}", "name": f"Synthetic Region {index + 1}"},
        "source": {
            "publisher": f"Synthetic Publisher {index + 1}",
            "title": f"Synthetic source {index + 1}",
            **_dating(index, published),
            "url": f"{SYNTHETIC_URL}/source-{index + 1}",
            "kind": rng.choice(list(SOURCE_KINDS)),
            "bias": "Synthetic source made by a generator for benchmarks; it states nothing real.",
            "paragraphs": [
                {"number": n, "gist": f"Synthetic paragraph {n}."}
                for n in range(1, PARAGRAPHS_PER_SOURCE + 1)
            ],
        },
        "places": with_wider([p for p in mine if p["id"] in used], places),
        "claims": claims,
        "companies": companies,
        "universities": universities,
        "responses": responses,
        "figures": figures,
        # One link per claim pair: a second draw of the same pair is dropped.
        "links": list({(k["claim"], k["target"]): k for k in links}.values()),
    }
    if index == 0:
        # One call to action for the whole set: a thousand synthetic publishers' buttons would
        # make the catalog heavier without measuring anything a rep sees.
        pack["call_to_action"] = {
            "prompt": "Synthetic call to action for benchmarks.",
            "paragraph": PARAGRAPHS_PER_SOURCE,
            "actions": [
                {
                    "id": "synthetic-contact",
                    "label": "Synthetic contact",
                    "target": f"{SYNTHETIC_URL}/contact",
                    "paragraph": PARAGRAPHS_PER_SOURCE,
                }
            ],
        }
    return pack


def _dating(index: int, published: dt.date) -> dict[str, Any]:
    if index % UNDATED_EVERY == UNDATED_EVERY - 1:
        return {"published": "not stated", "figures_year": published.year}
    if index % YEAR_ONLY_EVERY == 3:
        return {"published_year": published.year}
    return {"published": published}


def make_link(claim_id: str, index: int, spec: SynthSpec, rng: random.Random) -> dict[str, Any]:
    """Return a link from a claim of pack ``index`` to a claim of an earlier pack."""
    earlier = rng.randrange(index)
    target = earlier * spec.claims_per_pack + rng.randint(1, spec.claims_per_pack)
    kind = rng.choices(list(LINK_KIND_WEIGHTS), weights=list(LINK_KIND_WEIGHTS.values()))[0]
    return {"claim": claim_id, "target": f"syn-c{target}", "kind": kind}


def make_figure(claim: dict[str, Any], year: int, rng: random.Random) -> dict[str, Any]:
    """Return a synthetic figure resting on a claim: one of a few measures, at its place."""
    measure = rng.randint(1, MEASURES)
    unit = FIGURE_UNITS[measure % len(FIGURE_UNITS)]
    return {
        "id": f"{claim['id']}-figure",
        "measure": f"synthetic-measure-{measure}",
        "measure_label": f"Synthetic measure {measure}",
        "value": rng.randint(1, 100) if unit == "percent" else rng.randint(1, 500_000),
        "unit": unit,
        **({"currency": "USD"} if unit == "money" else {}),
        "place": claim["place"],
        "period": str(year - rng.randint(0, 2)),
        "claim": claim["id"],
        "paragraph": claim["paragraph"],
    }


def make_packs(spec: SynthSpec) -> list[dict[str, Any]]:
    """Return every pack of a synthetic content set, the same for the same spec."""
    packs = math.ceil(spec.claims / spec.claims_per_pack)
    places = make_places(spec.places, random.Random(f"{spec.seed}:places"))
    cum_weights = popularity(spec.places)
    return [make_pack(spec, index, packs, places, cum_weights) for index in range(packs)]


def dump_pack(pack: dict[str, Any]) -> str:
    """Return one pack as YAML text."""
    header = "# Synthetic content made by `python -m insights synth`: not real, not shipped.\n"
    return header + load.dump_yaml(pack)


def write_packs(spec: SynthSpec, out_dir: Path) -> list[Path]:
    """Write a synthetic content set into out_dir, replacing an earlier set there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{FILE_PREFIX}*.yaml"):
        old.unlink()
    paths = []
    for pack in make_packs(spec):
        path = out_dir / f"{pack['id']}.yaml"
        path.write_text(dump_pack(pack), encoding="utf-8")
        paths.append(path)
    return paths
