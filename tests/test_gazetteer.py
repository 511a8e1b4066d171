import pytest

from insights import gazetteer


@pytest.mark.parametrize(
    ("name", "spot"),
    [
        ("Guadalajara", ("Guadalajara", "city", 20.6774, -103.3475)),
        ("  lisbon ", ("Lisbon", "city", 38.7251, -9.1498)),
        ("Mexico", ("Mexico", "country", 19.4285, -99.1277)),
        ("Testville", None),
        ("", None),
    ],
)
def test_find_place_resolves_offline(name, spot):
    found = gazetteer.find_place(name, gazetteer.load_gazetteer())
    got = (
        None
        if found is None
        else (found.name, found.kind, round(found.lat, 4), round(found.lon, 4))
    )
    assert got == spot
