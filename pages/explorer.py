import streamlit as st

from insights import export, facets
from insights.model import STANCES, THEMES
from insights.text import escape_markdown as esc
from ui import cards, sidebar

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

table = export.make_claims_table(shown, view.today)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"Source URL": st.column_config.LinkColumn("Source URL")},
)
csv_col, json_col, _ = st.columns([1, 1, 4])
csv_col.download_button(
    "Download CSV",
    export.to_csv_bytes(table),
    file_name="claims.csv",
    mime="text/csv",
    icon=":material/download:",
    key="explorer.csv",
)
json_col.download_button(
    "Download JSON",
    export.to_json_bytes(table),
    file_name="claims.json",
    mime="application/json",
    icon=":material/download:",
    key="explorer.json",
)
cards.render_sources(catalog.sources, view.today)
