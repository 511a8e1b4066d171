"""insights/ stays pure: importing every module must not pull in streamlit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_insights_never_imports_streamlit():
    # Every module file under insights/, whatever its folder; __main__ runs the CLI when
    # imported, and the migration scripts run only inside Alembic's context.
    files = sorted((ROOT / "insights").rglob("*.py"))
    modules = [
        ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for f in files
        if f.name != "__main__.py" and "migrations" not in f.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_first_page_imports_no_store_or_export():
    # A cold start pays for every module app.py and the overview import before the page
    # shows; SQLAlchemy and python-pptx wait until used. (The seller's profile, checked with
    # its e-mail validation, is read by every page's call to action.)
    code = (
        "import sys\n"
        "import ui.cards, ui.data, ui.figures, ui.navigation, ui.pitch_state, ui.sidebar\n"
        "import insights.view.charts, insights.view.filters, insights.view.kpis\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'pptx', 'psycopg', 'psycopg2'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
