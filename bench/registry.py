"""The one list of measurements, and the rows they report."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    """How big and how often to measure; smoke settings keep `make test` quick."""

    smoke: bool = False
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    places: int = 50
    repeats: int = 7
    sessions: int = 5
    seed: int = 0


@dataclass(frozen=True)
class Row:
    """One figure beside its floor; a row with a note and no value was not measured."""

    figure: str
    value: float | None = None
    floor: float | None = None
    unit: str = "s"
    target: str = ""
    limit: float | None = None  # the largest ratio (or absolute value, see absolute) allowed
    absolute: bool = False  # the target bounds the value itself, not value / floor
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Return value / floor when both were measured."""
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def met(self) -> bool | None:
        """Tell whether the target holds; None when unmeasured or when there is no target."""
        checked = self.value if self.absolute else self.ratio
        if self.limit is None or checked is None:
            return None
        return checked <= self.limit


Bench = Callable[[Settings], list[Row]]


@dataclass
class Registry:
    """Benchmarks in the order the table lists them."""

    benches: list[tuple[str, Bench, tuple[str, ...]]] = field(default_factory=list)

    def register(self, name: str, needs: tuple[str, ...] = ()) -> Callable[[Bench], Bench]:
        """Add a benchmark; it is reported as not measured while a module it needs is absent."""

        def add(fn: Bench) -> Bench:
            self.benches.append((name, fn, needs))
            return fn

        return add


BENCHES = Registry()


def missing_module(needs: tuple[str, ...]) -> str | None:
    """Return the first needed module that cannot be imported, if any."""
    for module in needs:
        try:
            found = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            found = None
        if found is None:
            return module
    return None


def run_benches(settings: Settings, only: tuple[str, ...] = ()) -> list[Row]:
    """Run every registered benchmark (or those named) and return their rows."""
    rows: list[Row] = []
    for name, fn, needs in BENCHES.benches:
        if only and name not in only:
            continue
        absent = missing_module(needs)
        if absent is not None:
            rows.append(Row(name, note=f"not measured: {absent} not present yet"))
            continue
        rows.extend(fn(settings))
    return rows
