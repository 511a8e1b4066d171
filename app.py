"""Region market insights: the entry point that frames every page.

`streamlit run app.py` finds the st.App at the bottom and serves this same file as the script;
the App's start-up hook (ui/startup.py) prepares the server before the first visitor.
"""

import datetime as dt

import streamlit as st

from ui import export_routes, frame, navigation, signin_routes, startup
from ui.view import View


def main() -> None:
    """Run the page the URL asks for inside the frame its row of the page table asks for."""
    navigation.configure_page()
    view: View | None = None
    # The page is picked first: its row says which frame to build, and the view is read
    # when the page draws.
    page = st.navigation(navigation.build_pages(lambda: _required(view)))
    view = frame.build_view(dt.date.today(), navigation.find_spec(page))
    if view is None:
        st.stop()
    page.run()


def _required(view: View | None) -> View:
    if view is None:  # pragma: no cover - main() stops the run before any page draws
        raise RuntimeError("the page ran before the view was built")
    return view


if __name__ == "__main__":  # a script run: Streamlit's runner and AppTest run it as __main__
    main()
else:  # imported by uvicorn, after `streamlit run app.py` discovered this App
    app = st.App(
        __file__,
        lifespan=startup.lifespan,
        routes=[*export_routes.ROUTES, *signin_routes.ROUTES],
    )
