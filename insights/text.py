"""Make text from data safe to place inside Markdown."""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all of it turns
# links, images, emphasis, HTML and Streamlit's :directives: into the literal characters.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def escape_markdown(text: str) -> str:
    """Return text that Markdown renders as exactly these characters, on one line."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))
