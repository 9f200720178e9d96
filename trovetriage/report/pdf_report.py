"""PDF triage report: the same document as the HTML report, paginated, with a banner on every page.

Why fpdf2: it is pure Python and embeds its fonts, so the PDF looks the same wherever it is made,
on Windows and macOS too, with no Cairo, Pango or browser to install. uharfbuzz (a self-contained
wheel) shapes the text, so Arabic letters join and right-to-left runs read in the right order.

Fonts come from resources/fonts (DejaVu Sans for Latin, Cyrillic, Greek and Arabic; NanumSquare for
Korean). A character none of them has is printed as "□" rather than silently dropped, so a reader
can see that something is there.

Every page carries the classification banner at the top and bottom, the case id and "page x of y".
Long sections continue across pages; table headings repeat on each page; a sensitive item and its
findings are kept on one page when they fit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import regex
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace

from trovetriage.core.resources import resource_path
from trovetriage.core.store import Store
from trovetriage.report.document import (
    DEFAULT_BANNER,
    LEVEL_COLOURS,
    LEVEL_KEYS,
    Block,
    Bullets,
    Document,
    Group,
    LevelBars,
    Paragraph,
    Subheading,
    Table,
    build_document,
    level_name,
)
from trovetriage.report.output_file import replacing
from trovetriage.report.summary import SummaryScope, case_summary

#: Family name -> (regular file, bold file). The first family is the body text; the others are fallbacks.
FONTS = {
    "dejavu": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "nanum": ("NanumSquareR.ttf", "NanumSquareB.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono.ttf"),
}
BODY, MONO = "dejavu", "mono"
MISSING_GLYPH = "\u25a1"  # □, in DejaVu Sans
MAX_CELL_CHARS = 600  # a stolen title or path can be megabytes; a cell shows its start and says it was cut
MARGIN = 15.0
BAR_LABEL_WIDTH = 60.0
BAR_COUNT_WIDTH = 18.0
BAR_HEIGHT = 5.0
SECTION_MIN_SPACE = 45.0  # a section starts on a new page when less than this is left (mm)
KEEP_TOGETHER_LIMIT = 0.8  # groups taller than this share of a page are allowed to break
#: Text that needs shaping: right-to-left scripts, combining marks, Hangul jamo. Shaping everything
#: makes a report about 40 % slower, so it is switched on only around the text that needs it.
NEEDS_SHAPING = regex.compile(r"[\p{Bidi_Class=R}\p{Bidi_Class=AL}\p{Mn}\p{Me}\u1100-\u11ff]")


@cache
def _covered() -> frozenset[int]:
    """Every code point one of the bundled fonts can draw."""
    points: set[int] = set()
    for regular, _ in FONTS.values():
        font = TTFont(resource_path("fonts", regular), lazy=True)
        points.update(font.getBestCmap())
        font.close()
    return frozenset(points)


def printable(value: Any, limit: int = MAX_CELL_CHARS) -> str:
    """Text safe to draw: control characters removed, unknown glyphs shown as □, very long text cut."""
    raw = "" if value is None else str(value)
    if len(raw) > limit:
        raw = raw[:limit] + " […]"
    covered = _covered()
    out = []
    for char in raw:
        if char in "\n\t":
            out.append(" " if char == "\t" else char)
        elif unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            continue
        elif unicodedata.category(char) == "Cf" or ord(char) in covered:
            out.append(char)  # format characters (bidi marks, joiners) are used by shaping, not drawn
        else:
            out.append(MISSING_GLYPH)
    return "".join(out)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class ReportPdf(FPDF):
    """An A4 page with the banner and title above and the banner, case id and page number below."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        for family, (regular, bold) in FONTS.items():
            self.add_font(family, "", str(resource_path("fonts", regular)))
            self.add_font(family, "B", str(resource_path("fonts", bold)))
        self.set_fallback_fonts(["dejavu", "nanum"], exact_match=False)
        self.set_margins(MARGIN, MARGIN + 4, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)
        self.alias_nb_pages()
        self.set_title(printable(document.title))
        self.set_subject(printable(document.banner))
        self.set_author("TroveTriage")
        self.set_creator(printable(document.byline))
        self.set_creation_date(_parse_date(document.export_date))

    @contextmanager
    def shaping_for(self, texts: Iterable[Any]) -> Iterator[None]:
        """Shape text (join Arabic letters, order right-to-left runs) while drawing `texts`, if they need it."""
        before = self.text_shaping
        needed = any(NEEDS_SHAPING.search(str(text)) for text in texts if text)
        self.set_text_shaping(use_shaping_engine=needed)
        try:
            yield
        finally:
            self.text_shaping = before

    def header(self) -> None:
        with self.shaping_for([self.document.banner, self.document.title]):
            self._header()

    def _header(self) -> None:
        self.set_y(6)
        self.set_font(BODY, "B", 8)
        self.cell(0, 4, printable(self.document.banner), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(BODY, "", 7)
        self.set_text_color(90)
        self.cell(0, 4, printable(self.document.title, 120), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_y(MARGIN + 4)

    def footer(self) -> None:
        with self.shaping_for([self.document.banner]):
            self._footer()

    def _footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(BODY, "", 7)
        self.set_text_color(90)
        width = (self.w - 2 * MARGIN) / 3
        self.cell(width, 4, printable(f"Case {self.document.case_id}", 80), align=Align.L)
        self.set_font(BODY, "B", 8)
        self.set_text_color(0)
        self.cell(width, 4, printable(self.document.banner), align=Align.C)
        self.set_font(BODY, "", 7)
        self.set_text_color(90)
        self.cell(width, 4, f"Page {self.page_no()} of {{nb}}", align=Align.R)
        self.set_text_color(0)


def _parse_date(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = ReportPdf(document)
    pdf.add_page()
    pdf.set_font(BODY, "B", 18)
    with pdf.shaping_for([document.title]):
        pdf.multi_cell(0, 9, printable(document.title), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(BODY, "", 9)
    pdf.set_text_color(70)
    pdf.multi_cell(0, 5, printable(document.byline), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 5, f"Exported: {printable(document.export_date)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(2)
    pdf.set_font(BODY, "B", 11)
    pdf.cell(0, 6, "Contents", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(BODY, "", 9)
    for number, section in enumerate(document.sections, start=1):
        pdf.cell(0, 5, f"{number}. {section.heading}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in document.sections:
        if pdf.will_page_break(SECTION_MIN_SPACE):
            pdf.add_page()
        else:
            pdf.ln(5)
        pdf.start_section(section.heading)  # a PDF bookmark for the reader's outline
        pdf.set_font(BODY, "B", 14)
        pdf.cell(0, 8, section.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
        _blocks(pdf, section.blocks)
    return bytes(pdf.output())


def _blocks(pdf: ReportPdf, blocks: Iterable[Block]) -> None:
    for block in blocks:
        _block(pdf, block)


def _texts(block: Block) -> Iterator[Any]:
    """Every string a block draws (to decide whether it needs shaping)."""
    if isinstance(block, Paragraph | Subheading):
        yield block.text
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Table):
        for row in block.rows:
            yield from row
    elif isinstance(block, LevelBars):
        yield from (label for label, _, _ in block.rows)
    elif isinstance(block, Group):
        for part in block.blocks:
            yield from _texts(part)


def _block(pdf: ReportPdf, block: Block) -> None:
    if isinstance(block, Group):
        _group(pdf, block)
        return
    with pdf.shaping_for(_texts(block)):
        _draw(pdf, block)


def _draw(pdf: ReportPdf, block: Block) -> None:
    if isinstance(block, Paragraph):
        pdf.set_font(BODY, "", 9)
        pdf.multi_cell(0, 4.6, printable(block.text, 4000), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    elif isinstance(block, Subheading):
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.set_font(BODY, "B", 12 if block.level <= 3 else 10)
        pdf.multi_cell(0, 6, printable(block.text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.5)
    elif isinstance(block, Bullets):
        pdf.set_font(BODY, "", 9)
        for number, item in enumerate(block.items, start=1):
            mark = f"{number}." if block.ordered else "•"
            pdf.cell(7, 4.6, mark)
            pdf.multi_cell(0, 4.6, printable(item), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, LevelBars):
        _level_bars(pdf, block)
    else:
        raise TypeError(f"no PDF for {type(block).__name__}")


def _table(pdf: ReportPdf, table: Table) -> None:
    pdf.set_font(BODY, "", 7.5)
    aligns = tuple(Align.R if c.numeric else Align.L for c in table.columns)
    share = min(1.0, max(0.5, 0.25 * len(table.columns)))  # a two-column table takes half the width
    with pdf.table(col_widths=tuple(c.width for c in table.columns), text_align=aligns, line_height=3.8,
                   width=(pdf.w - 2 * MARGIN) * share,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
                   cell_fill_mode=TableCellFillMode.NONE, padding=(0.8, 1.2), align=Align.L,
                   first_row_as_headings=True, repeat_headings=1) as grid:
        heading = grid.row()
        for column in table.columns:
            heading.cell(printable(column.title))
        mono = FontFace(family=MONO, size_pt=7)
        for values in table.rows:
            row = grid.row()
            for value, column in zip(values, table.columns, strict=True):
                row.cell(printable(value), style=mono if column.excerpt else None)
        if table.total is not None:
            bold = FontFace(emphasis="BOLD", fill_color=(245, 245, 245))
            row = grid.row()
            for value in table.total:
                row.cell(printable(value), style=bold)
    pdf.ln(2)


def _level_bars(pdf: ReportPdf, bars: LevelBars) -> None:
    pdf.set_font(BODY, "", 7.5)
    for key in LEVEL_KEYS:  # the legend
        pdf.set_fill_color(*_rgb(LEVEL_COLOURS[key]))
        pdf.rect(pdf.get_x(), pdf.get_y() + 0.8, 3, 3, style="DF")
        pdf.set_x(pdf.get_x() + 4)
        pdf.cell(pdf.get_string_width(level_name(key)) + 4, 4.6, level_name(key))
    pdf.ln(7)
    largest = max((total for _, _, total in bars.rows), default=0) or 1
    bar_space = pdf.w - 2 * MARGIN - BAR_LABEL_WIDTH - BAR_COUNT_WIDTH
    for label, by_level, total in bars.rows:
        if pdf.will_page_break(BAR_HEIGHT + 1.5):
            pdf.add_page()
        top = pdf.get_y()
        pdf.cell(BAR_LABEL_WIDTH, BAR_HEIGHT, printable(label, 48))
        x = pdf.l_margin + BAR_LABEL_WIDTH
        for key in LEVEL_KEYS:
            width = bar_space * by_level.get(key, 0) / largest
            if width > 0:
                pdf.set_fill_color(*_rgb(LEVEL_COLOURS[key]))
                pdf.rect(x, top + 0.5, width, BAR_HEIGHT - 1, style="DF")
                x += width
        pdf.set_xy(pdf.l_margin + BAR_LABEL_WIDTH + bar_space, top)
        pdf.cell(BAR_COUNT_WIDTH, BAR_HEIGHT, str(total), align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(top + BAR_HEIGHT + 1.5)
    pdf.ln(2)


def _group(pdf: ReportPdf, group: Group) -> None:
    """Start the group on a new page when its estimated height does not fit in what is left of this one.

    An estimate, not a trial rendering: fpdf2's trial rendering deep-copies the whole document each
    time, which made a 50-item report take a minute.
    """
    page_height = pdf.h - pdf.t_margin - pdf.b_margin
    estimate = _estimated_height(pdf, group)
    if estimate < page_height * KEEP_TOGETHER_LIMIT and pdf.will_page_break(estimate):
        pdf.add_page()
    _blocks(pdf, group.blocks)


def _estimated_height(pdf: ReportPdf, group: Group) -> float:
    """Table rows of the group times their likely number of wrapped lines, in mm."""
    height = 0.0
    usable = pdf.w - 2 * MARGIN
    for block in group.blocks:
        if not isinstance(block, Table):
            height += 8.0
            continue
        total_width = sum(c.width for c in block.columns)
        for values in (tuple(c.title for c in block.columns), *block.rows):
            lines = max(1.0, *(len(printable(v)) * 1.5 / max(usable * c.width / total_width, 1.0)
                               for v, c in zip(values, block.columns, strict=True)))
            height += 3.8 * int(lines + 0.999) + 1.6
        height += 2.0
    return height


def export_pdf(store: Store, output: Path, scope: SummaryScope | None = None, banner: str = DEFAULT_BANNER) -> int:
    """Write the report atomically (temp file then rename); returns the number of items it covers."""
    summary = case_summary(store, scope)
    data = render_pdf(build_document(summary, banner))
    with replacing(output) as temp:
        temp.write_bytes(data)
    return int(summary["totals"]["items"])
