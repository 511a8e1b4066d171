"""A pitch as a PDF leave-behind: cover, points, objections and answers, figures, sources, call."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from insights.content.citation import format_day
from insights.outputs import typeset
from insights.outputs.theme import Theme, load_theme
from insights.pitch.talk import (
    OUR_ANSWER,
    OWN_WORDS_LINE,
    Copy,
    OwnAnswerPoint,
    PairPoint,
    Point,
    StatedFigure,
    Talk,
)
from insights.view import scorecard


def _point(point: Point, copy: Copy = Copy.PROSPECT) -> dict[str, str]:
    # The rep's copy carries each claim's age and verify mark, as its deck's notes do.
    return {
        "text": point.text,
        "source": point.source_line,
        "check": point.age if copy is Copy.REP else "",
    }


def _figure(figure: StatedFigure) -> dict[str, str]:
    return {
        "shown": figure.shown,
        "what": f"{figure.measure_label}, {figure.place_name}, {figure.when}",
        "source": figure.source_line,
    }


def _answer(item: PairPoint | OwnAnswerPoint) -> dict[str, str]:
    # The seller's words stand under their own label, with no source line: none stands behind.
    if isinstance(item, OwnAnswerPoint):
        return {"label": OUR_ANSWER, "text": item.answer, "source": "", "own": OWN_WORDS_LINE}
    return {"label": "Answer", **_point(item.response), "own": ""}


def _cell(entries: Sequence[scorecard.Entry]) -> list[dict[str, str]]:
    return [{"text": e.text, "source": e.citation} for e in entries]


def _scorecard(card: scorecard.Scorecard | None) -> dict[str, object] | None:
    if card is None:
        return None
    return {
        "title": scorecard.TITLE,
        "left": card.left,
        "right": card.right,
        "none": scorecard.NO_SOURCE,
        "rows": [
            {
                "title": line.spec.title,
                "shared": line.spec.shared,
                "left": _cell(line.left),
                "right": _cell(line.right),
            }
            for line in card.lines
        ],
    }


def make_document_data(talk: Talk, look: Theme, copy: Copy = Copy.PROSPECT) -> dict[str, object]:
    """Return what the template shows, as plain values: the talk (the rep's copy: notes too)."""
    notes = [n if copy is Copy.REP else "" for n in talk.notes]
    noted = list(zip(talk.items, notes + [""] * (len(talk.items) - len(notes)), strict=True))
    return {
        "title": talk.title,
        "prospect": talk.prospect,
        "made": format_day(talk.made_on),
        "cover_note": talk.cover_note if copy is Copy.REP else "",
        "points": [{**_point(i, copy), "note": n} for i, n in noted if isinstance(i, Point)],
        "pairs": [
            {"objection": _point(i.challenge, copy), "answer": _answer(i), "note": n}
            for i, n in noted
            if isinstance(i, PairPoint | OwnAnswerPoint)
        ],
        "scorecard": _scorecard(talk.scorecard),
        "figures": [_figure(f) for f in talk.figures],
        "sources": [
            {
                "title": s.title,
                "name": s.name,
                "published": format_day(s.published),
                "kind": s.kind,
                "url": s.url,
            }
            for s in talk.sources
        ],
        "company": talk.closing.company,
        # The seller's logo for the cover, as numbers: JSON carries no bytes, and the template
        # reads them back with bytes(), so the image never comes from a path or a URL.
        "logo": list(talk.closing.logo) if talk.closing.logo is not None else None,
        "prompt": talk.closing.prompt,
        "links": [{"label": link.label, "target": link.target} for link in talk.closing.links],
        "contact": list(talk.closing.contact),
        "theme": {
            "primary": look.primary,
            "muted": look.muted,
            "panel": look.panel,
            "text": look.text,
            "font": look.font,
        },
    }


def build_pdf(
    talk: Talk,
    look: Theme | None = None,
    compile_with: Callable[[str, str], bytes] = typeset.compile_pdf,
    copy: Copy = Copy.PROSPECT,
) -> bytes:
    """Return the talk as a PDF, its text selectable, fonts embedded from Debian's DejaVu.

    compile_with runs the Typst compile (which holds the interpreter while it works): in this
    process by default, or handed to a worker process by the app's download route.
    """
    theme = look or load_theme()
    data = json.dumps(make_document_data(talk, theme, copy), ensure_ascii=False)
    return compile_with(data, str(theme.regular_file.parent))
