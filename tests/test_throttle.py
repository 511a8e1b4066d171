import pytest

from insights.quotes import store, throttle

T0 = 1_800_000_000.0


@pytest.mark.parametrize(
    ("times", "waits"),
    [
        ([0, 1, 2], [0.0, 0.0, 0.0]),
        ([0, 1, 2, 3], [0.0, 0.0, 0.0, 97.0]),  # limit 3 per 100 s: the fourth waits
        ([0, 1, 2, 3, 3], [0.0, 0.0, 0.0, 97.0, 97.0]),  # a refused one is not counted
        ([0, 1, 2, 101], [0.0, 0.0, 0.0, 0.0]),  # a new window
    ],
)
def test_an_address_may_send_its_limit_per_window(engine, times, waits):
    got = [throttle.count_submission(engine, "192.0.2.1", T0 + t, 3, 100.0) for t in times]
    assert got == waits


def test_each_address_counts_alone(engine):
    for _ in range(3):
        throttle.count_submission(engine, "192.0.2.1", T0, 3, 100.0)
    assert throttle.count_submission(engine, "192.0.2.1", T0, 3, 100.0) == 100.0
    assert throttle.count_submission(engine, "2001:db8::/64", T0, 3, 100.0) == 0.0


def test_the_shipped_limit_is_twenty_an_hour(engine):
    waits = [throttle.count_submission(engine, "192.0.2.9", T0) for _ in range(21)]
    assert waits == [0.0] * 20 + [3600.0]


def test_an_unreachable_database_is_store_unavailable():
    engine = store.make_engine("postgresql+psycopg://u:p@127.0.0.1:1/none")
    with pytest.raises(store.StoreUnavailable):
        throttle.count_submission(engine, "192.0.2.1", T0)
