"""insights/ stays pure: importing every module must not pull in streamlit."""

import pkgutil
import subprocess
import sys

import insights


def test_insights_never_imports_streamlit():
    modules = [f"insights.{m.name}" for m in pkgutil.iter_modules(insights.__path__)]
    modules.remove("insights.__main__")  # runs the CLI when imported
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert len(modules) >= 10
