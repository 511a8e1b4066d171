"""Turn an article (plain text, Markdown or HTML) into a draft content pack to review.

Reading an article (article), proposing claims from it (claims, with the lexicon) and building
the draft (draft) are separate modules; this one joins them and names what callers use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from insights.errors import PackError
from insights.ingest.article import (
    MAX_ARTICLE_BYTES,
    Article,
    check_article_name,
    decode_article,
    detect_format,
    read_article,
    read_article_text,
    read_html,
)
from insights.ingest.claims import count_universities, find_names, slugify
from insights.ingest.draft import (
    BIAS_TODO,
    GIST_TODO,
    PUBLISHER_TODO,
    URL_TODO,
    SourceEdits,
    SourceFacts,
    apply_edits,
    build_draft,
    check_draft,
    dump_pack,
    list_proposals,
)
from insights.ingest.lexicon import DEFAULT_LEXICON, Lexicon, read_lexicon, read_lexicons
from insights.ingest.links import KnownClaim, known_from_catalog
from insights.ingest.sentences import split_sentences, strip_invisible

__all__ = [
    "BIAS_TODO",
    "DEFAULT_LEXICON",
    "GIST_TODO",
    "MAX_ARTICLE_BYTES",
    "PUBLISHER_TODO",
    "URL_TODO",
    "Article",
    "KnownClaim",
    "Lexicon",
    "SourceEdits",
    "SourceFacts",
    "apply_edits",
    "build_draft",
    "check_article_name",
    "check_draft",
    "count_universities",
    "decode_article",
    "detect_format",
    "dump_pack",
    "find_names",
    "ingest_text",
    "known_from_catalog",
    "list_proposals",
    "read_article",
    "read_article_text",
    "read_html",
    "read_lexicon",
    "read_lexicons",
    "slugify",
    "split_sentences",
    "strip_invisible",
]


def ingest_text(
    text: str,
    name: str,
    facts: SourceFacts,
    lexicons: Mapping[str, Lexicon] | None = None,
    known: Sequence[KnownClaim] = (),
) -> dict[str, Any]:
    """Read an article's text and return its validated draft pack, or raise PackError."""
    article = read_article_text(text, name)
    draft = build_draft(
        article,
        facts,
        lexicons or read_lexicons(),
        file=name,
        known=known,
        fmt=detect_format(name, text),
    )
    problems: list[PackError] = check_draft(draft, name)
    if problems:
        raise problems[0]
    return draft
