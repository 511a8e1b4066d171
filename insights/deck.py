"""A pitch as a PowerPoint deck: a citation on every content slide, an editable chart."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from insights.charts import STANCE_COLORS
from insights.citation import format_day
from insights.model import STANCES
from insights.talk import PairPoint, Point, Talk, count_themes
from insights.text import describe_character, find_unstorable_character

# Shape names tests and readers of the XML can find; every content slide carries one citation.
# A stale claim's citation opens with the verify mark, a paragraph of its own in warning red.
CITATION = "Citation footer"
OBJECTION_CITATION = "Citation: objection"
ANSWER_CITATION = "Citation: answer"
VERIFY_TEXT = "VERIFY BEFORE PRESENTING"

_LAYOUT_TITLE, _LAYOUT_TITLE_ONLY = 0, 5
_WIDTH, _HEIGHT = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.6)
_FULL_WIDTH = (_MARGIN, _WIDTH - 2 * _MARGIN)
_MUTED = RGBColor(0x5A, 0x66, 0x60)
_WARN = RGBColor(0xB0, 0x3A, 0x2E)
# Longer claims get smaller type so they stay inside the slide in any viewer.
_BODY_SIZES = ((90, 40), (160, 34), (260, 28), (450, 22))


def _body_size(text: str) -> Pt:
    return Pt(next((size for limit, size in _BODY_SIZES if len(text) <= limit), 18))


@dataclass(frozen=True)
class _Line:
    text: str
    size: Pt
    # None keeps the theme's text colour: a colour set run by run is the dearest property.
    color: RGBColor | None = None
    bold: bool = False


def _write(frame: TextFrame, lines: Sequence[_Line], spaced: bool = True) -> None:
    # Data goes in as plain runs: python-pptx escapes it, so nothing in it is ever markup.
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if spaced and i < len(lines) - 1:
            # Spacing only between lines: a one-line frame (most of them) needs none.
            para.space_after = Pt(6)
        run = para.add_run()
        run.text = line.text
        run.font.size = line.size
        # Only what differs from the theme is written, so plain runs stay cheap.
        if line.bold:
            run.font.bold = True
        if line.color is not None:
            run.font.color.rgb = line.color


def _box(
    slide: PptxSlide,
    name: str,
    box: tuple[Emu, Emu, Emu, Emu],
    lines: Sequence[_Line],
    spaced: bool = True,
) -> TextFrame:
    shape = slide.shapes.add_textbox(*box)
    shape.name = name
    _write(shape.text_frame, lines, spaced)
    return shape.text_frame


def _across(top: float, height: float) -> tuple[Emu, Emu, Emu, Emu]:
    return (_FULL_WIDTH[0], Inches(top), _FULL_WIDTH[1], Inches(height))


def _place_titles(prs: PresentationType) -> None:
    # Placed once on the layout, every slide's title inherits the place: no per-slide geometry.
    head = prs.slide_layouts[_LAYOUT_TITLE_ONLY].placeholders[0]
    head.left, head.top, head.width, head.height = _across(0.35, 0.9)


def _titled(prs: PresentationType, title: str) -> PptxSlide:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    # Titles keep the theme's colour: muted grey set run by run cost more than it showed.
    _write(slide.shapes.title.text_frame, [_Line(title, Pt(26), bold=True)])
    return slide


def _footer(slide: PptxSlide, text: str) -> None:
    _box(slide, CITATION, _across(6.45, 0.75), [_Line(text, Pt(13), _MUTED)])


def _cite(slide: PptxSlide, name: str, box: tuple[Emu, Emu, Emu, Emu], point: Point) -> None:
    # Source, paragraph, date, age and the source's kind on the slide itself; the kind names
    # the bias and the Sources slide says why. A stale claim's verify mark sits on top.
    line = f"Source: {point.citation} · {point.age} · bias: {point.source.kind} (see Sources)"
    lines = [_Line(line, Pt(13), _MUTED)]
    if point.stale:
        lines.insert(0, _Line(VERIFY_TEXT, Pt(16), _WARN, bold=True))
    # Anchored at the bottom, the citation stays put and the mark, when there is one, grows up.
    _box(slide, name, box, lines, spaced=False).vertical_anchor = MSO_ANCHOR.BOTTOM


def _notes(slide: PptxSlide, talk: Talk) -> None:
    # One set of speaker notes, where the presenter starts: what to check and whom to trust how
    # far. Each point's slide already shows its source, age and bias kind.
    check = (
        f"{talk.stale_count} of {len(talk.points)} points are {talk.stale_after} or more years "
        "old: verify them before presenting."
        if talk.stale_count
        else f"No point is {talk.stale_after} or more years old; each slide still gives its age."
    )
    lines = [check, *(f"{s.name}, {s.title}: {s.url}. Bias: {s.bias}" for s in talk.sources)]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _add_title_slide(prs: PresentationType, talk: Talk) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE])
    head, sub = slide.placeholders[0], slide.placeholders[1]
    head.left, head.top, head.width, head.height = _across(2.0, 1.6)
    sub.left, sub.top, sub.width, sub.height = _across(3.8, 1.6)
    _write(head.text_frame, [_Line(talk.title, Pt(44), bold=True)])
    lines = [f"Prepared for {talk.prospect}"] if talk.prospect else []
    lines.append(f"Made on {format_day(talk.made_on)}")
    _write(sub.text_frame, [_Line(line, Pt(22), _MUTED) for line in lines])
    if talk.points:
        _notes(slide, talk)


def _add_point_slide(prs: PresentationType, point: Point) -> None:
    slide = _titled(prs, f"{point.theme_label.capitalize()} · {point.place_name}")
    _box(slide, "Talking point", _across(1.5, 4.2), [_Line(point.text, _body_size(point.text))])
    _cite(slide, CITATION, _across(5.8, 1.4), point)


def _add_pair_slide(prs: PresentationType, pair: PairPoint) -> None:
    slide = _titled(prs, "Objection and answer")
    gap = Inches(0.4)
    width = (_FULL_WIDTH[1] - gap) // 2
    size = _body_size(max(pair.challenge.text, pair.response.text, key=len))
    sides = (
        ("Objection", pair.challenge, OBJECTION_CITATION),
        ("What the source answers", pair.response, ANSWER_CITATION),
    )
    for i, (label, point, cite_name) in enumerate(sides):
        left = _FULL_WIDTH[0] + i * (width + gap)
        column = (left, Inches(1.4), width, Inches(4.0))
        _box(
            slide, label, column, [_Line(label, Pt(18), _MUTED, bold=True), _Line(point.text, size)]
        )
        _cite(slide, cite_name, (left, Inches(5.5), width, Inches(1.7)), point)


def _add_chart_slide(prs: PresentationType, talk: Talk) -> None:
    slide = _titled(prs, "The talking points by theme")
    counts = count_themes(talk.points)
    data = CategoryChartData(number_format="0")
    data.categories = [label.capitalize() for label in counts]
    for label in STANCES.values():
        data.add_series(label.capitalize(), [by[label] for by in counts.values()])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *_across(1.4, 4.9), data).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    # Bar charts draw the first category at the bottom; reversed, they read top-down.
    chart.category_axis.reverse_order = True
    chart.value_axis.major_unit = 1
    chart.value_axis.has_major_gridlines = False
    chart.font.size = Pt(14)
    for series, stance in zip(chart.series, STANCES, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(STANCE_COLORS[stance][1:])
    names = "; ".join(f"{s.name}, {format_day(s.published)}" for s in talk.sources)
    _footer(
        slide,
        f"Counts of the {len(talk.points)} claims in this pitch. Source: {names}; "
        "each claim's paragraph is cited on its own slide.",
    )


def _add_sources_slide(prs: PresentationType, talk: Talk) -> None:
    slide = _titled(prs, "Sources")
    lines = []
    for src in talk.sources:
        lines += [
            _Line(src.title, Pt(20), bold=True),
            _Line(f"{src.name}, {format_day(src.published)} · {src.kind}", Pt(16)),
            _Line(src.url, Pt(14), _MUTED),
            _Line(f"Bias: {src.bias}", Pt(14), _MUTED),
        ]
    note = (
        f"Ages are counted to {format_day(talk.made_on)}; points older than "
        f"{talk.stale_after} years are marked “verify before presenting”."
    )
    _box(slide, "Sources", _across(1.4, 5.6), [*lines, _Line(note, Pt(14), _MUTED)])


def _add_call_slide(prs: PresentationType, talk: Talk) -> None:
    slide = _titled(prs, "Next step")
    lines, cited = [], []
    for cta in talk.calls:
        lines.append(_Line(cta.prompt, Pt(28)))
        for action in cta.actions:
            lines += [
                _Line(action.label, Pt(20), bold=True),
                _Line(str(action.target), Pt(14), _MUTED),
            ]
        paragraphs = sorted({cta.paragraph, *(a.paragraph for a in cta.actions)})
        cited.append(", ".join(f"¶{n}" for n in paragraphs))
    _box(slide, "Call to action", _across(1.5, 4.8), lines)
    _footer(slide, f"The source's own call to action ({'; '.join(cited)}).")


def build_deck(talk: Talk) -> bytes:
    """Return the talk as a .pptx file: title, points, chart, sources, call to action."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = _WIDTH, _HEIGHT
    props = prs.core_properties
    props.title = talk.title
    props.subject = f"Prepared for {talk.prospect}" if talk.prospect else ""
    props.author = props.last_modified_by = "Region insights"
    props.comments = "Every talking point cites its source; see the sources slide."
    props.created = props.modified = dt.datetime.combine(talk.made_on, dt.time())
    _place_titles(prs)
    _add_title_slide(prs, talk)
    for item in talk.items:
        if isinstance(item, PairPoint):
            _add_pair_slide(prs, item)
        else:
            _add_point_slide(prs, item)
    if talk.points:
        _add_chart_slide(prs, talk)
        _add_sources_slide(prs, talk)
    if talk.calls:
        _add_call_slide(prs, talk)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def find_unexportable(talk: Talk) -> str | None:
    """Say which part of the talk holds a character a PPTX file cannot hold, if any does."""
    # Pack text is checked when it is validated; what a rep types or a link carries is not.
    parts = [("title", talk.title), ("prospect's name", talk.prospect)]
    parts += [(f"point {p.id}", p.text) for p in talk.points]
    for part, text in parts:
        found = find_unstorable_character(text)
        if found is not None:
            return (
                f"The {part} holds {describe_character(found[1])} at character {found[0] + 1}, "
                "which a PPTX file cannot hold: remove it to download the deck."
            )
    return None
