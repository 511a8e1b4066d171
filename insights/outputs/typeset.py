"""The PDF leave-behind's Typst compile on its own: all a build worker process has to import.

Kept apart from leavebehind.py (which reads talks, and so pandas) so that each of the app's
worker processes holds typst alone: about 40 MB instead of about 200.
"""

from __future__ import annotations

from pathlib import Path

import typst

TEMPLATE = Path(__file__).resolve().parent / "templates" / "leavebehind.typ"


def compile_pdf(data: str, font_dir: str) -> bytes:
    """Compile the leave-behind template with this JSON data into a PDF's bytes."""
    return typst.compile(str(TEMPLATE), sys_inputs={"data": data}, font_paths=[font_dir])
