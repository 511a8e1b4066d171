"""Make text from data safe inside Markdown; find characters typed text must not hold."""

from __future__ import annotations

import re
import unicodedata

# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all of it turns
# links, images, emphasis, HTML and Streamlit's :directives: into the literal characters.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def escape_markdown(text: str) -> str:
    """Return text that Markdown renders as exactly these characters, on one line."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


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
