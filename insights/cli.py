"""Command line: ``python -m insights validate|ingest|…|search|db|users`` (see --help)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from insights import ingest, settings
from insights.content import citation, evidence, frames, load, numbers, synth
from insights.content.model import SOURCE_KINDS, THEMES
from insights.content.text import count_noun
from insights.errors import PackError
from insights.ingest import review
from insights.outputs import formats, tables
from insights.pitch import plan, talk
from insights.pitch.seller import Profile, find_profile
from insights.quotes import commands as store_commands
from insights.quotes import library, store
from insights.search import documents, engine, vectors
from insights.view import compare, facets, filters, scorecard, selection
from insights.view.selection import Selection

# The shipped content; synthetic packs must never be mixed into it.


def run_validate(data_dir: Path, out: TextIO, sources: Path | None = None) -> int:
    """Validate every pack in data_dir (figures against sources, if given); 1 on any problem."""
    packs, problems = load.check_packs(data_dir)
    checked = ""
    if sources is not None:
        try:
            problems += numbers.check_figures(packs, numbers.read_source_dir(sources))
            figures = sum(len(pack.figures) for _, pack in packs)
            checked = f", {count_noun(figures, 'figure')} found in their sources' paragraphs"
        except PackError as exc:
            problems.append(exc)
    # A published pack must hold no placeholder: publishing by hand is refused here too.
    problems = problems + [
        PackError(file, note.field, note.message)
        for file, pack in packs
        if pack.status == "published"
        for note in review.blocks_publishing(pack)
    ]
    for problem in problems:
        print(problem, file=out)
    claims = sum(len(pack.claims) for _, pack in packs)
    drafts = [(file, pack) for file, pack in packs if pack.status == "draft"]
    for file, pack in drafts:
        # A draft is valid content, hidden in the app: say what is left before publishing.
        print(f"{file}: draft, to review before publishing:", file=out)
        for note in review.review_pack(pack):
            print(f"  {note}{' (blocks publishing)' if note.blocks else ''}", file=out)
    if problems:
        print(
            f"{count_noun(len(problems), 'problem')}; {count_noun(len(packs), 'valid pack')}",
            file=out,
        )
        return 1
    held = f" ({len(drafts)} draft)" if drafts else ""
    found = f"{count_noun(len(packs), 'pack')}{held}, {count_noun(claims, 'claim')}"
    print(f"ok: {found}{checked} in {data_dir}", file=out)
    return 0


def run_ingest(args: argparse.Namespace, out: TextIO) -> int:
    """Write a draft pack proposed from an article; say what went wrong (file, reason) if not."""
    facts = ingest.SourceFacts(
        region=args.region,
        publisher=args.publisher,
        title=args.title,
        published=args.date,
        url=args.url,
        kind=args.kind,
        bias=args.bias,
        lat=args.lat,
        lon=args.lon,
    )
    try:
        text = ingest.read_article(args.article)
        lexicons = ingest.read_lexicons(args.lexicon)
        # Links are proposed to every claim already in the content folder, drafts included.
        catalog = load.load_packs(args.data) if args.data.is_dir() else None
        known = ingest.known_from_catalog(catalog.claims, catalog.companies) if catalog else []
        draft = ingest.ingest_text(text, str(args.article), facts, lexicons, known)
    except PackError as exc:
        print(f"error: {exc}", file=out)
        return 1
    if args.output.exists() and not args.force:
        print(f"error: {args.output}: already exists; pass --force to replace it", file=out)
        return 1
    try:
        args.output.write_text(ingest.dump_pack(draft), encoding="utf-8")
    except OSError as exc:
        print(f"error: {args.output}: cannot be written: {exc.strerror}", file=out)
        return 1
    claims = draft["claims"]
    print(
        f"draft: {count_noun(len(claims), 'proposed claim')} from "
        f"{count_noun(len(draft['source']['paragraphs']), 'paragraph')} written to {args.output}; "
        "review it, then run validate",
        file=out,
    )
    for notice in draft["ingested"]["notices"]:
        print(f"notice: {notice}", file=out)
    return 0


def run_publish(draft_file: Path, output: Path | None, out: TextIO) -> int:
    """Publish a reviewed draft (article text removed), or list what still blocks it."""
    target = output or draft_file
    try:
        text = load.read_pack_text(draft_file)
    except PackError as exc:
        print(f"error: {exc}", file=out)
        return 1
    pack, problems = load.check_pack_text(text, str(draft_file))
    if pack is None or problems:
        for problem in problems:
            print(f"error: {problem}", file=out)
        return 1
    if pack.status != "draft":
        print(f"error: {draft_file}: status: already published", file=out)
        return 1
    draft = load.parse_yaml(text)
    rows = ingest.list_proposals(draft)
    published, reasons = review.finalise(draft, rows, True, str(target))
    if published is None:
        print(f"error: {draft_file}: not published; fix these first:", file=out)
        for reason in reasons:
            print(f"  {reason}", file=out)
        return 1
    try:
        target.write_text(ingest.dump_pack(published), encoding="utf-8")
    except OSError as exc:
        print(f"error: {target}: cannot be written: {exc.strerror}", file=out)
        return 1
    figures = len(published.get("figures", []))
    print(
        f"published: {count_noun(len(published['claims']), 'claim')}, "
        f"{count_noun(figures, 'figure')} written to {target}",
        file=out,
    )
    for note in review.note_figures(draft, rows):
        if note.field == "ingested.figures":
            print(f"note: {note.message}", file=out)
    return 0


def run_synth(spec: synth.SynthSpec, out_dir: Path, out: TextIO, shipped: Path) -> int:
    """Write a synthetic content set into out_dir (never the shipped data folder)."""
    if out_dir.resolve() == shipped.resolve() or shipped.resolve() in out_dir.resolve().parents:
        print(f"refusing to write synthetic packs into the shipped data folder {shipped}", file=out)
        return 1
    paths = synth.write_packs(spec, out_dir)
    print(
        f"wrote {count_noun(len(paths), 'synthetic pack')}, {count_noun(spec.claims, 'claim')} "
        f"over at most {count_noun(spec.places, 'place')} to {out_dir}",
        file=out,
    )
    return 0


def run_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Search the claims of a folder; print the best first (JSON or text), notices on err."""
    if not args.data.is_dir():
        print(f"search: {args.data} is not a folder", file=err)
        return 1
    catalog = load.load_packs(args.data)
    for problem in catalog.problems:
        print(f"search: left out: {problem}", file=err)
    layer = vectors.default_layer()
    searcher = engine.Searcher(lambda: documents.documents_from_catalog(catalog), layer)
    searcher.wait_for_vectors()
    result = searcher.search(args.query)
    for note in (*result.notices, *(layer.notes if layer is not None else ())):
        print(f"search: {note}", file=err)
    hits = result.hits[: args.limit]
    if args.format == "json":
        json.dump([h.to_json() for h in hits], out, ensure_ascii=False)
        out.write("\n")
        return 0
    for hit in hits:
        weak = " (weak)" if hit.weak else ""
        print(f"{hit.score:7.3f}  {hit.id}{weak}  {'; '.join(hit.why)}", file=out)
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2017-12-20") from None


# How many known values an error lists before it says how many there are in all.
_LISTED = 8


class ExportError(ValueError):
    """An export request the content cannot satisfy; its message says which argument and why."""


def split_values(values: Sequence[str] | None) -> tuple[str, ...]:
    """Return the values of a repeatable, comma-separated option, stripped, in order, once each."""
    parts = (v.strip() for value in values or () for v in value.split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


def _check_known(option: str, values: Sequence[str], known: Sequence[str]) -> None:
    unknown = [v for v in values if v not in known]
    if unknown:
        listed = ", ".join(known[:_LISTED]) + (
            f", … ({len(known)} in all)" if len(known) > _LISTED else ""
        )
        raise ExportError(
            f"{option}: unknown {', '.join(map(repr, unknown))}; known: {listed or 'none'}"
        )


def parse_claims_option(text: str, vocab: plan.PitchVocabulary) -> tuple[plan.Item, ...]:
    """Read --claims (``id,challenge>remedy``) strictly: an empty or unknown item is an error."""
    items = []
    for position, token in enumerate(text.split(plan.ITEM_SEPARATOR), start=1):
        item = plan.parse_item(token)
        if isinstance(item, plan.OwnAnswer):
            raise ExportError(
                f"--claims: item {position}: an answer in our own words comes from a saved "
                "pitch (--pitch NAME)"
            )
        if item == "" or (isinstance(item, plan.Pair) and "" in (item.challenge, item.remedy)):
            raise ExportError(f"--claims: item {position} has an empty id")
        if isinstance(item, plan.Pair):
            for cid in (item.challenge, item.remedy):
                _check_known("--claims", [cid], sorted(vocab.claims))
            if item not in vocab.pairs:
                raise ExportError(
                    f"--claims: the source does not answer {item.challenge!r} with {item.remedy!r}"
                )
        else:
            _check_known("--claims", [item], sorted(vocab.claims))
        items.append(item)
    return tuple(dict.fromkeys(items))


def make_export(
    args: argparse.Namespace,
    catalog: frames.Catalog,
    today: dt.date,
    public_url: str = "",
    profile: Profile | None = None,
    saved: plan.Pitch | None = None,
) -> bytes:
    """Build the requested export from the catalog, as the app would for the same choice.

    ``saved`` is the pitch --pitch named, read from the library: its items, answers and notes.
    """
    places, themes = split_values(args.place), split_values(args.theme)
    _check_known("--place", places, list(catalog.places["id"]))
    _check_known("--theme", themes, list(THEMES))
    if args.claims is not None and (places or themes):
        raise ExportError("give --claims or --place/--theme, not both")
    if saved is not None and (args.claims is not None or places or themes):
        raise ExportError("give --pitch alone, without --claims, --place or --theme")
    vocab = plan.make_vocabulary(catalog.claims, catalog.responses)
    if args.compare is not None:
        if args.claims is not None or places or saved is not None:
            raise ExportError("give --compare or --claims/--place/--pitch, not both")
        return make_compare_export(args, catalog, vocab, themes, today, public_url, profile)
    if saved is not None:
        pruned = plan.prune_pitch(saved, vocab, origin="saved pitch")
        if pruned.notices:
            raise ExportError(f"--pitch: {' '.join(pruned.notices)}")
        chosen = pruned.pitch
    else:
        chosen = plan.Pitch(items=parse_claims_option(args.claims, vocab) if args.claims else ())
    chosen = plan.rename(chosen, args.title or chosen.title, args.prospect or chosen.prospect)
    in_view: list[str] = []
    view = Selection(places=places, themes=themes)
    claims = catalog.claims
    if not chosen.items:
        shown = filters.apply_filters(catalog.claims, facets.make_vocabulary(catalog), view)
        if shown.frame.empty:
            raise ExportError(f"no claim matches: {shown.sentence}")
        # The places' own claims first, with room for the wider places' challenges; each
        # claim kept for a wider place carries that mark (applies_to) into the file.
        in_view = filters.order_for_cap(shown.frame, plan.MAX_ITEMS)
        claims = filters.carry_marks(catalog.claims, shown.frame)
    made = talk.resolve_pitch_or_view(
        chosen,
        in_view,
        claims,
        today,
        make_rule(args, catalog),
        catalog.figures,
        vocab,
    )
    closing = talk.make_closing(
        profile, public_url, {**selection.to_params(view), **plan.origin_params(chosen)}
    )
    made = talk.with_closing(made, closing)
    return formats.BY_NAME[args.format].build_pitch(made, claims, talk.Copy(args.copy))


def make_rule(args: argparse.Namespace, catalog: frames.Catalog) -> evidence.VerifyRule:
    """Return the one verify rule an export applies: --stale-after and the catalog's links."""
    return evidence.VerifyRule(
        args.stale_after, evidence.index_linked(catalog.links, catalog.claims)
    )


def make_compare_export(
    args: argparse.Namespace,
    catalog: frames.Catalog,
    vocab: plan.PitchVocabulary,
    themes: Sequence[str],
    today: dt.date,
    public_url: str = "",
    profile: Profile | None = None,
) -> bytes:
    """Build a comparison's export: the scorecard (and, in CSV and JSON, both sides' claims)."""
    sides = split_values([args.compare])
    _check_known("--compare", sides, sorted(vocab.sides))
    if len(sides) != 2:
        raise ExportError("--compare: give two different places or regions, e.g. a,b or a,region:b")
    view = Selection(themes=themes)
    made = compare.compare_keys(catalog, facets.make_vocabulary(catalog), view, *sides)
    rule = make_rule(args, catalog)
    if args.format == "csv":
        return tables.to_csv_bytes(compare.make_compare_download(made, today, rule))
    if args.format == "json":
        return compare.make_compare_json(made, today, rule)
    title = args.title or f"{made.left.label} and {made.right.label}: {scorecard.TITLE}"
    closing = talk.make_closing(profile, public_url, selection.to_params(view))
    shown = talk.Talk(
        title=title[: plan.MAX_TITLE_CHARS],
        prospect=(args.prospect or "")[: plan.MAX_PROSPECT_CHARS],
        made_on=today,
        items=(),
        stale_after=args.stale_after,
        closing=closing,
        scorecard=made.card,
    )
    return formats.BY_NAME[args.format].build_pitch(shown, catalog.claims, talk.Copy(args.copy))


def read_saved_pitch(name: str) -> plan.Pitch:
    """Return the pitch saved under this name in the app's database; ExportError if none."""
    try:
        engine = store.make_engine(store_commands.database_url(settings.current_settings()))
        try:
            store.create_schema(engine)
            found = library.open_by_name(engine, name)
        finally:
            engine.dispose()
    except store.StoreUnavailable as exc:
        raise ExportError(f"--pitch: the pitch library cannot be reached: {exc}") from None
    if found is None:
        raise ExportError(f"--pitch: no saved pitch is named {name!r}")
    return found.pitch


def run_export(
    args: argparse.Namespace,
    today: dt.date,
    out: TextIO,
    err: TextIO,
    public_url: str = "",
    seller_file: Path | None = None,
) -> int:
    """Write the export the arguments ask for; on bad input say why on err and return 1."""
    # Drafts are not reviewed yet: an export handed to a prospect never carries them.
    catalog = frames.keep_published(load.load_packs(args.data))
    for problem in catalog.problems:
        print(f"warning: left out: {problem}", file=err)
    try:
        if catalog.claims.empty:
            raise ExportError(f"--data: no valid content pack in {args.data}")
        profile, broken = find_profile(seller_file)
        if broken is not None:
            raise ExportError(f"{settings.SELLER_FILE_ENV}: {broken}")
        saved = read_saved_pitch(args.pitch) if args.pitch is not None else None
        payload = make_export(args, catalog, today, public_url, profile, saved)
        args.output.write_bytes(payload)
    except ExportError as exc:
        print(f"error: {exc}", file=err)
        return 1
    except OSError as exc:
        print(f"error: -o: cannot write {args.output}: {exc.strerror}", file=err)
        return 1
    print(f"wrote {args.output} ({args.format}, {len(payload)} bytes)", file=out)
    return 0


def _years(text: str) -> int:
    years = settings.parse_years(text)
    if years is None:
        raise argparse.ArgumentTypeError(
            f"not a whole number of years from 1 to {settings.MAX_STALE_AFTER}: {text!r}"
        )
    return years


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m insights", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every content pack in a folder")
    validate.add_argument("data_dir", nargs="?", default="data", type=Path)
    validate.add_argument(
        "--sources", type=Path, help="folder of source texts to find each figure's number in"
    )
    draft = sub.add_parser("ingest", help="propose a draft pack from an article")
    draft.add_argument("article", type=Path, help="plain text, Markdown or HTML")
    draft.add_argument("--region", required=True, help="the region's name, e.g. Mexico")
    draft.add_argument("--publisher")
    draft.add_argument("--title")
    draft.add_argument("--date", type=_date, help="publication date, YYYY-MM-DD")
    draft.add_argument("--url")
    draft.add_argument("--kind", choices=list(SOURCE_KINDS), default="news")
    draft.add_argument("--bias", help="who publishes it and what they gain")
    draft.add_argument("--lat", type=float, help="the region's latitude, if not in the gazetteer")
    draft.add_argument("--lon", type=float, help="the region's longitude")
    draft.add_argument("--lexicon", type=Path, default=ingest.DEFAULT_LEXICON)
    draft.add_argument(
        "--data", type=Path, default=settings.SHIPPED_DATA, help="content to propose links to"
    )
    draft.add_argument("-o", "--output", type=Path, required=True)
    draft.add_argument("--force", action="store_true", help="replace an existing output file")
    pub = sub.add_parser("publish", help="publish a reviewed draft pack, or say what blocks it")
    pub.add_argument("draft", type=Path, help="a draft pack written by ingest and reviewed")
    pub.add_argument("-o", "--output", type=Path, help="where to write it (default: in place)")
    exp = sub.add_parser(
        "export",
        help="export a pitch (or the claims a filter selects) as a deck, PDF, one-pager or data",
        description="Export the claims named by --claims, in that order, or else every claim "
        "--place/--theme select, as the app's pitch page does.",
    )
    exp.add_argument("--data", default=Path("data"), type=Path, help="content folder")
    exp.add_argument("--place", action="append", help="place id (repeat or comma-separate)")
    exp.add_argument("--theme", action="append", help="theme id (repeat or comma-separate)")
    exp.add_argument(
        "--claims", help="claim ids in order; an objection and its answer as challenge>remedy"
    )
    exp.add_argument(
        "--pitch",
        metavar="NAME",
        help="a pitch saved in the app's pitch library, by name (its notes in the rep's copy)",
    )
    exp.add_argument(
        "--compare",
        help="two places or regions, e.g. guadalajara,mexico-city or guadalajara,region:mexico: "
        "their scorecard (CSV and JSON add both sides' claims)",
    )
    exp.add_argument("--title", default="", help="pitch title (default: region: talking points)")
    exp.add_argument("--prospect", default="", help="the prospect's name, for the title slide")
    exp.add_argument(
        "--stale-after",
        type=_years,
        help="mark claims at least this many years old 'verify before presenting' (default: "
        f"{settings.STALE_AFTER_ENV}, else {citation.STALE_AFTER_YEARS}, as the app marks them)",
    )
    exp.add_argument("--today", type=_date, help="count ages to this date (default: today)")
    exp.add_argument("--format", required=True, choices=list(formats.BY_NAME))
    exp.add_argument(
        "--copy",
        choices=[c.value for c in talk.Copy],
        default=talk.Copy.REP.value,
        help="rep (default: speaker notes, bias, age, verify) or prospect (none of them)",
    )
    exp.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    find = sub.add_parser(
        "search",
        help="find claims by words or meaning, English or Spanish",
        description="Print the claims that best match QUERY, best first: JSON (a list of "
        "{id, score, why, weak}) or text. Notices go to standard error.",
    )
    find.add_argument("query", help="what to look for, in the rep's words")
    find.add_argument("--data", default=Path("data"), type=Path, help="content folder")
    find.add_argument("--limit", type=_positive, default=10, help="at most this many (10)")
    find.add_argument("--format", choices=["json", "text"], default="json")
    make = sub.add_parser("synth", help="write a synthetic content set for benchmarks and tests")
    make.add_argument("--claims", type=_positive, required=True, help="how many claims in all")
    make.add_argument("--places", type=_positive, required=True, help="how many places")
    make.add_argument("--seed", type=int, default=0, help="same seed, same packs (default 0)")
    make.add_argument(
        "--per-pack", type=_positive, default=synth.CLAIMS_PER_PACK, help="claims per pack"
    )
    make.add_argument("-o", "--out", type=Path, required=True, help="folder to write into")
    store_commands.add_parsers(sub)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    stream = out or sys.stdout
    if args.command == "validate":
        return run_validate(args.data_dir, stream, args.sources)
    if args.command == "ingest":
        return run_ingest(args, stream)
    if args.command == "publish":
        return run_publish(args.draft, args.output, stream)
    if args.command == "export":
        # The app's public address, when set, is where every call to action leads.
        found = settings.current_settings()
        today = args.today or dt.date.today()
        # Unless asked otherwise, the files mark a claim as the app's pages do.
        aged = argparse.Namespace(
            **{**vars(args), "stale_after": args.stale_after or found.stale_after_years}
        )
        return run_export(
            aged, today, stream, err or sys.stderr, found.public_url, found.seller_file
        )
    if args.command == "search":
        return run_search(args, stream, err or sys.stderr)
    if args.command == "synth":
        spec = synth.SynthSpec(args.claims, args.places, args.seed, args.per_pack)
        return run_synth(spec, args.out, stream, settings.SHIPPED_DATA)
    if args.command in {"db", "users", "deliver"}:
        return store_commands.run(args, sys.stdin, stream)
    return 2  # pragma: no cover - argparse rejects unknown commands first
