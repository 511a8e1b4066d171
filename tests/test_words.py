"""Every page's words, read as a rep reads them: no "None", no "nan", counts that agree.

The shipped content, with a draft beside it, walked page by page (tests/apptest.py ALL_PAGES):
with no filter, with place=guadalajara, with Compare's two sides (Guadalajara and Mexico City)
and with drafts on.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from insights import cli
from tests.apptest import ALL_PAGES, ROOT, open_page

ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "eval" / "guadalajara-restated.txt"
# Nouns the app counts: after "1", each must be singular.
NOUNS = (
    "answers|challenges|claims|companies|entries|figures|files|gists|items|objections|pages|"
    "pairs|paragraphs|places|points|remedies|requests|slides|sources|strengths|themes|things|"
    "universities"
)
WRONG = [
    (re.compile(r"\bNone\b"), "a literal None"),
    (re.compile(r"\bnan\b", re.IGNORECASE), "a literal nan"),
    (re.compile(r"\w\(s\)"), "a plural left to the reader: (s)"),
    (re.compile(rf"(?<![\d.,¶])\b1 (?:\w+ )?(?:{NOUNS})\b"), "one with a plural noun"),
    (re.compile(r"\ball 1 shown\b"), "all of one"),
]
TEXT_KINDS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "code",
    "text",
)
# What each walk adds to the link (Compare's sides are in every link: other pages ignore them).
WALKS = {
    "no filter": {},
    "place=guadalajara": {"place": "guadalajara"},
    "two sides": {"left": "guadalajara", "right": "mexico-city"},
    "drafts on": {"drafts": "1"},
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The shipped packs and one draft ingested beside them."""
    folder = tmp_path_factory.mktemp("content")
    for pack in (ROOT / "data").glob("*.yaml"):
        shutil.copy(pack, folder / pack.name)
    args = ["ingest", str(ARTICLE), "--region", "Mexico", "--date", "2024-05-02"]
    assert cli.main([*args, "-o", str(folder / "draft.yaml")], io.StringIO()) == 0
    return folder


def read_page(at: AppTest) -> list[str]:
    """Every piece of text a page shows: elements, labels, and the cells of its tables."""
    found = [str(e.value) for kind in TEXT_KINDS for e in at.get(kind)]
    found += [f"{m.label} {m.value}" for m in at.get("metric")]
    found += [str(b.label) for kind in ("button", "download_button") for b in at.get(kind)]
    found += [str(e.proto.label) for e in at.get("expander")]
    for table in at.dataframe:
        frame: pd.DataFrame = table.value
        shown = list(table.proto.column_order) or list(frame.columns)
        cells = frame[[c for c in shown if c in frame.columns]]
        found += [str(v) for v in cells.to_numpy().ravel().tolist()]
    return found


@pytest.mark.parametrize("walk", list(WALKS))
@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_page_shows_none_or_a_wrong_plural(content, monkeypatch, page, walk):
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(content))
    at = open_page(page, WALKS[walk])
    assert not at.exception, at.exception
    shown = read_page(at)
    if walk == "drafts on" and page == "pages/overview.py":
        assert any(text.endswith("including drafts") for text in shown)
    problems = [
        f"{why}: {text[:160]!r}" for text in shown for pattern, why in WRONG if pattern.search(text)
    ]
    assert problems == []


def test_the_walk_reads_tables_and_labels():
    # The reader must see what a rep sees: a table's None would be caught.
    frame = pd.DataFrame({"a": ["x", None]})
    assert any(p.search(str(v)) for v in frame["a"].tolist() for p, _ in WRONG[:2])
    for text, bad in (
        ("1 challenges in this view", True),
        ("1 challenge in this view", False),
        ("2 request(s)", True),
        ("Add all 1 shown", True),
        ("Add the 1 shown", False),
        ("showing 1 to 10 of 11 claims", False),
        ("¶1 claims", False),
        ("1.5 claims", False),
        ("1 public universities", True),
    ):
        assert any(p.search(text) for p, _ in WRONG) is bad, text
