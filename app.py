"""Region market insights: the entry point that frames every page.

`streamlit run app.py` finds the st.App at the bottom and serves this same file as the script;
the App's start-up hook (ui/warmup.py) ends Streamlit's legacy pages/ mode and warms up.
"""

import datetime as dt

import streamlit as st

from ui import export_routes, navigation, warmup


def main() -> None:
    """Frame the page the URL asks for: page config, problems, sidebar and view, then the page."""
    # Imported here rather than at the top: uvicorn imports this file at server start to find
    # `app`, and these (pandas, pydantic, ...) are what ui.warmup loads in the background.
    from ui import frame

    navigation.configure_page()
    view = frame.build_view(dt.date.today())
    if view is None:
        st.stop()
    st.navigation(navigation.build_pages(view)).run()


if __name__ == "__main__":  # a script run: Streamlit's runner and AppTest run it as __main__
    main()
else:  # imported by uvicorn, after `streamlit run app.py` discovered this App
    app = st.App(__file__, lifespan=warmup.lifespan, routes=export_routes.ROUTES)
