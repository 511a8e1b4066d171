import pandas as pd
import pytest

from insights.view import paging
from insights.view.paging import PageSpan


@pytest.mark.parametrize(
    ("total", "number", "size", "span"),
    [
        (0, 1, 20, PageSpan(1, 1, 0, 0, 0)),
        (19, 1, 50, PageSpan(1, 1, 0, 19, 19)),
        (3400, 2, 50, PageSpan(2, 68, 50, 100, 3400)),
        (3400, 99, 50, PageSpan(68, 68, 3350, 3400, 3400)),
        (101, 0, 50, PageSpan(1, 3, 0, 50, 101)),
        (101, 3, 50, PageSpan(3, 3, 100, 101, 101)),
    ],
)
def test_locate_clamps_to_the_pages_that_exist(total, number, size, span):
    assert paging.locate(total, number, size) == span


@pytest.mark.parametrize(
    ("span", "sentence"),
    [
        (paging.locate(19, 1, 50), "showing all 19 claims"),
        (paging.locate(3400, 2, 50), "showing 51 to 100 of 3,400 claims"),
        (paging.locate(101, 3, 50), "showing 101 to 101 of 101 claims"),
    ],
)
def test_describe_says_what_is_shown(span, sentence):
    assert span.describe("claims") == sentence


def test_locate_refuses_an_empty_page():
    with pytest.raises(ValueError, match="at least one"):
        paging.locate(10, 1, 0)


def test_take_and_take_groups():
    frame = pd.DataFrame({"claim": ["a", "a", "b", "c", "c", "d"], "n": range(6)})
    assert list(paging.take(frame, paging.locate(6, 2, 4))["n"]) == [4, 5]
    assert paging.count_groups(frame, "claim") == 4
    second = paging.take_groups(frame, "claim", paging.locate(4, 2, 2))
    assert list(second["n"]) == [3, 4, 5]
