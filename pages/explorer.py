import streamlit as st

from insights import export, facets, paging
from insights.model import STANCES, THEMES
from insights.text import escape_markdown as esc
from ui import cards, downloads, sidebar
from ui.paging import choose_page

view = sidebar.current_view()
catalog = view.catalog
shown = view.filtered.frame

st.title("Claim explorer")
st.caption(esc(view.filtered.sentence))

facet_specs = [
    ("Place", "place", view.place_names),
    ("Theme", "theme", THEMES),
    ("Stance", "stance", STANCES),
]
for column, (title, field, labels) in zip(st.columns(3), facet_specs, strict=True):
    column.dataframe(
        facets.count_facet(shown, field, labels),
        hide_index=True,
        width="stretch",
        column_order=["label", "count"],
        column_config={"label": title, "count": st.column_config.NumberColumn("Claims")},
    )

span = choose_page(len(shown), "explorer.page", "claims", paging.ROWS_PER_PAGE)
table = export.make_claims_table(paging.take(shown, span), view.today)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"Source URL": st.column_config.LinkColumn("Source URL")},
)
# Downloads hold every claim in view, not only the page of the table on screen.
downloads.render_table_downloads(
    lambda: export.make_claims_table(shown, view.today),
    "claims",
    "explorer",
    f"all {len(shown):,} claims in view",
)
cards.render_sources(catalog.sources, view.today)
