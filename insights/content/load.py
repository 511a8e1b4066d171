"""Read content packs from YAML and validate them, each problem located by file and field."""

from __future__ import annotations

import hashlib
import reprlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pydantic
import yaml

from insights.content import frames, nesting, standalone, yamlreader
from insights.content.model import Company, Pack, University
from insights.errors import PackError

PACK_SUFFIXES = (".yaml", ".yml")
# Bounded so a stray large file is refused before it is read; the YAML reader bounds the
# values within (a draft with its article's 2 MB of text stays well under).
MAX_PACK_BYTES = 8 * 1024 * 1024
# A file wrong throughout (a list of 100k numbers where claims belong) lists this many
# problems and counts the rest, so every page's problem list stays readable.
MAX_LISTED_PROBLEMS = 50


def list_pack_files(data_dir: Path) -> list[Path]:
    """Return the pack files of a folder in a stable order."""
    return sorted(p for p in data_dir.iterdir() if p.suffix in PACK_SUFFIXES and p.is_file())


def stamp_packs(data_dir: Path) -> str:
    """Return a short fingerprint of every pack's name, size and mtime; it changes with any."""
    digest = hashlib.blake2b(digest_size=16)
    if data_dir.is_dir():
        for path in list_pack_files(data_dir):
            stat = path.stat()
            digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # One short string: Streamlit hashes the cache key on every call.
    return digest.hexdigest()


def format_location(loc: Sequence[int | str]) -> str:
    """Render a pydantic error location as a field path like ``claims[3].theme``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # An empty key would leave the field blank; quoted, it still says where.
            name = str(part) or "''"
            out += f".{name}" if out else name
    return out


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80


def _shorten(value: Any, limit: int = 60) -> str:
    # reprlib stops at a few items and levels: a plain repr of an expanded alias is unbounded.
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_validation_error(error: Mapping[str, Any]) -> str:
    """Turn one pydantic error into a sentence that says what was given and what is allowed."""
    kind = error["type"]
    if kind in {"literal_error", "enum"}:
        return f"{_shorten(error['input'])} is not one of {error['ctx']['expected']}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind in {"model_type", "dict_type", "list_type", "value_error"}:
        # Our own validators' messages already say what is wrong; their input is a whole record.
        return message
    return f"{message} (got {_shorten(error['input'])})"


def parse_yaml(text: str) -> Any:
    """Parse YAML as plain data, refusing documents too deep, too aliased or too large."""
    return yamlreader.read_yaml(text)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """Return data as YAML text in field order, the way packs are written."""
    # The safe dumper (plain data only); libyaml's emitter when PyYAML has it.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(dict(data), Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def check_pack_text(text: str, file: str) -> tuple[Pack | None, list[PackError]]:
    """Validate one pack's YAML text and return the pack (if valid) with every problem found."""
    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or "not valid YAML"
        prefix = "" if isinstance(exc, yamlreader.LimitError) else "not valid YAML: "
        return None, [PackError(file, where, f"{prefix}{reason}")]
    if not isinstance(raw, dict):
        return None, [PackError(file, "", "expected a mapping of fields at the top level")]
    try:
        pack = Pack.model_validate(raw)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        found = [
            PackError(file, format_location(err["loc"]), describe_validation_error(err))
            for err in errors[:MAX_LISTED_PROBLEMS]
        ]
        more = len(errors) - MAX_LISTED_PROBLEMS
        return None, found + (
            [PackError(file, "", f"and {more:,} more problems")] if more > 0 else []
        )
    problems = check_references(pack, file)
    return (None if problems else pack), problems


def _duplicates(ids: Iterable[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    out = []
    for i, value in enumerate(ids):
        if value in seen:
            out.append((i, value))
        seen.add(value)
    return out


def check_references(pack: Pack, file: str) -> list[PackError]:
    """Check what pydantic cannot: unique ids and references that must resolve."""
    problems: list[PackError] = []

    def add(where: str, message: str) -> None:
        problems.append(PackError(file, where, message))

    paragraphs = {p.number for p in pack.source.paragraphs}
    places = {p.id for p in pack.places}
    claims = {c.id: c for c in pack.claims}
    if pack.status == "published":
        for i, para in enumerate(pack.source.paragraphs):
            if para.text is not None:
                add(
                    f"source.paragraphs[{i}].text",
                    "the article's own words are kept only in a draft; remove them to publish",
                )
    for i, number in _duplicates(str(p.number) for p in pack.source.paragraphs):
        add(f"source.paragraphs[{i}].number", f"paragraph {number} is numbered twice")
    for i, pid in _duplicates(p.id for p in pack.places):
        add(f"places[{i}].id", f"{pid!r} is used twice")
    for i, cid in _duplicates(c.id for c in pack.claims):
        add(f"claims[{i}].id", f"{cid!r} is used twice")
    for i, place in enumerate(pack.places):
        if place.within == place.id:
            add(f"places[{i}].within", f"{place.id!r} cannot lie within itself")
        elif place.within is not None and place.within not in places:
            add(f"places[{i}].within", f"{place.within!r} is not one of the pack's places")
    loop = nesting.find_cycle(
        {p.id: (p.within,) for p in pack.places if p.within not in (None, p.id)}
    )
    if loop is not None:
        first = next(i for i, p in enumerate(pack.places) if p.id == loop[0])
        add(f"places[{first}].within", f"{nesting.describe_cycle(loop)}: places cannot loop")
    for i, claim in enumerate(pack.claims):
        if claim.place not in places:
            add(f"claims[{i}].place", f"{claim.place!r} is not one of the pack's places")
        for j, other in enumerate(claim.other_places):
            if other not in places:
                add(f"claims[{i}].other_places[{j}]", f"{other!r} is not one of the pack's places")
        if claim.paragraph not in paragraphs:
            add(f"claims[{i}].paragraph", f"the source has no paragraph {claim.paragraph}")
        if pack.status == "published":
            # A draft lists these as review notes that block publishing (ingest.review).
            for message in standalone.find_leaning(claim.text):
                add(f"claims[{i}].text", message)
    entities: tuple[tuple[str, Sequence[Company | University]], ...] = (
        ("companies", pack.companies),
        ("universities", pack.universities),
    )
    for name, items in entities:
        for i, item in enumerate(items):
            if item.place not in places:
                add(f"{name}[{i}].place", f"{item.place!r} is not one of the pack's places")
            if item.claim not in claims:
                add(f"{name}[{i}].claim", f"{item.claim!r} is not one of the pack's claims")
    for i, response in enumerate(pack.responses):
        for role, stance in (("challenge", "challenge"), ("remedy", "recommendation")):
            cid = getattr(response, role)
            if cid not in claims:
                add(f"responses[{i}].{role}", f"{cid!r} is not one of the pack's claims")
            elif claims[cid].stance != stance:
                add(f"responses[{i}].{role}", f"{cid!r} is a {claims[cid].stance}, not a {stance}")
    for i, fid in _duplicates(f.id for f in pack.figures):
        add(f"figures[{i}].id", f"{fid!r} is used twice")
    for i, figure in enumerate(pack.figures):
        if figure.place not in places:
            add(f"figures[{i}].place", f"{figure.place!r} is not one of the pack's places")
        if figure.claim not in claims:
            add(f"figures[{i}].claim", f"{figure.claim!r} is not one of the pack's claims")
        if figure.paragraph not in paragraphs:
            add(f"figures[{i}].paragraph", f"the source has no paragraph {figure.paragraph}")
    for i, link in enumerate(pack.links):
        if link.claim not in claims:
            add(f"links[{i}].claim", f"{link.claim!r} is not one of the pack's claims")
        if link.target == link.claim:
            add(f"links[{i}].target", f"{link.target!r} links to itself")
        elif link.target in claims:
            add(
                f"links[{i}].target",
                f"{link.target!r} is a claim of the same source; link only to another source",
            )
    for i, pair in _duplicates(f"{k.claim}>{k.target}" for k in pack.links):
        add(f"links[{i}]", f"{pair!r} is linked twice")
    cta = pack.call_to_action
    if cta is not None:
        if cta.paragraph not in paragraphs:
            add("call_to_action.paragraph", f"the source has no paragraph {cta.paragraph}")
        for i, action in enumerate(cta.actions):
            if action.paragraph not in paragraphs:
                add(
                    f"call_to_action.actions[{i}].paragraph",
                    f"the source has no paragraph {action.paragraph}",
                )
        for i, aid in _duplicates(a.id for a in cta.actions):
            add(f"call_to_action.actions[{i}].id", f"{aid!r} is used twice")
    return problems


def read_pack_text(path: Path) -> str:
    """Read a pack file as UTF-8 text, or raise PackError saying why it cannot be read."""
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise PackError(str(path), "", f"larger than {MAX_PACK_BYTES // 2**20} MB")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(str(path), "", f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise PackError(str(path), "", f"cannot be read: {exc.strerror}") from None


def _read_or_problem(path: Path) -> str | PackError:
    try:
        return read_pack_text(path)
    except PackError as exc:
        return exc


def check_packs(
    data_dir: Path, stored: Sequence[tuple[str, str]] = ()
) -> tuple[list[tuple[str, Pack]], list[PackError]]:
    """Validate every pack in a folder, then the stored ones given as (name, YAML text).

    Return the valid packs with every problem found; ids must be unique across all of them.
    """
    if not data_dir.is_dir():
        return [], [PackError(str(data_dir), "", "no such folder")]
    packs: list[tuple[str, Pack]] = []
    problems: list[PackError] = []
    seen_packs: dict[str, str] = {}
    seen_claims: dict[str, str] = {}
    # Which place lies in which, as the packs kept so far say: a pack closing a loop is refused.
    parents: dict[str, set[str]] = {}
    files = list_pack_files(data_dir)
    if not files and not stored:
        problems.append(PackError(str(data_dir), "", "holds no .yaml content pack"))
    # (file, how "already used by" names it, text): by name, since those messages reach
    # visitors, who must not see server paths.
    sources = [(str(path), path.name, _read_or_problem(path)) for path in files]
    sources += [(name, name, text) for name, text in stored]
    for file, shown, text in sources:
        if isinstance(text, PackError):
            problems.append(text)
            continue
        pack, found = check_pack_text(text, file)
        if pack is not None:
            # Ids travel in links and exports, so they must stay unique across every pack.
            if pack.id in seen_packs:
                found.append(
                    PackError(file, "id", f"{pack.id!r} is already used by {seen_packs[pack.id]}")
                )
            for i, claim in enumerate(pack.claims):
                if claim.id in seen_claims:
                    found.append(
                        PackError(
                            file,
                            f"claims[{i}].id",
                            f"{claim.id!r} is already used by {seen_claims[claim.id]}",
                        )
                    )
            found += _nesting_problems(pack, file, parents)
        problems.extend(found)
        if pack is not None and not found:
            packs.append((file, pack))
            seen_packs[pack.id] = shown
            seen_claims.update(dict.fromkeys((c.id for c in pack.claims), shown))
            for place in pack.places:
                if place.within is not None:
                    parents.setdefault(place.id, set()).add(place.within)
    kept, link_problems = check_links(packs)
    return kept, problems + link_problems


def _nesting_problems(pack: Pack, file: str, parents: Mapping[str, set[str]]) -> list[PackError]:
    # The pack's own statements are checked in check_references; here, with the others'.
    merged = {k: set(v) for k, v in parents.items()}
    for place in pack.places:
        if place.within is not None:
            merged.setdefault(place.id, set()).add(place.within)
    loop = nesting.find_cycle({k: sorted(v) for k, v in merged.items()})
    if loop is None:
        return []
    at = next((i for i, p in enumerate(pack.places) if p.id in loop and p.within in loop), 0)
    return [
        PackError(
            file,
            f"places[{at}].within",
            f"with the packs loaded before it, {nesting.describe_cycle(loop)}: places cannot loop",
        )
    ]


def check_links(
    packs: Sequence[tuple[str, Pack]],
) -> tuple[list[tuple[str, Pack]], list[PackError]]:
    """Keep the packs whose links all reach a claim of another source; report the others."""
    kept = list(packs)
    problems: list[PackError] = []
    # Leaving a pack out can strand links to its claims in another: repeat until none is.
    while True:
        owners = {c.id: pack for _, pack in kept for c in pack.claims}
        found = [
            PackError(file, f"links[{i}].target", message)
            for file, pack in kept
            for i, link in enumerate(pack.links)
            for message in _link_target_problems(link.target, pack, owners)
        ]
        if not found:
            return kept, problems
        problems.extend(found)
        bad = {p.file for p in found}
        kept = [(file, pack) for file, pack in kept if file not in bad]


def _link_target_problems(target: str, pack: Pack, owners: Mapping[str, Pack]) -> list[str]:
    owner = owners.get(target)
    if owner is None:
        if target in {c.id for c in pack.claims}:
            return []  # reported by check_references
        return [f"{target!r} is not a claim of any pack"]
    if owner is not pack and str(owner.source.url) == str(pack.source.url):
        return [f"{target!r} is a claim of the same source ({owner.id}); link only to another"]
    return []


def load_packs(data_dir: Path, stored: Sequence[tuple[str, str]] = ()) -> frames.Catalog:
    """Load every valid pack of a folder (and stored ones) into a Catalog; list invalid ones."""
    packs, problems = check_packs(Path(data_dir), stored)
    return frames.build_catalog([pack for _, pack in packs], problems)
