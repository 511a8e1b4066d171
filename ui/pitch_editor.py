"""The pitch builder's panels: claims to add, the pitch in order, objections, and exports."""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from insights.content import upkeep
from insights.content.evidence import VerifyRule
from insights.content.text import escape_markdown as esc
from insights.outputs import deck, download, formats
from insights.pitch import plan
from insights.pitch.plan import Item, Pair, Pitch
from insights.pitch.talk import (
    OUR_ANSWER,
    OUR_PAIRING,
    Copy,
    OwnAnswerPoint,
    PairPoint,
    Point,
    Talk,
)
from insights.view import entities, paging, selection
from ui import cards, pitch_state, rights
from ui.paging import choose_page

LINKS_KEY = "pitch.download_links"
# Each copy's downloads under its heading, the prospect's first.
COPIES = {Copy.PROSPECT: "For the prospect", Copy.REP: "For you (speaker notes and checks)"}


def _labels(claim: Mapping[Hashable, Any]) -> str:
    return (
        f"{esc(claim['place_name'])} · {esc(claim['theme_label'])} · {esc(claim['stance_label'])}"
    )


def _add_button(
    where: Any, item: Item, current: Pitch, key: str, labels: tuple[str, str], width: str
) -> None:
    # One add button for claims and pairs alike: marked once added, off when the pitch is full.
    added = item in current.items
    where.button(
        labels[added],
        key=key,
        icon=":material/check:" if added else ":material/add:",
        disabled=added or len(current.items) >= plan.MAX_ITEMS,
        on_click=pitch_state.add,
        args=([item],),
        width=width,
    )


def describe_add_shown(missing: int) -> str:
    """Label the button that adds the claims shown: ``Add the 1 shown``, ``Add all 10 shown``."""
    if not missing:
        return "All shown are in the pitch"
    return "Add the 1 shown" if missing == 1 else f"Add all {missing} shown"


def render_candidates(
    claims: pd.DataFrame, current: Pitch, today: dt.date, rule: VerifyRule
) -> None:
    """List the claims in view a page at a time, each with a button that adds it to the pitch."""
    span = choose_page(len(claims), "pitch.candidates.page", "claims", paging.PICKS_PER_PAGE)
    records = paging.take(claims, span).to_dict("records")
    ids = [c["id"] for c in records]
    missing = [i for i in ids if i not in current.items]
    st.button(
        describe_add_shown(len(missing)),
        key="pitch.add_all",
        icon=":material/playlist_add:",
        type="primary",
        disabled=not missing or len(current.items) >= plan.MAX_ITEMS,
        on_click=pitch_state.add,
        args=(ids,),
        width="stretch",
    )
    if not records:
        st.info("No claim matches these filters.", icon=":material/filter_alt_off:")
    for claim in records:
        # One bordered row, the text beside its button: two blocks fewer than columns take.
        card = st.container(
            border=True, horizontal=True, vertical_alignment="center", wrap=False, gap="medium"
        )
        text = card.container()
        text.markdown(esc(claim["text"]))
        text.caption(
            f"{_labels(claim)}  \n{cards.cite_line(claim, today, rule)}",
            help=cards.bias_note(claim["bias"]),
        )
        _add_button(
            card, claim["id"], current, f"pitch.add.{claim['id']}", ("Add", "Added"), "content"
        )


def _render_point(point: Point, label: str = "") -> None:
    lead = f"**{label}** " if label else ""
    st.markdown(lead + esc(point.text))
    # The rep's view: citation, age, the verify mark and the bias note (on hover); the
    # prospect's outputs show only the source line.
    cards.render_point_cite(point)
    if point.stale:
        st.badge("Verify before presenting", icon=":material/history:", color="red")


def render_error(key: str) -> None:
    """Show the problem with what was typed in this field, under it (the text stays)."""
    problem = pitch_state.errors().get(key)
    if problem:
        st.error(esc(problem), icon=":material/error:")


def render_note(token: str, label: str = "Our note (speaker notes only)") -> None:
    """Offer the rep's own note on an item or the cover: in their copy and presenter view only."""
    key = (
        pitch_state.KEYS["cover_note"]
        if token == plan.COVER_KEY
        else pitch_state.NOTE_KEY.format(token=token)
    )
    st.text_area(
        label,
        key=key,
        height=68,
        placeholder="What you want to remember to say here",
        on_change=pitch_state.save_note,
        args=(token,),
    )
    render_error(key)
    if plan.note_of(pitch_state.current_pitch(), token) and key not in pitch_state.errors():
        st.caption(
            "Kept in your copy's speaker notes and the presenter view, never the prospect's."
        )


def _render_slide(slide: Point | PairPoint | OwnAnswerPoint) -> None:
    if isinstance(slide, PairPoint):
        _render_point(slide.challenge, "Objection:")
        _render_point(slide.response, "Our answer:" if slide.ours else "Answer:")
        if slide.ours:
            st.caption(esc(OUR_PAIRING.capitalize() + "."))
    elif isinstance(slide, OwnAnswerPoint):
        _render_point(slide.challenge, "Objection:")
        # The rep's view of their own words: marked as ours, no citation (none stands behind).
        st.markdown(f"**{OUR_ANSWER}:** {esc(slide.answer)}")
        st.caption("In our own words: no source line, and none is shown to the prospect.")
    else:
        _render_point(slide)


def render_scorecard_item(shown: Talk) -> None:
    """Show the scorecard the pitch carries (added on Compare), with a button that drops it."""
    card = shown.scorecard
    if card is None:
        return
    with st.container(border=True):
        body, out = st.columns([6, 1], vertical_alignment="center")
        body.markdown(
            f":material/table_chart: **Scorecard**: {esc(card.left)} and {esc(card.right)}, "
            "after the points"
        )
        out.button(
            "",
            key="pitch.scorecard.remove",
            icon=":material/close:",
            help="Take the scorecard out of the pitch",
            on_click=pitch_state.set_versus,
            args=((),),
        )


def render_pitch(current: Pitch, shown: Talk) -> None:
    """Show the pitch in order, each item with move up, move down and remove buttons."""
    render_scorecard_item(shown)
    if not current.items:
        st.info(
            "The pitch is empty: add claims from the left. Until you do, presenting and "
            "exporting use the claims in view.",
            icon=":material/lightbulb:",
        )
        return
    last = len(current.items) - 1
    for n, (item, slide) in enumerate(zip(current.items, shown.items, strict=True)):
        token = plan.item_token(item)
        with st.container(border=True):
            body, controls = st.columns([5, 2], vertical_alignment="center")
            with body:
                st.caption(f"{n + 1}")
                _render_slide(slide)
            up, down, out = controls.columns(3)
            up.button(
                "",
                key=f"pitch.up.{token}",
                icon=":material/arrow_upward:",
                help="Move up",
                disabled=n == 0,
                on_click=pitch_state.move,
                args=(item, -1),
            )
            down.button(
                "",
                key=f"pitch.down.{token}",
                icon=":material/arrow_downward:",
                help="Move down",
                disabled=n == last,
                on_click=pitch_state.move,
                args=(item, 1),
            )
            out.button(
                "",
                key=f"pitch.remove.{token}",
                icon=":material/close:",
                help="Remove from the pitch",
                on_click=pitch_state.remove,
                args=(item,),
            )
            render_note(token)


def _render_own_answer(challenge: str, current: Pitch, remedies: Mapping[str, str]) -> None:
    # Any challenge can be raised: answered in our words, or by a source's remedy we pick.
    key = pitch_state.OWN_ANSWER_KEY.format(challenge=challenge)
    full = len(current.items) >= plan.MAX_ITEMS
    typed = st.container(horizontal=True, vertical_alignment="bottom")
    typed.text_input(
        "Our answer, in our own words",
        key=key,
        placeholder="e.g. the offer you answer this objection with",
        help=f"Shown to the prospect as our words, with no source line (at most "
        f"{plan.MAX_ANSWER_CHARS} characters, no links).",
    )
    typed.button(
        "Add with our answer",
        key=f"pitch.own_add.{challenge}",
        icon=":material/add_comment:",
        disabled=full,
        on_click=pitch_state.add_own_answer,
        args=(challenge,),
    )
    render_error(key)
    if not remedies:
        return
    picked = st.container(horizontal=True, vertical_alignment="bottom")
    picked.selectbox(
        "Or answer with a source's remedy (our pairing)",
        list(remedies),
        index=None,
        key=pitch_state.PICK_KEY.format(challenge=challenge),
        format_func=lambda rid: remedies[rid][:90],
        placeholder="Choose a remedy a source offers",
    )
    picked.button(
        "Add as our pairing",
        key=f"pitch.pick_add.{challenge}",
        icon=":material/link:",
        disabled=full,
        on_click=pitch_state.add_pairing,
        args=(challenge,),
    )


def render_objections(
    claims_view: pd.DataFrame,
    responses: pd.DataFrame,
    claims: pd.DataFrame,
    current: Pitch,
    today: dt.date,
    rule: VerifyRule,
) -> None:
    """Show the challenges in view, a page at a time, beside the source's answers to add."""
    challenges = entities.keep_challenges(claims_view)
    span = choose_page(
        len(challenges), "pitch.objections.page", "challenges", paging.PAIRS_PER_PAGE
    )
    shown = paging.take(challenges, span)
    pairs = entities.pair_responses(responses, shown, claims)
    remedies = entities.list_remedies(responses, claims)
    if not pairs:
        st.info("No challenge matches these filters.", icon=":material/filter_alt_off:")
    for pair in pairs:
        with st.container(border=True):
            st.markdown(f":material/report: **Objection:** {esc(pair.challenge['text'])}")
            cards.render_cite(pair.challenge, today, rule)
            if not pair.remedies:
                st.caption("The source offers no answer to this one: answer it in your words.")
            for remedy in pair.remedies:
                item = Pair(pair.challenge["id"], remedy["id"])
                st.markdown(f":material/reply: **Answer:** {esc(remedy['text'])}")
                cards.render_cite(remedy, today, rule)
                key = f"pitch.pair.{plan.item_token(item)}"
                _add_button(st, item, current, key, ("Add this pair", "Pair added"), "content")
            own = {r["id"] for r in pair.remedies}
            _render_own_answer(
                pair.challenge["id"],
                current,
                {rid: text for rid, text in remedies.items() if rid not in own},
            )


def render_upkeep(made: Talk, claims: pd.DataFrame, links: pd.DataFrame) -> None:
    """Warn, before any export, about points overdue for review or that a newer source changes."""
    found = upkeep.warn_pitch([p.id for p in made.points], claims, links, made.made_on)
    if found:
        st.warning(
            esc("Check before you export: " + "; ".join(found) + "."),
            icon=":material/history:",
        )


def render_exports(made: Talk, claims: pd.DataFrame, key_prefix: str) -> None:
    """Offer the talk in every export format, each file built only when clicked."""
    # A callable is run on click, on its own thread, while the button shows a spinner; the
    # talk and frame it closes over are never changed, so that thread is safe.
    # A download that cannot be built says why here, instead of giving no file on click.
    unexportable = deck.find_unexportable(made)
    if unexportable is not None:
        st.warning(esc(unexportable), icon=":material/warning:")
    # The prospect's copy first: what can be sent as it is.
    # A team server's visitor gets the prospect's copy only: the rep's holds the reps' notes.
    copies = COPIES if rights.may_see_rep_notes() else {Copy.PROSPECT: COPIES[Copy.PROSPECT]}
    for copy, heading in copies.items():
        st.caption(heading)
        row = st.container(horizontal=True)
        for fmt in formats.FORMATS:
            row.download_button(
                fmt.label,
                functools.partial(fmt.build_pitch, made, claims, copy),
                file_name=formats.make_file_name(made, fmt.name, copy),
                mime=fmt.mime,
                icon=f":material/{fmt.icon}:",
                key=f"{key_prefix}.{copy.value}.{fmt.name}",
                on_click="ignore",
                disabled=not made.items or (fmt.name == "pptx" and unexportable is not None),
                help=f"Download the {fmt.holds} as {fmt.label} ({heading.lower()}).",
            )


def render_download_links(
    current: Pitch, view_params: Mapping[str, Sequence[str]], public_url: str
) -> None:
    """Offer each export as a link that works with no session, on any of the app's servers."""
    # The link carries the pitch (or the filters) and nothing else: drafts are never sent out.
    params = {k: v for k, v in view_params.items() if k in download.ACCEPTED_PARAMS}
    params |= plan.to_params(current)
    parts = urllib.parse.urlsplit(public_url or st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    box = st.popover("Copy download link", icon=":material/link:", key=LINKS_KEY, on_change="rerun")
    # Drawn when opened: five links nobody reads until they want one.
    if not box.open:
        return
    with box:
        if public_url:
            st.caption("Shareable links to the prospect's copy: each builds the file when opened.")
        else:
            st.caption(
                "These links work on this machine only: set INSIGHTS_PUBLIC_URL to the app's "
                "public address for links a prospect can open."
            )
        prospect = {**params, download.COPY_PARAM: [Copy.PROSPECT.value]}
        for fmt in formats.FORMATS:
            st.caption(fmt.label)
            link = selection.make_link(origin + download.make_download_path(fmt.name), prospect)
            st.code(link, language=None, wrap_lines=True)
