"""A pitch's file from a link alone: the pitch URL's parameters in, the file (or why not) out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from insights.content import evidence
from insights.content.frames import Catalog
from insights.outputs import deck, formats, leavebehind, typeset
from insights.pitch import plan, talk
from insights.pitch.seller import Profile
from insights.view import compare, facets, filters, selection

# What a download link may carry: the pitch's own parameters and the view's filters. Drafts
# are never exported to a prospect, so `drafts` is not among them.
COPY_PARAM = "copy"
ACCEPTED_PARAMS = frozenset(
    (*plan.ALL_PARAM_NAMES, *selection.FACET_PARAMS, selection.SEARCH_PARAM, COPY_PARAM)
)
# Bounds a hostile link before any parsing: a real one is a few hundred characters.
MAX_QUERY_VALUES = 64


@dataclass(frozen=True)
class Download:
    """A file ready to send: its bytes, MIME type and file name."""

    body: bytes
    mime: str
    file_name: str


@dataclass(frozen=True)
class Refusal:
    """Why a link gives no file, in words that never repeat what the link held; its HTTP status."""

    message: str
    status: int = 400


# A link asking for the rep's copy from someone who may not see the reps' notes.
REP_COPY_REFUSED = Refusal(
    "The rep's copy (bias notes, verify marks, speaker notes) needs a signed-in person: sign in "
    "on this server, or ask for copy=prospect.",
    status=403,
)


def take_saved_items(parsed: plan.Pitch, found: plan.Pitch | None) -> plan.Pitch | None:
    """Return a link's pitch with a saved pitch's items and answers, never its notes."""
    if found is None:
        return None
    # A link reaches no library access: the items, answers, title and prospect, no note.
    return plan.Pitch(
        title=parsed.title or found.title,
        prospect=parsed.prospect or found.prospect,
        items=found.items,
        saved=parsed.saved,
    )


def make_download_path(fmt: str) -> str:
    """Return the app's path for a pitch's file in this format, e.g. ``/export/pitch.pptx``."""
    return f"/export/pitch.{fmt}"


def build_download(
    fmt: str,
    params: Mapping[str, Sequence[str]],
    catalog: Catalog,
    today: dt.date,
    public_url: str = "",
    profile: Profile | None = None,
    compile_pdf: Callable[[str, str], bytes] = typeset.compile_pdf,
    build_pptx: Callable[[talk.Talk, talk.Copy], bytes] = deck.build_copy,
    find_saved: Callable[[int], plan.Pitch | None] | None = None,
    rep_copy_allowed: bool = True,
    *,
    rule: evidence.VerifyRule,
) -> Download | Refusal:
    """Return the file a download link asks for, or a refusal saying (plainly) what is wrong.

    compile_pdf runs a PDF's Typst compile and build_pptx builds a deck (the app hands both
    to worker processes). A link naming a saved pitch (``saved=ID``) and no items takes the
    saved pitch's items through find_saved; its notes never go out by a link. Without
    rep_copy_allowed (a team server's visitor) the prospect's copy is the default, and a link
    asking for the rep's is refused with 403. rule is the app's one verify rule (its age setting
    and the catalog's linked evidence), so a linked file marks a claim as the pages do.
    """
    chosen = formats.BY_NAME.get(fmt)
    if chosen is None:
        return Refusal(f"Unknown format; use one of: {', '.join(formats.BY_NAME)}.")
    if set(params) - ACCEPTED_PARAMS:
        return Refusal("The link has a parameter a download does not take.")
    if sum(len(v) for v in params.values()) > MAX_QUERY_VALUES:
        return Refusal("The link has too many values.")
    default = talk.Copy.REP if rep_copy_allowed else talk.Copy.PROSPECT
    asked = params.get(COPY_PARAM, [default.value])
    if len(asked) != 1 or asked[0] not in {c.value for c in talk.Copy}:
        return Refusal("The link's copy must be prospect or rep.")
    if asked[0] == talk.Copy.REP and not rep_copy_allowed:
        return REP_COPY_REFUSED
    vocabulary = facets.make_vocabulary(catalog)
    parsed_view = selection.parse_params(params, vocabulary)
    vocab = plan.make_vocabulary(catalog.claims, catalog.responses)
    parsed_pitch = plan.parse_params(params, vocab)
    chosen_pitch = parsed_pitch.pitch
    if chosen_pitch.saved is not None and not chosen_pitch.items:
        found = find_saved(chosen_pitch.saved) if find_saved is not None else None
        taken = take_saved_items(chosen_pitch, found)
        if taken is None:
            return Refusal("The link's saved pitch is not in the pitch library.")
        pruned = plan.prune_pitch(taken, vocab, origin="saved pitch")
        parsed_pitch = plan.ParsedPitch(pruned.pitch, (*parsed_pitch.notices, *pruned.notices))
    # A file for a prospect is all or nothing: what a page would drop with a notice is refused.
    notices = (*parsed_view.notices, *parsed_pitch.notices)
    if notices:
        return Refusal(" ".join(notices))
    in_view = filters.apply_filters(catalog.claims, vocabulary, parsed_view.selection).frame
    if not parsed_pitch.pitch.items and in_view.empty:
        return Refusal("No claim matches the link's filters.")
    made = talk.resolve_pitch_or_view(
        parsed_pitch.pitch,
        filters.order_for_cap(in_view, plan.MAX_ITEMS),
        catalog.claims,
        today,
        rule,
        catalog.figures,
        vocab,
    )
    closing = talk.make_closing(
        profile,
        public_url,
        {**selection.to_params(parsed_view.selection), **plan.origin_params(parsed_pitch.pitch)},
    )
    card = compare.make_pitch_scorecard(
        catalog, vocabulary, parsed_view.selection, parsed_pitch.pitch.versus
    )
    made = talk.with_scorecard(talk.with_closing(made, closing), card)
    copy = talk.Copy(asked[0])
    if chosen.name == "pdf":
        body = leavebehind.build_pdf(made, compile_with=compile_pdf, copy=copy)
    elif chosen.name == "pptx":
        body = build_pptx(made, copy)
    else:
        body = chosen.build_pitch(made, filters.carry_marks(catalog.claims, in_view), copy)
    return Download(
        body,
        chosen.mime,
        formats.make_file_name(made, chosen.name, copy),
    )
