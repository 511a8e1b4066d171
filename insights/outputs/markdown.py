"""A talk as a Markdown one-pager, every piece of text shown as exactly its characters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from insights.content.citation import format_day
from insights.content.text import break_autolinks
from insights.pitch.talk import (
    OUR_ANSWER,
    OUR_NOTE,
    OWN_WORDS_LINE,
    Copy,
    OwnAnswerPoint,
    PairPoint,
    Point,
    Talk,
)
from insights.view import scorecard

_AUTOLINK = re.compile(r"https?://[^\s<>\\`\x00-\x1f\x7f]+")
# Characters that start markup wherever they stand: emphasis, code, links, HTML, strikethrough.
_INLINE_MARKUP = re.compile(r"[*`\[\]<~]")
# A backslash escapes only the punctuation after it; an entity is `&name;` or `&#...;`.
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# An underscore opens or closes emphasis only beside a space or punctuation, never inside a word.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a block: a heading, a quote or a list item (bullet or number).
_BLOCK_START = re.compile(
    r"^(\s*)(?:(>|[-+](?=\s|$)|-(?=[-\s]*$)|#{1,6}(?=\s|$))|(\d{1,9})([.)])(?=\s|$))"
)
# A heading's closing run of hashes would be dropped.
_CLOSING_HASHES = re.compile(r"(\s)(#+\s*)$")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def _escape_block_start(match: re.Match[str]) -> str:
    space, marker, number, close = match.groups()
    if number is not None:
        # A number opens an ordered list only with the `.` or `)` after it: escape that.
        return f"{space}{number}\\{close}"
    return f"{space}\\{marker}"


def escape_text(text: str) -> str:
    """Return text Markdown shows as exactly these characters, escaping only what is markup."""
    # Unlinked as on every page: a word joiner inside www., :// and @ (GFM links them bare).
    flat = break_autolinks(_LINE_BREAKS.sub(" ", text))
    flat = _BACKSLASH.sub(r"\\\\", flat)
    flat = _INLINE_MARKUP.sub(lambda m: "\\" + m.group(), flat)
    flat = _UNDERSCORE.sub(r"\\_", flat)
    flat = _ENTITY.sub(r"\\&", flat)
    flat = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)
    return _BLOCK_START.sub(_escape_block_start, flat, count=1)


def _link(url: str) -> str:
    # An autolink only for a URL that cannot break out of one; anything else is plain text.
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else escape_text(url)


def _markdown_point(lead: str, point: Point, last: bool = True) -> list[str]:
    # Two trailing spaces end a line inside the list item, so each source line sits under its point.
    return [
        f"{lead}{escape_text(point.text)}  ",
        f"   *{escape_text(point.source_line)}*" + ("" if last else "  "),
    ]


def _markdown_closing(talk: Talk) -> list[str]:
    closing = talk.closing
    lines = ["", "## Next step", ""]
    if closing.company:
        lines += [f"**{escape_text(closing.company)}**", ""]
    lines += [escape_text(closing.prompt), ""]
    lines += [f"- {escape_text(c.label)}: {_link(c.target)}" for c in closing.links]
    if closing.links and closing.contact:
        # A blank line ends the list: else the contact lines read as part of its last item.
        lines.append("")
    # Each on its own line: two trailing spaces end a line in Markdown.
    lines += [f"{escape_text(line)}  " for line in closing.contact]
    return lines


def _markdown_sources(talk: Talk) -> list[str]:
    if not talk.sources:
        return []
    lines = ["", "## Sources", ""]
    for src in talk.sources:
        lines.append(
            f"- {escape_text(src.title)}, {escape_text(src.name)}, "
            f"{escape_text(format_day(src.published))} ({escape_text(src.kind)}): {_link(src.url)}"
        )
    return lines


def _markdown_figures(talk: Talk) -> list[str]:
    if not talk.figures:
        return []
    lines = ["", "## Figures", ""]
    for f in talk.figures:
        # The number, then what it measures: a line that reads as a sentence in plain text too.
        what = f"{f.measure_label}, {f.place_name}, {f.when}"
        lines += [
            f"- **{escape_text(f.shown)}** — {escape_text(what)}  ",
            f"  *{escape_text(f.source_line)}*",
        ]
    return lines


def _markdown_note(note: str, copy: Copy) -> list[str]:
    # The rep's copy only: their own note, marked as theirs, each line as literal text.
    if copy is Copy.PROSPECT or not note:
        return []
    return [f"   *{OUR_NOTE} (for you, not the prospect):* {escape_text(note)}"]


def _markdown_cell(entries: Sequence[scorecard.Entry]) -> list[str]:
    if not entries:
        return [f"  - *{scorecard.NO_SOURCE}*"]
    return [f"  - {escape_text(e.text)} *({escape_text(e.citation)})*" for e in entries]


def _markdown_scorecard(talk: Talk) -> list[str]:
    card = talk.scorecard
    if card is None:
        return []
    lines = ["", f"## {scorecard.TITLE}: {escape_text(card.left)} and {escape_text(card.right)}"]
    for line in card.lines:
        lines += ["", f"**{escape_text(line.spec.title)}**", ""]
        if line.spec.shared:
            lines += ["- Both:", *_markdown_cell(line.left)]
            continue
        lines += [f"- {escape_text(card.left)}:", *_markdown_cell(line.left)]
        lines += [f"- {escape_text(card.right)}:", *_markdown_cell(line.right)]
    return lines


def to_markdown(talk: Talk, copy: Copy = Copy.PROSPECT) -> str:
    """Return the talk as a Markdown one-pager: each point with its source line.

    The seller's own answers carry no source line; the rep's copy adds the rep's notes.
    """
    made = escape_text(format_day(talk.made_on))
    by = f" by {escape_text(talk.closing.company)}" if talk.closing.company else ""
    byline = (
        f"Prepared for {escape_text(talk.prospect)}{by}, {made}"
        if talk.prospect
        else f"Made{by} {made}"
    )
    lines = [f"# {escape_text(talk.title)}", "", byline, ""]
    if copy is Copy.REP and talk.cover_note:
        lines += [f"*{OUR_NOTE} (for you, not the prospect):* {escape_text(talk.cover_note)}", ""]
    # A scorecard alone (a comparison's export) has no talking points to list.
    if talk.items or talk.scorecard is None:
        lines += ["## Talking points", ""]
    for n, item in enumerate(talk.items, start=1):
        if isinstance(item, PairPoint):
            lines += _markdown_point(f"{n}. **Objection:** ", item.challenge, last=False)
            lines += _markdown_point("   **Answer:** ", item.response)
        elif isinstance(item, OwnAnswerPoint):
            lines += _markdown_point(f"{n}. **Objection:** ", item.challenge, last=False)
            lines += [
                f"   **{OUR_ANSWER}:** {escape_text(item.answer)}  ",
                f"   *{OWN_WORDS_LINE}*",
            ]
        else:
            lines += _markdown_point(f"{n}. ", item)
        lines += _markdown_note(talk.notes[n - 1] if n <= len(talk.notes) else "", copy)
    if not talk.items and talk.scorecard is None:
        lines.append("No talking point was selected.")
    lines += (
        _markdown_scorecard(talk)
        + _markdown_figures(talk)
        + _markdown_sources(talk)
        + _markdown_closing(talk)
    )
    return "\n".join(lines) + "\n"
