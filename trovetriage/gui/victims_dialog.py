"""The victims manager: edit the case's victims registry (DESIGN §5) in a table, import or export a
victims.toml, and save only a registry that the victims file rules accept.

The dialog works on a copy: nothing reaches the case until OK, and the main window then saves it
through a job (which re-runs attribution). Import and Export read or write one small file the
investigator chose, which is why they may run on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trovetriage.core.victims import SECTORS, Victim, VictimsFileError, load_victims
from trovetriage.gui.victims_model import (
    ALIASES,
    COUNTRY,
    DOMAINS,
    HEADERS,
    NAME,
    SECTOR,
    RowProblem,
    VictimDraft,
    VictimsModel,
    check,
    to_toml,
)

ATTRIBUTION_NOTE = "Saving re-runs victim attribution on every item; manual decisions stay."
FILE_FILTER = "Victims files (*.toml);;All files (*)"
Index = QModelIndex | QPersistentModelIndex


class SectorDelegate(QStyledItemDelegate):
    """A combo box of the three sectors, so a typo cannot happen."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(SECTORS))
        combo.setAccessibleName("Sector")
        combo.activated.connect(lambda _row: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findText(str(index.data(Qt.ItemDataRole.EditRole)))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class CountryDelegate(QStyledItemDelegate):
    """Two letters at most can be typed; OK still refuses a single letter, by the file's rules."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QLineEdit(parent)
        edit.setMaxLength(2)
        edit.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,2}"), edit))
        edit.setPlaceholderText("BH")
        edit.setAccessibleName("Country code")
        edit.textEdited.connect(lambda text: edit.setText(text.upper()))
        return edit


class VictimsDialog(QDialog):
    """`VictimsDialog(victims)` with dicts as the case server sends them; after OK, `victims()`."""

    def __init__(self, victims: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Victims registry")
        self._victims: list[Victim] = []
        self._showing_problems = False
        self.model = VictimsModel([VictimDraft.from_dict(v) for v in victims], self)
        self._build()
        self._size_columns()
        self.model.dataChanged.connect(lambda _first, _last, roles: self._recheck(roles))
        self.model.rowsRemoved.connect(lambda *_: self._recheck([]))

    # -- layout --------------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel("The organisations the trove was stolen from. Attribution looks for their domains in "
                       "addresses and mail headers, and for their names and aliases in the text. Domains and "
                       "aliases are comma-separated.", self)
        intro.setWordWrap(True)
        note = QLabel(f"<b>{ATTRIBUTION_NOTE}</b>", self)
        note.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Victims")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.sector_delegate = SectorDelegate(self.table)
        self.country_delegate = CountryDelegate(self.table)
        self.table.setItemDelegateForColumn(SECTOR, self.sector_delegate)
        self.table.setItemDelegateForColumn(COUNTRY, self.country_delegate)

        self.add_button = QPushButton("&Add", self)
        self.add_button.setToolTip("Add a victim at the end of the table and start typing its name")
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setToolTip("Remove the selected victims")
        self.import_button = QPushButton("&Import file…", self)
        self.import_button.setToolTip("Replace the table with the victims of a victims.toml file")
        self.export_button = QPushButton("&Export file…", self)
        self.export_button.setToolTip("Write the table as a victims.toml file")
        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tools.addStretch(1)
        tools.addWidget(self.import_button)
        tools.addWidget(self.export_button)

        self.message_icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.message_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                                    .pixmap(size, size))
        self.message_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it quotes names and file names as typed
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Problem")
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_icon)
        message_row.addWidget(self.message, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save")
        self.ok_button.setToolTip(ATTRIBUTION_NOTE)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(tools)
        layout.addLayout(message_row)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._clear_message()

        self.add_button.clicked.connect(self.add_victim)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        self._update_buttons()

    def _size_columns(self) -> None:
        """Fit each column to its longest text within a cap, Aliases taking what is left, and size the
        dialog to show it all when the screen allows (long cells elide; their tooltip lists every entry)."""
        metrics = self.fontMetrics()
        em = metrics.horizontalAdvance("M")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(em * 3)

        def fit(column: int, least: int, most: int) -> int:
            texts = [str(self.model.index(row, column).data() or "") for row in range(self.model.rowCount())]
            widest = max([metrics.horizontalAdvance(text) for text in (*texts, HEADERS[column])] + [least])
            return min(widest + 2 * em, most)

        widths = {NAME: fit(NAME, em * 16, em * 36),
                  SECTOR: max(metrics.horizontalAdvance(s) for s in (*SECTORS, "Sector")) + 4 * em,  # combo arrow
                  COUNTRY: metrics.horizontalAdvance("Country") + 2 * em,
                  DOMAINS: fit(DOMAINS, em * 12, em * 30), ALIASES: fit(ALIASES, em * 20, em * 48)}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        rows_header = self.table.verticalHeader()  # room for a ⚠ mark, so marking rows never scrolls sideways
        digits = len(str(max(self.model.rowCount(), 99))) + 1  # and a spare digit for rows added later
        rows_header.setMinimumWidth(metrics.horizontalAdvance("⚠ " + "0" * digits) + em)
        frame = (2 * self.table.frameWidth() + max(rows_header.sizeHint().width(), rows_header.minimumWidth())
                 + self.table.verticalScrollBar().sizeHint().width())
        margins = self.layout().contentsMargins()
        wanted_width = sum(widths.values()) + frame + margins.left() + margins.right()
        rows = min(max(self.model.rowCount(), 8), 16)
        wanted_height = self.table.verticalHeader().defaultSectionSize() * (rows + 1) + metrics.height() * 12
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            wanted_width = min(wanted_width, screen.width() - 80)
            wanted_height = min(wanted_height, screen.height() - 80)
        self.resize(wanted_width, wanted_height)

    # -- editing -------------------------------------------------------------------------------------

    def add_victim(self) -> None:
        self._commit_editor()  # Alt+A while a cell is open: keep it, and free the view to edit the new row
        row = self.model.add_draft()
        index = self.model.index(row, NAME)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.edit(index)
        self._update_buttons()

    def remove_selected(self) -> None:
        self._commit_editor()
        for row in sorted({index.row() for index in self.table.selectionModel().selectedRows()}, reverse=True):
            self.model.removeRow(row)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.selectionModel().hasSelection())

    # -- files ---------------------------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a victims file", "", FILE_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Replace the table with the file's victims; a bad file changes nothing and says why."""
        self._commit_editor()
        try:
            victims = load_victims(path)
        except (OSError, UnicodeDecodeError, VictimsFileError) as error:
            self._show_message(f"Could not import {path.name}: {error}", problem=True)
            return False
        self.model.set_drafts([VictimDraft.from_dict(victim.as_dict()) for victim in victims])
        self._show_message(f"Imported {len(victims)} victim{'s' if len(victims) != 1 else ''} from {path.name}, "
                           "replacing the table. Cancel keeps the case's registry as it was.", problem=False)
        return True

    def choose_export(self) -> None:
        if self._checked() is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the victims file", "victims.toml", FILE_FILTER)
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> bool:
        """Write the table as victims.toml, only if it is valid (so the file loads again)."""
        victims = self._checked()
        if victims is None:
            return False
        try:
            path.write_text(to_toml([VictimDraft.from_dict(v.as_dict()) for v in victims]), encoding="utf-8")
        except OSError as error:
            self._show_message(f"Could not write {path}: {error}", problem=True)
            return False
        self._show_message(f"Exported {len(victims)} victim{'s' if len(victims) != 1 else ''} to {path}.",
                           problem=False)
        return True

    # -- validation ----------------------------------------------------------------------------------

    def _checked(self) -> list[Victim] | None:
        """The table as victims, or None after marking the refused rows and naming the first."""
        self._commit_editor()
        victims, problems = check(self.model.drafts)
        self.model.set_problems(problems)
        if problems:
            self._show_problems(problems)
            return None
        return victims

    def _recheck(self, roles: list[int]) -> None:
        """While problems are shown, follow each edit: the marks and the message go as rows are fixed."""
        if Qt.ItemDataRole.ToolTipRole in roles or not self._showing_problems:
            return
        _victims, problems = check(self.model.drafts)
        self.model.set_problems(problems)
        if problems:
            self._show_problems(problems, select=False)
        else:
            self._clear_message()

    def _commit_editor(self) -> None:
        """Keep what is typed in an open cell editor (OK pressed with Enter never moves the focus out)."""
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None and self.table.state() == QAbstractItemView.State.EditingState:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _show_problems(self, problems: list[RowProblem], select: bool = True) -> None:
        more = len(problems) - 1
        text = problems[0].message + (f" (and {more} more row{'s' if more != 1 else ''}, marked ⚠)" if more else "")
        self._show_message(text, problem=True)
        self._showing_problems = True
        if select and problems[0].row >= 0:
            index = self.model.index(problems[0].row, NAME)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _show_message(self, text: str, *, problem: bool) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.message_icon.setVisible(problem)
        self._showing_problems = False

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.setVisible(False)
        self.message_icon.setVisible(False)
        self._showing_problems = False

    def accept(self) -> None:
        """Close only with a registry the victims file rules accept; otherwise stay open and say why."""
        victims = self._checked()
        if victims is None:
            return
        self._victims = victims
        super().accept()

    def victims(self) -> list[Victim]:
        """The edited registry once accepted (empty before)."""
        return list(self._victims)
