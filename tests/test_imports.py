"""insights/ stays pure: importing every module must not pull in streamlit."""

import pkgutil
import subprocess
import sys

import insights


def test_insights_never_imports_streamlit():
    found = pkgutil.walk_packages(insights.__path__, "insights.")
    # __main__ runs the CLI when imported.
    modules = [m.name for m in found if m.name != "insights.__main__"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert len(modules) >= 40


def test_insights_is_grouped_into_regular_packages():
    packages = {m.name for m in pkgutil.iter_modules(insights.__path__) if m.ispkg}
    assert {"content", "view", "pitch", "outputs", "quotes", "ingest"} <= packages


def test_the_first_page_imports_no_store_export_or_form_validation():
    # A cold start pays for every module app.py and the overview import before the page
    # shows; SQLAlchemy, python-pptx and the form's email validation wait until used.
    code = (
        "import sys\n"
        "import ui.cards, ui.data, ui.figures, ui.navigation, ui.pitch_state, ui.sidebar\n"
        "import insights.view.charts, insights.view.filters, insights.view.kpis\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'pptx', 'email_validator', 'psycopg', 'psycopg2'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
