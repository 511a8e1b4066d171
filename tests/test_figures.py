"""Figures read from sentences: money, counts, percentages, ranks (insights/ingest/figures)."""

import pytest

from insights.ingest import figures, lexicon

LEXICONS = lexicon.read_lexicons()


@pytest.mark.parametrize(
    ("sentence", "language", "found"),
    [
        (
            "The fund has $600 million in venture capital and over 100 incubators.",
            "en",
            [
                ("venture capital", 600e6, "money", "USD", "million", None),
                ("incubators", 100, "count", None, None, "over"),
            ],
        ),
        (
            "There are 45 venture capital funds and 1.5 million ICT employees.",
            "en",
            [
                ("venture capital funds", 45, "count", None, None, None),
                ("ICT employees", 1.5e6, "count", None, "million", None),
            ],
        ),
        (
            "Exports grew 12% in 2019, making it the third-largest hub.",
            "en",
            [
                ("largest hub", 3, "rank", None, None, None),
                ("share", 12, "percent", None, None, None),
            ],
        ),
        (
            "An investment of US$2.5 billion was announced on 20 December 2017.",
            "en",
            [("investment", 2.5e9, "money", "USD", "billion", None)],
        ),
        (
            "La ciudad tiene 45 fondos de capital de riesgo y más de 1.400 ingenieros.",
            "es",
            [
                ("fondos de capital de riesgo", 45, "count", None, None, None),
                ("ingenieros", 1400, "count", None, None, "más de"),
            ],
        ),
        (
            "Se invirtieron 600 millones de dólares en 2018.",
            "es",
            [("amount", 600e6, "money", "USD", "millones", None)],
        ),
        ("Founded in 2017, it runs 5G networks.", "en", []),
    ],
)
def test_find_figures(sentence, language, found):
    got = figures.find_figures(sentence, LEXICONS[language])
    assert [(f.measure, f.value, f.unit, f.currency, f.scale, f.qualifier) for f in got] == found


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,400", 1400.0), ("1.400", 1400.0), ("1.5", 1.5), ("1,5", 1.5), ("45", 45.0)],
)
def test_parse_number(text, value):
    assert figures.parse_number(text) == value


def test_the_period_is_read():
    (figure,) = figures.find_figures("Intel hired 1,400 engineers since 2015.", LEXICONS["en"])
    assert figure.period == "2015"
