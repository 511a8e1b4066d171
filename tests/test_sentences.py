"""Sentences per language and text made safe for a claim (insights/ingest/sentences)."""

import time

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


@pytest.mark.parametrize(
    ("paragraph", "limit", "pieces"),
    [
        ("short one. two.", 100, ["short one. two."]),
        # Cut after the last sentence end that fits, else at a space, else hard.
        ("Aa bb. Cc dd. Ee ff.", 14, ["Aa bb. Cc dd. ", "Ee ff."]),
        ("aaa bbb ccc ddd", 9, ["aaa bbb ", "ccc ddd"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ('He said "go." Then he went.', 16, ['He said "go." ', "Then he went."]),
    ],
)
def test_bound_paragraph(paragraph, limit, pieces):
    found = sentences.bound_paragraph(paragraph, limit)
    assert found == pieces
    assert "".join(found) == paragraph


def test_a_long_paragraph_splits_in_linear_time():
    # 3,000 times the sentence (120 KB): pysbd alone takes tens of seconds (it grows with the
    # square of the text); in bounded pieces, about one.
    paragraph = "Monterrey hosts twelve firms, e.g. Acme. " * 3_000
    started = time.process_time()
    found = sentences.split_sentences(paragraph)
    assert found == ["Monterrey hosts twelve firms, e.g. Acme."] * 3_000
    assert time.process_time() - started < 5


def test_sentences_are_yielded_lazily():
    # Only the first piece is read for the first sentence of a very long paragraph.
    first = next(sentences.iter_sentences("One here. " + "x " * 1_000_000))
    assert first == "One here."
