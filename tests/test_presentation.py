import datetime as dt

import pytest

from insights.quotes import presentation, store

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = store.default_database_url(tmp_path / "state")
    else:
        url = request.getfixturevalue("postgres_schema_url")
    made = store.make_engine(url)
    presentation.create_schema(made)
    presentation.create_schema(made)  # a second app server starting finds it there
    yield made
    made.dispose()


def test_a_presentation_starts_on_its_first_screen_and_moves(engine):
    started = presentation.start_presentation(engine, NOW)
    assert presentation.parse_code(started.code) == started.code
    assert (started.position, started.started_at) == (0, NOW.replace(tzinfo=None))
    presentation.move_presentation(engine, started.code, 4, NOW + dt.timedelta(seconds=5))
    assert presentation.read_presentation(engine, started.code).position == 4
    presentation.move_presentation(engine, started.code, -3, NOW)
    assert presentation.read_presentation(engine, started.code).position == 0


def test_a_code_from_a_link_is_joined_once(engine):
    first = presentation.start_presentation(engine, NOW, "ABC234")
    presentation.move_presentation(engine, "ABC234", 2, NOW)
    again = presentation.start_presentation(engine, NOW, "ABC234")
    assert (first.code, again.code, again.position) == ("ABC234", "ABC234", 2)
    assert presentation.read_presentation(engine, "ZZZ999") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc234", "ABC234"),
        (" AB C2 34 ", "ABC234"),
        ("ABC23", None),
        ("ABC2340", None),
        ("ABCD1O", None),  # 1 and O are not in the alphabet
        ("<b>x</b>", None),
        (None, None),
    ],
)
def test_parse_code(text, code):
    assert presentation.parse_code(text) == code


def test_codes_use_the_unambiguous_alphabet():
    codes = {presentation.make_code() for _ in range(50)}
    assert len(codes) > 45
    assert all(presentation.parse_code(c) == c for c in codes)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (75, "1:15"), (3725, "1:02:05"), (-5, "0:00")]
)
def test_describe_elapsed(seconds, shown):
    later = NOW + dt.timedelta(seconds=seconds)
    assert presentation.describe_elapsed(NOW.replace(tzinfo=None), later) == shown


def test_an_unreachable_database_is_store_unavailable():
    engine = store.make_engine("postgresql+psycopg://u:p@127.0.0.1:1/none")
    with pytest.raises(store.StoreUnavailable):
        presentation.read_presentation(engine, "ABC234")
