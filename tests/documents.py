"""Read PDFs and decks back as a person sees them, through poppler and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from tests.conftest import skip_or_fail

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


@dataclass(frozen=True)
class Word:
    """One word pdftotext found, with its box in points from the page's top left."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


def need(tool: str, package: str) -> str:
    """Return the path of a Debian tool, or skip (fail under CI) naming its package."""
    path = shutil.which(tool)
    if path is None:
        skip_or_fail(f"no {tool} (apt-get install {package})")
    return str(path)


def pdf_text(pdf: Path) -> list[str]:
    """Return the text of each page of a PDF, as pdftotext reads it."""
    tool = need("pdftotext", "poppler-utils")
    out = subprocess.run(
        [tool, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def pdf_image_pages(pdf: Path) -> list[int]:
    """Return the page number of every image a PDF draws, as pdfimages lists them."""
    tool = need("pdfimages", "poppler-utils")
    out = subprocess.run(
        [tool, "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    # Two header lines, then one line per image: its page number first.
    return [int(line.split()[0]) for line in out.splitlines()[2:] if line.strip()]


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Return every word of each page of a PDF with its box."""
    tool = need("pdftotext", "poppler-utils")
    out = subprocess.run(
        [tool, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [
            Word(unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
            for m in _WORD.findall(page)
        ]
        for page in _PAGE.findall(out)
    ]


def render_to_pdf(document: Path, work: Path) -> Path:
    """Convert a deck to PDF with LibreOffice headless, in a profile of its own."""
    tool = need("soffice", "libreoffice-impress")
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [
            tool,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return work / f"{document.stem}.pdf"


def read_any(path: Path) -> str:
    """Return everything a file says, whatever its format: a deck's texts, links and notes too."""
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        return " ".join(" ".join(pdf_text(path)).split())
    if data.startswith(b"PK"):
        from pptx import Presentation

        found = []
        for slide in Presentation(str(path)).slides:
            for shape in slide.shapes:
                if not shape.has_text_frame:
                    continue
                found.append(shape.text_frame.text)
                found += [
                    r.hyperlink.address
                    for p in shape.text_frame.paragraphs
                    for r in p.runs
                    if r.hyperlink.address
                ]
            if slide.has_notes_slide:
                found.append(slide.notes_slide.notes_text_frame.text)
        return "\n".join(found)
    return data.decode("utf-8")


# A PDF link annotation's target: /URI (…), in the file or in a compressed object stream.
_URI = re.compile(rb"/URI\s*\(((?:\\.|[^\\)])*)\)")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_links(pdf: Path) -> list[str]:
    """Return the targets of a PDF's link annotations, as a reader's click would follow them."""
    import zlib

    data = pdf.read_bytes()
    chunks = [data]
    for raw in _STREAM.findall(data):
        try:
            chunks.append(zlib.decompress(raw))
        except zlib.error:
            continue  # an image or font stream: no annotations in it
    return [
        re.sub(rb"\\(.)", rb"\1", found).decode("latin-1")
        for chunk in chunks
        for found in _URI.findall(chunk)
    ]


def links_in(path: Path) -> list[str]:
    """Return every link a file holds: a PDF's annotations, a deck's hyperlinks, a page's hrefs."""
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        return pdf_links(path)
    if data.startswith(b"PK"):
        from pptx import Presentation

        return [
            r.hyperlink.address
            for slide in Presentation(str(path)).slides
            for shape in slide.shapes
            if shape.has_text_frame
            for p in shape.text_frame.paragraphs
            for r in p.runs
            if r.hyperlink.address
        ]
    from markdown_it import MarkdownIt

    # As a mail reader shows it: GitHub-style autolinks too.
    html = MarkdownIt("gfm-like").render(data.decode("utf-8"))
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]
