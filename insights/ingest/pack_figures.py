"""A draft's proposed figures made into a published pack's figures, each checked against the
claim it rests on; a figure that cannot be carried over is left out with a note saying why."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from insights.content import numbers
from insights.content.model import SCALES
from insights.ingest.claims import slugify
from insights.ingest.figures import NUMBER_PATTERN, parse_number

_FIRST_NUMBER = re.compile(NUMBER_PATTERN)
# A figure the ingest reads from a sentence keeps what the sentence states, a reviewed claim
# decides where it is and from which paragraph; these say why one cannot be published.
Check = Callable[[Mapping[str, Any], Mapping[str, Any] | None, Mapping[int, str]], str | None]


def read_stated(figure: Mapping[str, Any]) -> tuple[float, str | None] | None:
    """Return a proposed figure's number as the article states it and its pack scale, or None
    when its scale is none a pack knows ("billones")."""
    value = float(figure["value"])
    digits = _FIRST_NUMBER.search(str(figure["words"]))
    # A rank in words ("third largest") states no digits: its value is the number itself.
    stated = parse_number(digits.group(0)) if digits else value
    factor = value / stated if stated else 1.0
    if math.isclose(factor, 1.0):
        return stated, None
    scale = next((name for name, size in SCALES.items() if math.isclose(factor, size)), None)
    return (stated, scale) if scale is not None else None


def _claim_kept(
    figure: Mapping[str, Any], claim: Mapping[str, Any] | None, _: Mapping[int, str]
) -> str | None:
    return None if claim is not None else f"its claim {figure['claim']} is not kept"


def _same_paragraph(
    figure: Mapping[str, Any], claim: Mapping[str, Any] | None, _: Mapping[int, str]
) -> str | None:
    if claim is None or claim["paragraph"] == figure["paragraph"]:
        return None
    return f"it is from ¶{figure['paragraph']}, its claim from ¶{claim['paragraph']}"


def _known_scale(
    figure: Mapping[str, Any], _: Mapping[str, Any] | None, __: Mapping[int, str]
) -> str | None:
    return (
        None
        if read_stated(figure) is not None
        else f"its scale {figure['scale']!r} is none a pack has"
    )


def _money_named(
    figure: Mapping[str, Any], _: Mapping[str, Any] | None, __: Mapping[int, str]
) -> str | None:
    if figure["unit"] != "money" or figure.get("currency"):
        return None
    return "it is money with no currency named"


def _number_in_paragraph(
    figure: Mapping[str, Any], _: Mapping[str, Any] | None, paragraphs: Mapping[int, str]
) -> str | None:
    # The check `validate --sources` makes of every published figure, made here while the
    # draft still holds the article's words.
    stated = read_stated(figure)
    text = paragraphs.get(int(figure["paragraph"]))
    if stated is None or text is None or numbers.is_number_in(stated[0], text):
        return None
    return f"its number {numbers.format_number(stated[0])} is not written in ¶{figure['paragraph']}"


# In order: the first that fails is the reason given.
CHECKS: tuple[Check, ...] = (
    _claim_kept,
    _same_paragraph,
    _known_scale,
    _money_named,
    _number_in_paragraph,
)


def _figure_id(claim_id: str, n: int) -> str:
    suffix = f"-f{n}"
    return f"{claim_id[: 64 - len(suffix)].rstrip('-')}{suffix}"


def _pack_figure(
    figure: Mapping[str, Any], claim: Mapping[str, Any], stated: tuple[float, str | None], n: int
) -> dict[str, Any]:
    value, scale = stated
    measure = str(figure["measure"])
    row: dict[str, Any] = {
        "id": _figure_id(str(claim["id"]), n),
        "measure": slugify(measure),
        "measure_label": (measure[:1].upper() + measure[1:])[:200],
        "value": value,
        "unit": figure["unit"],
        "currency": figure.get("currency"),
        "scale": scale,
        "qualifier": figure.get("qualifier"),
        # Where the reviewed claim is, which the reviewer may have changed since the ingest.
        "place": claim["place"],
        "period": figure.get("period"),
        "claim": claim["id"],
        "paragraph": claim["paragraph"],
    }
    return {k: v for k, v in row.items() if v is not None}


def publish_figures(
    proposed: Sequence[Mapping[str, Any]],
    claims: Sequence[Mapping[str, Any]],
    paragraphs: Mapping[int, str],
) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the pack figures of the proposed figures that rest on a kept claim, and a note
    for each left out, by its words, claim and paragraph."""
    by_id = {c["id"]: c for c in claims}
    figures: list[dict[str, Any]] = []
    notes: list[str] = []
    per_claim: dict[str, int] = {}
    for figure in proposed:
        claim = by_id.get(figure["claim"])
        reason = next((r for check in CHECKS if (r := check(figure, claim, paragraphs))), None)
        stated = read_stated(figure)
        if reason is not None or claim is None or stated is None:
            notes.append(
                f"{figure['words']!r} ({figure['claim']}, ¶{figure['paragraph']}): {reason}; "
                "left out of the published pack"
            )
            continue
        per_claim[claim["id"]] = per_claim.get(claim["id"], 0) + 1
        figures.append(_pack_figure(figure, claim, stated, per_claim[claim["id"]]))
    return figures, notes
