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


# What an XML 1.0 document (a PPTX or PDF export's text) can hold, less the carriage return:
# no C0 control but tab and line feed, no lone surrogate, not U+FFFE or U+FFFF.
_UNSTORABLE = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def find_unstorable_character(text: str) -> tuple[int, str] | None:
    """Return the position and first character of text an XML document cannot hold, if any."""
    found = _UNSTORABLE.search(text)
    return None if found is None else (found.start(), found.group())


def describe_character(ch: str) -> str:
    """Name a character by its code point and, when Unicode has one, its name."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def find_hidden_character(text: str, allowed: str = "") -> str | None:
    """Return the first control, invisible or unstorable character (those in allowed excepted)."""
    for ch in text:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in HIDDEN_CATEGORIES or _UNSTORABLE.match(ch):
            return ch
    return None


def count_noun(count: int, one: str, many: str = "") -> str:
    """Return a count with its noun in agreement: ``1 challenge``, ``2 challenges``.

    ``many`` is the plural where adding an s is wrong (``1 company``, ``3 companies``).
    """
    return f"{count:,} {one if count == 1 else many or f'{one}s'}"
