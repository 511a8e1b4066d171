"""Compare: two places or regions side by side, cited on both sides.

Top to bottom: the scorecard (the rows a rep decides on, each cell cited or "no source"),
the shared ground (what both sides hold, the national risks under two cities, shown once),
figures like for like, then what differs, each side with its counts and its own claims.
"""

import pandas as pd
import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.view import charts, compare, scorecard
from ui import cards, comparison, figures
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    st.title("Compare")
    base = compare.compared_base(
        view.catalog.claims, view.vocab, view.selection, view.filtered, view.drafts
    )
    st.caption(
        "Two places or regions side by side. The sidebar's theme, stance and search filters apply "
        f"to both: {esc(base.sentence)}."
    )
    if not view.compare_choices.options:
        st.info("There is nothing to compare in this content.", icon=":material/filter_alt_off:")
    else:
        _render_comparison(view, base.frame)
    cards.render_sources(view.catalog.sources, view.today, view.rule)


# A change of side redraws the comparison alone, not the sidebar and the rest of the page.
@st.fragment
def _render_comparison(view: View, base: pd.DataFrame) -> None:
    catalog, choices = view.catalog, view.compare_choices
    left_key, right_key = comparison.select_sides(choices.options, choices.defaults)
    if comparison.render_refusal(left_key, right_key):
        return
    made = compare.make_comparison(
        left_key,
        right_key,
        choices.options,
        base,
        view.vocab,
        catalog.companies,
        catalog.universities,
        catalog.responses,
        catalog.figures,
        choices.comparison_places,
        # A cell's first few entries on the page; the downloads fill every one on click.
        limit=scorecard.SHOWN_PER_CELL,
    )
    comparison.render_scorecard(made.card)
    comparison.render_pitch_button(left_key, right_key)
    comparison.render_shared(made, view.today, view.rule)
    comparison.render_figures(made)
    # Claims by theme are the secondary view: drawn on request, like the overview's charts.
    if figures.choose_charts("compare.charts", "Draw claims by theme, side by side"):
        figures.show_figure(
            charts.make_compare_figure(compare.count_themes_by_side(made.left, made.right)),
            key="compare.themes",
        )
    st.subheader("What differs", anchor=False)
    left_col, right_col = st.columns(2, gap="large")
    with left_col:
        comparison.render_side(made.left, made, view.today, "left", view.rule)
    with right_col:
        comparison.render_side(made.right, made, view.today, "right", view.rule)
    comparison.render_downloads(made, view.today, view.rule)
    comparison.render_summary(made)
