"""A pitch: the talking points a rep picks for one prospect, in order, and its URL form."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from insights.content.text import find_hidden_character
from insights.view.selection import make_link

PITCH_PARAM = "pitch"
TITLE_PARAM = "title"
PROSPECT_PARAM = "prospect"
# Two places (or regions) whose scorecard the pitch carries: ``versus=guadalajara,mexico-city``.
VERSUS_PARAM = "versus"
ALL_PARAM_NAMES = (PITCH_PARAM, TITLE_PARAM, PROSPECT_PARAM, VERSUS_PARAM)
# How Compare names a whole region as a side (``region:mexico``).
REGION_PREFIX = "region:"
ITEM_SEPARATOR = ","
PAIR_SEPARATOR = ">"
# Bounds keep a hostile or mangled link cheap to read; a real pitch is a handful of points.
MAX_ITEMS = 40
MAX_TITLE_CHARS = 120
MAX_PROSPECT_CHARS = 80
MAX_PITCH_PARAM_CHARS = 6000


@dataclass(frozen=True)
class Pair:
    """An objection and the answer its source offers, presented together."""

    challenge: str
    remedy: str


Item = str | Pair


@dataclass(frozen=True)
class Pitch:
    """What a rep presents: a title, the prospect's name and the items in order."""

    title: str = ""
    prospect: str = ""
    items: tuple[Item, ...] = ()
    # The two sides of a scorecard the pitch carries as slides (empty: none).
    versus: tuple[str, ...] = ()


@dataclass(frozen=True)
class PitchVocabulary:
    """The claim ids and challenge/answer pairs the loaded content has."""

    claims: frozenset[str]
    pairs: frozenset[Pair]
    # What a scorecard may set side by side: places with claims, and whole regions.
    sides: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ParsedPitch:
    """A pitch read from a link (or checked against new content), and what was dropped."""

    pitch: Pitch
    notices: tuple[str, ...]


def make_vocabulary(claims: pd.DataFrame, responses: pd.DataFrame) -> PitchVocabulary:
    """Return the ids and pairs a pitch may name, from the catalog's claims and responses."""
    pairs = zip(responses["challenge"], responses["remedy"], strict=True)
    sides = {*claims["place"].unique(), *(f"{REGION_PREFIX}{r}" for r in claims["region"].unique())}
    return PitchVocabulary(
        frozenset(claims["id"]), frozenset(Pair(c, r) for c, r in pairs), frozenset(sides)
    )


def item_token(item: Item) -> str:
    """Return an item as it is written in a link: ``id`` or ``challenge>remedy``."""
    if isinstance(item, Pair):
        return f"{item.challenge}{PAIR_SEPARATOR}{item.remedy}"
    return item


def parse_item(token: str) -> Item:
    """Read one item from its link form (not checked against any content)."""
    challenge, sep, remedy = token.strip().partition(PAIR_SEPARATOR)
    return Pair(challenge.strip(), remedy.strip()) if sep else challenge


def is_known(item: Item, vocab: PitchVocabulary) -> bool:
    """Tell whether the content has this claim, or pairs this challenge with this answer."""
    if isinstance(item, Pair):
        return item in vocab.pairs
    return item in vocab.claims


def claim_ids(items: Iterable[Item]) -> tuple[str, ...]:
    """Return every claim id the items name, in order, each once (a pair names two)."""
    ids: list[str] = []
    for item in items:
        ids.extend((item.challenge, item.remedy) if isinstance(item, Pair) else (item,))
    return tuple(dict.fromkeys(ids))


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _clean_name(values: Sequence[str], limit: int) -> tuple[str, bool]:
    text = values[-1].strip() if values else ""
    usable = len(text) <= limit and find_hidden_character(text) is None
    return (text, True) if usable else ("", False)


def prune_pitch(pitch: Pitch, vocab: PitchVocabulary, origin: str = "pitch") -> ParsedPitch:
    """Keep the items the content has, once each and at most MAX_ITEMS; say what was dropped."""
    kept: list[Item] = []
    empty = unknown = unpaired = 0
    for item in pitch.items:
        if item in kept:
            continue
        if item == "" or (isinstance(item, Pair) and "" in (item.challenge, item.remedy)):
            empty += 1
        elif isinstance(item, Pair) and not is_known(item, vocab):
            unpaired += 1
        elif not is_known(item, vocab):
            unknown += 1
        else:
            kept.append(item)
    # Never echo what was dropped: a link may be hostile, and it is not ours to show.
    notices = []
    if empty:
        notices.append(
            f"The {origin} had {_plural(empty, 'empty entry', 'empty entries')}; left out."
        )
    if unknown:
        notices.append(
            f"The {origin} named {_plural(unknown, 'claim', 'claims')} this content does not "
            "have; left out."
        )
    if unpaired:
        notices.append(
            f"The {origin} paired {_plural(unpaired, 'objection', 'objections')} with an answer "
            "the source does not give for it; left out."
        )
    if len(kept) > MAX_ITEMS:
        notices.append(f"The {origin} had more than {MAX_ITEMS} points; the rest were left out.")
        kept = kept[:MAX_ITEMS]
    versus = pitch.versus
    if versus and not is_known_versus(versus, vocab):
        notices.append(
            f"The {origin}'s scorecard named a place this content does not have, or one place "
            "twice; it was left out."
        )
        versus = ()
    return ParsedPitch(dataclasses.replace(pitch, items=tuple(kept), versus=versus), tuple(notices))


def is_known_versus(versus: Sequence[str], vocab: PitchVocabulary) -> bool:
    """Tell whether a scorecard's two sides are two different sides the content has."""
    return len(versus) == 2 and versus[0] != versus[1] and all(v in vocab.sides for v in versus)


def parse_params(params: Mapping[str, Sequence[str]], vocab: PitchVocabulary) -> ParsedPitch:
    """Read a pitch from query parameters; empty or unknown items are dropped with a notice."""
    notices: list[str] = []
    raw = ITEM_SEPARATOR.join(params.get(PITCH_PARAM, ()))
    tokens: list[str] = []
    if len(raw) > MAX_PITCH_PARAM_CHARS:
        notices.append("The link's pitch was too long to read; it was ignored.")
    elif raw:
        tokens = raw.split(ITEM_SEPARATOR)
    names = {}
    for name, limit, noun in (
        (TITLE_PARAM, MAX_TITLE_CHARS, "title"),
        (PROSPECT_PARAM, MAX_PROSPECT_CHARS, "prospect name"),
    ):
        names[name], usable = _clean_name(list(params.get(name, ())), limit)
        if not usable:
            notices.append(
                f"The link's pitch {noun} was not usable (at most {limit} plain characters); "
                "it was ignored."
            )
    raw_versus = ITEM_SEPARATOR.join(params.get(VERSUS_PARAM, ()))[: MAX_TITLE_CHARS * 2]
    pitch = Pitch(
        title=names[TITLE_PARAM],
        prospect=names[PROSPECT_PARAM],
        items=tuple(parse_item(t) for t in tokens),
        versus=tuple(v.strip() for v in raw_versus.split(ITEM_SEPARATOR)) if raw_versus else (),
    )
    pruned = prune_pitch(pitch, vocab, origin="link's pitch")
    return ParsedPitch(pruned.pitch, (*notices, *pruned.notices))


def to_params(pitch: Pitch) -> dict[str, list[str]]:
    """Return the query parameters that reproduce a pitch (empty parts left out)."""
    params = {}
    if pitch.items:
        params[PITCH_PARAM] = [ITEM_SEPARATOR.join(item_token(i) for i in pitch.items)]
    if pitch.title:
        params[TITLE_PARAM] = [pitch.title]
    if pitch.prospect:
        params[PROSPECT_PARAM] = [pitch.prospect]
    if pitch.versus:
        params[VERSUS_PARAM] = [ITEM_SEPARATOR.join(pitch.versus)]
    return params


def add_items(pitch: Pitch, items: Iterable[Item]) -> Pitch:
    """Return the pitch with the items appended, skipping any already in it (up to MAX_ITEMS)."""
    kept = list(pitch.items)
    for item in items:
        if item not in kept and len(kept) < MAX_ITEMS:
            kept.append(item)
    return dataclasses.replace(pitch, items=tuple(kept))


def remove_item(pitch: Pitch, item: Item) -> Pitch:
    """Return the pitch without this item."""
    return dataclasses.replace(pitch, items=tuple(i for i in pitch.items if i != item))


def move_item(pitch: Pitch, item: Item, offset: int) -> Pitch:
    """Return the pitch with the item moved by offset places (-1 is up), kept within bounds."""
    if item not in pitch.items:
        return pitch
    items = list(pitch.items)
    start = items.index(item)
    items.insert(max(0, min(len(items) - 1, start + offset)), items.pop(start))
    return dataclasses.replace(pitch, items=tuple(items))


def set_versus(pitch: Pitch, versus: Sequence[str]) -> Pitch:
    """Return the pitch carrying the scorecard of these two sides (empty: none)."""
    return dataclasses.replace(pitch, versus=tuple(versus))


def rename(pitch: Pitch, title: str, prospect: str) -> Pitch:
    """Return the pitch with a new title and prospect name, trimmed to their bounds."""
    return dataclasses.replace(
        pitch,
        title=title.strip()[:MAX_TITLE_CHARS],
        prospect=prospect.strip()[:MAX_PROSPECT_CHARS],
    )


def fill_from_selection(pitch: Pitch, ids: Iterable[str]) -> Pitch:
    """Return the pitch, or, when it has no items yet, the first MAX_ITEMS of these claims."""
    if pitch.items:
        return pitch
    # No longer than a built pitch may be: a deck of every claim in a large view helps nobody.
    items: dict[str, None] = {}
    for claim_id in ids:
        if len(items) >= MAX_ITEMS:
            break
        items.setdefault(claim_id, None)
    return dataclasses.replace(pitch, items=tuple(items))


def describe_fallback(used: int, in_view: int) -> str:
    """Say which claims present and export use while no pitch is built."""
    if used < in_view:
        return f"With no pitch built, these use the first {used} of the {in_view:,} claims in view."
    return f"With no pitch built, these use the {used} claims in view."


def make_share_link(base_url: str, pitch: Pitch, view_params: Mapping[str, Sequence[str]]) -> str:
    """Return a link to base_url that reopens it with this pitch and the view's filters."""
    return make_link(base_url, {**view_params, **to_params(pitch)})
