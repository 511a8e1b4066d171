import streamlit as st

from insights import entities
from insights.selection import Selection
from insights.text import escape_markdown as esc
from ui import cards, sidebar

view = sidebar.current_view()
catalog = view.catalog

st.title("Companies")
groups = entities.group_companies(
    entities.in_view(catalog.companies, view.filtered.frame), catalog.claims
)
st.caption(
    f"{sum(len(g.names) for g in groups)} companies named by the source in this view, "
    "each with the claim that names it"
)
if not groups:
    st.info("No company is named for these filters.", icon=":material/filter_alt_off:")
for group in groups:
    st.subheader(f":material/location_on: {esc(group.place_name)}")
    st.markdown(" ".join(f":green-badge[{esc(name)}]" for name in group.names))
    cards.render_claim(group.claim, view.today)

industry = view.narrow(Selection(themes=("industry",)))
st.subheader("What the source says about industry")
st.caption(esc(industry.sentence))
cards.render_claims(industry.frame, view.today, "No industry claim matches these filters.")
cards.render_sources(catalog.sources, view.today)
