"""Make text from data safe, and unlinked, inside Markdown; find characters text must not hold."""

from __future__ import annotations

import re
import unicodedata

# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all of it turns
# links, images, emphasis, HTML and Streamlit's :directives: into the literal characters.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


# GitHub-flavoured Markdown (remark-gfm, as Streamlit renders it) turns "www.", "scheme://"
# and "name@domain" into links from the text itself, escaped or not. A word joiner (U+2060:
# invisible, no line break, no width) where each form is recognised leaves nothing to link.
WORD_JOINER = "\u2060"
_AUTOLINK_TRIGGERS = re.compile(r"(?i:(?<=www)(?=\.))|(?<=:)(?=//)|(?=@)")


def break_autolinks(text: str) -> str:
    """Return text with a word joiner inside every www., :// and @, so nothing links it."""
    return _AUTOLINK_TRIGGERS.sub(WORD_JOINER, text)


def escape_markdown(text: str) -> str:
    """Return text that Markdown renders as exactly these characters, on one line, unlinked."""
    return _PUNCTUATION.sub(r"\\\1", break_autolinks(_LINE_BREAKS.sub(" ", text)))


# Control, format (zero-width, bidi overrides, BOM), private-use, surrogate and line or
# paragraph separator characters: invisible or hostile in a link, a spreadsheet or an e-mail
# header, and never needed in a search, a title or a quote request.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def find_hidden_character(text: str, allowed: str = "") -> str | None:
    """Return the first control or invisible character in text (those in allowed excepted)."""
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) in HIDDEN_CATEGORIES:
            return ch
    return None
