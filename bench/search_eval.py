"""`make eval-search`: the search's hit rate in the top 5 and MRR on tests/fixtures/search,
through `python -m insights search`, with query latency, index and vector build times at the
shipped data and at 5,000 synthetic claims, and what a query adds to a rerun."""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from insights import cli, settings
from insights.content import load
from insights.content.frames import Catalog
from insights.search import documents, engine, lexical, lexicon, vectors
from insights.search import view as search_view
from insights.view import facets, filters
from insights.view.selection import Selection

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "fixtures" / "search" / "queries.yaml"
# The vector build is judged on its CPU time: it runs on one thread, so that is its wall time
# on an idle core; on the shared machine its wall time measures the neighbours.
TARGETS = {"hit@5": 0.90, "vector build CPU s (5,000)": 60.0, "rerun ms (5,000)": 50.0}
TOP = 5


@dataclass(frozen=True)
class Case:
    """One evaluation query and the claim ids a rep would want from it."""

    query: str
    wanted: tuple[str, ...]
    language: str = "en"


def read_cases(path: Path = QUERIES) -> list[Case]:
    """Read the evaluation queries (PyYAML's safe loader)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(str(e["q"]), tuple(e["want"]), str(e.get("lang", "en"))) for e in document["queries"]
    ]


def reciprocal_rank(ranked: Sequence[str], wanted: Sequence[str]) -> float:
    """Return 1/rank of the first wanted id in ranked (0 when none is there)."""
    return next((1.0 / n for n, claim in enumerate(ranked, 1) if claim in wanted), 0.0)


def run_cli(query: str, data: Path) -> list[str]:
    """Return the claim ids `python -m insights search` prints for a query, best first."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["search", query, "--data", str(data), "--limit", "10"], out, err)
    if code != 0:
        raise SystemExit(f"search failed on {query!r}: {err.getvalue()}")
    return [hit["id"] for hit in json.loads(out.getvalue())]


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _millis(samples: Sequence[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def _search_seconds(searcher: engine.Searcher, query: str) -> float:
    start = time.perf_counter()
    searcher.search(query)
    return time.perf_counter() - start


def _rerun_seconds(
    catalog: Catalog, vocab: facets.Vocabulary, searcher: engine.Searcher, query: str
) -> float:
    # What ui/frame.py does on a rerun with a query: the (cached) search, then the view.
    start = time.perf_counter()
    found = searcher.search(query)
    search_view.apply_search(catalog.claims, vocab, (Selection(query),), found)
    return time.perf_counter() - start


def measure(
    catalog: Catalog, cases: Sequence[Case], label: str, model: vectors.Model
) -> dict[str, float]:
    """Print and return build times, query latency and a query's cost to a rerun."""
    docs = documents.documents_from_catalog(catalog)
    concepts = lexicon.load_concepts()
    lexical_s = _seconds(lambda: lexical.build_index(docs, concepts))
    found: dict[str, float] = {"lexical build s": lexical_s}
    print(f"{label}: {len(docs):,} claims; words index built in {lexical_s:.2f} s")
    with tempfile.TemporaryDirectory() as cache:
        layer = vectors.VectorLayer(Path(cache), lambda: model)
        searcher = engine.Searcher(lambda: docs, layer)
        if model.embedder is not None:
            cpu = _cpu_seconds()
            build_s = _seconds(lambda: searcher.wait_for_vectors())
            cpu = _cpu_seconds() - cpu
            found["vector build s"] = build_s
            found["vector build CPU s"] = cpu
            print(
                f"{label}: vectors built in {build_s:.1f} s wall, {cpu:.1f} s CPU "
                f"(model already loaded; load average {os.getloadavg()[0]:.1f} on "
                f"{os.cpu_count()} cores)"
            )
        first = [_search_seconds(searcher, c.query) for c in cases]
        again = [_search_seconds(searcher, c.query) for c in cases]
        print(f"{label}: a new query {_millis(first)}; the same query again {_millis(again)}")
        vocab = facets.make_vocabulary(catalog)
        claims = catalog.claims
        plain = [_seconds(lambda: filters.apply_filters(claims, vocab, Selection())) for _ in cases]
        ranked = [_rerun_seconds(catalog, vocab, searcher, c.query) for c in cases]
    extra = statistics.median(ranked) - statistics.median(plain)
    found["rerun ms"] = extra * 1000
    print(
        f"{label}: a rerun with a query costs {extra * 1000:.1f} ms more than without "
        f"(the view's filter {_millis(plain)}; with the query ranked {_millis(ranked)})"
    )
    return found


def app_rerun(folder: Path, query: str, rounds: int = 7) -> dict[str, float]:
    """Print and return the seconds a query adds to a whole rerun of each page (AppTest)."""
    from tests.apptest import open_page

    saved = {k: os.environ.get(k) for k in (settings.DATA_DIR_ENV, settings.SEARCH_MEANING_ENV)}
    os.environ[settings.DATA_DIR_ENV] = str(folder)
    # The rerun's cost, not the model's: a query's vectors are built apart, off the page's path.
    os.environ[settings.SEARCH_MEANING_ENV] = "off"
    added: dict[str, float] = {}
    try:
        for page in ("pages/overview.py", "pages/explorer.py"):
            plain, found = open_page(page), open_page(page, {"q": query})
            for at in (plain, found, plain, found):
                at.run()
            without, with_query = [], []
            for _ in range(rounds):
                without.append(_seconds(plain.run))
                with_query.append(_seconds(found.run))
            extra = statistics.median(with_query) - statistics.median(without)
            added[page] = extra
            print(
                f"synthetic: {page} rerun {statistics.median(without) * 1000:.0f} ms, with "
                f"q={query} ({found.main.caption[0].value}) {extra * 1000:+.0f} ms"
            )
        return added
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.search_eval", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every query's ranks")
    parser.add_argument("--synthetic", type=int, default=5000, help="claims (0: skip)")
    args = parser.parse_args(argv)
    cases = read_cases()
    spanish = sum(1 for c in cases if c.language == "es")
    start = time.perf_counter()
    model = vectors.load_model()
    model_s = time.perf_counter() - start
    print(f"model: {model.name or model.problem} loaded in {model_s:.1f} s")
    data = settings.SHIPPED_DATA
    hit = 0.0
    # Words alone first (the fallback when the model is missing), then words and meaning.
    for meaning in ("off", "on"):
        os.environ[settings.SEARCH_MEANING_ENV] = meaning
        ranks = []
        for case in cases:
            ranked = run_cli(case.query, data)
            rr = reciprocal_rank(ranked[:10], case.wanted)
            ranks.append(rr)
            if meaning == "on" and (args.verbose or rr < 1 / TOP):
                mark = "ok " if rr >= 1 / TOP else "MISS"
                print(f"  {mark} {case.query!r}: got {ranked[:TOP]}, want {list(case.wanted)}")
        hit = sum(r >= 1 / TOP for r in ranks) / len(cases)
        es = [r for r, c in zip(ranks, cases, strict=True) if c.language == "es"]
        es_hit = sum(r >= 1 / TOP for r in es) / max(1, len(es))
        print(
            f"shipped, meaning {meaning}: {len(cases)} queries ({spanish} in Spanish) through "
            f"`python -m insights search`: hit@5 {hit:.0%} (Spanish {es_hit:.0%}), "
            f"MRR {statistics.mean(ranks):.3f}"
        )
    results = {"hit@5": hit}
    shipped = measure(load.load_packs(data), cases, "shipped", model)
    del shipped
    if args.synthetic:
        with tempfile.TemporaryDirectory() as folder:
            spec = ["synth", "--claims", str(args.synthetic), "--places", "20", "--seed", "0"]
            cli.main([*spec, "-o", folder], io.StringIO())
            # Besides the rep's queries (which find little there), words that find hundreds.
            broad = [Case(q, ()) for q in ("talent", "Place 3 culture", "synthetic claim")]
            synthetic = measure(load.load_packs(Path(folder)), [*cases, *broad], "synthetic", model)
            app_rerun(Path(folder), "talent")
        results["rerun ms (5,000)"] = synthetic["rerun ms"]
        if "vector build CPU s" in synthetic:
            results["vector build CPU s (5,000)"] = synthetic["vector build CPU s"]
    missed = [
        name
        for name, target in TARGETS.items()
        if name in results
        and (results[name] < target if name == "hit@5" else results[name] > target)
    ]
    for name in missed:
        print(f"MISSED: {name} {results[name]:.3g} (target {TARGETS[name]})", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
