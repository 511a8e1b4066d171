"""Proposed figures made into a published pack's figures, or left out with the reason."""

from __future__ import annotations

from typing import Any

import pytest

from insights.ingest import pack_figures

PARAGRAPHS = {
    3: "Testville has 120 firms and about 9,000 engineers.",
    4: "Investors put US$45 million and 2.500 millones de pesos into it; 30% went to one firm.",
    5: "Testville is the third largest hub.",
}
CLAIMS = [
    {"id": "t-p3-s1", "paragraph": 3, "place": "testville"},
    # The reviewer moved this claim to another place: its figures follow it.
    {"id": "t-p4-s1", "paragraph": 4, "place": "lisbon"},
    {"id": "t-p5-s1", "paragraph": 5, "place": "testville"},
]


def proposed(claim: str, paragraph: int, value: float, unit: str, words: str, **more: Any):
    """One figure as a draft proposes it (ingested.figures)."""
    base = {
        "claim": claim,
        "paragraph": paragraph,
        "measure": "firms",
        "value": value,
        "unit": unit,
        "currency": None,
        "scale": None,
        "qualifier": None,
        "place": "testville",
        "period": None,
        "words": words,
    }
    return {**base, **more}


@pytest.mark.parametrize(
    ("figure", "stated"),
    [
        (proposed("t-p3-s1", 3, 120, "count", "120"), (120.0, None)),
        (proposed("t-p3-s1", 3, 9000, "count", "about 9,000"), (9000.0, None)),
        (
            proposed("t-p4-s1", 4, 45e6, "money", "US$45 million", scale="million"),
            (45.0, "million"),
        ),
        (
            proposed("t-p4-s1", 4, 2.5e9, "money", "2.500 millones", scale="millones"),
            (2500.0, "million"),
        ),
        # A Spanish billón is a million millions: no pack scale holds it.
        (proposed("t-p4-s1", 4, 2.5e15, "money", "2.500 billones", scale="billones"), None),
        (proposed("t-p4-s1", 4, 1.2e9, "money", "US$1.2 bn", scale="bn"), (1.2, "billion")),
        (proposed("t-p5-s1", 5, 3, "rank", "third largest"), (3.0, None)),
    ],
)
def test_read_stated(figure, stated):
    assert pack_figures.read_stated(figure) == stated


LEFT_OUT = "left out of the published pack"


@pytest.mark.parametrize(
    ("figure", "row", "note"),
    [
        (
            proposed(
                "t-p3-s1", 3, 9000, "count", "about 9,000", qualifier="about", measure="engineers"
            ),
            {
                "id": "t-p3-s1-f1",
                "measure": "engineers",
                "measure_label": "Engineers",
                "value": 9000.0,
                "unit": "count",
                "qualifier": "about",
                "place": "testville",
                "claim": "t-p3-s1",
                "paragraph": 3,
            },
            None,
        ),
        (
            proposed(
                "t-p4-s1",
                4,
                45e6,
                "money",
                "US$45 million",
                currency="USD",
                scale="million",
                period="2023",
                measure="venture capital",
            ),
            {
                "id": "t-p4-s1-f1",
                "measure": "venture-capital",
                "measure_label": "Venture capital",
                "value": 45.0,
                "unit": "money",
                "currency": "USD",
                "scale": "million",
                "place": "lisbon",
                "period": "2023",
                "claim": "t-p4-s1",
                "paragraph": 4,
            },
            None,
        ),
        (
            proposed("t-gone", 3, 120, "count", "120"),
            None,
            f"'120' (t-gone, ¶3): its claim t-gone is not kept; {LEFT_OUT}",
        ),
        (
            proposed("t-p3-s1", 4, 30, "percent", "30%"),
            None,
            f"'30%' (t-p3-s1, ¶4): it is from ¶4, its claim from ¶3; {LEFT_OUT}",
        ),
        (
            proposed(
                "t-p4-s1", 4, 2.5e15, "money", "2.500 billones", currency="MXN", scale="billones"
            ),
            None,
            f"'2.500 billones' (t-p4-s1, ¶4): its scale 'billones' is none a pack has; {LEFT_OUT}",
        ),
        (
            proposed("t-p4-s1", 4, 45e6, "money", "45 million", scale="million"),
            None,
            f"'45 million' (t-p4-s1, ¶4): it is money with no currency named; {LEFT_OUT}",
        ),
        (
            proposed("t-p3-s1", 3, 121, "count", "121"),
            None,
            f"'121' (t-p3-s1, ¶3): its number 121 is not written in ¶3; {LEFT_OUT}",
        ),
        (
            proposed("t-p5-s1", 5, 3, "rank", "third largest"),
            None,
            f"'third largest' (t-p5-s1, ¶5): its number 3 is not written in ¶5; {LEFT_OUT}",
        ),
    ],
)
def test_publish_figures_carries_or_leaves_out_with_a_note(figure, row, note):
    figures, notes = pack_figures.publish_figures([figure], CLAIMS, PARAGRAPHS)
    assert figures == ([row] if row else [])
    assert notes == ([note] if note else [])


def test_figure_ids_count_per_claim_and_stay_slugs():
    long_id = "x" * 62 + "-a"
    claims = [{"id": long_id, "paragraph": 3, "place": "testville"}]
    figures, notes = pack_figures.publish_figures(
        [proposed(long_id, 3, 120, "count", "120"), proposed(long_id, 3, 9000, "count", "9,000")],
        claims,
        PARAGRAPHS,
    )
    assert notes == []
    assert [f["id"] for f in figures] == ["x" * 61 + "-f1", "x" * 61 + "-f2"]
