"""Compare: two places or regions side by side, cited on both sides."""

import streamlit as st

from insights import charts, compare
from insights.text import escape_markdown as esc
from ui import cards, comparison, downloads, figures
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    catalog = view.catalog

    st.title("Compare")
    base = compare.compared_base(catalog.claims, view.vocab, view.selection)
    st.caption(
        "Two places or regions side by side. The sidebar's theme, stance and search filters apply "
        f"to both: {esc(base.sentence)}."
    )
    options = compare.list_options(catalog.claims, view.place_names)
    if not options:
        st.info("There is nothing to compare in this content.", icon=":material/filter_alt_off:")
        st.stop()
    left_key, right_key = comparison.select_sides(options, compare.choose_defaults(catalog.claims))
    left, right = (
        compare.build_side(
            key,
            options[key],
            base.frame,
            view.vocab,
            catalog.companies,
            catalog.universities,
            catalog.responses,
            catalog.figures,
            compare.list_comparison_places(catalog.places),
        )
        for key in (left_key, right_key)
    )
    comparison.render_figures(left, right)
    figures.show_figure(
        charts.make_compare_figure(compare.count_themes_by_side(left, right)), key="compare.themes"
    )
    left_col, right_col = st.columns(2, gap="large")
    with left_col:
        comparison.render_side(left, view.today, "left", catalog)
    with right_col:
        comparison.render_side(right, view.today, "right", catalog)

    downloads.render_table_downloads(
        lambda: compare.make_compare_table(left, right, view.today),
        "comparison",
        "compare",
        "both sides",
    )
    cards.render_sources(catalog.sources, view.today)
