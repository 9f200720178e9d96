"""A per-victim timeline: one row of monthly bars per victim over the months all rows share.

Custom-painted because the GUI ships without QtCharts, and because a row of tiny bars per victim
(a sparkline) compares when each victim was hit far better than one crowded chart. Each row is
scaled to its own busiest month, so a small victim's pattern stays visible; the row total at the
right and the tooltips give the absolute numbers. Everything is sized from the font and coloured
from the palette, so it follows HiDPI scaling and light or dark themes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QHelpEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from trovetriage.gui.dashboard_models import format_count
from trovetriage.gui.level_colors import contrast_ratio

_MONTH = re.compile(r"(\d{4})-(\d{2})")
MIN_GRAPHIC_CONTRAST = 3.0  # WCAG 1.4.11 for non-text marks
TOTAL_CAPTION = "Total"


def parse_month(text: str) -> int | None:
    """'2023-04' -> a month number (year * 12 + month - 1); None for anything else."""
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def month_label(month: int) -> str:
    """A month number as the user's locale writes it ('April 2023')."""
    return QLocale().toString(QDate(month // 12, month % 12 + 1, 1), "MMMM yyyy")


@dataclass(frozen=True)
class _Row:
    name: str
    counts: dict[int, int]  # month number -> items

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)


@dataclass(frozen=True)
class _Geometry:
    pad: int
    row_height: int
    top: int
    name_width: int
    total_width: int  # the row totals at the right, padding included
    chart_left: int
    chart_right: int
    axis_height: int

    def month_width(self, months: int) -> float:
        return (self.chart_right - self.chart_left) / max(months, 1)


class TimelineWidget(QWidget):
    """Items per month, one bar row per victim; arrow keys move a cursor that shows the count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._first = 0
        self._months = 0
        self._cursor: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Items per month, per victim")

    # data

    def set_series(self, series: list[tuple[str, dict[str, int]]]) -> None:
        """Rows in the order given; months not written 'YYYY-MM' are left out of the chart."""
        rows = []
        for name, by_month in series:
            counts: dict[int, int] = {}
            for text, n in by_month.items():
                month = parse_month(text)
                if month is not None and n > 0:
                    counts[month] = counts.get(month, 0) + int(n)
            rows.append(_Row(name, counts))
        self._rows = rows
        months = [m for row in rows for m in row.counts]
        self._first = min(months, default=0)
        self._months = max(months) - self._first + 1 if months else 0
        self._cursor = None
        self.updateGeometry()
        self.update()

    @property
    def month_range(self) -> tuple[str, str] | None:
        """First and last month shown, as 'YYYY-MM'."""
        if not self._months:
            return None
        last = self._first + self._months - 1
        return (f"{self._first // 12:04d}-{self._first % 12 + 1:02d}", f"{last // 12:04d}-{last % 12 + 1:02d}")

    def row_names(self) -> list[str]:
        return [row.name for row in self._rows]

    def is_empty(self) -> bool:
        return not self._months

    # geometry

    def _geometry(self) -> _Geometry:
        metrics = self.fontMetrics()
        pad = max(2, metrics.horizontalAdvance("0") // 2)
        name_width = max((metrics.horizontalAdvance(row.name) for row in self._rows), default=0) + 3 * pad
        total_width = max([metrics.horizontalAdvance(TOTAL_CAPTION)]
                          + [metrics.horizontalAdvance(format_count(row.total)) for row in self._rows]) + 3 * pad
        return _Geometry(pad=pad, row_height=round(metrics.height() * 1.5), top=pad, name_width=name_width,
                         total_width=total_width, chart_left=name_width, chart_right=self.width() - total_width,
                         axis_height=metrics.height() + 2 * pad)

    def _natural_size(self, chart_width: int) -> QSize:
        geo = self._geometry()
        height = geo.top + len(self._rows) * geo.row_height + geo.axis_height
        return QSize(geo.name_width + chart_width + geo.total_width, height)

    def sizeHint(self) -> QSize:
        return self._natural_size(self.fontMetrics().horizontalAdvance("0") * 60)

    def minimumSizeHint(self) -> QSize:
        return self._natural_size(self.fontMetrics().horizontalAdvance("0") * 20)

    def cell_rect(self, row: int, month_index: int) -> QRect:
        """Where one month of one row is drawn (the full row height)."""
        geo = self._geometry()
        width = geo.month_width(self._months)
        left = geo.chart_left + month_index * width
        top = geo.top + row * geo.row_height
        return QRectF(left, top, width, geo.row_height).toAlignedRect()

    def cell_at(self, pos: QPoint) -> tuple[int, int | None] | None:
        """(row, month index) under a point; month None over the name or total; None outside rows."""
        geo = self._geometry()
        if not self._rows or pos.y() < geo.top:
            return None
        row = (pos.y() - geo.top) // geo.row_height
        if row >= len(self._rows):
            return None
        if not geo.chart_left <= pos.x() < geo.chart_right or not self._months:
            return row, None
        index = int((pos.x() - geo.chart_left) / geo.month_width(self._months))
        return row, min(index, self._months - 1)

    def cell_text(self, row: int, month_index: int | None) -> str:
        """What a tooltip says about one cell, or about a whole row when month_index is None."""
        entry = self._rows[row]
        if month_index is None:
            return f"{entry.name}\n{format_count(entry.total)} dated items, busiest month {format_count(entry.peak)}"
        month = self._first + month_index
        n = entry.counts.get(month, 0)
        return f"{entry.name}\n{month_label(month)}: {format_count(n)} item{'' if n == 1 else 's'}"

    # painting

    def _bar_colour(self) -> QColor:
        palette = self.palette()
        bar = palette.color(QPalette.ColorRole.Highlight)
        base = palette.color(QPalette.ColorRole.Base)
        return bar if contrast_ratio(bar, base) >= MIN_GRAPHIC_CONTRAST else palette.color(QPalette.ColorRole.Text)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._rows:
            return
        geo = self._geometry()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        rows_bottom = geo.top + len(self._rows) * geo.row_height
        painter = QPainter(self)
        painter.fillRect(QRect(0, 0, self.width(), rows_bottom + geo.axis_height),
                         palette.color(QPalette.ColorRole.Base))
        for r in range(1, len(self._rows), 2):  # banded rows lead the eye from a name to its bars
            painter.fillRect(QRect(0, geo.top + r * geo.row_height, self.width(), geo.row_height),
                             palette.color(QPalette.ColorRole.AlternateBase))
        self._paint_axis(painter, geo, rows_bottom)
        bar = self._bar_colour()
        width = geo.month_width(self._months)
        gap = 1.0 if width >= 4 else 0.0
        painter.setPen(text)
        for r, row in enumerate(self._rows):
            top = geo.top + r * geo.row_height
            painter.drawText(QRect(geo.pad, top, geo.name_width - geo.pad, geo.row_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, row.name)
            painter.drawText(QRect(geo.chart_right, top, geo.total_width - geo.pad, geo.row_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_count(row.total))
            usable = geo.row_height - 2 * geo.pad
            baseline = top + geo.row_height - geo.pad
            for month, n in row.counts.items():
                height = max(1.0, usable * n / row.peak)  # a month with items never vanishes
                left = geo.chart_left + (month - self._first) * width
                painter.fillRect(QRectF(left, baseline - height, max(width - gap, 1.0), height), bar)
        if self._cursor is not None and self.hasFocus():
            pen = QPen(text)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(self.cell_rect(*self._cursor).adjusted(0, 0, -1, -1))
        painter.end()

    def year_ticks(self) -> list[tuple[float, str | None]]:
        """Where the axis marks years: (x, label), label None where it would collide with another.

        Every January gets a tick; the first month gets its year too, unless that partial year is
        too narrow for its label, in which case the next January's label wins.
        """
        geo = self._geometry()
        metrics = self.fontMetrics()
        width = geo.month_width(self._months)
        januaries = [i for i in range(self._months) if (self._first + i) % 12 == 0]
        indexes = januaries if januaries and januaries[0] == 0 else [0, *januaries]
        ticks: list[tuple[float, str | None]] = []
        free_from = float("-inf")
        for position, index in enumerate(indexes):
            x = geo.chart_left + index * width
            label = str((self._first + index) // 12)
            right = x + metrics.horizontalAdvance(label) + 2 * geo.pad
            limit = geo.chart_right
            if index not in januaries and position + 1 < len(indexes):
                limit = geo.chart_left + indexes[position + 1] * width
            fits = x >= free_from and right <= limit
            ticks.append((x, label if fits else None))
            free_from = right if fits else free_from
        return ticks

    def _paint_axis(self, painter: QPainter, geo: _Geometry, rows_bottom: int) -> None:
        """A faint line at each January across the rows, the years and the totals' caption below."""
        palette = self.palette()
        metrics = self.fontMetrics()
        label_top = rows_bottom + geo.pad
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(QRect(geo.chart_right, label_top, geo.total_width - geo.pad, metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, TOTAL_CAPTION)
        for x, label in self.year_ticks():
            if x > geo.chart_left:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(QPoint(round(x), geo.top), QPoint(round(x), label_top))
            if label:
                painter.setPen(palette.color(QPalette.ColorRole.Text))
                painter.drawText(QRectF(x + geo.pad / 2, label_top, metrics.horizontalAdvance(label) + geo.pad,
                                        metrics.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                                 label)

    # interaction

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.cell_text(*cell), self)
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._cursor is None and self._rows and self._months:
            self._cursor = (0, self._months - 1)
        self._announce()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._cursor is None:
            super().keyPressEvent(event)
            return
        row, index = self._cursor
        moves = {Qt.Key.Key_Left: (row, index - 1), Qt.Key.Key_Right: (row, index + 1),
                 Qt.Key.Key_Up: (row - 1, index), Qt.Key.Key_Down: (row + 1, index),
                 Qt.Key.Key_Home: (row, 0), Qt.Key.Key_End: (row, self._months - 1)}
        target = moves.get(Qt.Key(event.key()))
        if target is None:
            super().keyPressEvent(event)
            return
        self._cursor = (min(max(target[0], 0), len(self._rows) - 1), min(max(target[1], 0), self._months - 1))
        self._announce()

    @property
    def cursor_cell(self) -> tuple[int, int] | None:
        """The (row, month index) the keyboard cursor is on."""
        return self._cursor

    def _announce(self) -> None:
        """Show the cursor's count as a tooltip and give it to screen readers."""
        self.update()
        if self._cursor is None:
            return
        text = self.cell_text(*self._cursor)
        self.setAccessibleDescription(text)
        if self.hasFocus():
            QToolTip.showText(self.mapToGlobal(self.cell_rect(*self._cursor).bottomLeft()), text, self)
