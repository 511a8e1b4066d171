"""How a claim, a source and a content problem look, wherever they are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from insights.content import citation, evidence, upkeep
from insights.content.model import LANGUAGES, SOURCE_KINDS
from insights.content.text import count_noun
from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.pitch.talk import Point
from insights.view import paging
from insights.view.filters import Filtered
from insights.view.kpis import Kpi
from ui import rights
from ui.paging import choose_page


def cite_line(claim: Mapping[Hashable, Any], today: dt.date, rule: evidence.VerifyRule) -> str:
    """Return the citation, age and bias line shown under every claim (Markdown-escaped)."""
    # The view's one verify rule (age against the one setting, lifted by a recent
    # corroboration): the same mark as the presenter's notes and every export give the claim.
    freshness, age = evidence.judge_claim(claim, today, rule)
    warn = ":material/history: " if freshness.verify else ""
    kind = SOURCE_KINDS.get(claim["source_kind"], claim["source_kind"])
    # The team's review ("reviewed Mar 2026 by Ana Ruiz"), where the pack names one.
    review = upkeep.describe_review(claim.get("owner"), claim.get("reviewed_on"))
    line = f"{esc(claim['citation'])} · {warn}{esc(age)}" + (f" · {esc(review)}" if review else "")
    if not rights.may_see_rep_notes():
        return line  # a team server's visitor: the source line, not the reps' notes
    return f"{line} · :material/info: bias: {esc(kind)} (hover for why)"


def bias_note(text: object) -> str | None:
    """Return a source's bias note for a hover, or None for a visitor who has not signed in."""
    return esc(str(text)) if rights.may_see_rep_notes() else None


def render_cite(
    claim: Mapping[Hashable, Any], today: dt.date, rule: evidence.VerifyRule, where: Any = st
) -> None:
    """Show a claim's citation, age and bias line, the bias note on hover, in `where`."""
    where.caption(cite_line(claim, today, rule), help=bias_note(claim["bias"]))


def render_point_cite(point: Point) -> None:
    """Show a talking point's citation and age, its source's bias note on hover."""
    warn = ":material/history: " if point.stale else ""
    st.caption(f"{esc(point.citation)} · {warn}{esc(point.age)}", help=bias_note(point.source.bias))


def render_kpi(kpi: Kpi) -> None:
    """Show one headline figure as a bordered metric: what it counts, then its value, large."""
    # The value too comes from data (a place's name, a source's word): never markup or a link.
    st.metric(esc(kpi.label), esc(kpi.value), help=esc(kpi.help), border=True)


def render_kpi_list(kpis: Sequence[Kpi]) -> None:
    """Show headline figures as one compact list, what each counts explained on hover."""
    # For half a page (a side of Compare): four tiles stacked there pushed the side's claims
    # below the fold.
    st.markdown(
        "\n".join(f"- {esc(k.label)}: **{esc(k.value)}**" for k in kpis),
        help="  \n".join(f"**{esc(k.label)}**: {esc(k.help)}" for k in kpis),
    )


def render_claim(
    claim: Mapping[Hashable, Any], today: dt.date, key: str, rule: evidence.VerifyRule
) -> None:
    """Show one claim as a card: its text, where it comes from, how old, what else says so."""
    _render_card(claim, today, rule, key)


def describe_where(claim: Mapping[Hashable, Any]) -> str:
    """Return where a claim is about, marked when it is kept for a wider place (Markdown)."""
    wider = claim.get("applies_to_name") or ""
    if not wider:
        return esc(claim["place_name"])
    if wider == claim["place_name"]:
        return f":material/public: {esc(wider)} as a whole"
    return f":material/public: {esc(claim['place_name'])}, for {esc(wider)} as a whole"


def _render_card(
    claim: Mapping[Hashable, Any], today: dt.date, rule: evidence.VerifyRule, key: str
) -> None:
    # A card is a container, its text and one caption (citation, where and what, the newest
    # evidence).
    linked = rule.linked.get(claim["id"], ())
    with st.container(border=True):
        st.markdown(esc(claim["text"]))
        lines = [
            cite_line(claim, today, rule),
            f"{describe_where(claim)} · {esc(claim['theme_label'])} · {esc(claim['stance_label'])}",
        ]
        newest = evidence.newest_year(claim["as_of"], linked) if linked else None
        if newest is not None:
            lines.append(f":material/update: newest evidence: {newest}")
        st.caption("  \n".join(lines), help=bias_note(claim["bias"]))
        if linked:
            render_evidence(linked, today, rule, key)


def render_evidence(
    linked: tuple[evidence.Linked, ...], today: dt.date, rule: evidence.VerifyRule, key: str
) -> None:
    """Show a claim's evidence lines, each opening the other claims with their own citations."""
    for n, line in enumerate(evidence.make_lines(linked)):
        box = st.expander(
            esc(line.text), icon=_LINE_ICONS.get(line.opening), key=f"{key}.{n}", on_change="rerun"
        )
        # Drawn only while open: most cards are read, not opened.
        if not box.open:
            continue
        with box:
            for other in line.claims:
                st.markdown(esc(other.text))
                age = citation.describe_age(other.dated, today, rule.stale_after)
                note = f" · {esc(other.note)}" if other.note else ""
                st.caption(f"{esc(other.citation)} · {esc(age)}{note}", help=bias_note(other.bias))


_LINE_ICONS = {
    "Also stated by": ":material/done_all:",
    "Updated by": ":material/update:",
    "Updates": ":material/history:",
    "Contradicted by": ":material/report:",
    "Contradicts": ":material/report:",
}


def render_claims(
    claims: pd.DataFrame,
    today: dt.date,
    empty: str,
    key: str,
    rule: evidence.VerifyRule,
    per_page: int = paging.CARDS_PER_PAGE,
) -> None:
    """Show a frame's claims as cards, a page at a time."""
    if claims.empty:
        st.info(empty, icon=":material/filter_alt_off:")
        return
    span = choose_page(len(claims), key, "claims", per_page)
    for n, claim in enumerate(paging.take(claims, span).to_dict("records")):
        # Keyed by place on the page: one claim may be drawn twice (a remedy answering two
        # objections), and a line kept open follows its card's place, not the claim.
        _render_card(claim, today, rule, f"{key}.card{n}")


def render_section(
    heading: str,
    shown: Filtered,
    today: dt.date,
    empty: str,
    key: str,
    rule: evidence.VerifyRule,
) -> None:
    """Show a titled list of claim cards under the sentence that says what it holds."""
    st.subheader(heading)
    st.caption(esc(shown.sentence))
    render_claims(shown.frame, today, empty, key, rule)


SOURCES_KEY = "sources.open"


def render_sources(sources: pd.DataFrame, today: dt.date, rule: evidence.VerifyRule) -> None:
    """Show every source with its date, age, kind and bias note, once the rep opens the list."""
    box = st.expander(
        "Sources, their age and their bias",
        icon=":material/menu_book:",
        key=SOURCES_KEY,
        on_change="rerun",
    )
    # Drawn only while open: every claim card already cites its source, age and bias.
    if not box.open:
        return
    with box:
        span = choose_page(len(sources), "sources.page", "sources", paging.CARDS_PER_PAGE)
        for src in paging.take(sources, span).to_dict("records"):
            kind = SOURCE_KINDS.get(src["kind"], src["kind"])
            who = f" (then {esc(src['former_name'])})" if src["former_name"] else ""
            # Who wrote it, and in which language, where the source says.
            if src.get("author"):
                who += f", by {esc(src['author'])}"
            if src.get("language", "en") != "en":
                kind = f"{kind}, in {LANGUAGES.get(src['language'], src['language'])}"
            st.markdown(
                f"**{esc(src['title'])}** — {esc(src['publisher'])}{who}, "
                f"{esc(citation.format_day(src['published']))} · {esc(kind)}"
            )
            bias = bias_note(src["bias"])
            st.caption(
                esc(citation.describe_age(src["published"], today, rule.stale_after))
                + (f" · Bias: {bias}" if bias else "")
            )
            st.code(src["url"], language=None, wrap_lines=True)


def render_problems(problems: Sequence[PackError]) -> None:
    """List content files that could not be loaded, as literal text naming file and field."""
    if not problems:
        return
    files = sorted({p.file for p in problems})
    st.error(
        f"{count_noun(len(files), 'content file')} could not be loaded and "
        f"{'is' if len(files) == 1 else 'are'} left out; "
        "everything else is shown. Fix the fields below, then reload.",
        icon=":material/error:",
    )
    # Every visitor sees this: a pack by its name in the data folder (packs sit directly in
    # it), never by where the server keeps it.
    shown = (PackError(Path(p.file).name, p.field, p.message) for p in problems)
    st.code("\n".join(str(p) for p in shown), language=None, wrap_lines=True)


def render_notices(notices: Iterable[str]) -> None:
    """Show notices about what was ignored in the link the page was opened with."""
    for notice in notices:
        st.warning(esc(notice), icon=":material/link_off:")
