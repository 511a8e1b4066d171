"""A pitch as a PowerPoint deck for the prospect, the rep's checks in the speaker notes."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from pptx import Presentation
from pptx.chart.data import ChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Pt

from insights.content.citation import format_day
from insights.content.text import describe_character, find_unstorable_character
from insights.outputs import fit
from insights.outputs.theme import Theme, blend, load_theme
from insights.pitch.talk import (
    OUR_ANSWER,
    OWN_WORDS_LINE,
    Closing,
    Copy,
    Cover,
    FigureSlide,
    OwnAnswerPoint,
    PairPoint,
    Point,
    ScorecardSlide,
    Screen,
    Talk,
    make_figure_slides,
    make_scorecard_slides,
    write_notes,
)
from insights.view import counts, scorecard

# Shape names tests and readers of the XML can find: every point carries its source line.
TITLE = "Title"
KICKER = "Kicker"
SOURCE_LINE = "Source line"
OBJECTION = "Objection"
ANSWER = "Answer"
OBJECTION_SOURCE = "Source line: objection"
ANSWER_SOURCE = "Source line: answer"
SLIDE_NUMBER = "Slide number"
BODY = "Body"
FIGURE = "Figure"
FIGURE_SOURCE = "Source line: figure"
CHART = "Chart"
SUBTITLE = "Subtitle"
# Where a source line would stand under the seller's own answer: says whose words they are.
OWN_WORDS = "Own words"
SCORE_ROW = "Scorecard row"
SCORE_CELL = "Scorecard cell"

# 16:9 at 960 by 540 points; every box below is in points from the top left.
_W, _H = 960.0, 540.0
_M = 48.0
_BLANK = 6
_PLAIN = 5  # title only: its title placeholder is removed from the slide
# Sizes tried from the largest down until the text fits its box.
_SIZES = tuple(range(44, 11, -2))
_SPACING = 0.35  # of a line, between paragraphs


@dataclass(frozen=True)
class _Para:
    text: str
    size: float
    bold: bool = False
    color: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    width: float
    height: float


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


def _height(paras: Sequence[_Para], width: float, look: Theme) -> float:
    total = 0.0
    for i, p in enumerate(paras):
        face = look.bold_file if p.bold else look.regular_file
        total += fit.height_of(p.text, p.size, width, face)
        if i:
            total += p.size * fit.LINE_HEIGHT * _SPACING
    return total


def _fitted(paras: Sequence[_Para], box: _Box, look: Theme) -> list[_Para]:
    # Scale every paragraph together, so a box keeps its hierarchy while it shrinks.
    largest = max(p.size for p in paras)
    for size in _SIZES:
        if size > largest:
            continue
        scaled = [replace(p, size=p.size * size / largest) for p in paras]
        if _height(scaled, box.width, look) <= box.height:
            return scaled
    return [replace(p, size=p.size * _SIZES[-1] / largest) for p in paras]


def _text(
    slide: PptxSlide,
    name: str,
    box: _Box,
    paras: Sequence[_Para],
    look: Theme,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    align: PP_ALIGN = PP_ALIGN.LEFT,
) -> None:
    # Data goes in as plain runs: python-pptx escapes it, so nothing in it is ever markup.
    shape = slide.shapes.add_textbox(Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    for i, para in enumerate(_fitted(paras, box, look)):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        if i:
            p.space_before = Pt(round(para.size * fit.LINE_HEIGHT * _SPACING, 1))
        run = p.add_run()
        run.text = para.text
        font = run.font
        font.size = Pt(round(para.size, 1))
        font.name = look.font
        font.bold = para.bold
        font.color.rgb = _rgb(para.color or look.text)
        if para.link:
            run.hyperlink.address = para.link


def _rect(slide: PptxSlide, box: _Box, colour: str, name: str = "Panel") -> None:
    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)
    )
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False


def _decorate_layout(prs: PresentationType, look: Theme) -> None:
    # What every content slide shares is drawn once, on its layout: the background, an accent
    # bar and a rule above the footer (a shape per slide was a third of the export's time).
    layout = prs.slide_layouts[_BLANK]
    layout.background.fill.solid()
    layout.background.fill.fore_color.rgb = _rgb(look.background)
    tree = layout.shapes._spTree
    bars = (
        (_Box(0, 0, _W, 8), look.primary, "Accent"),
        (_Box(_M, _H - 58, _W - 2 * _M, 1), blend(look.text, look.background, 0.8), "Rule"),
    )
    for i, (box, colour, name) in enumerate(bars, start=100):
        sp = CT_Shape.new_autoshape_sp(
            i, name, "rect", Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)
        )
        tree.append(sp)
        shape = Shape(sp, layout.shapes)
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.fill.background()


def _slide(prs: PresentationType, look: Theme, background: str | None = None) -> PptxSlide:
    if background is None:
        return prs.slides.add_slide(prs.slide_layouts[_BLANK])
    # A slide of its own colour (the cover) takes a layout without the content slides' bars.
    slide = prs.slides.add_slide(prs.slide_layouts[_PLAIN])
    for placeholder in list(slide.placeholders):
        placeholder.element.getparent().remove(placeholder.element)
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(background)
    return slide


def _frame(slide: PptxSlide, look: Theme, kicker: str, number: int) -> None:
    # The design every content slide shares: the layout's bars, a kicker and the slide number.
    _text(
        slide,
        KICKER,
        _Box(_M, 30, _W - 2 * _M, 22),
        [_Para(kicker.upper(), 14, True, look.primary)],
        look,
    )
    _text(
        slide,
        SLIDE_NUMBER,
        _Box(_W - _M - 60, _H - 44, 60, 20),
        [_Para(str(number), 12, color=look.muted)],
        look,
        align=PP_ALIGN.RIGHT,
    )


def _add_cover(prs: PresentationType, talk: Talk, look: Theme) -> PptxSlide:
    slide = _slide(prs, look, look.primary)
    light = blend(look.primary, "#ffffff", 0.75)
    _text(
        slide,
        TITLE,
        _Box(_M + 24, 150, _W - 2 * _M - 48, 170),
        [_Para(talk.title, 44, True, "#ffffff")],
        look,
        anchor=MSO_ANCHOR.BOTTOM,
    )
    lines = [_Para(f"Prepared for {talk.prospect}", 24, color="#ffffff")] if talk.prospect else []
    if talk.closing.company:
        lines.append(_Para(f"By {talk.closing.company}", 20, color="#ffffff"))
    lines.append(_Para(format_day(talk.made_on), 18, color=light))
    _text(slide, BODY, _Box(_M + 24, 340, _W - 2 * _M - 48, 120), lines, look)
    _rect(slide, _Box(_M + 24, 330, 120, 3), "#ffffff", "Rule")
    if talk.closing.logo is not None:
        # The seller's logo, top left of the cover, its height fixed and its width as drawn.
        slide.shapes.add_picture(io.BytesIO(talk.closing.logo), Pt(_M + 24), Pt(40), height=Pt(60))
    return slide


def _add_point(prs: PresentationType, point: Point, number: int, look: Theme) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, f"{point.place_name} · {point.theme_label}", number)
    # The point itself is the slide's title: the one sentence the prospect should remember.
    box = _Box(_M, 80, _W - 2 * _M, 380)
    _text(slide, TITLE, box, [_Para(point.text, 40, True)], look, anchor=MSO_ANCHOR.MIDDLE)
    _source(slide, SOURCE_LINE, _Box(_M, _H - 44, _W - 2 * _M - 80, 20), point, look)
    return slide


def _source(slide: PptxSlide, name: str, box: _Box, point: Point, look: Theme) -> None:
    _text(slide, name, box, [_Para(point.source_line, 12, color=look.muted)], look)


def _add_pair(
    prs: PresentationType, pair: PairPoint | OwnAnswerPoint, number: int, look: Theme
) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, "Objection and answer", number)
    gap = 24.0
    width = (_W - 2 * _M - gap) / 2
    tint = blend(look.primary, look.background, 0.88)
    # The answer is a source's point (with its source line) or the seller's words (with none).
    answer: tuple[str, str, str, str, Point | None] = (
        (OUR_ANSWER, pair.answer, ANSWER, OWN_WORDS, None)
        if isinstance(pair, OwnAnswerPoint)
        else ("Answer", pair.response.text, ANSWER, ANSWER_SOURCE, pair.response)
    )
    sides = (
        ("Objection", pair.challenge.text, OBJECTION, OBJECTION_SOURCE, pair.challenge),
        answer,
    )
    for i, (label, text, name, source_name, point) in enumerate(sides):
        left = _M + i * (width + gap)
        _rect(slide, _Box(left, 70, width, 400), tint if i else look.panel)
        inner = _Box(left + 20, 88, width - 40, 330)
        paras = [_Para(label, 18, True, look.primary), _Para(text, 28)]
        _text(slide, name, inner, paras, look)
        below = _Box(left + 20, 436, width - 40, 28)
        if point is None:
            _text(slide, source_name, below, [_Para(OWN_WORDS_LINE, 12, color=look.muted)], look)
        else:
            _source(slide, source_name, below, point, look)
    return slide


def _add_figure_list(
    prs: PresentationType, screen: FigureSlide, number: int, look: Theme
) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, screen.title, number)
    # Up to four cards of one size, two a row; a single row sits in the middle of the slide.
    gap = 24.0
    rows = math.ceil(len(screen.figures) / 2)
    width = (_W - 2 * _M - gap) / 2
    height = (400 - gap) / 2
    start = 70 + (400 - rows * height - (rows - 1) * gap) / 2
    for i, figure in enumerate(screen.figures):
        left = _M + (i % 2) * (width + gap)
        top = start + (i // 2) * (height + gap)
        _rect(slide, _Box(left, top, width, height), look.panel)
        paras = [
            _Para(figure.shown, 40, True, look.primary),
            _Para(f"{figure.measure_label}, {figure.place_name}, {figure.when}", 20),
        ]
        _text(slide, FIGURE, _Box(left + 20, top + 16, width - 40, height - 68), paras, look)
        box = _Box(left + 20, top + height - 44, width - 40, 30)
        _text(slide, FIGURE_SOURCE, box, [_Para(figure.source_line, 12, color=look.muted)], look)
    return slide


def _label_size(labels: Sequence[str], slot: float, look: Theme) -> float:
    # A bar's number on one line within its bar's slot: the largest size at which all fit.
    sizes = (16, 14, 12, 11, 10, 9, 8)
    fitting = (
        s
        for s in sizes
        if all(len(fit.wrap(label, s, slot, look.bold_file)) == 1 for label in labels)
    )
    return next(fitting, sizes[-1])


def _add_chart(slide: PptxSlide, box: _Box, bars: counts.Bars, look: Theme) -> None:
    data = ChartData()
    data.categories = list(bars.labels)
    data.add_series(bars.title, list(bars.amounts))
    # python-pptx annotates add_chart as returning the chart; it returns its graphic frame.
    frame = cast(
        "GraphicFrame",
        slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            Pt(box.left),
            Pt(box.top),
            Pt(box.width),
            Pt(box.height),
            data,
        ),
    )
    frame.name = CHART
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.name = look.font
    chart.font.size = Pt(14)
    chart.font.color.rgb = _rgb(look.text)
    plot = chart.plots[0]
    plot.gap_width = 80
    plot.vary_by_categories = False
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(look.primary)
    # Each bar carries the number as the source states it (qualifier, currency, scale).
    size = _label_size(bars.shown, 0.9 * box.width / max(len(bars.shown), 1), look)
    for i, shown in enumerate(bars.shown):
        label = series.points[i].data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.text_frame.text = shown
        # A number is never broken across lines (LibreOffice wraps a label to its bar's width).
        label.text_frame.word_wrap = False
        run = label.text_frame.paragraphs[0].runs[0]
        run.font.size = Pt(size)
        run.font.bold = True
        run.font.name = look.font
        run.font.color.rgb = _rgb(look.text)
    values = chart.value_axis
    values.minimum_scale = 0
    # Headroom above the tallest bar for its label.
    values.maximum_scale = max(bars.amounts) * 1.25 if max(bars.amounts) > 0 else 1
    values.has_major_gridlines = False
    values.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    values.format.line.fill.background()
    values.visible = False
    categories = chart.category_axis
    categories.tick_labels.font.size = Pt(14)
    categories.tick_labels.font.name = look.font
    categories.format.line.color.rgb = _rgb(blend(look.text, look.background, 0.7))
    categories.has_major_gridlines = False


def _add_figure_chart(
    prs: PresentationType, screen: FigureSlide, number: int, look: Theme
) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, "Figures", number)
    bars = counts.make_figure_bars(screen.figures)
    heading = [_Para(bars.title, 30, True)]
    _text(slide, TITLE, _Box(_M, 62, _W - 2 * _M, 44), heading, look)
    if bars.shared:
        shared = [_Para(bars.shared, 18, color=look.muted)]
        _text(slide, SUBTITLE, _Box(_M, 108, _W - 2 * _M, 26), shared, look)
    _add_chart(slide, _Box(_M, 138, _W - 2 * _M, 290), bars, look)
    lines = [_Para(line, 12, color=look.muted) for line in bars.sources]
    _text(slide, FIGURE_SOURCE, _Box(_M, 432, _W - 2 * _M, 44), lines, look, MSO_ANCHOR.BOTTOM)
    return slide


def _add_figures(prs: PresentationType, screen: FigureSlide, number: int, look: Theme) -> PptxSlide:
    if screen.chart:
        return _add_figure_chart(prs, screen, number, look)
    return _add_figure_list(prs, screen, number, look)


def _score_paras(entries: Sequence[scorecard.Entry], look: Theme, claims: int) -> list[_Para]:
    lines, sources = scorecard.compact_cell(entries, claims)
    paras = [_Para(line, 16) for line in lines]
    return paras + ([_Para(sources, 11, color=look.muted)] if sources else [])


def _add_scorecard(
    prs: PresentationType, screen: ScorecardSlide, number: int, look: Theme
) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, screen.title, number)
    gap, label_width, top, bottom = 12.0, 170.0, 62.0, _H - 64
    cell = (_W - 2 * _M - label_width - 2 * gap) / 2
    lefts = (_M + label_width + gap, _M + label_width + 2 * gap + cell)
    for left, side in zip(lefts, (screen.card.left, screen.card.right), strict=True):
        _text(slide, SUBTITLE, _Box(left, top, cell, 24), [_Para(side, 16, True)], look)
    top += 30
    height = (bottom - top - gap * (len(screen.lines) - 1)) / len(screen.lines)
    for n, line in enumerate(screen.lines):
        row_top = top + n * (height + gap)
        _rect(slide, _Box(_M, row_top, _W - 2 * _M, height), look.panel)
        label = [_Para(line.spec.group, 12, True, look.primary), _Para(line.spec.label, 16, True)]
        _text(
            slide, SCORE_ROW, _Box(_M + 10, row_top + 8, label_width - 16, height - 16), label, look
        )
        cells = (
            ((lefts[0], 2 * cell + gap, line.left),)
            if line.spec.shared
            else ((lefts[0], cell, line.left), (lefts[1], cell, line.right))
        )
        for left, width, entries in cells:
            box = _Box(left, row_top + 8, width - 8, height - 16)
            paras = _score_paras(entries, look, line.spec.slide_claims)
            _text(slide, SCORE_CELL, box, paras, look)
    return slide


def _add_sources(prs: PresentationType, talk: Talk, number: int, look: Theme) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, "Sources", number)
    paras = []
    for src in talk.sources:
        paras += [
            _Para(src.title, 24, True),
            _Para(f"{src.name}, {format_day(src.published)} · {src.kind}", 18, color=look.muted),
            _Para(src.url, 16, color=look.primary, link=src.url),
        ]
    _text(slide, BODY, _Box(_M, 80, _W - 2 * _M, 380), paras, look)
    return slide


def _add_closing(prs: PresentationType, closing: Closing, number: int, look: Theme) -> PptxSlide:
    slide = _slide(prs, look)
    _frame(slide, look, "Next step", number)
    paras = [_Para(closing.company, 22, True, look.primary)] if closing.company else []
    paras.append(_Para(closing.prompt, 30, True))
    for link in closing.links:
        paras += [
            _Para(link.label, 22, True, look.primary),
            _Para(link.target, 14, link=link.target),
        ]
    paras += [_Para(line, 16, color=look.muted) for line in closing.contact]
    _text(slide, BODY, _Box(_M, 80, _W - 2 * _M, 380), paras, look)
    return slide


def build_deck(talk: Talk, look: Theme | None = None, copy: Copy = Copy.REP) -> bytes:
    """Return the talk as a .pptx: cover, points, pairs, figures, sources, the seller's close.

    The rep's copy has speaker notes on every slide; the prospect's has none.
    """
    theme = look or load_theme()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(_W), Pt(_H)
    props = prs.core_properties
    props.title = talk.title
    props.subject = f"Prepared for {talk.prospect}" if talk.prospect else ""
    props.author = props.last_modified_by = "Region insights"
    props.comments = "Every talking point names its source."
    props.created = props.modified = dt.datetime.combine(talk.made_on, dt.time())
    _decorate_layout(prs, theme)
    screens: list[tuple[PptxSlide, Screen | None]] = []
    cover = Cover(talk.title, talk.prospect, talk.made_on, len(talk.points))
    screens.append((_add_cover(prs, talk, theme), cover))
    for n, item in enumerate(talk.items, start=2):
        if isinstance(item, PairPoint | OwnAnswerPoint):
            screens.append((_add_pair(prs, item, n, theme), item))
        else:
            screens.append((_add_point(prs, item, n, theme), item))
    for part in make_scorecard_slides(talk.scorecard):
        screens.append((_add_scorecard(prs, part, len(screens) + 1, theme), part))
    for figures in make_figure_slides(talk.figures):
        screens.append((_add_figures(prs, figures, len(screens) + 1, theme), figures))
    if talk.points:
        screens.append((_add_sources(prs, talk, len(screens) + 1, theme), None))
    closing = talk.closing
    screens.append((_add_closing(prs, closing, len(screens) + 1, theme), closing))
    if copy is Copy.PROSPECT:
        return _save(prs)
    for slide, screen in screens:
        notes = slide.notes_slide.notes_text_frame
        if notes is not None:  # the default template's notes master always has a body
            notes.text = write_notes(screen, talk)
    return _save(prs)


def _save(prs: PresentationType) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def find_unexportable(talk: Talk) -> str | None:
    """Say which part of the talk holds a character a PPTX file cannot hold, if any does."""
    # Pack text is checked when it is validated; what a rep types or a link carries is not.
    parts = [("title", talk.title), ("prospect's name", talk.prospect)]
    parts += [(f"point {p.id}", p.text) for p in talk.points]
    parts += [
        (f"our answer to {i.challenge.id}", i.answer)
        for i in talk.items
        if isinstance(i, OwnAnswerPoint)
    ]
    for part, text in parts:
        found = find_unstorable_character(text)
        if found is not None:
            return (
                f"The {part} holds {describe_character(found[1])} at character {found[0] + 1}, "
                "which a PPTX file cannot hold: remove it to download the deck."
            )
    return None


def build_copy(talk: Talk, copy: Copy) -> bytes:
    """Return the rep's or the prospect's deck (a plain function: a worker process can run it)."""
    return build_deck(talk, copy=copy)
