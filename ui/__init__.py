"""Streamlit-side helpers shared by app.py and the pages: data access, sidebar, cards."""
