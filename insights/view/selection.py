"""What a view selects, and how that travels in a URL's query parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from insights.content.text import find_hidden_character
from insights.view.facets import FACETS, FACETS_BY_NAME, Vocabulary

MAX_SEARCH_CHARS = 100
SEARCH_PARAM = "q"
# Drafts are a choice of catalog, not a filter: hidden unless a link (or the sidebar switch)
# asks for them with ``drafts=1``.
DRAFTS_PARAM = "drafts"
FACET_PARAMS = tuple(f.param for f in FACETS)
ALL_PARAM_NAMES = (*FACET_PARAMS, SEARCH_PARAM, DRAFTS_PARAM)


@dataclass(frozen=True, init=False)
class Selection:
    """The facet values a view is narrowed to (an empty facet means "any"), and search text."""

    chosen: tuple[tuple[str, tuple[str, ...]], ...]
    text: str

    def __init__(self, text: str = "", **chosen: Iterable[str]) -> None:
        unknown = sorted(set(chosen) - set(FACETS_BY_NAME))
        if unknown:
            raise TypeError(f"no facet named {unknown[0]!r}")
        # In table order with empty facets left out, so equal selections compare equal.
        kept = tuple((f.name, values) for f in FACETS if (values := tuple(chosen.get(f.name, ()))))
        object.__setattr__(self, "chosen", kept)
        object.__setattr__(self, "text", text)

    def values(self, facet: str) -> tuple[str, ...]:
        """Return the values chosen for one facet (empty: any)."""
        return dict(self.chosen).get(facet, ())

    def without(self, *facets: str) -> Selection:
        """Return this selection with these facets back to "any"."""
        return Selection(self.text, **{k: v for k, v in self.chosen if k not in facets})


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
    chosen: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values, dropped = clean_values(params.get(facet.param, ()), vocab.values(facet.name))
        chosen[facet.name] = values
        if dropped:
            # Never echo what was in the URL: it may be hostile, and it is not ours to show.
            notices.append(
                f"The link named a {facet.noun} this content does not have; it was ignored."
            )
    raw_text = list(params.get(SEARCH_PARAM, ()))
    text = raw_text[-1].strip() if raw_text else ""
    if text and not _is_clean_text(text):
        notices.append(
            f"The link's search text was not usable (at most {MAX_SEARCH_CHARS} plain "
            f"characters); it was ignored."
        )
        text = ""
    return ParsedParams(Selection(text, **chosen), tuple(notices))


def parse_drafts(params: Mapping[str, Sequence[str]]) -> bool:
    """Tell whether a link asks for the catalog with drafts (``drafts=1``)."""
    return list(params.get(DRAFTS_PARAM, ())) == ["1"]


def to_params(selection: Selection, drafts: bool = False) -> dict[str, list[str]]:
    """Return the query parameters that reproduce a selection (empty facets left out)."""
    params = {FACETS_BY_NAME[name].param: list(values) for name, values in selection.chosen}
    if selection.text:
        params[SEARCH_PARAM] = [selection.text]
    if drafts:
        params[DRAFTS_PARAM] = ["1"]
    return params


def make_link(base_url: str, params: Mapping[str, Sequence[str]]) -> str:
    """Return base_url with these query parameters (none: the bare URL)."""
    query = urlencode(params, doseq=True)
    return f"{base_url}?{query}" if query else base_url


def make_share_link(base_url: str, selection: Selection, drafts: bool = False) -> str:
    """Return a link to base_url that reopens it with this selection."""
    return make_link(base_url, to_params(selection, drafts))
