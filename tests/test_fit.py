import pytest

from insights.outputs import fit, theme

FONT = theme.Theme().regular_file


@pytest.mark.parametrize(
    ("text", "size", "width", "lines"),
    [
        ("one two three", 10, 1000, ["one two three"]),
        ("one two three", 10, 40, ["one", "two", "three"]),
        ("", 10, 100, []),
        ("x" * 30, 10, 100, ["x" * 15, "x" * 15]),
    ],
)
def test_wrap_breaks_at_the_box_width(text, size, width, lines):
    assert fit.wrap(text, size, width, FONT) == lines


def test_every_wrapped_line_is_narrower_than_the_box():
    text = "Guadalajara's engineers and universities grow steadily " * 6
    for line in fit.wrap(text, 20, 300, FONT):
        assert fit.fits(line, 20, 300, 20 * fit.LINE_HEIGHT, FONT)


@pytest.mark.parametrize(
    ("text", "height", "size"),
    [("short", 100, 40), ("word " * 40, 100, 14), ("word " * 400, 100, None)],
)
def test_choose_size_takes_the_largest_that_fits(text, height, size):
    assert fit.choose_size(text, (40, 30, 20, 14), 400, height, FONT) == size
