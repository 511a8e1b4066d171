"""Region market insights: the entry point that frames every page.

`streamlit run app.py` finds the st.App at the bottom and serves this same file as the script;
the App only adds a start-up hook (ui/warmup.py) that imports what the first page needs while
the browser is still loading Streamlit's JavaScript.
"""

import datetime as dt

import streamlit as st

from ui import export_routes, navigation, warmup


def main() -> None:
    """Frame the page the URL asks for: page config, content problems, menu, sidebar, pitch."""
    # Imported here rather than at the top: uvicorn imports this file at server start to find
    # `app`, and these (pandas, pydantic, ...) are what ui.warmup loads in the background.
    from ui import cards, data, pitch_state, sidebar

    navigation.configure_page()

    catalog = data.get_catalog()
    cards.render_problems(catalog.problems)
    if catalog.claims.empty:
        st.stop()

    page = st.navigation(navigation.build_pages())
    view = sidebar.render_sidebar(dt.date.today())
    # The pitch is read from whatever page a link opens and stays in the URL on every page.
    pitch_state.sync_pitch(view)
    page.run()


if __name__ == "__main__":  # a script run: Streamlit's runner and AppTest run it as __main__
    main()
else:  # imported by uvicorn, after `streamlit run app.py` discovered this App
    app = st.App(__file__, lifespan=warmup.lifespan, routes=export_routes.ROUTES)
