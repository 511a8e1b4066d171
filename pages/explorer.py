import streamlit as st

from insights import export, facets, paging
from insights.model import STANCES, THEMES
from insights.text import escape_markdown as esc
from ui import cards, sidebar
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
csv_col, json_col, _ = st.columns([1, 1, 4])
# Downloads hold every claim in view, not only this page, and are built on click: building
# them on every rerun cost seconds at 100k claims.
csv_col.download_button(
    "Download CSV",
    lambda: export.to_csv_bytes(export.make_claims_table(shown, view.today)),
    file_name="claims.csv",
    mime="text/csv",
    icon=":material/download:",
    key="explorer.csv",
)
json_col.download_button(
    "Download JSON",
    lambda: export.to_json_bytes(export.make_claims_table(shown, view.today)),
    file_name="claims.json",
    mime="application/json",
    icon=":material/download:",
    key="explorer.json",
)
cards.render_sources(catalog.sources, view.today)
