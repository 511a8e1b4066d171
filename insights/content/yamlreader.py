"""Read YAML text as plain data, refusing documents too deep, too aliased or too large."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

# A pack nests six levels at most; the margin leaves room for hand-written packs while a
# nesting bomb is refused long before any recursion on its depth.
MAX_DEPTH = 32
# Values as they would be after expanding every alias: the work and memory of validating a
# document grow with this, not with its size in bytes (a 466-byte alias bomb expands to
# hundreds of millions). A synthetic 100-claim pack holds under 2% of it, the shipped one 0.5%.
MAX_NODES = 100_000
# Hand-written packs may reuse a bias note or a word list; far fewer than this.
MAX_ALIASES = 1_000

# Below this size a document with no anchor is bounded by its bytes alone: without aliases
# it holds at most a value per byte, and libyaml refuses nesting past 1,000 levels without
# recursing. The event walk would add about a quarter to loading such a pack.
PLAIN_BYTES = 64 * 1024
# An anchor is "&" then its name, so text with no "&" before a non-space has none ("R&D"
# takes the walk anyway; "talent & education" does not).
_MAYBE_ANCHOR = re.compile(r"&\S")

# libyaml's parser when PyYAML was built with it; both it and the pure-Python parser are
# state machines, not recursive on the input's depth.
_LIBYAML_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


def make_loader(base: type) -> type:
    """Return the safe loader `base`, reporting a scalar it cannot convert with its line."""

    class Loader(base):
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            # A date like 2020-13-45 or an "!!int abc" raises a bare ValueError in PyYAML.
            try:
                return super().construct_object(node, deep)
            except yaml.YAMLError:
                raise
            except (ValueError, TypeError, OverflowError) as exc:
                kind = str(node.tag).rsplit(":", 1)[-1]
                value = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else ""
                raise yaml.constructor.ConstructorError(
                    problem=f"{value!r} is not a valid {kind} ({exc})",
                    problem_mark=node.start_mark,
                ) from None

    return Loader


_LOADER = make_loader(_LIBYAML_LOADER or yaml.SafeLoader)


class LimitError(yaml.MarkedYAMLError):
    """A document that parses but is too deep, too aliased or too large to be a content file."""


def _plain_mark(mark: Any, line: int | None = None) -> yaml.Mark:
    # libyaml's marks are their own type; PyYAML's plain Mark says the same (no snippet).
    return yaml.Mark(
        mark.name, mark.index, mark.line if line is None else line, mark.column, None, 0
    )


def _refuse(problem: str, event: Event) -> LimitError:
    return LimitError(problem=problem, problem_mark=_plain_mark(event.start_mark))


def check_limits(text: str) -> None:
    """Walk the document's parse events once, raising LimitError at the first bound passed."""
    # Events stream from the parser one at a time, so a huge document is refused after
    # MAX_NODES values, holding no tree; the safe loader then builds only what passed.
    nodes = aliases = 0
    sizes: dict[str, int] = {}
    # Per open collection: its anchor and the count of values before it began.
    open_: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, ScalarEvent):
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            open_.append((event.anchor, nodes))
            nodes += 1
            if len(open_) > MAX_DEPTH:
                problem = f"too deep for a content file: nested more than {MAX_DEPTH} levels"
                raise _refuse(problem, event)
        elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            anchor, before = open_.pop()
            if anchor is not None:
                sizes[anchor] = nodes - before
        elif isinstance(event, AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                problem = f"too many aliases for a content file: more than {MAX_ALIASES} (*name)"
                raise _refuse(problem, event)
            if any(anchor == event.anchor for anchor, _ in open_):
                problem = f"the alias *{event.anchor} is inside the value it names: it never ends"
                raise _refuse(problem, event)
            # An undefined alias counts nothing here; the loader reports it.
            nodes += sizes.get(event.anchor or "", 0)
        if nodes > MAX_NODES:
            raise _refuse(
                f"too large for a content file: more than {MAX_NODES:,} values once aliases "
                "are expanded; split it into smaller files",
                event,
            )


def read_yaml(text: str) -> Any:
    """Parse one YAML document as plain data; raise a yaml.YAMLError (LimitError past a bound)."""
    libyaml = _LIBYAML_LOADER is not None and issubclass(_LOADER, _LIBYAML_LOADER)
    plain = libyaml and len(text) <= PLAIN_BYTES and _MAYBE_ANCHOR.search(text) is None
    if not plain:
        check_limits(text)
    try:
        # The safe loader: plain data only, never a Python object.
        return yaml.load(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _within_text(exc, text) from None


def _within_text(exc: yaml.MarkedYAMLError, text: str) -> yaml.MarkedYAMLError:
    # libyaml marks the end of a text with no final line break one line past it; a reader
    # looks for the problem on the last line the file has.
    mark = exc.problem_mark
    last = text.count("\n") - text.endswith("\n")
    if mark is None or mark.line <= last:
        return exc
    end = _plain_mark(mark, line=max(last, 0))
    return type(exc)(exc.context, exc.context_mark, exc.problem, end, exc.note)
