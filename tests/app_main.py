"""The app as AppTest runs it: app.py's frame, started from a folder with no pages/ beside it.

A real server ends Streamlit's legacy pages/ mode at start (ui/startup.py); AppTest makes a
fresh page manager on every run, which would look for a pages/ folder beside its script.
"""

import app

app.main()
