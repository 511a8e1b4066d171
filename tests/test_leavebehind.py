import datetime as dt

import pytest

from insights import leavebehind, talk
from insights.pitch import Pair, Pitch
from tests import documents, factory

TODAY = dt.date(2026, 11, 25)


def read_back(tmp_path, made):
    path = tmp_path / "leave.pdf"
    path.write_bytes(leavebehind.build_pdf(made))
    pages = documents.pdf_text(path)
    return pages, " ".join(" ".join(pages).split())


def test_pdf_has_a_cover_points_pairs_sources_and_the_next_step(tmp_path, catalog):
    made = talk.resolve_talk(
        Pitch("For Acme", "Acme Corp", ("test-c2", Pair("test-c3", "test-c4"), "test-c6")),
        catalog.claims,
        catalog.calls,
        TODAY,
    )
    pages, text = read_back(tmp_path, made)
    assert " ".join(pages[0].split()) == "For Acme Prepared for Acme Corp 25 Nov 2026"
    assert (
        "Talking points 1. Firms Acme and Zenith. "
        "Source: Example Research (vendor blog), Mar 2020, ¶1 "
        "2. Claim test-c6 says something. Source: Example Research (vendor blog), Mar 2020, ¶2"
    ) in text
    assert (
        "Objections and answers Objection Claim test-c3 says something. "
        "Source: Example Research (vendor blog), Mar 2020, ¶1 "
        "Answer Claim test-c4 says something."
    ) in text
    assert (
        "Sources A test source Example Research (then Old Example), 15 Mar 2020 · vendor blog "
        "https://example.test/report"
    ) in text
    assert "Next step Talk to us. Talk https://example.test/talk" in text
    for rep_only in ("verify", "years old", "Bias", "interest in the region"):
        assert rep_only not in text


@pytest.mark.parametrize(
    "hostile",
    [
        '#set page(fill: red) *bold* _em_ $x$ <label> @ref `raw` \\ "quote" // comment',
        '"); #panic("x") #(1+1)',
        "]] ] [ #{ } #let x = 1",
    ],
)
def test_text_from_data_is_text_never_markup(tmp_path, hostile):
    data = factory.pack()
    data["claims"][0]["text"] = hostile
    catalog = factory.catalog_of(data)
    made = talk.resolve_talk(
        Pitch(title=hostile, prospect=hostile, items=("test-c1",)),
        catalog.claims,
        catalog.calls,
        TODAY,
    )
    _, text = read_back(tmp_path, made)
    flat = " ".join(hostile.split())
    assert text.count(flat) >= 3  # cover title, prospect, the point (and the footer title)
