"""Finding a point in a presentation: the screens that hold the claims a search found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from insights.pitch.talk import slide_points
from insights.search.engine import SearchResult


@dataclass(frozen=True)
class FoundScreen:
    """A screen holding a claim the search found: its position, the claim and its text."""

    index: int
    claim: str
    text: str


def find_screens(screens: Sequence[object], found: SearchResult) -> list[FoundScreen]:
    """Return the screens holding a found claim, best match first, each screen once."""
    where: dict[str, tuple[int, str]] = {}
    for n, screen in enumerate(screens):
        for point in slide_points(screen):
            where.setdefault(point.id, (n, point.text))
    shown: list[FoundScreen] = []
    for hit in found.hits:
        if hit.id in where and all(s.index != where[hit.id][0] for s in shown):
            shown.append(FoundScreen(where[hit.id][0], hit.id, where[hit.id][1]))
    return shown
