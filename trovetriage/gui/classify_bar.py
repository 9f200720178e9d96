"""The classification bar under the preview: victim, level, categories, note and reviewed.

It only draws and asks: every change the investigator makes is emitted at once as a
`Decision` through `decision_requested` (the caller saves it off the GUI thread), the bar shows
the change straight away and is corrected by the next `show_classification`. It never touches
the case store.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QLocale, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QWidget,
)

from trovetriage.core.classification import Category, Level
from trovetriage.core.judgements import AUTO, MANUAL, Decision
from trovetriage.gui.level_colors import blend, contrast_ratio, is_dark, level_label, level_swatch, readable_text

NO_VICTIM = "(no victim)"
CATEGORIES: tuple[str, ...] = tuple(str(c) for c in Category)
"""Category ids in the order of their Shift+1..Shift+8 shortcuts (DESIGN §4 order)."""

CATEGORY_LABELS: dict[str, str] = {
    "credentials": "creds", "marking": "marking", "diplomatic": "diplo", "pii": "PII", "financial": "finance",
    "infrastructure": "infra", "ot": "OT", "commercial": "comm",
}
"""Short display names (DESIGN §4 allows display names), so the whole bar fits one row at 1280 px."""

_STATUS_BREAK = "\n"
_GROUP_GAP = 10
_CHIP_GAP = 2
_CHIP_PADDING = 4


def _key_text(sequence: str) -> str:
    """A shortcut as the platform writes it (⇧1 on macOS, Shift+1 elsewhere)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def _plain_tip(text: str) -> str:
    """A tooltip that is always shown as plain text: names and notes may contain markup."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def _typing_in_text_field() -> bool:
    """Whether keys currently go to an editable text field (then the bar's shortcuts stand aside)."""
    widget = QApplication.focusWidget()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QAbstractSpinBox)


def _group(*widgets: QWidget) -> QHBoxLayout:
    """Widgets that belong together, set closer to each other than to the next group."""
    layout = QHBoxLayout()
    layout.setSpacing(_CHIP_GAP)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QLineEdit | QComboBox) else 0, Qt.AlignmentFlag.AlignVCenter)
    return layout


def _name(widget: QWidget, object_name: str, accessible: str) -> None:
    """Stable names: screen readers announce the accessible one, tests and style sheets use the other."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)


def _active(palette: QPalette) -> QPalette:
    """The palette's active colours: a disabled widget's palette() would otherwise answer greyed ones."""
    active = QPalette(palette)
    active.setCurrentColorGroup(QPalette.ColorGroup.Active)
    return active


class _Chip(QToolButton):
    """A checkable text button only as wide as its label plus a little padding.

    QToolButton reserves two spaces around its text; dropping them is what lets thirteen
    buttons and the fields share one row without cutting any label.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        natural = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * (_CHIP_PADDING + 1)
        return QSize(min(width, natural.width()), natural.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class _OriginBadge(QLabel):
    """A small 'auto' / 'manual' pill saying where a value came from; the proposal is in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # no jump of the row when a value has no origin
        self.setSizePolicy(policy)
        self._origin: str | None = None
        self._palette = QPalette()

    def show_origin(self, origin: str | None, tooltip: str) -> None:
        self._origin = origin
        self.setText(origin or "")
        self.setToolTip(_plain_tip(tooltip))
        self.setVisible(origin in (AUTO, MANUAL))
        self._apply_style()

    def restyle(self, palette: QPalette) -> None:
        """Take the owner's palette: this label's own palette is rewritten by its style sheet."""
        self._palette = _active(palette)
        metrics = self.fontMetrics()
        self.setFixedWidth(max(metrics.horizontalAdvance(AUTO), metrics.horizontalAdvance(MANUAL)) + 14)
        self.setFixedHeight(metrics.height() + 4)
        self._apply_style()

    def _apply_style(self) -> None:
        """Outlined pills, unlike the filled buttons; a manual decision is drawn in the selection colour."""
        role, window = QPalette.ColorRole, self._palette.color(QPalette.ColorRole.Window)
        if self._origin == MANUAL:
            accent = self._palette.color(role.Highlight)
            text = readable_text(window, accent)
            fill, border = blend(window, accent, 0.12), accent
        else:
            text = self._palette.color(role.WindowText)
            fill, border = window, self._palette.color(role.Mid)
        radius = self.height() // 2
        self.setStyleSheet(f"QLabel {{ background-color: {fill.name()}; color: {readable_text(fill, text).name()};"
                           f" border: 1px solid {border.name()}; border-radius: {radius}px; padding: 0px; }}")


class ClassifyBar(QWidget):
    """Victim, level, categories, note and reviewed of the selected items, as one compact row."""

    decision_requested = Signal(object)
    """A `Decision` (exactly one field set) the investigator just made for the selection."""
    next_requested = Signal()
    previous_requested = Signal()
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}  # casefolded -> registry spelling
        self._subject: tuple[Any, int] | None = None  # (item id, selection size) shown; None = nothing
        self._victim: str | None = None
        self._victim_origin: str | None = None
        self._auto_victim: tuple[str | None, float | None] = (None, None)
        self._level: int | None = None
        self._level_origin: str | None = None
        self._auto_level: int | None = None
        self._categories: set[str] = set()
        self._note = ""
        self._reviewed = False
        self._shortcuts: list[QShortcut] = []
        self._shortcut_actions: dict[int, Callable[[], None]] = {}
        self._return_focus: QWidget | None = None
        self._palette_key: tuple[int, ...] = ()
        self._selected = 0
        self._refused: str | None = None  # a victim name typed but not in the registry
        self.destroyed.connect(partial(_delete_shortcuts, self._shortcuts))  # they live on the window
        self._build()
        self._restyle()
        self.show_classification(None, 0)

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(_GROUP_GAP)

        self._victim_box = QComboBox()
        self._victim_box.setEditable(True)
        self._victim_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._victim_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._victim_box.setMinimumContentsLength(10)
        self._victim_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._victim_box.lineEdit().setPlaceholderText("victim")
        completer = QCompleter(self._victim_box.model(), self._victim_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._victim_box.setCompleter(completer)
        self._victim_box.activated.connect(self._on_victim_activated)
        self._victim_box.lineEdit().returnPressed.connect(self._on_victim_return)
        self._victim_box.lineEdit().textEdited.connect(self._clear_message)
        self._victim_badge = _OriginBadge()
        _name(self._victim_box, "victim", "Victim")
        _name(self._victim_badge, "victim_origin", "Where the victim came from")
        row.addLayout(_group(self._victim_box, self._victim_badge), 3)  # names matter more than the note

        self._levels = QButtonGroup(self)
        self._levels.setExclusive(True)
        for level in Level:
            button = _Chip(level_label(level))
            _name(button, f"level{int(level)}", f"Level {level_label(level)}")
            button.setToolTip(f"Set the level to {level_label(level)}. Key {_key_text(str(int(level)))}.")
            self._levels.addButton(button, int(level))
        self._levels.idClicked.connect(self._on_level_clicked)
        self._level_badge = _OriginBadge()
        _name(self._level_badge, "level_origin", "Where the level came from")
        row.addLayout(_group(*self._levels.buttons(), self._level_badge))

        self._category_buttons: dict[str, QToolButton] = {}
        for number, category in enumerate(CATEGORIES, start=1):
            button = _Chip(CATEGORY_LABELS[category])
            _name(button, f"category_{category}", f"Category {category}")
            button.setToolTip(f"Add or remove the category “{category}”. Key {_key_text(f'Shift+{number}')}.")
            button.clicked.connect(lambda checked, c=category: self._on_category_clicked(c, checked))
            self._category_buttons[category] = button
        row.addLayout(_group(*self._category_buttons.values()))

        self._note_edit = QLineEdit()
        self._note_edit.setPlaceholderText("note")
        self._note_edit.setMinimumWidth(self._note_edit.fontMetrics().horizontalAdvance("x" * 8))
        self._note_edit.editingFinished.connect(self._commit_note)
        self._note_edit.returnPressed.connect(self._give_focus_back)
        self._reviewed_box = QCheckBox("Reviewed")
        self._reviewed_box.setToolTip(f"Mark the selection as reviewed. Key {_key_text('R')}.")
        self._reviewed_box.clicked.connect(self._on_reviewed_clicked)
        self._status = QLabel()  # the refusal message, else the scope of a multiple selection
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self._status.hide()
        _name(self._note_edit, "note", "Note")
        _name(self._reviewed_box, "reviewed", "Reviewed")
        _name(self._status, "status", "Classification bar status")
        row.addLayout(_group(self._note_edit, self._reviewed_box, self._status), 2)

        self.setToolTip(f"{_key_text('J')} / {_key_text('K')}: next / previous result · "
                        f"{_key_text('Ctrl+Z')}: undo the last classification")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        for watched in (self._victim_box, self._victim_box.lineEdit(), self._note_edit):
            watched.installEventFilter(self)  # last: the filter reads attributes set above
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- the caller's API ----------------------------------------------------------------------------

    def set_victims(self, names: Iterable[str]) -> None:
        """Replace the registry's victim names offered for completion (the shown value is kept)."""
        unique = {name.strip().casefold(): name.strip() for name in names if name.strip()}
        self._names = unique
        box = self._victim_box
        box.blockSignals(True)
        try:
            box.clear()
            box.addItem(NO_VICTIM)
            box.addItems(sorted(unique.values(), key=str.casefold))
        finally:
            box.blockSignals(False)
        self._display_victim()

    def show_classification(self, c: dict[str, Any] | None, selected: int) -> None:
        """Show the classification of the selection (`selected` items); None disables the bar.

        Text the investigator is still typing into the victim box or the note is kept when the
        refresh concerns the same selection, so a save arriving mid-typing does not erase it.
        """
        if c is None:
            self._subject = None
            self._victim, self._victim_origin, self._auto_victim = None, None, (None, None)
            self._level, self._level_origin, self._auto_level = None, None, None
            self._categories, self._note, self._reviewed = set(), "", False
            self._selected, self._refused = 0, None
            self._show_status()
            self.setEnabled(False)
            self._display(keep_victim_text=False, keep_note_text=False)
            return
        selected = max(1, int(selected))
        subject = (c.get("item_id"), selected)
        same = subject == self._subject
        keep_victim_text = same and self._victim_box.hasFocus() and self._victim_text_edited()
        keep_note_text = same and self._note_edit.hasFocus() and self._note_edit.text() != self._note
        self._subject = subject
        self._victim, self._victim_origin = c.get("victim"), c.get("victim_origin")
        confidence = c.get("auto_victim_confidence")
        if confidence is None and self._victim_origin == AUTO:
            confidence = c.get("victim_confidence")
        self._auto_victim = (c.get("auto_victim"), confidence)
        self._level, self._level_origin, self._auto_level = c.get("level"), c.get("level_origin"), c.get("auto_level")
        self._categories = set(c.get("categories") or ())
        self._note, self._reviewed = c.get("note") or "", bool(c.get("reviewed"))
        if not same:
            self._clear_message()
        self.setEnabled(True)
        self._display(keep_victim_text, keep_note_text)
        self._selected = selected
        self._show_status()

    def install_shortcuts(self, window: QWidget) -> list[QShortcut]:
        """Create the bar's keyboard shortcuts on `window` (replacing earlier ones) and return them.

        They are window-wide so they work from the results table and the preview, and stand
        aside while a text field has the keyboard (see `_typing_in_text_field`).
        """
        self._remove_shortcuts()
        bindings: list[tuple[str, Callable[[], None], bool]] = [
            (str(int(level)), partial(self._click, self._levels.button(int(level))), False) for level in Level]
        bindings += [(f"Shift+{number}", partial(self._click, self._category_buttons[category]), False)
                     for number, category in enumerate(CATEGORIES, start=1)]
        bindings += [
            ("R", partial(self._click, self._reviewed_box), False),
            ("V", self._focus_victim, False),
            ("N", self._focus_note, False),
            ("J", self.next_requested.emit, True),
            ("K", self.previous_requested.emit, True),
            ("Ctrl+Z", self.undo_requested.emit, False),
        ]
        for key, action, repeat in bindings:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setAutoRepeat(repeat)
            shortcut.activated.connect(self._on_shortcut)
            self._shortcut_actions[id(shortcut)] = action
            self._shortcuts.append(shortcut)
        return list(self._shortcuts)

    @staticmethod
    def confirm_bulk(count: int, description: str, parent: QWidget) -> bool:
        """Ask before a decision is applied to a whole search result; No is the default answer."""
        box = QMessageBox(QMessageBox.Icon.Question, "Bulk classification",
                          f"Apply {description} to all {QLocale().toString(int(count))} results of the current search?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()

    # -- display ----------------------------------------------------------------------------------

    def _display(self, keep_victim_text: bool, keep_note_text: bool) -> None:
        if not keep_victim_text:
            self._display_victim()
        self._victim_box.setToolTip(self._victim_tooltip())
        self._victim_badge.show_origin(self._victim_origin, self._victim_proposal_text())
        self._levels.setExclusive(False)  # an exclusive group cannot show "no level"
        for button in self._levels.buttons():
            button.setChecked(self._levels.id(button) == self._level)
        self._levels.setExclusive(True)
        self._level_badge.show_origin(self._level_origin, self._level_proposal_text())
        for category, button in self._category_buttons.items():
            button.setChecked(category in self._categories)
        if not keep_note_text:
            self._note_edit.setText(self._note)
            self._note_edit.setCursorPosition(0)
        self._note_edit.setToolTip(self._note_tooltip())
        self._reviewed_box.setChecked(self._reviewed)

    def _display_victim(self) -> None:
        box = self._victim_box
        box.blockSignals(True)
        try:
            if self._subject is None:
                box.setCurrentIndex(-1)
                box.setEditText("")
            elif self._victim is None:
                box.setCurrentIndex(0)
            else:
                index = box.findText(self._victim, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive)
                box.setCurrentIndex(index)
                if index < 0:  # decided earlier, no longer in the registry: still show the truth
                    box.setEditText(self._victim)
            box.lineEdit().setCursorPosition(0)
        finally:
            box.blockSignals(False)

    def _shown_victim_text(self) -> str:
        if self._subject is None:
            return ""
        return NO_VICTIM if self._victim is None else self._victim

    def _victim_text_edited(self) -> bool:
        return self._victim_box.currentText() != self._shown_victim_text()

    def _victim_proposal_text(self) -> str:
        victim, confidence = self._auto_victim
        if victim is None:
            return "proposed: no victim" if confidence is not None else "no automatic proposal"
        return f"proposed: {victim} ({confidence:.2f})" if confidence is not None else f"proposed: {victim}"

    def _level_proposal_text(self) -> str:
        return "no automatic proposal" if self._auto_level is None else f"proposed: {level_label(self._auto_level)}"

    def _victim_tooltip(self) -> str:
        """The whole name (the box may be narrower) and how to use the box."""
        help_text = ("Victim: the organisation the data was stolen from. Type to search the registry; "
                     f"Enter or leaving the field sets it. Key {_key_text('V')}.")
        return _plain_tip(f"{self._victim}\n\n{help_text}" if self._victim else help_text)

    def _note_tooltip(self) -> str:
        base = f"Investigator's note; Enter or leaving the field saves it. Key {_key_text('N')}."
        return _plain_tip(f"{self._note}\n\n{base}" if self._note else base)

    def _show_message(self, refused: str) -> None:
        self._refused = refused
        self._show_status()

    def _clear_message(self) -> None:
        if self._refused is not None:
            self._refused = None
            self._show_status()

    def _show_status(self) -> None:
        """One slot at the end of the row: the refused victim if any, else the size of the selection."""
        status = self._status
        if self._refused is not None:
            tail = "not in registry"
            metrics = status.fontMetrics()
            room = metrics.horizontalAdvance(tail) - metrics.horizontalAdvance("“”")
            name = metrics.elidedText(self._refused, Qt.TextElideMode.ElideRight, room)
            status.setText(f"“{name}”{_STATUS_BREAK}{tail}")
            status.setToolTip(_plain_tip(f"“{self._refused}” is not a victim of the registry; add it there first."))
            status.setStyleSheet(f"QLabel {{ color: {_warning_colour(_active(self.palette())).name()}; }}")
        elif self._subject is not None and self._selected > 1:
            status.setText(f"applies to {QLocale().toString(int(self._selected))}{_STATUS_BREAK}selected items")
            status.setToolTip("Every change made in this bar is applied to all the selected items.")
            status.setStyleSheet("")
        status.setVisible(self._refused is not None or (self._subject is not None and self._selected > 1))

    # -- the investigator's changes ------------------------------------------------------------------

    def _request(self, decision: Decision) -> None:
        self.decision_requested.emit(decision)

    def _on_level_clicked(self, level: int) -> None:
        if self._subject is None or (level == self._level and self._level_origin == MANUAL):
            return
        self._level, self._level_origin = level, MANUAL
        self._level_badge.show_origin(MANUAL, self._level_proposal_text())
        self._request(Decision(level=level))

    def _on_category_clicked(self, category: str, checked: bool) -> None:
        if self._subject is None:
            return
        if checked:
            self._categories.add(category)
            self._request(Decision(add_categories=(category,)))
        else:
            self._categories.discard(category)
            self._request(Decision(remove_categories=(category,)))

    def _on_reviewed_clicked(self, checked: bool) -> None:
        if self._subject is None:
            return
        self._reviewed = checked
        self._request(Decision(reviewed=checked))

    def _commit_note(self) -> None:
        text = self._note_edit.text()
        if self._subject is None or text == self._note:
            return
        self._note = text
        self._note_edit.setToolTip(self._note_tooltip())
        self._request(Decision(note=text))

    def _on_victim_activated(self, index: int) -> None:
        self._commit_victim(self._victim_box.itemText(index), explicit=True)

    def _on_victim_return(self) -> None:
        if self._commit_victim(self._victim_box.currentText(), explicit=True):
            self._give_focus_back()

    def _commit_victim(self, text: str, explicit: bool) -> bool:
        """Set the victim typed or picked; a name outside the registry is refused with a message.

        `explicit` (Enter, a pick from the list) also confirms an automatic victim as manual;
        merely leaving the field only commits a changed value. Returns whether the text was accepted.
        """
        if self._subject is None:
            return False
        name = text.strip()
        if name and name != NO_VICTIM and name.casefold() not in self._names:
            self._show_message(name)
            if not explicit:
                self._display_victim()  # leaving the field: show what is really saved
            return False
        self._clear_message()
        victim = self._names[name.casefold()] if name and name != NO_VICTIM else None
        if victim == self._victim and (not explicit or self._victim_origin == MANUAL):
            self._display_victim()
            return True
        self._victim, self._victim_origin = victim, MANUAL
        self._display_victim()
        self._victim_badge.show_origin(MANUAL, self._victim_proposal_text())
        self._request(Decision(victim=victim))
        return True

    # -- keyboard ------------------------------------------------------------------------------------

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving the victim box commits what was typed there.

        Watched application-wide because the completer swallows the box's FocusOut events while
        its list is open. Focus moving into the box's own lists, or the window losing activation
        (new is None), is not leaving.
        """
        box = self._victim_box
        if old is None or new is None or not (old == box or box.isAncestorOf(old)):
            return
        if new == box or box.isAncestorOf(new) or new == box.completer().popup():
            return
        if self._victim_text_edited():
            self._commit_victim(box.currentText(), explicit=False)

    def _on_shortcut(self) -> None:
        action = self._shortcut_actions.get(id(self.sender()))
        if action is not None and not _typing_in_text_field():
            action()

    def _click(self, button: QAbstractButton) -> None:
        if self._subject is not None:
            button.click()

    def _focus_victim(self) -> None:
        if self._subject is not None:
            self._return_focus = QApplication.focusWidget()
            self._victim_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._victim_box.lineEdit().selectAll()

    def _focus_note(self) -> None:
        if self._subject is not None:
            self._return_focus = QApplication.focusWidget()
            self._note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._note_edit.selectAll()

    def _give_focus_back(self) -> None:
        """After V or N and Enter/Escape, the keyboard returns to where the investigator was."""
        target, self._return_focus = self._return_focus, None
        if target is not None and shiboken6.isValid(target) and target.isVisible():
            QTimer.singleShot(0, target, lambda: target.setFocus(Qt.FocusReason.OtherFocusReason))

    def _remove_shortcuts(self) -> None:
        _delete_shortcuts(self._shortcuts)
        self._shortcuts.clear()
        self._shortcut_actions.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Victim box: no accidental changes by wheel or arrow keys; Escape reverts the fields."""
        kind = event.type()
        if watched is self._victim_box:
            if kind == QEvent.Type.Wheel:
                return True  # scrolling past the bar must not change a victim
            if kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) \
                    and not event.modifiers():
                self._victim_box.showPopup()  # choose in the list instead of changing on each step
                return True
        if watched in (self._victim_box, self._victim_box.lineEdit()) and kind == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Escape:
            self._clear_message()
            self._display_victim()
            self._give_focus_back()
            return True
        if watched is self._note_edit and kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self._note_edit.setText(self._note)
            self._give_focus_back()
            return True
        return super().eventFilter(watched, event)

    # -- palette ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Follow a live switch between light and dark themes, or of the font size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._palette_key = ()  # the badges and the height follow the font
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange, QEvent.Type.FontChange):
            self._restyle()

    def _restyle(self) -> None:
        palette = _active(self.palette())
        key = tuple(palette.color(group, role).rgba()
                    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled)
                    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText, QPalette.ColorRole.Button,
                                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.Highlight,
                                 QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Mid))
        if key == self._palette_key:
            return  # one theme switch sends both PaletteChange and ApplicationPaletteChange
        self._palette_key = key
        for button in self._levels.buttons():
            button.setStyleSheet(_level_style(self._levels.id(button), palette))
        category_style = _category_style(palette)
        for button in self._category_buttons.values():
            button.setStyleSheet(category_style)
        self._show_status()
        self._victim_badge.restyle(palette)
        self._level_badge.restyle(palette)
        # room for a two-line status at all times, so the preview above never jumps when it appears
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + self.layout().contentsMargins().top()
                              + self.layout().contentsMargins().bottom())


def _delete_shortcuts(shortcuts: Iterable[QShortcut]) -> None:
    for shortcut in shortcuts:
        if shiboken6.isValid(shortcut):
            shortcut.setEnabled(False)
            shortcut.deleteLater()


_BUTTON_BOX = "border-radius: 3px; padding: 2px 0px;"


def _level_style(level: int, palette: QPalette) -> str:
    """A level button: tinted with its hue, filled with it when chosen; the outline keeps the hue."""
    off, on = level_swatch(level, palette, selected=False), level_swatch(level, palette, selected=True)
    hover = blend(off.background, on.background, 0.35)
    focus = palette.color(QPalette.ColorRole.Highlight)
    disabled_text = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    disabled_fill = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button)
    return (f"QToolButton {{ background-color: {off.background.name()}; color: {off.text.name()};"
            f" border: 1px solid {off.border.name()}; {_BUTTON_BOX} }}"
            f" QToolButton:hover {{ background-color: {hover.name()};"
            f" color: {readable_text(hover, off.text).name()}; }}"
            f" QToolButton:checked {{ background-color: {on.background.name()}; color: {on.text.name()}; }}"
            f" QToolButton:focus {{ border-color: {focus.name()}; }}"
            f" QToolButton:disabled {{ background-color: {disabled_fill.name()}; color: {disabled_text.name()};"
            f" border-color: {off.border.name()}; }}")


def _category_style(palette: QPalette) -> str:
    """Category toggles: the theme's button when off, its selection colours when on."""
    role = QPalette.ColorRole
    button, text = palette.color(role.Button), palette.color(role.ButtonText)
    chosen, chosen_text = palette.color(role.Highlight), palette.color(role.HighlightedText)
    outline = palette.color(role.Mid)
    hover = blend(button, chosen, 0.2)
    disabled_text = palette.color(QPalette.ColorGroup.Disabled, role.ButtonText)
    return (f"QToolButton {{ background-color: {button.name()}; color: {text.name()};"
            f" border: 1px solid {outline.name()}; {_BUTTON_BOX} }}"
            f" QToolButton:hover {{ background-color: {hover.name()}; color: {readable_text(hover, text).name()}; }}"
            f" QToolButton:checked {{ background-color: {chosen.name()}; color: {chosen_text.name()};"
            f" border-color: {chosen.name()}; }}"
            f" QToolButton:focus {{ border-color: {text.name()}; }}"
            f" QToolButton:disabled {{ color: {disabled_text.name()}; }}")


def _warning_colour(palette: QPalette) -> QColor:
    """A red that reads on the window colour: dark red on light themes, light red on dark ones."""
    window = palette.color(QPalette.ColorRole.Window)
    red = QColor(0xFF, 0x8A, 0x80) if is_dark(palette) else QColor(0xB7, 0x1C, 0x1C)
    return red if contrast_ratio(window, red) >= 4.5 else palette.color(QPalette.ColorRole.WindowText)
