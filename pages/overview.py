import streamlit as st

from insights import charts, filters, kpis
from insights.text import escape_markdown as esc
from ui import cards, figures, sidebar

view = sidebar.current_view()
catalog = view.catalog
shown = view.filtered.frame

st.title("Market overview")
st.caption(esc(view.filtered.sentence))

figures_row = kpis.compute_kpis(shown, catalog.companies, catalog.universities, catalog.responses)
for column, kpi in zip(st.columns(len(figures_row)), figures_row, strict=True):
    column.metric(kpi.label, kpi.value, help=kpi.help, border=True)

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Headline claims")
    cards.render_claims(
        filters.keep_headlines(shown),
        view.today,
        "No headline claim matches these filters.",
        key="overview.headlines",
    )
with right:
    figures.show_figure(charts.make_place_map(shown, catalog.places), key="overview.map")
    figures.show_figure(charts.make_theme_figure(shown), key="overview.themes")

cards.render_sources(catalog.sources, view.today)
