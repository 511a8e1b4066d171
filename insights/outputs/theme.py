"""The app's look, read from .streamlit/config.toml, for the outputs drawn outside the browser."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from insights.settings import STREAMLIT_CONFIG

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Streamlit names a family by kind; the deck and the PDF need a face with metrics to measure,
# and Debian's DejaVu (fonts-dejavu-core) is on every machine the app or its tests run on.
FAMILIES = {
    "sans-serif": ("DejaVu Sans", "DejaVuSans"),
    "serif": ("DejaVu Serif", "DejaVuSerif"),
    "monospace": ("DejaVu Sans Mono", "DejaVuSansMono"),
}


@dataclass(frozen=True)
class Theme:
    """Colours as ``#rrggbb`` and the font family, with the files that hold its faces."""

    primary: str = "#0b6e4f"
    background: str = "#ffffff"
    panel: str = "#f3f6f4"
    text: str = "#1d2b24"
    font: str = "DejaVu Sans"
    regular_file: Path = _FONT_DIR / "DejaVuSans.ttf"
    bold_file: Path = _FONT_DIR / "DejaVuSans-Bold.ttf"

    @property
    def muted(self) -> str:
        """Return the text colour blended towards the background, for source lines."""
        return blend(self.text, self.background, 0.4)


def blend(a: str, b: str, share: float) -> str:
    """Return colour a moved `share` of the way to colour b (both ``#rrggbb``)."""
    pa = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    pb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(pa, pb, strict=True))


def load_theme(path: Path = STREAMLIT_CONFIG) -> Theme:
    """Return the [theme] of a Streamlit config file; what it leaves out keeps the default."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("theme", {})
    except (OSError, tomllib.TOMLDecodeError):
        return Theme()
    family, stem = FAMILIES.get(str(table.get("font", "sans-serif")), FAMILIES["sans-serif"])
    base = Theme()
    return Theme(
        primary=str(table.get("primaryColor", base.primary)),
        background=str(table.get("backgroundColor", base.background)),
        panel=str(table.get("secondaryBackgroundColor", base.panel)),
        text=str(table.get("textColor", base.text)),
        font=family,
        regular_file=_FONT_DIR / f"{stem}.ttf",
        bold_file=_FONT_DIR / f"{stem}-Bold.ttf",
    )
