"""The dashboard: what was taken from whom, how sensitive it is, which credentials are exposed.

It only draws: `show_data` receives a summary dict computed elsewhere (off the GUI thread) and
the sections turn activations into filter signals for the main window. The widget grows to its
content, so the main window puts it in a QScrollArea (widgetResizable) instead of nesting
scroll bars; only the problems list, which can hold hundreds of rows, scrolls on its own.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGridLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trovetriage.gui.dashboard_models import (
    NO_VICTIM,
    NOT_CLASSIFIED,
    CredentialsModel,
    DashboardData,
    LevelMatrixModel,
    ProblemsModel,
    StatusCountModel,
    format_count,
)
from trovetriage.gui.timeline import TimelineWidget

__all__ = ["NOT_CLASSIFIED", "NO_VICTIM", "Dashboard"]

PROBLEM_LIMIT = 500  # the producer lists at most this many problems
NO_DATA = "Nothing to show yet: open a case to see its dashboard."
EMPTY_CASE = ("This case has no items yet. Once a trove is indexed, this page shows how many items each victim lost "
              "at each sensitivity level, the credentials exposed, the items that could not be read, and a "
              "month-by-month timeline.")
_Resize = QHeaderView.ResizeMode


class ChoiceTableView(QTableView):
    """A table whose cells are chosen by a click or by Enter, once each.

    `activated` would fire on a double click on some platforms and on a single click on others;
    a dashboard cell is a one-step filter, so a click and Enter are what choose it.
    """

    chosen = Signal(QModelIndex)

    def __init__(self, max_rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_rows = max_rows
        self.setTabKeyNavigation(False)  # Tab leaves the table: every section stays reachable
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(_Resize.Fixed)
        line = round(self.fontMetrics().height() * 1.6)  # from the font: HiDPI-safe
        rows.setDefaultSectionSize(line)
        rows.setMinimumSectionSize(line)
        self.horizontalHeader().setHighlightSections(False)
        # Rows and columns sized to their contents settle after layout: ask for room again then.
        rows.sectionResized.connect(self.updateGeometry)
        self.horizontalHeader().sectionResized.connect(self.updateGeometry)
        self.clicked.connect(self.chosen)  # left button pressed and released on the same cell

    def sizeHint(self) -> QSize:
        """The content's size, at most `max_rows` rows high, so short tables need no scroll bar."""
        hint = super().sizeHint()
        rows = self.verticalHeader()
        if rows.count() <= self._max_rows:
            return hint
        shown = sum(rows.sectionSize(row) for row in range(self._max_rows))
        return QSize(hint.width(), hint.height() - (rows.length() - shown))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class PaddedDelegate(QStyledItemDelegate):
    """Adds air above and below wrapped cells, which the style would draw flush with the grid."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + option.fontMetrics.height() // 2)


class Section(QWidget):
    """A titled pane that shows its content, or a sentence saying why there is nothing to show."""

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setFont(_title_font(self.font()))
        self.title.setWordWrap(True)
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        italic = QFont(self.font())
        italic.setItalic(True)
        self.placeholder.setFont(italic)
        self.content = content
        self._stack = QStackedWidget()
        self._stack.addWidget(content)
        self._stack.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self._stack)

    def show_content(self, empty_text: str | None) -> None:
        """The content, or `empty_text` in its place when there is nothing to show."""
        self.placeholder.setText(empty_text or "")
        self._stack.setCurrentWidget(self.placeholder if empty_text else self.content)
        self._stack.setSizePolicy(self._stack.currentWidget().sizePolicy())
        self._stack.updateGeometry()

    @property
    def is_empty(self) -> bool:
        return self._stack.currentWidget() is self.placeholder


def _title_font(base: QFont, bold: bool = True, scale: float = 1.15) -> QFont:
    """The system font, scaled: never a fixed size, so HiDPI and user font settings carry through."""
    font = QFont(base)
    font.setBold(bold)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * scale))
    return font


class Dashboard(QWidget):
    """Victims × levels, credentials, extraction problems and a timeline of one case.

    Signals carry filters for the main window:
    - `matrix_activated(victim, level)`: victim is a name, NO_VICTIM for unattributed items or None
      for the Total row; level is 0..4, NOT_CLASSIFIED (-1) for items with no level, or None for
      the Total column. None always means "no filter on this axis".
    - `credentials_activated(victim)`: a victim name or NO_VICTIM.
    - `item_activated(key)`: the key of a problem item.
    """

    matrix_activated = Signal(object, object)
    credentials_activated = Signal(str)
    item_activated = Signal("qlonglong")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix_model = LevelMatrixModel(self)
        self.credentials_model = CredentialsModel(self)
        self.status_model = StatusCountModel(self)
        self.problems_model = ProblemsModel(self)

        self.header = QLabel()
        self.header.setFont(_title_font(self.font(), bold=False))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_state = QLabel()
        self.empty_state.setFont(_title_font(self.font(), bold=False, scale=1.3))
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        line = self.fontMetrics().height()
        self.empty_state.setContentsMargins(4 * line, 4 * line, 4 * line, 0)
        self.matrix_view = self._matrix_view()
        self.status_view = self._status_view()
        self.problems_view = self._problems_view()
        self.credentials_view = self._credentials_view()
        self.timeline = TimelineWidget()

        self.matrix_section = Section("Items by victim and sensitivity", self.matrix_view)
        self.status_section = Section("Items by extraction status", self.status_view)
        self.problems_section = Section("Problem items (failed or encrypted)", self.problems_view)
        self.problems_note = QLabel()
        self.problems_note.setWordWrap(True)
        self.credentials_section = Section("Credentials exposed", self.credentials_view)
        self.timeline_section = Section("Items per month", self.timeline)
        self._sections = (self.matrix_section, self.status_section, self.credentials_section,
                          self.problems_section, self.timeline_section)
        self._lay_out()
        self.show_data(_empty_data())
        self.empty_state.setText(NO_DATA)  # not "no items": nothing has been loaded at all

    # building

    def _matrix_view(self) -> ChoiceTableView:
        view = ChoiceTableView(max_rows=40)
        view.setModel(self.matrix_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        view.horizontalHeader().setSectionResizeMode(_Resize.ResizeToContents)
        view.horizontalHeader().setMinimumSectionSize(self.fontMetrics().horizontalAdvance("0") * 6)
        view.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        view.setAccessibleName("Items by victim and sensitivity level")
        view.chosen.connect(self._matrix_chosen)
        return view

    def _status_view(self) -> ChoiceTableView:
        view = ChoiceTableView(max_rows=12)
        view.setModel(self.status_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(_Resize.ResizeToContents)
        view.setAccessibleName("Items by extraction status")
        return view

    def _problems_view(self) -> ChoiceTableView:
        view = ChoiceTableView(max_rows=12)
        view.setModel(self.problems_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a path's file name is at its end
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, _Resize.Stretch)
        header.setSectionResizeMode(1, _Resize.ResizeToContents)
        header.setSectionResizeMode(2, _Resize.Stretch)
        view.setAccessibleName("Problem items: failed and encrypted")
        view.chosen.connect(lambda index: self.item_activated.emit(self.problems_model.key_at(index.row())))
        return view

    def _credentials_view(self) -> ChoiceTableView:
        view = ChoiceTableView(max_rows=40)
        view.setModel(self.credentials_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)  # long lists of privileged accounts wrap instead of losing their '+N more'
        view.setItemDelegate(PaddedDelegate(view))
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(_Resize.ResizeToContents)
        header = view.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, _Resize.ResizeToContents)
        header.setSectionResizeMode(3, _Resize.Stretch)
        view.setAccessibleName("Credentials exposed per victim")
        view.chosen.connect(lambda index: self.credentials_activated.emit(
            self.credentials_model.victim_at(index.row())))
        return view

    def _lay_out(self) -> None:
        problems = QVBoxLayout()
        problems.addWidget(self.problems_section)
        problems.addWidget(self.problems_note)
        grid = QGridLayout(self)
        grid.addWidget(self.header, 0, 0, 1, 2)
        grid.addWidget(self.empty_state, 1, 0, 1, 2)  # no alignment: a wrapped label needs height-for-width
        grid.addWidget(self.matrix_section, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.status_section, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.credentials_section, 2, 0, 1, 2)
        grid.addLayout(problems, 3, 0, 1, 2)  # full width: paths are long
        grid.addWidget(self.timeline_section, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)
        spacing = self.fontMetrics().height()
        grid.setVerticalSpacing(spacing)
        grid.setHorizontalSpacing(2 * spacing)
        # Reading order: the matrix, the statuses beside it, then the sections below.
        order = [self.matrix_view, self.status_view, self.credentials_view, self.problems_view, self.timeline]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # data

    def show_data(self, data: DashboardData) -> None:
        """Replace everything shown with `data` (shape: `DashboardData`); nothing of the last call stays."""
        self.matrix_model.set_matrix(data["levels"], data["level_names"], data["matrix"])
        self.credentials_model.set_credentials(data["credentials"])
        self.status_model.set_statuses(data["statuses"])
        self.problems_model.set_problems(data["problems"])
        self.timeline.set_series(self._timeline_rows(data["timeline"]))
        totals = data["totals"]
        empty_case = not totals["items"] and not data["matrix"]
        self.header.setText(self._totals_text(data))
        self.header.setVisible(not empty_case)
        self.empty_state.setText(EMPTY_CASE)
        self.empty_state.setVisible(empty_case)
        for section in self._sections:  # one explanation instead of five empty panes
            section.setVisible(not empty_case)

        has_items = bool(totals["items"])
        self.matrix_section.show_content(None if self.matrix_model.victims else
                                         "No items yet." if not has_items else "No item has a victim or level yet.")
        self.status_section.show_content(None if self.status_model.rowCount() else "No items yet.")
        self.problems_section.show_content(None if self.problems_model.rowCount() else
                                           "No items yet." if not has_items else
                                           "None: every item was read, none is encrypted.")
        self.credentials_section.show_content(None if self.credentials_model.rowCount() else
                                              "No credentials found." if has_items else "No items yet.")
        self.timeline_section.show_content(None if not self.timeline.is_empty() else
                                           "No dated items." if has_items else "No items yet.")
        listed = len(data["problems"])
        self.problems_note.setText(f"Only the first {format_count(listed)} are listed: search by status for the rest."
                                   if listed >= PROBLEM_LIMIT else "")
        self.problems_note.setVisible(listed >= PROBLEM_LIMIT and not empty_case)
        for view in (self.matrix_view, self.status_view, self.problems_view, self.credentials_view):
            view.updateGeometry()

    def _timeline_rows(self, timeline: dict[str, dict[str, int]]) -> list[tuple[str, dict[str, int]]]:
        """Victims in the matrix's order, so a row sits at the same rank in both sections."""
        order = [name for name in self.matrix_model.victims if name in timeline]
        placed = set(order)
        order += sorted((name for name in timeline if name not in placed), key=str.casefold)
        return [(name, timeline[name]) for name in order]

    @staticmethod
    def _totals_text(data: DashboardData) -> str:
        totals = data["totals"]
        failed = sum(n for status, n in data["statuses"].items() if status not in ("ok", "empty"))

        def plural(n: int, word: str) -> str:
            return f"{format_count(n)} {word}{'' if n == 1 else 's'}"

        parts = [plural(totals["items"], "item"), plural(totals["victims"], "victim"),
                 plural(totals["credentials"], "distinct credential"), plural(failed, "item") + " not fully read"]
        return "  ·  ".join(parts)

    # activation

    def _matrix_chosen(self, index: QModelIndex) -> None:
        self.matrix_activated.emit(self.matrix_model.victim_at(index.row()), self.matrix_model.level_at(index.column()))


def _empty_data() -> DashboardData:
    return {"levels": [], "level_names": {}, "matrix": {}, "credentials": {}, "statuses": {}, "problems": [],
            "timeline": {}, "totals": {"items": 0, "victims": 0, "credentials": 0}}
