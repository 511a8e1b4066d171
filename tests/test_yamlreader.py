import contextlib

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from insights.content import load, yamlreader
from insights.errors import PackError

# Issue 15, case 1: one line nesting 5,000 flow sequences.
DEEP = "a: " + "[" * 5000 + "]" * 5000 + "\n"


def alias_bomb(fan_out: int, levels: int) -> str:
    """Return the issue's alias bomb: each anchor a list of fan_out aliases of the one before."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * fan_out)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * fan_out)}]")
    lines.append(f"id: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def bomb_values(fan_out: int, levels: int) -> int:
    """Return how many values alias_bomb holds once every alias is expanded."""
    sizes = [1 + fan_out]
    for _ in range(1, levels):
        sizes.append(1 + fan_out * sizes[-1])
    # The top mapping, a key and a value per level, then the "id" key and its value.
    return 1 + sum(1 + s for s in sizes) + 1 + sizes[-1]


def nested(depth: int) -> str:
    """Return a block mapping nested depth levels, with an anchor so every check runs."""
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth - 1)) + "  " * depth + "v: &x 1\n"


@pytest.mark.parametrize(
    ("text", "error", "problem", "line"),
    [
        (DEEP, yaml.scanner.ScannerError, "exceeded maximum nesting depth", 1),
        (
            alias_bomb(9, 9),
            yamlreader.LimitError,
            "too large for a content file: more than 100,000 values once aliases are expanded; "
            "split it into smaller files",
            6,
        ),
        (
            "[" + ",".join(["1"] * (yamlreader.MAX_NODES + 1)) + "]",
            yamlreader.LimitError,
            "too large",
            1,
        ),
        (
            nested(yamlreader.MAX_DEPTH + 1),
            yamlreader.LimitError,
            "too deep for a content file: nested more than 32 levels",
            33,
        ),
        (
            "a: &a [1, *a]\n",
            yamlreader.LimitError,
            "the alias *a is inside the value it names: it never ends",
            1,
        ),
        (
            "a: &a 1\nb: [" + ", ".join(["*a"] * 1001) + "]\n",
            yamlreader.LimitError,
            "too many aliases for a content file: more than 1000 (*name)",
            2,
        ),
        ("claims: [unclosed", yaml.parser.ParserError, "did not find expected ',' or ']'", 1),
        # PyYAML raises a bare ValueError for these; a page or validate would show a traceback.
        (
            "id: x\npublished: 2020-13-45\n",
            yaml.constructor.ConstructorError,
            "'2020-13-45' is not a valid timestamp (month must be in 1..12)",
            2,
        ),
        ("count: !!int many", yaml.constructor.ConstructorError, "'many' is not a valid int", 1),
    ],
)
def test_read_yaml_refuses_what_no_pack_needs(text, error, problem, line):
    with pytest.raises(error) as caught:
        yamlreader.read_yaml(text)
    assert caught.value.problem.startswith(problem)
    assert caught.value.problem_mark.line + 1 == line


@pytest.mark.parametrize(
    "text",
    [
        nested(yamlreader.MAX_DEPTH),
        alias_bomb(3, 3),
        "a: &a {b: 1}\nc: *a\n",
    ],
)
def test_read_yaml_reads_what_stays_within_the_bounds(text):
    assert yamlreader.read_yaml(text) == yaml.safe_load(text)


def test_read_yaml_reads_as_many_values_as_the_bound():
    count = yamlreader.MAX_NODES - 1
    assert yamlreader.read_yaml("[" + ",".join(["1"] * count) + "]") == [1] * count


def test_the_pure_python_parser_is_bounded_too(monkeypatch):
    # Without libyaml the events come from PyYAML's own parser; its composer would recurse
    # on the nesting, so the walk must refuse the depth first.
    monkeypatch.setattr(yamlreader, "_LOADER", yamlreader.make_loader(yaml.SafeLoader))
    with pytest.raises(yamlreader.LimitError, match="too deep"):
        yamlreader.read_yaml(DEEP)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (DEEP, "line 1", "not valid YAML: exceeded maximum nesting depth"),
        (
            alias_bomb(9, 9),
            "line 6",
            "too large for a content file: more than 100,000 values once aliases are expanded; "
            "split it into smaller files",
        ),
    ],
)
def test_check_pack_text_names_file_and_line_of_a_bomb(text, field, message):
    assert load.check_pack_text(text, "d/x.yaml") == (None, [PackError("d/x.yaml", field, message)])


def test_a_huge_value_is_shortened_without_expanding_it():
    # Within the bounds, a list where a string belongs is still described in a few characters.
    _, problems = load.check_pack_text("id: " + alias_bomb(9, 4).replace("\nid: ", "\nx: "), "x")
    assert all(len(p.message) < 200 for p in problems)


@given(st.integers(1, 9), st.integers(1, 9))
def test_an_alias_bomb_is_refused_exactly_past_the_bound(fan_out, levels):
    text = alias_bomb(fan_out, levels)
    if bomb_values(fan_out, levels) > yamlreader.MAX_NODES:
        with pytest.raises(yamlreader.LimitError, match="too large"):
            yamlreader.read_yaml(text)
    else:
        assert yamlreader.read_yaml(text) == yaml.safe_load(text)


@given(st.integers(1, 2 * yamlreader.MAX_DEPTH), st.sampled_from(["[", "{a: "]))
def test_nesting_is_refused_exactly_past_the_bound(depth, opener):
    closer = "]" if opener == "[" else "}"
    # The anchor makes even a small document take the full walk.
    text = opener * depth + "&x 1" + closer * depth
    if depth > yamlreader.MAX_DEPTH:
        with pytest.raises(yamlreader.LimitError, match="too deep"):
            yamlreader.read_yaml(text)
    else:
        assert yamlreader.read_yaml(text) == yaml.safe_load(text)


@given(st.text(max_size=300))
def test_any_text_is_data_or_a_yaml_error(text):
    # Anything else (a RecursionError, a MemoryError) fails the test.
    with contextlib.suppress(yaml.YAMLError):
        yamlreader.read_yaml(text)


_YAML_PIECES = st.sampled_from(
    [
        "a",
        "1",
        "2020-13-45",
        "2020-02-30",
        "!!int",
        "!!float",
        "!!timestamp",
        "!!binary",
        "&x",
        "*x",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ": ",
        "- ",
        "? ",
        "\n",
        "  ",
        "'",
        '"',
        "#",
        "|",
        ">",
        "\t",
    ]
)


@given(st.lists(_YAML_PIECES, max_size=30).map("".join))
def test_any_yaml_like_text_is_data_or_a_located_yaml_error(text):
    # The forms PyYAML itself fails on with a bare ValueError (a bad date, "!!int a") included.
    error = None
    try:
        yamlreader.read_yaml(text)
    except yaml.MarkedYAMLError as exc:
        error = exc
    assert error is None or error.problem_mark is not None
