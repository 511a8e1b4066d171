"""Text fitted to a box by the font's own metrics: wrapped lines, the largest size that fits."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from PIL import ImageFont

# Measured at one size and scaled: advance widths are linear in the size.
_REFERENCE_SIZE = 100
# A line's height as a share of the size: DejaVu's ascent plus descent is 1.164 em; a little
# more covers the way LibreOffice and PowerPoint round line positions.
LINE_HEIGHT = 1.2
# Renderers hint and kern a little differently: wrap as if the box were this much narrower.
_WIDTH_SLACK = 0.94


@functools.lru_cache(maxsize=8)
def _font(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), _REFERENCE_SIZE)


@functools.lru_cache(maxsize=65_536)
def _width(word: str, path: Path) -> float:
    return float(_font(path).getlength(word)) / _REFERENCE_SIZE


def wrap(text: str, size: float, width: float, font: Path) -> list[str]:
    """Return text broken into lines no wider than width (points) at this size."""
    space = _width(" ", font) * size
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    limit = width * _WIDTH_SLACK
    for whole in text.split():
        for word in _split_long(whole, size, limit, font):
            wide = _width(word, font) * size
            if line and used + space + wide > limit:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + wide
            line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines


def _split_long(word: str, size: float, limit: float, font: Path) -> list[str]:
    # A word wider than the box (a long URL) is broken where it overflows, as renderers do.
    if _width(word, font) * size <= limit:
        return [word]
    parts, start = [], 0
    for end in range(1, len(word) + 1):
        if _width(word[start:end], font) * size > limit and end - 1 > start:
            parts.append(word[start : end - 1])
            start = end - 1
    return [*parts, word[start:]]


def height_of(text: str, size: float, width: float, font: Path) -> float:
    """Return the height (points) the wrapped text takes at this size."""
    return len(wrap(text, size, width, font)) * size * LINE_HEIGHT


def fits(text: str, size: float, width: float, height: float, font: Path) -> bool:
    """Tell whether the text, wrapped at this size, fits the box."""
    return height_of(text, size, width, font) <= height


def choose_size(
    text: str, sizes: Sequence[float], width: float, height: float, font: Path
) -> float | None:
    """Return the first (largest) of sizes at which the text fits the box, or None."""
    return next((s for s in sizes if fits(text, s, width, height, font)), None)
