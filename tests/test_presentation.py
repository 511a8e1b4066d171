import datetime as dt

import pytest
import sqlalchemy as sa

from insights.quotes import presentation, store

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


LATER = NOW + dt.timedelta(seconds=5)


def test_a_presentation_starts_on_its_first_screen_and_moves_with_its_key(engine):
    started, key = presentation.start_presentation(engine, NOW)
    assert presentation.parse_code(started.code) == started.code
    assert len(started.code) == presentation.CODE_LENGTH == 10
    assert (started.position, started.started_at) == (0, NOW.replace(tzinfo=None))
    assert presentation.move_presentation(engine, started.code, key, 4, LATER)
    assert presentation.read_presentation(engine, started.code, LATER).position == 4
    assert presentation.move_presentation(engine, started.code, key, -3, LATER)
    assert presentation.read_presentation(engine, started.code, LATER).position == 0


@pytest.mark.parametrize("wrong", ["", "guess", "x" * 32])
def test_only_the_presenter_key_moves_a_presentation(engine, wrong):
    started, key = presentation.start_presentation(engine, NOW)
    assert not presentation.move_presentation(engine, started.code, wrong, 3, LATER)
    assert presentation.read_presentation(engine, started.code, LATER).position == 0
    assert (presentation.holds_key(engine, started.code, wrong, LATER)) is False
    assert presentation.holds_key(engine, started.code, key, LATER) is True
    # The row holds the key's digest, never the key.
    with engine.connect() as conn:
        stored = conn.execute(sa.select(presentation.PRESENTATIONS.c.key_hash)).scalar_one()
    assert stored == presentation.hash_key(key) != key


@pytest.mark.parametrize(
    ("idle", "alive"),
    [
        (dt.timedelta(hours=3, minutes=59), True),
        (presentation.IDLE_EXPIRY, True),
        (presentation.IDLE_EXPIRY + dt.timedelta(seconds=1), False),
        (dt.timedelta(days=3), False),
    ],
)
def test_a_presentation_idle_past_the_expiry_is_gone(engine, idle, alive):
    started, key = presentation.start_presentation(engine, NOW)
    later = NOW + idle
    assert (presentation.read_presentation(engine, started.code, later) is not None) is alive
    assert presentation.move_presentation(engine, started.code, key, 1, later) is alive
    assert presentation.touch_presentation(engine, started.code, key, later) is alive


def test_expired_presentations_are_removed_when_another_starts(engine):
    old, _ = presentation.start_presentation(engine, NOW)
    kept, key = presentation.start_presentation(engine, NOW)
    presentation.touch_presentation(engine, kept.code, key, NOW + dt.timedelta(hours=3))
    presentation.start_presentation(engine, NOW + presentation.IDLE_EXPIRY + dt.timedelta(hours=1))
    with engine.connect() as conn:
        codes = set(conn.execute(sa.select(presentation.PRESENTATIONS.c.code)).scalars())
    assert old.code not in codes
    assert kept.code in codes
    assert len(codes) == 2


def test_touching_keeps_a_presentation_alive(engine):
    started, key = presentation.start_presentation(engine, NOW)
    for hours in (3, 6, 9):
        assert presentation.touch_presentation(
            engine, started.code, key, NOW + dt.timedelta(hours=hours)
        )
    assert presentation.read_presentation(engine, started.code, NOW + dt.timedelta(hours=12))


def test_guesses_are_limited_per_client_and_window(engine):
    started, _ = presentation.start_presentation(engine, NOW)
    found = presentation.look_up_code(engine, "192.0.2.1", started.code.lower(), NOW)
    assert (found.state, found.found.code) == (presentation.CodeState.FOUND, started.code)
    states = [
        presentation.look_up_code(engine, "192.0.2.1", guess, NOW).state
        for guess in ["ZZZZZZZZZZ", "ABC234", "<script>"] + ["ZZZZZZZZZZ"] * 7
    ]
    assert states == [
        presentation.CodeState.UNKNOWN,
        presentation.CodeState.LEGACY,
        presentation.CodeState.MALFORMED,
        *[presentation.CodeState.UNKNOWN] * 7,
    ]
    # The limit reached: even a live code is refused, without a lookup, until the window ends.
    refused = presentation.look_up_code(engine, "192.0.2.1", started.code, NOW)
    assert refused == presentation.Lookup(
        presentation.CodeState.LIMITED, None, presentation.GUESS_WINDOW_S
    )
    # Another address is not held back; a later window starts afresh.
    assert (
        presentation.look_up_code(engine, "192.0.2.2", started.code, NOW).state
        is presentation.CodeState.FOUND
    )
    after = NOW + dt.timedelta(seconds=presentation.GUESS_WINDOW_S + 1)
    assert (
        presentation.look_up_code(engine, "192.0.2.1", started.code, after).state
        is presentation.CodeState.FOUND
    )


@pytest.mark.parametrize(
    ("text", "code", "state"),
    [
        ("abcdefgh23", "ABCDEFGH23", None),
        (" AB CD EF GH 23 ", "ABCDEFGH23", None),
        ("ABC234", None, presentation.CodeState.LEGACY),  # the first version's six characters
        ("abc234", None, presentation.CodeState.LEGACY),
        ("ABCDEFGH2", None, presentation.CodeState.MALFORMED),
        ("ABCDEFGH234", None, presentation.CodeState.MALFORMED),
        ("ABCDEFGH1O", None, presentation.CodeState.MALFORMED),  # 1 and O are not in the alphabet
        ("<b>x</b>", None, presentation.CodeState.MALFORMED),
        (None, None, presentation.CodeState.MALFORMED),
    ],
)
def test_parse_code(text, code, state):
    assert presentation.parse_code(text) == code
    assert presentation.classify_code(text) == state


def test_codes_use_the_unambiguous_alphabet():
    codes = {presentation.make_code() for _ in range(50)}
    assert len(codes) == 50
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
        presentation.read_presentation(engine, "ABCDEFGH23", NOW)
