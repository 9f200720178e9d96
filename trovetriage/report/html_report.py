"""HTML triage report: the case summary (or a victim's notification packet) as one self-contained page.

Why the choices:
- Self-contained and inert: the file is mailed to victims and opened offline, possibly on a machine
  the attacker still controls. It references nothing outside itself (no link, script, image, font or
  `@import`; anchors only to ids inside the page) and a Content-Security-Policy forbids any fetch, so
  opening it leaks nothing and needs no network.
- Hostile strings: titles, paths, names and excerpts come from stolen data. Every one is escaped
  with `html.escape` and sits in an element with `dir="auto"`, so Arabic or Hebrew text reads
  right-to-left without reordering the table around it.
- Drawn only from the document model (`report.document`, built from `case_summary`), so the HTML
  says what the JSON summary and the PDF say, holds only masked excerpts (never a secret unless the
  export asked to reveal them), and the same summary always gives the same bytes.
- Printable: light colours, no dark backgrounds, each section on a new page when printed.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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

BAR_WIDTH = 360
LONG_CELL = 32  # characters
BAR_HEIGHT = 16

STYLE = """
body { font-family: system-ui, sans-serif; color: #111; background: #fff; margin: 2em; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #999; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: .2em .5em; text-align: start; vertical-align: top; }
td.long { overflow-wrap: anywhere; min-width: 12em; }
th { background: #f0f0f0; } td.n { text-align: end; font-variant-numeric: tabular-nums; }
.meta { color: #444; }
.banner { text-align: center; font-weight: bold; letter-spacing: .05em; border: 1px solid #888; padding: .2em; }
tr.total th, tr.total td { background: #f0f0f0; font-weight: bold; }
.excerpt { font-family: monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #888; vertical-align: middle; }
nav ul { columns: 2; }
svg rect { stroke: #666; stroke-width: .5; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { margin: 0; font-size: 10pt; }
  nav { display: none; }
  section { break-before: page; }
  tr, .item { break-inside: avoid; }
}
"""


def esc(value: Any) -> str:
    """Escaped text (quotes too, so it is safe in attributes); None as empty."""
    return html.escape("" if value is None else str(value), quote=True)


def text(value: Any, tag: str = "td") -> str:
    """A user-derived string in its own element, escaped and with its direction taken from its content."""
    return f'<{tag} dir="auto">{esc(value)}</{tag}>'


def render_html(document: Document) -> str:
    """The document as one HTML5 page; the export date line is the only one that varies between runs."""
    nav = "\n".join(f'<li><a href="#{s.anchor}">{esc(s.heading)}</a></li>' for s in document.sections)
    banner = f'<p class="banner" dir="auto">{esc(document.banner)}</p>' if document.banner else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<title dir="auto">{esc(document.title)}</title>',
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        banner,
        text(document.title, "h1"),
        f'<p class="meta">{esc(document.byline)}</p>',
        f'<p class="meta">Exported: <time>{esc(document.export_date)}</time></p>',
        "</header>",
        f"<nav>\n<h2>Contents</h2>\n<ul>\n{nav}\n</ul>\n</nav>",
        *(f'<section id="{s.anchor}">\n<h2>{esc(s.heading)}</h2>\n{_blocks(s.blocks)}\n</section>'
          for s in document.sections),
        f"<footer>{banner}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _blocks(blocks: Iterable[Block]) -> str:
    return "\n".join(_block(block) for block in blocks)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return text(block.text, "p")
    if isinstance(block, Subheading):
        return text(block.text, f"h{block.level}")
    if isinstance(block, Bullets):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(text(item, "li") for item in block.items) + f"</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, LevelBars):
        return _level_bars(block)
    if isinstance(block, Group):
        return f'<div class="item">\n{_blocks(block.blocks)}\n</div>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def _cell(value: Any, numeric: bool, excerpt: bool) -> str:
    """A table cell; a long value (a path, a hash) may break anywhere, so it cannot widen the page."""
    if numeric:
        return f'<td class="n">{esc(value)}</td>'
    if excerpt:
        return f'<td dir="auto" class="excerpt">{esc(value)}</td>'
    if len(str(value or "")) > LONG_CELL:
        return f'<td dir="auto" class="long">{esc(value)}</td>'
    return text(value)


def _table(table: Table) -> str:
    head = "".join(f"<th>{esc(c.title)}</th>" for c in table.columns)
    rows = ["<tr>" + "".join(_cell(v, c.numeric, c.excerpt) for v, c in zip(row, table.columns, strict=True))
            + "</tr>" for row in table.rows]
    if table.total is not None:
        rows.append('<tr class="total">' + text(table.total[0], "th") + "".join(
            _cell(v, c.numeric, c.excerpt) for v, c in zip(table.total[1:], table.columns[1:], strict=True))
            + "</tr>")
    body = "\n".join(rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _bar(by_level: dict[str, int], largest: int) -> str:
    """Items of one victim as a horizontal bar stacked by level (most sensitive first), scaled to `largest`."""
    rects, x = [], 0.0
    for key in LEVEL_KEYS:
        count = by_level.get(key, 0)
        if not count:
            continue
        width = BAR_WIDTH * count / max(largest, 1)
        rects.append(f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="{BAR_HEIGHT}" '
                     f'fill="{LEVEL_COLOURS[key]}"><title>{esc(level_name(key))}: {count}</title></rect>')
        x += width
    return (f'<svg role="img" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}">{"".join(rects)}</svg>')


def _level_bars(bars: LevelBars) -> str:
    largest = max((total for _, _, total in bars.rows), default=0)
    legend = " ".join(f'<span class="swatch" style="background:{LEVEL_COLOURS[k]}"></span> {esc(level_name(k))}'
                      for k in LEVEL_KEYS)
    rows = "\n".join(f'<tr>{text(label)}<td>{_bar(by_level, largest)}</td><td class="n">{esc(total)}</td></tr>'
                     for label, by_level, total in bars.rows)
    return (f"<p>{legend}</p>\n<table>\n<thead><tr><th>Victim</th><th>Items by level (most sensitive on the left)"
            f"</th><th>Items</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")


def export_html(store: Store, output: Path, scope: SummaryScope | None = None, banner: str = DEFAULT_BANNER) -> int:
    """Write the report atomically (temp file then rename); returns the number of items it covers."""
    summary = case_summary(store, scope)
    with replacing(output) as temp:
        temp.write_bytes(render_html(build_document(summary, banner)).encode("utf-8"))
    return int(summary["totals"]["items"])
