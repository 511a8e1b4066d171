"""Places within places: Guadalajara in Jalisco, Jalisco in Mexico, Mexico in Latin America.

A pack may say which of its places another lies in (``within``). Across packs the statements
add up: a place lies in every place any pack puts it in, and in theirs, so one pack saying
Guadalajara lies in Mexico and another saying it lies in Jalisco, in Mexico, agree. A loop
(a place inside itself) is refused where it is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

NESTING_COLUMNS = ["place", "within", "pack"]


def find_cycle(parents: Mapping[str, Iterable[str]]) -> list[str] | None:
    """Return a loop of places each lying in the next (first place repeated at the end), or None."""
    # Iterative depth-first search with three colours: no recursion on a pack's depth.
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in parents:
        if state.get(start):
            continue
        path: list[str] = [start]
        stack = [iter(parents.get(start, ()))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(parents.get(nxt, ())))
    return None


def describe_cycle(cycle: Iterable[str]) -> str:
    """Say a loop as a reader follows it: ``'a' lies within 'b' within 'a'``."""
    names = [repr(p) for p in cycle]
    return f"{names[0]} lies within {' within '.join(names[1:])}"


@dataclass(frozen=True)
class PlaceTree:
    """Which places lie in which, for filters that keep what is said of the wider places."""

    # Each place's parents (a place may be put in more than one), in the order stated.
    parents: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    children: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # Places marked ``role: comparison``: there for contrast, never counted in a wider place.
    comparison: frozenset[str] = frozenset()
    kinds: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def ancestors(self, places: Iterable[str]) -> tuple[str, ...]:
        """Return the places these lie in, nearest first, leaving out the places given."""
        given = list(dict.fromkeys(places))
        seen = set(given)
        found: list[str] = []
        level = given
        while level:
            nxt = []
            for place in level:
                for parent in self.parents.get(place, ()):
                    if parent not in seen:
                        seen.add(parent)
                        found.append(parent)
                        nxt.append(parent)
            level = nxt
        return tuple(found)

    def descendants(self, places: Iterable[str]) -> frozenset[str]:
        """Return the places given and every place inside them, comparison places left out."""
        found = set(places)
        level = list(found)
        while level:
            nxt = []
            for place in level:
                for child in self.children.get(place, ()):
                    if child not in found and child not in self.comparison:
                        found.add(child)
                        nxt.append(child)
            level = nxt
        return frozenset(found)

    @property
    def nested(self) -> bool:
        """Tell whether any place lies within another."""
        return bool(self.parents)


def list_comparison_places(places: pd.DataFrame) -> frozenset[str]:
    """Return the places marked ``role: comparison``, which a region's totals leave out."""
    return frozenset(places.loc[places["role"] == "comparison", "id"])


def build_tree(places: pd.DataFrame, nesting: pd.DataFrame) -> PlaceTree:
    """Return the tree of the catalog's places (a statement naming a place it lacks is left out)."""
    known = set(places["id"])
    parents: dict[str, list[str]] = {}
    children: dict[str, list[str]] = {}
    for place, within in zip(nesting["place"], nesting["within"], strict=True):
        if place not in known or within not in known or within in parents.get(place, ()):
            continue
        parents.setdefault(place, []).append(within)
        children.setdefault(within, []).append(place)
    return PlaceTree(
        MappingProxyType({k: tuple(v) for k, v in parents.items()}),
        MappingProxyType({k: tuple(v) for k, v in children.items()}),
        list_comparison_places(places),
        MappingProxyType(dict(zip(places["id"], places["kind"], strict=True))),
    )
