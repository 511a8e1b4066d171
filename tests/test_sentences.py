"""Sentences per language and text made safe for a claim (insights/ingest/sentences)."""

import pytest

from insights.ingest import sentences


@pytest.mark.parametrize(
    ("paragraph", "language", "split"),
    [
        ("Firms, e.g. Acme, grow. Then more.", "en", ["Firms, e.g. Acme, grow.", "Then more."]),
        (
            "El Sr. Pérez dirige la empresa. ¿Por qué?",
            "es",
            ["El Sr. Pérez dirige la empresa.", "¿Por qué?"],
        ),
        ("One. Two.", "pt", ["One.", "Two."]),
    ],
)
def test_split_sentences(paragraph, language, split):
    assert sentences.split_sentences(paragraph, language) == split


@pytest.mark.parametrize(
    ("text", "kept", "removed"),
    [
        ("plain text", "plain text", ()),
        ("evil\u202etxt.exe", "eviltxt.exe", ("U+202E",)),
        ("zero\u200bwidth\ufeff bell\u0007", "zerowidth bell", ("U+200B", "U+FEFF", "U+0007")),
        ("tab\tand\nline", "tab and line", ()),
        ("not xml \ufffe", "not xml", ("U+FFFE",)),
    ],
)
def test_strip_invisible(text, kept, removed):
    assert sentences.strip_invisible(text) == (kept, removed)
