"""A pitch: the talking points a rep picks for one prospect, in order, and its URL form."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from insights.content.text import describe_character, find_hidden_character
from insights.errors import PackError
from insights.view.selection import make_link

PITCH_PARAM = "pitch"
TITLE_PARAM = "title"
PROSPECT_PARAM = "prospect"
# The rep's own answers travel in the link (the audience sees them); notes never do.
ANSWER_PARAM = "answer"
# The saved pitch a link was made from: a plain integer id (a quote request may record it).
SAVED_PARAM = "saved"
# Two places (or regions) whose scorecard the pitch carries: ``versus=guadalajara,mexico-city``.
VERSUS_PARAM = "versus"
ALL_PARAM_NAMES = (
    PITCH_PARAM,
    TITLE_PARAM,
    PROSPECT_PARAM,
    ANSWER_PARAM,
    SAVED_PARAM,
    VERSUS_PARAM,
)
# How Compare names a whole region as a side (``region:mexico``).
REGION_PREFIX = "region:"
ITEM_SEPARATOR = ","
PAIR_SEPARATOR = ">"
# ``challenge>*`` in a link: this objection is answered in the rep's own words (ANSWER_PARAM).
OWN_MARK = "*"
ANSWER_SEPARATOR = ":"
# A note's key for the cover; an item's note is keyed by its token (claim ids hold no "@").
COVER_KEY = "@cover"
MAX_ANSWER_CHARS = 300
MAX_NOTE_CHARS = 1000
# What the rep types is shown as the seller's words: it never becomes a link, so none is taken.
_LINK = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)")
OWN_TEXT_FILE = "pitch"
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


@dataclass(frozen=True)
class OwnAnswer:
    """An objection answered in the rep's own words: the seller's, never a source's."""

    challenge: str
    text: str


Item = str | Pair | OwnAnswer


@dataclass(frozen=True)
class Pitch:
    """What a rep presents: a title, the prospect's name, the items in order and the rep's notes.

    Notes are (key, text): an item's token, or COVER_KEY. They are the rep's alone: never in
    a link, never in the prospect's copy. ``saved`` is the library's id, when saved.
    """

    title: str = ""
    prospect: str = ""
    items: tuple[Item, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    saved: int | None = None
    # The two sides of a scorecard the pitch carries as slides (empty: none).
    versus: tuple[str, ...] = ()


@dataclass(frozen=True)
class PitchVocabulary:
    """The claim ids, the source's challenge/answer pairs, its challenges and its remedies."""

    claims: frozenset[str]
    pairs: frozenset[Pair]
    challenges: frozenset[str] = frozenset()
    remedies: frozenset[str] = frozenset()
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
    challenges = claims.loc[claims["stance"] == "challenge", "id"]
    sides = {*claims["place"].unique(), *(f"{REGION_PREFIX}{r}" for r in claims["region"].unique())}
    return PitchVocabulary(
        frozenset(claims["id"]),
        frozenset(Pair(c, r) for c, r in pairs),
        frozenset(challenges),
        frozenset(responses["remedy"]),
        frozenset(sides),
    )


def item_token(item: Item) -> str:
    """Return an item as it is written in a link: ``id``, ``challenge>remedy``, ``challenge>*``."""
    if isinstance(item, Pair):
        return f"{item.challenge}{PAIR_SEPARATOR}{item.remedy}"
    if isinstance(item, OwnAnswer):
        return f"{item.challenge}{PAIR_SEPARATOR}{OWN_MARK}"
    return item


def parse_item(token: str, answers: Mapping[str, str] | None = None) -> Item:
    """Read one item from its link form (not checked against any content)."""
    challenge, sep, remedy = token.strip().partition(PAIR_SEPARATOR)
    if sep and remedy.strip() == OWN_MARK:
        return OwnAnswer(challenge.strip(), (answers or {}).get(challenge.strip(), ""))
    return Pair(challenge.strip(), remedy.strip()) if sep else challenge


def is_source_pairing(pair: Pair, vocab: PitchVocabulary) -> bool:
    """Tell whether the source itself answers this challenge with this remedy."""
    return pair in vocab.pairs


def is_known(item: Item, vocab: PitchVocabulary) -> bool:
    """Tell whether the content has this claim, or this challenge and a source's remedy."""
    if isinstance(item, Pair):
        # Any challenge may be answered by any remedy a source offers: a pairing the source
        # does not make is the rep's choice, and is marked so.
        return item in vocab.pairs or (
            item.challenge in vocab.challenges and item.remedy in vocab.remedies
        )
    if isinstance(item, OwnAnswer):
        return item.challenge in vocab.challenges
    return item in vocab.claims


def claim_ids(items: Iterable[Item]) -> tuple[str, ...]:
    """Return every claim id the items name, in order, each once (a pair names two)."""
    ids: list[str] = []
    for item in items:
        if isinstance(item, Pair):
            ids.extend((item.challenge, item.remedy))
        elif isinstance(item, OwnAnswer):
            ids.append(item.challenge)
        else:
            ids.append(item)
    return tuple(dict.fromkeys(ids))


def check_own_text(text: str, field: str, limit: int, lines: bool = False) -> str:
    """Return the rep's own text trimmed, or raise PackError naming the field and the problem.

    Markup is kept as literal characters (every output shows it as typed); a link, a control
    or invisible character (a right-to-left mark too) and an over-long text are refused.
    """
    trimmed = text.strip()
    if len(trimmed) > limit:
        raise PackError(
            OWN_TEXT_FILE,
            field,
            f"at most {limit:,} characters (this has {len(trimmed):,}); nothing was cut",
        )
    found = find_hidden_character(trimmed, "\n" if lines else "")
    if found is not None:
        raise PackError(
            OWN_TEXT_FILE,
            field,
            f"holds {describe_character(found)}: use plain, visible characters only",
        )
    if _LINK.search(trimmed):
        raise PackError(
            OWN_TEXT_FILE, field, "must not hold a link (https://, www., mailto:); write it out"
        )
    return trimmed


def answer_field(challenge: str) -> str:
    """Return the name of the field holding our answer to this objection."""
    return f"our answer to {challenge}"


def note_field(key: str) -> str:
    """Return the name of the field holding our note on the cover or on an item."""
    return "our note on the cover" if key == COVER_KEY else f"our note on {key}"


def note_of(pitch: Pitch, key: str) -> str:
    """Return the rep's note on the cover or an item (by its token), "" when none."""
    return dict(pitch.notes).get(key, "")


def set_note(pitch: Pitch, key: str, text: str) -> Pitch:
    """Return the pitch with this note checked and set (an empty text removes it)."""
    clean = check_own_text(text, note_field(key), MAX_NOTE_CHARS, lines=True)
    kept = [(k, v) for k, v in pitch.notes if k != key]
    return dataclasses.replace(pitch, notes=tuple(kept + ([(key, clean)] if clean else [])))


def make_own_answer(challenge: str, text: str) -> OwnAnswer:
    """Return an objection answered in the rep's words, checked; PackError names the field."""
    clean = check_own_text(text, answer_field(challenge), MAX_ANSWER_CHARS)
    if not clean:
        raise PackError(OWN_TEXT_FILE, answer_field(challenge), "write an answer first")
    return OwnAnswer(challenge, clean)


def _usable_own(item: Item) -> bool:
    if not isinstance(item, OwnAnswer):
        return True
    try:
        return bool(check_own_text(item.text, answer_field(item.challenge), MAX_ANSWER_CHARS))
    except PackError:
        return False


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _clean_name(values: Sequence[str], limit: int) -> tuple[str, bool]:
    text = values[-1].strip() if values else ""
    usable = len(text) <= limit and find_hidden_character(text) is None
    return (text, True) if usable else ("", False)


def prune_pitch(pitch: Pitch, vocab: PitchVocabulary, origin: str = "pitch") -> ParsedPitch:
    """Keep the items the content has, once each and at most MAX_ITEMS; say what was dropped."""
    kept: list[Item] = []
    empty = unknown = unpaired = unusable = 0
    for item in pitch.items:
        if item in kept or any(
            isinstance(k, OwnAnswer) and item_token(k) == item_token(item) for k in kept
        ):
            continue
        if item == "" or (isinstance(item, Pair) and "" in (item.challenge, item.remedy)):
            empty += 1
        elif not _usable_own(item):
            unusable += 1
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
            "no source offers; left out."
        )
    if unusable:
        notices.append(
            f"The {origin} had {_plural(unusable, 'answer', 'answers')} in our words that "
            f"{'is' if unusable == 1 else 'are'} empty, too long or not plain text; left out."
        )
    if len(kept) > MAX_ITEMS:
        notices.append(f"The {origin} had more than {MAX_ITEMS} points; the rest were left out.")
        kept = kept[:MAX_ITEMS]
    keys = {COVER_KEY, *(item_token(i) for i in kept)}
    notes = tuple((k, v) for k, v in pitch.notes if k in keys)
    versus = pitch.versus
    if versus and not is_known_versus(versus, vocab):
        notices.append(
            f"The {origin}'s scorecard named a place this content does not have, or one place "
            "twice; it was left out."
        )
        versus = ()
    return ParsedPitch(
        dataclasses.replace(pitch, items=tuple(kept), notes=notes, versus=versus), tuple(notices)
    )


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
    answers: dict[str, str] = {}
    for value in params.get(ANSWER_PARAM, ())[:MAX_ITEMS]:
        challenge, _, text = value.partition(ANSWER_SEPARATOR)
        answers.setdefault(challenge.strip(), text)
    raw_versus = ITEM_SEPARATOR.join(params.get(VERSUS_PARAM, ()))[: MAX_TITLE_CHARS * 2]
    pitch = Pitch(
        title=names[TITLE_PARAM],
        prospect=names[PROSPECT_PARAM],
        items=tuple(parse_item(t, answers) for t in tokens),
        saved=parse_saved(params.get(SAVED_PARAM, ())),
        versus=tuple(v.strip() for v in raw_versus.split(ITEM_SEPARATOR)) if raw_versus else (),
    )
    pruned = prune_pitch(pitch, vocab, origin="link's pitch")
    return ParsedPitch(pruned.pitch, (*notices, *pruned.notices))


def parse_saved(values: Sequence[str]) -> int | None:
    """Return the saved pitch's id a link names, None when it names none or not a number."""
    text = values[-1].strip() if values else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def to_params(pitch: Pitch) -> dict[str, list[str]]:
    """Return the query parameters that reproduce a pitch (empty parts left out, never notes)."""
    params = {}
    if pitch.items:
        params[PITCH_PARAM] = [ITEM_SEPARATOR.join(item_token(i) for i in pitch.items)]
    answers = [
        f"{i.challenge}{ANSWER_SEPARATOR}{i.text}" for i in pitch.items if isinstance(i, OwnAnswer)
    ]
    if answers:
        params[ANSWER_PARAM] = answers
    if pitch.saved is not None:
        params[SAVED_PARAM] = [str(pitch.saved)]
    if pitch.title:
        params[TITLE_PARAM] = [pitch.title]
    if pitch.prospect:
        params[PROSPECT_PARAM] = [pitch.prospect]
    if pitch.versus:
        params[VERSUS_PARAM] = [ITEM_SEPARATOR.join(pitch.versus)]
    return params


def origin_params(pitch: Pitch) -> dict[str, list[str]]:
    """Return the items and saved id a request form's link carries (no title, no prospect)."""
    # The request made from a deck then records the pitch it came from (issue 30).
    return {k: v for k, v in to_params(pitch).items() if k in (PITCH_PARAM, SAVED_PARAM)}


def add_items(pitch: Pitch, items: Iterable[Item]) -> Pitch:
    """Return the pitch with the items appended, skipping any already in it (up to MAX_ITEMS)."""
    kept = list(pitch.items)
    for item in items:
        tokens = {item_token(k) for k in kept}
        if item_token(item) not in tokens and len(kept) < MAX_ITEMS:
            kept.append(item)
    return dataclasses.replace(pitch, items=tuple(kept))


def remove_item(pitch: Pitch, item: Item) -> Pitch:
    """Return the pitch without this item (and without its note)."""
    token = item_token(item)
    return dataclasses.replace(
        pitch,
        items=tuple(i for i in pitch.items if i != item),
        notes=tuple((k, v) for k, v in pitch.notes if k != token),
    )


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
