"""Region insights: cited talking points as data, with no dependency on Streamlit."""
