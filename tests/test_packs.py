"""Drafts in the store: saved by a writer, reopened on another app server, published by an admin."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from insights import ingest
from insights.content import load
from insights.errors import PackError
from insights.ingest import review
from insights.quotes import packs, store
from insights.quotes.people import NOBODY, THIS_MACHINE, Person, Role
from tests import factory

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "testville.txt"
FACTS = ingest.SourceFacts(
    region="Testville",
    lat=0.0,
    lon=0.0,
    publisher="Made-up Press",
    url="https://example.test/testville",
    bias="A made-up publisher for tests.",
)
REP = Person("Ana Ruiz", "ana@example.com", Role.REP, 1)
ADMIN = Person("Bo Diaz", "bo@example.com", Role.ADMIN, 2)
T0 = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)


def reviewed(paraphrase: bool = True) -> tuple[dict, str]:
    """The test article's draft as a reviewer saves it (reworded and summarised, or as proposed)."""
    text = ingest.read_article(ARTICLE)
    draft = ingest.ingest_text(text, str(ARTICLE), FACTS)
    rows = ingest.list_proposals(draft)
    edits = ingest.SourceEdits()
    if paraphrase:
        rows = [{**row, "text": factory.TESTVILLE_PARAPHRASES[row["id"]]} for row in rows]
        edits = ingest.SourceEdits(gists=factory.TESTVILLE_GISTS)
    pack, reasons = review.finalise(draft, rows, False, "store:testville", edits)
    assert pack is not None, reasons
    return pack, packs.hash_draft(draft)


def test_a_draft_saved_on_one_server_is_reopened_on_another(engine):
    other = store.make_engine(engine.url.render_as_string(hide_password=False))
    try:
        pack, text_hash = reviewed()
        saved = packs.save_draft(engine, REP, pack, text_hash, T0)
        assert (saved.id, saved.status, saved.created_by) == (
            "testville-testville",
            "draft",
            "Ana Ruiz <ana@example.com>",
        )
        found = packs.find_pack(other, "testville-testville")
        assert found is not None
        assert found.data() == load.parse_yaml(ingest.dump_pack(pack))
        assert [p.id for p in packs.list_packs(other, "draft")] == ["testville-testville"]
        # Finished later on the other server: the same draft saved again, its writer recorded.
        again = packs.save_draft(other, ADMIN, pack, text_hash, T1, replacing=True)
        assert (again.created_by, again.updated_by, again.updated_at) == (
            "Ana Ruiz <ana@example.com>",
            "Bo Diaz <bo@example.com>",
            T1.replace(tzinfo=None),
        )
    finally:
        other.dispose()


def test_a_draft_goes_live_only_when_an_admin_approves_it(engine, tmp_path):
    pack, text_hash = reviewed()
    packs.save_draft(engine, REP, pack, text_hash, T0)
    folder = tmp_path / "data"
    factory.write_sales_pack(folder)

    def live_packs() -> list[str]:
        catalog = load.load_packs(folder, packs.read_pack_texts(engine, False))
        return sorted(set(catalog.claims["pack"]))

    assert live_packs() == ["sales-pack"]
    with pytest.raises(PackError, match="only an admin may publish"):
        packs.publish_pack(engine, REP, "testville-testville", T1)
    assert live_packs() == ["sales-pack"]
    done = packs.publish_pack(engine, ADMIN, "testville-testville", T1)
    assert (done.status, done.published_by, done.published_at) == (
        "published",
        "Bo Diaz <bo@example.com>",
        T1.replace(tzinfo=None),
    )
    assert live_packs() == ["sales-pack", "testville-testville"]
    published = done.data()
    assert published["status"] == "published"
    # The article's own words stay behind in the store's draft history, never in the live pack.
    assert all("text" not in p for p in published["source"]["paragraphs"])
    with pytest.raises(PackError, match="already published by Bo Diaz"):
        packs.publish_pack(engine, ADMIN, "testville-testville", T1)


@pytest.mark.parametrize(
    ("person", "password", "message"),
    [
        (NOBODY, True, "Cannot publish content: sign in first"),
        (THIS_MACHINE, False, "Cannot publish content: give the admin password first"),
    ],
)
def test_publishing_is_refused_without_the_right(engine, person, password, message):
    pack, text_hash = reviewed()
    packs.save_draft(engine, REP, pack, text_hash, T0)
    with pytest.raises(PackError) as caught:
        packs.publish_pack(engine, person, "testville-testville", T1, password_given=password)
    assert caught.value.message.startswith(message)
    assert packs.find_pack(engine, "testville-testville").status == "draft"


def test_a_laptop_publishes_with_the_admin_password(engine):
    pack, text_hash = reviewed()
    packs.save_draft(engine, THIS_MACHINE, pack, text_hash, T0)
    done = packs.publish_pack(engine, THIS_MACHINE, "testville-testville", T1, password_given=True)
    assert (done.status, done.published_by) == ("published", "this machine")


def test_a_visitor_cannot_save_a_draft(engine):
    pack, text_hash = reviewed()
    with pytest.raises(PackError, match="Cannot write content: sign in first"):
        packs.save_draft(engine, NOBODY, pack, text_hash, T0)
    assert packs.list_packs(engine) == []


def test_a_draft_that_blocks_publishing_stays_a_draft(engine):
    pack, text_hash = reviewed(paraphrase=False)
    packs.save_draft(engine, REP, pack, text_hash, T0)
    with pytest.raises(PackError) as caught:
        packs.publish_pack(engine, ADMIN, "testville-testville", T1)
    assert caught.value.file == "store:testville-testville"
    assert caught.value.message.startswith(
        "cannot be published yet: Paragraph summaries: 5 gists still to summarise"
    )
    assert "; Claim 1 of paragraph 3 is still the article's own words" in caught.value.message
    assert packs.find_pack(engine, "testville-testville").status == "draft"


def test_a_new_draft_never_overwrites_another_with_the_same_id(engine):
    pack, text_hash = reviewed()
    packs.save_draft(engine, REP, pack, text_hash, T0)
    with pytest.raises(PackError) as caught:
        packs.save_draft(engine, ADMIN, pack, "other", T1)
    assert str(caught.value) == (
        "store:testville-testville: id: a saved draft has this id; reopen it, or change the title"
    )
    assert packs.find_pack(engine, "testville-testville").text_hash == text_hash


def test_the_same_article_is_found_by_its_text_or_its_address(engine):
    pack, text_hash = reviewed()
    packs.save_draft(engine, REP, pack, text_hash, T0)
    assert [p.id for p in packs.find_same_article(engine, text_hash, None)] == [
        "testville-testville"
    ]
    assert [
        p.id for p in packs.find_same_article(engine, "0" * 64, "https://example.test/testville")
    ] == ["testville-testville"]
    assert packs.find_same_article(engine, "0" * 64, "https://example.test/other") == []
    # Spaces and line breaks do not make another article.
    assert packs.hash_article(["A  b", "c"]) == packs.hash_article(["A b ", "c"])


def test_the_stamp_changes_when_a_pack_is_saved_or_published(engine):
    before = packs.stamp_store(engine)
    pack, text_hash = reviewed()
    packs.save_draft(engine, REP, pack, text_hash, T0)
    saved = packs.stamp_store(engine)
    packs.publish_pack(engine, ADMIN, "testville-testville", T1)
    assert len({before, saved, packs.stamp_store(engine)}) == 3


def test_the_table_refuses_an_unknown_status(engine):
    pack, text_hash = reviewed()
    packs.save_draft(engine, REP, pack, text_hash, T0)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(sa.text("UPDATE content_packs SET status = 'live'"))
