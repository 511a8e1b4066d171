"""What is left to review in a draft pack before it may be published, as typed notes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from insights.content import load, standalone
from insights.content.model import Pack
from insights.content.text import count_noun
from insights.errors import PackError
from insights.ingest import draft as drafting
from insights.ingest.gazetteer import fold

# The same measure as the project's copy check: eight words in a row shared with the article.
COPY_RUN_WORDS = 8
# Beside it, a claim this alike to its paragraph (rapidfuzz's partial ratio, 0-100) is a near
# copy: a few words swapped in the article's sentence is not a paraphrase.
NEAR_COPY_RATIO = 85
_WORDS = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_CLAIM_INDEX = re.compile(r"^claims\[(\d+)\]")
# Source fields a draft fills with a placeholder, and the placeholder a reviewer must replace.
_SOURCE_PLACEHOLDERS = (
    ("publisher", drafting.PUBLISHER_TODO),
    ("url", drafting.URL_TODO),
    ("bias", drafting.BIAS_TODO),
)


@dataclass(frozen=True)
class Note:
    """One thing left to review: the field it is about, what to do, and whether it blocks."""

    field: str
    message: str
    blocks: bool

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def word_runs(text: str, size: int = COPY_RUN_WORDS) -> set[tuple[str, ...]]:
    """Return every run of size consecutive words (case-folded) in a text."""
    words = [w.casefold().replace("\u2019", "'") for w in _WORDS.findall(text)]
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def shares_a_run(text: str, sources: Iterable[str], size: int = COPY_RUN_WORDS) -> bool:
    """Tell whether a text repeats a run of size words (all of it, if shorter) from a source."""
    size = max(1, min(size, len(_WORDS.findall(text))))
    runs = word_runs(text, size)
    return any(runs & word_runs(source, size) for source in sources)


def near_copy(text: str, original: str) -> float:
    """Return how alike a claim is to the best-matching stretch of its paragraph (0-100)."""
    if not original or len(text) < 20:
        return 0.0
    return float(fuzz.partial_ratio(fold(text), fold(original)))


def find_placeholders(pack: Pack) -> list[Note]:
    """Return a blocking note for every placeholder left in a pack's source (gists included)."""
    src = pack.source
    notes = [
        Note(f"source.{name}", "still a placeholder; give the source's own", blocks=True)
        for name, todo in _SOURCE_PLACEHOLDERS
        if str(getattr(src, name)) == todo
    ]
    todo_gists = [p.number for p in src.paragraphs if p.gist == drafting.GIST_TODO]
    if todo_gists:
        listed = ", ".join(f"¶{n}" for n in todo_gists)
        notes.append(
            Note(
                "source.paragraphs",
                f"{count_noun(len(todo_gists), 'gist')} still to summarise in our own words "
                f"({listed})",
                blocks=True,
            )
        )
    return notes


def review_pack(pack: Pack) -> list[Note]:
    """List what a pack still needs before publishing; a published pack lists placeholders only."""
    if pack.status != "draft":
        return find_placeholders(pack)
    originals = [p.text for p in pack.source.paragraphs if p.text]
    notes = find_placeholders(pack)
    by_number = {p.number: p.text for p in pack.source.paragraphs if p.text}
    for claim in pack.claims:
        field = f"claims[{claim.id}].text"
        alike = near_copy(claim.text, by_number.get(claim.paragraph, ""))
        if shares_a_run(claim.text, originals):
            notes.append(
                Note(
                    field,
                    f"still word for word from the article (¶{claim.paragraph}); "
                    "paraphrase it before publishing",
                    blocks=True,
                )
            )
        elif alike >= NEAR_COPY_RATIO:
            notes.append(
                Note(
                    field,
                    f"close to the article's wording ({alike:.0f}% alike, ¶{claim.paragraph}); "
                    "paraphrase it further",
                    blocks=True,
                )
            )
        notes += [
            Note(field, message, blocks=True) for message in standalone.find_leaning(claim.text)
        ]
        if claim.proposal is not None and claim.proposal.stripped:
            codes = ", ".join(claim.proposal.stripped)
            notes.append(
                Note(
                    field,
                    f"invisible or control characters were removed from the article's "
                    f"sentence ({codes}); check the wording",
                    blocks=False,
                )
            )
        if claim.proposal is not None and not claim.proposal.stance_words:
            notes.append(
                Note(f"claims[{claim.id}].stance", "no lexicon word decided it; check it", False)
            )
    if originals:
        notes.append(
            Note(
                "source.paragraphs[].text",
                "the article's own words; remove them when publishing",
                blocks=False,
            )
        )
    notes.append(Note("status", "draft; set it to published once the points above are done", False))
    return notes


def blocks_publishing(pack: Pack) -> list[Note]:
    """Return the review notes that forbid publishing: copied claims and placeholders."""
    return [n for n in review_pack(pack) if n.blocks]


def name_claims(field: str, claims: Sequence[Mapping[str, Any]]) -> str:
    """Return a field path with a claim's index replaced by its id: ``claims[x-p3-s1].text``."""
    match = _CLAIM_INDEX.match(field)
    if match is None or int(match[1]) >= len(claims):
        return field
    return f"claims[{claims[int(match[1])]['id']}]{field[match.end() :]}"


def check_edits(
    draft: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    source: drafting.SourceEdits | None = None,
    file: str = "draft",
) -> list[Note]:
    """Return what a reviewed draft still needs, loader problems first, as notes by field."""
    edited = drafting.apply_edits(draft, rows, "draft", source)
    pack, problems = load.check_pack_text(drafting.dump_pack(edited), file)
    found = [
        Note(name_claims(p.field, edited["claims"]) or "pack", p.message, blocks=True)
        for p in problems
    ]
    if pack is None:
        return found
    # A stance the reviewer set by hand needs no "check it" note: they have checked it.
    proposed = {c["id"]: c["stance"] for c in draft["claims"]}
    decided = {
        f"claims[{row['id']}].stance"
        for row in rows
        if "stance" in row and row["stance"] != proposed.get(row["id"])
    }
    notes = [n for n in review_pack(pack) if n.field not in decided]
    return found + notes + _figure_notes(draft, edited)


def note_figures(
    draft: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    source: drafting.SourceEdits | None = None,
) -> list[Note]:
    """Say what publishing does with a draft's proposed figures: how many it carries over, and
    each it leaves out and why."""
    return _figure_notes(draft, drafting.apply_edits(draft, rows, "draft", source))


def _figure_notes(draft: Mapping[str, Any], edited: Mapping[str, Any]) -> list[Note]:
    # Left out, not blocking: the claim stands without its figure, and the reviewer who
    # dropped a claim has already decided about what it said.
    carried, left_out = drafting.carry_figures(draft, edited["claims"])
    notes = [Note("ingested.figures", message, blocks=False) for message in left_out]
    if carried:
        notes.insert(
            0,
            Note(
                "figures",
                f"{count_noun(len(carried), 'proposed figure')} "
                f"{'goes' if len(carried) == 1 else 'go'} into the pack's figures when publishing; "
                "check each one's measure (figures compare across packs by measure id)",
                blocks=False,
            ),
        )
    return notes


def finalise(
    draft: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    publish: bool,
    file: str,
    source: drafting.SourceEdits | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """Apply a reviewer's edits; return the pack to save, or None with the reasons it cannot be."""
    edited = drafting.apply_edits(draft, rows, "draft", source)
    pack, problems = load.check_pack_text(drafting.dump_pack(edited), file)
    if pack is None:
        return None, [_located(p, edited["claims"]) for p in problems]
    if not publish:
        return edited, []
    blockers = blocks_publishing(pack)
    if blockers:
        return None, [str(n) for n in blockers]
    published = drafting.apply_edits(draft, rows, "published", source)
    problems = drafting.check_draft(published, file)
    return (
        (None, [_located(p, published["claims"]) for p in problems])
        if problems
        else (published, [])
    )


def _located(problem: PackError, claims: Sequence[Mapping[str, Any]]) -> str:
    return str(PackError(problem.file, name_claims(problem.field, claims), problem.message))


def find_clashes(
    pack: Mapping[str, Any], pack_ids: Iterable[str], claim_ids: Iterable[str]
) -> list[str]:
    """Say which of a new pack's ids the loaded content already uses (ids must stay unique)."""
    notes = []
    if pack["id"] in set(pack_ids):
        notes.append(f"id: {pack['id']!r} is already a pack; change the region or title")
    taken = set(claim_ids)
    notes += [
        f"Claim {c['id']}: another pack already uses this id; change it in the claim's Id box"
        for c in pack["claims"]
        if c["id"] in taken
    ]
    return notes


# What a reviewer reads for a note's field: plain words, never a field path.
FIELD_LABELS = {
    "source.paragraphs": "Paragraph summaries",
    "source.paragraphs[].text": "The article's own paragraphs",
    "source.publisher": "Publisher",
    "source.url": "Address (URL)",
    "source.bias": "Bias",
    "source.title": "Title",
    "figures": "Figures",
    "ingested.figures": "Figures",
    "status": "Status",
    "pack": "The draft",
    "id": "The draft's id",
}
# Words of the loader and the lexicon said as a reviewer would say them.
PLAIN_WORDS = (
    (
        re.compile(r"^still word for word from the article \(¶\d+\)"),
        "is still the article's own words",
    ),
    (re.compile(r"no lexicon word decided it"), "no word of the sentence decided it"),
    (
        re.compile(r"\(figures compare across packs by measure id\)"),
        "(figures of one measure are compared across regions)",
    ),
    (re.compile(r"measure id"), "measure"),
)
_CLAIM_FIELD = re.compile(r"^claims\[(?P<id>[^\]]+)\](?:\.(?P<part>\w+))?$")


def name_claim(claim_id: str, claims: Sequence[Mapping[str, Any]]) -> str:
    """Return how a reviewer finds a claim: "Claim 2 of paragraph 3" (its id if unknown)."""
    found = next((c for c in claims if c["id"] == claim_id), None)
    if found is None:
        return f"Claim {claim_id}"
    same = [c["id"] for c in claims if c["paragraph"] == found["paragraph"]]
    return f"Claim {same.index(claim_id) + 1} of paragraph {found['paragraph']}"


def describe_line(line: str, claims: Sequence[Mapping[str, Any]]) -> str:
    """Return a note ("claims[x-p3-s2].text: …") in plain words ("Claim 2 of paragraph 3 is …")."""
    field, sep, message = line.partition(": ")
    if not sep:
        return line
    for pattern, plain in PLAIN_WORDS:
        message = pattern.sub(plain, message)
    claim = _CLAIM_FIELD.match(field)
    if claim is not None:
        label = name_claim(claim["id"], claims)
        part = claim["part"]
        if part not in (None, "text"):
            label = f"{label}, its {part}"
    else:
        label = FIELD_LABELS.get(field, field)
    return f"{label} {message}" if message.startswith("is ") else f"{label}: {message}"
