import numpy as np
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


@pytest.mark.parametrize(
    ("rows", "number", "kept"),
    [
        ([7, 3, 5, 1], 1, ["h", "d"]),
        ([7, 3, 5, 1], 2, ["f", "b"]),
        ([7, 3, 5], 2, ["f"]),
        ([], 1, []),
    ],
)
def test_take_rows_copies_only_the_page_rows(rows, number, kept):
    # Positions, not labels: the frame's labels run backwards from 17.
    frame = pd.DataFrame({"x": list("abcdefgh")}, index=range(17, 9, -1))
    span = paging.locate(len(rows), number, 2)
    taken = paging.take_rows(frame, np.asarray(rows, dtype="int64"), span)
    assert list(taken["x"]) == kept
    # The frame's own labels come along with the rows.
    assert list(taken.index) == [17 - r for r in rows[span.start : span.stop]]


@pytest.mark.parametrize(
    ("rows", "number", "kept"),
    [
        (None, 1, [("a", 0), ("b", 1)]),
        (None, 3, [("e", 4)]),
        ([4, 0, 2], 1, [("e", 4), ("a", 0)]),
        ([4, 0, 2], 2, [("c", 2)]),
        ([], 1, []),
    ],
)
def test_read_page_gives_only_the_fields_asked_for(rows, number, kept):
    frame = pd.DataFrame(
        {"text": pd.Categorical(list("abcde")), "n": range(5), "other": [1.5] * 5},
        index=[10, 11, 12, 13, 14],
    )
    picked = None if rows is None else np.asarray(rows, dtype="int64")
    span = paging.locate(5 if rows is None else len(rows), number, 2)
    read = paging.read_page(frame, span, ("text", "n"), picked)
    assert [(r["text"], r["n"]) for r in read] == kept
    assert all(set(r) == {"text", "n"} for r in read)


def test_read_page_reads_a_missing_category_as_nan():
    frame = pd.DataFrame({"name": pd.Categorical(["x", None, "y"])})
    (first, gap, last) = paging.read_page(frame, paging.locate(3, 1, 3), ("name",))
    assert (first["name"], last["name"]) == ("x", "y")
    assert gap["name"] != gap["name"]  # NaN, as Categorical.tolist gives


@pytest.mark.parametrize(
    ("values", "kind"),
    [([1.5, 2.0], float), ([1, 2], int), ([True, False], bool), (["a", "b"], str)],
)
def test_rows_and_columns_read_back_plain_python_values(values, kind):
    # Not numpy's scalars: these go into JSON, Markdown and slides as they are.
    frame = pd.DataFrame({"x": values})
    assert all(isinstance(v, kind) for v in paging.read_columns(frame, ["x"])["x"])
    assert all(isinstance(r["x"], kind) for r in paging.records(frame))


@pytest.mark.parametrize(
    ("positions", "expected"),
    [([], []), ([2, 0], [{"id": "c", "n": 3}, {"id": "a", "n": 1}]), ([1], [{"id": "b", "n": 2}])],
)
def test_read_rows_gives_the_fields_at_those_positions_in_their_order(positions, expected):
    frame = pd.DataFrame({"id": ["a", "b", "c"], "n": [1, 2, 3], "other": ["x", "y", "z"]})
    rows = paging.read_rows(frame, ("id", "n"), np.asarray(positions, dtype=np.int64))
    assert rows == expected
