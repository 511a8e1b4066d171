"""What a view selects, and how that travels in a URL's query parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from insights.text import find_hidden_character

MAX_SEARCH_CHARS = 100
# Query parameter name for each facet; the URL is part of the product (links are shared).
PARAM_NAMES = {"places": "place", "themes": "theme", "stances": "stance", "regions": "region"}
SEARCH_PARAM = "q"
# Drafts are hidden unless a link (or the sidebar toggle) asks for them with ``drafts=1``.
DRAFTS_PARAM = "drafts"
ALL_PARAM_NAMES = (*PARAM_NAMES.values(), SEARCH_PARAM, DRAFTS_PARAM)
FACET_NOUNS = {"places": "place", "themes": "theme", "stances": "stance", "regions": "region"}


@dataclass(frozen=True)
class Selection:
    """The facets a view is narrowed to; an empty facet means "any"."""

    places: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    text: str = ""
    regions: tuple[str, ...] = ()
    drafts: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """The values each facet may take in the loaded content."""

    places: tuple[str, ...]
    themes: tuple[str, ...]
    stances: tuple[str, ...]
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedParams:
    """A selection read from a URL, and notices for whatever was dropped."""

    selection: Selection
    notices: tuple[str, ...]


def _is_clean_text(text: str) -> bool:
    return len(text) <= MAX_SEARCH_CHARS and find_hidden_character(text) is None


def clean_values(values: Iterable[str], allowed: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """Keep the allowed values in order, once each; tell whether anything was dropped."""
    kept: list[str] = []
    dropped = False
    for value in values:
        if value in allowed and value not in kept:
            kept.append(value)
        elif value not in allowed:
            dropped = True
    return tuple(kept), dropped


def parse_params(params: Mapping[str, Sequence[str]], vocab: Vocabulary) -> ParsedParams:
    """Read a selection from query parameters; unknown values are dropped with a notice."""
    notices: list[str] = []
    facets: dict[str, tuple[str, ...]] = {}
    for facet, name in PARAM_NAMES.items():
        values, dropped = clean_values(params.get(name, ()), getattr(vocab, facet))
        facets[facet] = values
        if dropped:
            # Never echo what was in the URL: it may be hostile, and it is not ours to show.
            notices.append(
                f"The link named a {FACET_NOUNS[facet]} this content does not have; it was ignored."
            )
    raw_text = list(params.get(SEARCH_PARAM, ()))
    text = raw_text[-1].strip() if raw_text else ""
    if text and not _is_clean_text(text):
        notices.append(
            f"The link's search text was not usable (at most {MAX_SEARCH_CHARS} plain "
            f"characters); it was ignored."
        )
        text = ""
    drafts = list(params.get(DRAFTS_PARAM, ())) == ["1"]
    return ParsedParams(Selection(text=text, drafts=drafts, **facets), tuple(notices))


def to_params(selection: Selection) -> dict[str, list[str]]:
    """Return the query parameters that reproduce a selection (empty facets left out)."""
    params = {
        name: list(getattr(selection, facet))
        for facet, name in PARAM_NAMES.items()
        if getattr(selection, facet)
    }
    if selection.text:
        params[SEARCH_PARAM] = [selection.text]
    if selection.drafts:
        params[DRAFTS_PARAM] = ["1"]
    return params


def make_link(base_url: str, params: Mapping[str, Sequence[str]]) -> str:
    """Return base_url with these query parameters (none: the bare URL)."""
    query = urlencode(params, doseq=True)
    return f"{base_url}?{query}" if query else base_url


def make_share_link(base_url: str, selection: Selection) -> str:
    """Return a link to base_url that reopens it with this selection."""
    return make_link(base_url, to_params(selection))
