"""What is left to review in a draft pack before it may be published."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from insights import ingest, load
from insights.model import Pack

# The same measure as the project's copy check: eight words in a row shared with the article.
COPY_RUN_WORDS = 8
_WORDS = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def word_runs(text: str, size: int = COPY_RUN_WORDS) -> set[tuple[str, ...]]:
    """Return every run of size consecutive words (case-folded) in a text."""
    words = [w.casefold().replace("\u2019", "'") for w in _WORDS.findall(text)]
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def shares_a_run(text: str, sources: Iterable[str], size: int = COPY_RUN_WORDS) -> bool:
    """Tell whether a text repeats a run of size words (all of it, if shorter) from a source."""
    size = max(1, min(size, len(_WORDS.findall(text))))
    runs = word_runs(text, size)
    return any(runs & word_runs(source, size) for source in sources)


def review_pack(pack: Pack) -> list[str]:
    """List what a draft still needs before publishing (``field: what to do``)."""
    if pack.status != "draft":
        return []
    src = pack.source
    originals = [p.text for p in src.paragraphs if p.text]
    notes: list[str] = []
    for field, value, todo in (
        ("source.publisher", src.publisher, ingest.PUBLISHER_TODO),
        ("source.url", str(src.url), ingest.URL_TODO),
        ("source.bias", src.bias, ingest.BIAS_TODO),
    ):
        if value == todo:
            notes.append(f"{field}: still a placeholder; give the source's own")
    todo_gists = [p.number for p in src.paragraphs if p.gist == ingest.GIST_TODO]
    if todo_gists:
        notes.append(
            f"source.paragraphs: {len(todo_gists)} gist(s) still to summarise in our own words"
        )
    for i, claim in enumerate(pack.claims):
        if shares_a_run(claim.text, originals):
            notes.append(
                f"claims[{i}].text: still word for word from the article (¶{claim.paragraph}); "
                "paraphrase it before publishing"
            )
        if claim.proposal is not None and not claim.proposal.stance_words:
            notes.append(f"claims[{i}].stance: no lexicon word decided it; check it")
    if originals:
        notes.append(
            "source.paragraphs[].text: the article's own words; remove them when publishing"
        )
    notes.append("status: draft; set it to published once the points above are done")
    return notes


def blocks_publishing(pack: Pack) -> list[str]:
    """Return the review notes that forbid publishing: copied claims and placeholders."""
    return [n for n in review_pack(pack) if "word for word" in n or "placeholder" in n]


def finalise(
    draft: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], publish: bool, file: str
) -> tuple[dict[str, Any] | None, list[str]]:
    """Apply a reviewer's edits; return the pack to save, or None with the reasons it cannot be."""
    edited = ingest.apply_edits(draft, rows, "draft")
    pack, problems = load.check_pack_text(ingest.dump_pack(edited), file)
    if pack is None:
        return None, [str(p) for p in problems]
    if not publish:
        return edited, []
    blockers = blocks_publishing(pack)
    if blockers:
        return None, blockers
    published = ingest.apply_edits(draft, rows, "published")
    problems = ingest.check_draft(published, file)
    return (None, [str(p) for p in problems]) if problems else (published, [])


def find_clashes(
    pack: Mapping[str, Any], pack_ids: Iterable[str], claim_ids: Iterable[str]
) -> list[str]:
    """Say which of a new pack's ids the loaded content already uses (ids must stay unique)."""
    notes = []
    if pack["id"] in set(pack_ids):
        notes.append(f"id: {pack['id']!r} is already a pack; change the region or title")
    taken = set(claim_ids)
    notes += [
        f"claims[{i}].id: {c['id']!r} is already used by another pack"
        for i, c in enumerate(pack["claims"])
        if c["id"] in taken
    ]
    return notes
