import pytest

from insights import ratelimit


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        # Three at once, then one a second (burst 3, 1 per second).
        ([0, 0, 0, 0], [0.0, 0.0, 0.0, 1.0]),
        ([0, 0, 0, 0.5], [0.0, 0.0, 0.0, 0.5]),
        ([0, 0, 0, 1, 1], [0.0, 0.0, 0.0, 0.0, 1.0]),
        ([0, 0, 0, 10, 10, 10, 10], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]),  # never above burst
    ],
)
def test_a_bucket_allows_its_burst_then_its_rate(times, expected):
    buckets = ratelimit.TokenBuckets(burst=3, per_second=1.0)
    assert [round(buckets.take("a", t), 6) for t in times] == expected


def test_each_key_has_its_own_bucket_and_memory_is_bounded():
    buckets = ratelimit.TokenBuckets(burst=1, per_second=0.1, max_keys=100)
    assert (buckets.take("a", 0), buckets.take("b", 0), buckets.take("a", 0)) == (0.0, 0.0, 10.0)
    for n in range(1_000):
        buckets.take(f"k{n}", 1.0)
    assert len(buckets._buckets) <= 100


def test_a_bounded_queue_refuses_beyond_running_and_waiting():
    queue = ratelimit.BoundedQueue(running=2, waiting=3)
    assert [queue.enter() for _ in range(7)] == [True] * 5 + [False] * 2
    queue.leave()
    assert (queue.enter(), queue.enter(), queue.inside) == (True, False, 5)


@pytest.mark.parametrize(("seconds", "header"), [(0.0, "1"), (0.2, "1"), (1.0, "1"), (4.01, "5")])
def test_retry_after(seconds, header):
    assert ratelimit.retry_after(seconds) == header
