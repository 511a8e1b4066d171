"""The start-up warm-up: `streamlit run app.py` serves the App whose lifespan imports the
first page's modules, and those are all the first page needs."""

import ast
import subprocess
import sys

from streamlit.web.server.app_discovery import discover_asgi_app

from tests.apptest import ROOT


def test_streamlit_run_app_py_serves_the_app_with_the_warm_up():
    found = discover_asgi_app(ROOT / "app.py")
    assert (found.is_asgi_app, found.import_string) == (True, "app:app")


def _imported_names(path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in {"ui", "insights"}:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_the_lifespan_imports_everything_app_py_and_the_overview_import():
    first_page = sorted(
        set(_imported_names(ROOT / "app.py") + _imported_names(ROOT / "pages" / "overview.py"))
    )
    code = (
        "import asyncio, gc, importlib, sys, threading\n"
        "from ui import warmup\n"
        "before = 'pandas' in sys.modules\n"
        "async def start():\n"
        "    async with warmup.lifespan(None):\n"
        "        pass\n"
        "asyncio.run(start())\n"
        # Joined if still running; a warm-up that already finished is not listed any more.
        "for t in [t for t in threading.enumerate() if t.name == 'warm-up']: t.join()\n"
        "loaded = set(sys.modules)\n"
        f"for name in {first_page!r}: importlib.import_module(name)\n"
        "frozen = gc.get_freeze_count() > 0\n"
        "print(before, 'pandas' in loaded, frozen, sorted(set(sys.modules) - loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "False True True []"
    assert "ui.frame" in first_page
