"""The PDF leave-behind's Typst compile on its own: all a build worker process has to import.

Kept apart from leavebehind.py, whose imports (the talk's modules, pandas among them) weigh
several times typst's, so that a worker process of the app making PDFs holds typst alone.
"""

from __future__ import annotations

from pathlib import Path

import typst

TEMPLATE = Path(__file__).resolve().parent / "templates" / "leavebehind.typ"


def compile_pdf(data: str, font_dir: str) -> bytes:
    """Compile the leave-behind template with this JSON data into a PDF's bytes."""
    return typst.compile(str(TEMPLATE), sys_inputs={"data": data}, font_paths=[font_dir])
