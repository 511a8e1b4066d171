"""Scoring the ingest on the evaluation articles (tests/fixtures/articles/eval)."""

from __future__ import annotations

import pytest

from bench import ingest_eval
from insights.ingest import evaluation
from insights.ingest.evaluation import Score


@pytest.mark.parametrize(
    ("score", "precision", "recall"),
    [
        (Score(3, 4, 6), 0.75, 0.5),
        (Score(0, 0, 0), 1.0, 1.0),
        (Score(0, 2, 0), 0.0, 1.0),
        (Score(1, 1, 1) + Score(0, 1, 1), 0.5, 0.5),
    ],
)
def test_precision_and_recall(score, precision, recall):
    assert (score.precision, score.recall) == (precision, recall)


def test_score_and_misses_compare_by_kind():
    found = {"places": {"a", "b"}, "organisations": {"ibm"}, "figures": set(), "links": set()}
    wanted = {
        "places": {"a", "c"},
        "organisations": {"ibm"},
        "figures": {"count:5"},
        "links": set(),
    }
    assert evaluation.score(found, wanted)["places"] == Score(1, 2, 2)
    assert evaluation.misses(found, wanted) == [
        "  places: + b",
        "  places: - c",
        "  figures: - count:5",
    ]


def test_the_evaluation_set_meets_its_targets(capsys):
    scores, held_out = ingest_eval.evaluate(
        ingest_eval.CASES, ingest_eval.ROOT / "data", verbose=True
    )
    printed = capsys.readouterr().out
    # The held-out articles are scored apart as well as in the whole set.
    assert "uruguay-interior.txt (held out)" in printed
    assert all(held_out[k].expected < scores[k].expected for k in ("places", "figures"))
    assert held_out["organisations"].expected == 6
    for kind in ("places", "organisations", "figures"):
        assert scores[kind].precision >= ingest_eval.TARGETS["precision"], kind
        assert scores[kind].recall >= ingest_eval.TARGETS["recall"], kind
    # The article restating the shipped pack links to the claims it restates.
    assert scores["links"].right >= 4


def test_every_evaluation_article_has_its_expectations():
    cases = evaluation.list_cases(ingest_eval.CASES)
    assert len(cases) >= 5
    languages = {evaluation.read_expected(expected).language for _, expected in cases}
    assert languages == {"en", "es"}
