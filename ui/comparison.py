"""The compare page's widgets: the two sides bound to the URL, and one side's column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import streamlit as st

from insights.content import evidence, numbers
from insights.content.text import count_noun
from insights.content.text import escape_markdown as esc
from insights.outputs import formats, tables
from insights.view import compare, entities, paging, scorecard
from ui import cards, figure_panel, pitch_state, url

KEYS = {"left": "compare.left", "right": "compare.right"}
# The figures both sides share, listed at most this many (the rest are counted).
SHARED_FIGURES = 8
_NOTICES = "compare.notices"


def select_sides(options: Mapping[str, str], defaults: tuple[str, str]) -> tuple[str, str]:
    """Draw the two pickers (first visit: from the link's left/right) and keep the URL in step."""
    keys = list(options)
    if any(st.session_state.get(key) not in options for key in KEYS.values()):
        params = {name: st.query_params.get_all(name) for name in compare.SIDE_PARAMS}
        sides, notices = compare.parse_sides(params, keys, defaults)
        for key, side in zip(KEYS.values(), sides, strict=True):
            if st.session_state.get(key) not in options:
                st.session_state[key] = side
        st.session_state[_NOTICES] = notices
    cards.render_notices(st.session_state.pop(_NOTICES, ()))
    left_col, right_col = st.columns(2)
    left = left_col.selectbox("Left", keys, key=KEYS["left"], format_func=options.__getitem__)
    right = right_col.selectbox("Right", keys, key=KEYS["right"], format_func=options.__getitem__)
    url.sync_query_params(compare.side_params(left, right), compare.SIDE_PARAMS)
    return left, right


def render_refusal(left: str, right: str) -> bool:
    """Say why two sides cannot be compared, if they cannot; tell whether they were refused."""
    refusal = compare.refuse_same_sides(left, right)
    if refusal is not None:
        # Nothing to set side by side: say so rather than draw one side twice.
        st.warning(esc(refusal), icon=":material/compare_arrows:")
    return refusal is not None


def render_scorecard(card: scorecard.Scorecard) -> None:
    """Show the scorecard: a row a decision rests on, each side's cell cited, or "no source"."""
    st.subheader(scorecard.TITLE, anchor=False)
    st.caption(
        "What the sources state on each point a choice rests on, cited and dated; "
        f'"{scorecard.NO_SOURCE}" where they state nothing. No score, no weighting.'
    )
    head = st.columns([1, 2, 2])
    head[1].markdown(f"**{esc(card.left)}**")
    head[2].markdown(f"**{esc(card.right)}**")
    for line in card.lines:
        with st.container(border=True, key=f"compare.score.{line.spec.key}"):
            if line.spec.shared:
                label, both = st.columns([1, 4])
                label.markdown(f"**{esc(line.spec.title)}**")
                both.markdown(_cell(line.left, line.left_total, "listed under Shared ground"))
                continue
            label, left, right = st.columns([1, 2, 2])
            label.markdown(f"**{esc(line.spec.title)}**")
            left.markdown(_cell(line.left, line.left_total, "in the downloads"))
            right.markdown(_cell(line.right, line.right_total, "in the downloads"))


def _cell(entries: Sequence[scorecard.Entry], total: int, where_more: str) -> str:
    if not entries:
        return f"_{esc(scorecard.NO_SOURCE)}_"
    shown = entries[: scorecard.SHOWN_PER_CELL]
    lines = [f"- {esc(e.text)} :gray[({esc(e.citation)})]" for e in shown]
    more = max(total, len(entries)) - len(shown)
    if more:
        lines.append(f"- :gray[and {more:,} more, {esc(where_more)}]")
    return "\n".join(lines)


def render_pitch_button(left: str, right: str) -> None:
    """Offer the scorecard as a slide of the pitch (the pitch keeps the pair in its link)."""
    current = pitch_state.current_versus()
    added = current == (left, right)
    st.button(
        "The pitch carries this scorecard" if added else "Add this scorecard to the pitch",
        key="compare.to_pitch",
        icon=":material/check:" if added else ":material/playlist_add:",
        disabled=added,
        on_click=pitch_state.set_versus,
        args=((left, right),),
        help="The pitch's deck, PDF, one-pager and presentation then show this scorecard.",
    )


def render_shared(made: compare.Comparison, today: dt.date, rule: evidence.VerifyRule) -> None:
    """Show what both sides hold once: its risks and strengths, and the figures both share."""
    st.subheader("Shared ground", anchor=False)
    st.caption(esc(made.describe_shared()))
    if made.shared.empty:
        return
    risks, strengths = st.columns(2, gap="large")
    shared = made.shared
    for column, heading, kind, rows in (
        (
            risks,
            ":material/report: **Shared challenges**",
            "challenge",
            entities.keep_challenges(shared),
        ),
        (
            strengths,
            ":material/thumb_up: **Shared strengths**",
            "strength",
            shared[shared["stance"] == "strength"],
        ),
    ):
        with column:
            st.markdown(heading)
            cards.render_claims(
                rows,
                today,
                f"No {kind} both sides share in this view.",
                f"compare.shared.{kind}s",
                rule,
                paging.SHARED_CARDS_PER_PAGE,
            )
    if not made.shared_figures.empty:
        st.markdown("**Figures both sides share**")
        figure_panel.render_figure_table(
            numbers.make_figure_table(made.shared_figures.head(SHARED_FIGURES))
        )
        more = len(made.shared_figures) - SHARED_FIGURES
        if more > 0:
            st.caption(f"and {count_noun(more, 'more figure')} both sides share")


def render_figures(made: compare.Comparison) -> None:
    """Show each side's own figures like for like: a measure and boundary a row, gaps said."""
    paired = compare.pair_side_figures(made)
    if paired.empty:
        return
    st.subheader("Figures side by side", anchor=False)
    st.caption(
        "Set side by side only where both count the same thing within the same boundary; "
        "a measure one side lacks says so."
    )
    figure_panel.render_figure_table(
        paired.rename(columns={"Left": made.left.label, "Right": made.right.label})
    )


def render_side(
    side: compare.Side,
    made: compare.Comparison,
    today: dt.date,
    slot: str,
    rule: evidence.VerifyRule,
) -> None:
    """Show one side: its counts (shared ground included), then its own strengths and challenges."""
    st.subheader(esc(side.label), anchor=False)
    cards.render_kpi_list(side.kpis)
    shared = made.shared
    for heading, claims, kind in (
        (":material/thumb_up: **Its own strengths**", side.strengths, "strength"),
        (":material/report: **Its own challenges**", side.challenges, "challenge"),
    ):
        st.markdown(heading)
        common = int((shared["stance"] == kind).sum())
        empty = f"No {kind} of its own in view for this side."
        if common:
            verb = "is" if common == 1 else "are"
            empty += f" {count_noun(common, 'shared ' + kind)} {verb} under Shared ground."
        key = f"compare.{slot}.{kind}s"
        cards.render_claims(claims, today, empty, key, rule, paging.SIDE_CARDS_PER_PAGE)


def render_downloads(made: compare.Comparison, today: dt.date, rule: evidence.VerifyRule) -> None:
    """Offer the scorecard and both sides' claims as CSV and JSON, built on click."""
    builders = {
        "csv": lambda: tables.to_csv_bytes(compare.make_compare_download(made, today, rule)),
        "json": lambda: compare.make_compare_json(made, today, rule),
    }
    columns = st.columns([1, 1, 3])
    for column, fmt in zip(columns, formats.TABLE_FORMATS, strict=False):
        column.download_button(
            f"{fmt.label} of both sides",
            builders[fmt.name],
            file_name=f"comparison.{fmt.name}",
            mime=fmt.mime,
            icon=":material/download:",
            key=f"compare.{fmt.name}",
            on_click="ignore",
            help="The scorecard, every cell cited, then both sides' claims.",
        )


def render_summary(made: compare.Comparison) -> None:
    """Close with what was compared: each side's claims and those both hold."""
    with st.container(key="compare-summary"):
        st.caption(
            f"Compared {count_noun(len(made.left.claims), 'claim')} for {esc(made.left.label)} "
            f"and {count_noun(len(made.right.claims), 'claim')} for {esc(made.right.label)}, "
            f"{len(made.shared):,} of them held by both."
        )


_SIDES = (
    ("backing", ":material/thumb_up: **Newer evidence for it**"),
    ("against", ":material/thumb_down: **Newer evidence against it**"),
)


def render_objection(
    claim: Mapping[Hashable, Any], rule: evidence.VerifyRule, today: dt.date, key: str
) -> None:
    """Show an objection's card, then what newer sources say for and against it, each cited."""
    cards.render_claim(claim, today, key, rule)
    split = evidence.split_newer_evidence(claim["as_of"], rule.linked.get(claim["id"], ()))
    if not (split.backing or split.against):
        st.caption("No newer source in this content speaks to this objection.")
        return
    for attr, heading in _SIDES:
        items: Sequence[evidence.Linked] = getattr(split, attr)
        if not items:
            continue
        st.markdown(heading)
        for item in items:
            st.markdown(f"- {esc(item.text)}")
            st.caption(
                f"{esc(item.opening)}: {esc(item.citation)}", help=cards.bias_note(item.bias)
            )
