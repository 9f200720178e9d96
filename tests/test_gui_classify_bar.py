"""The classification bar: every control asks for the right Decision, keys work, typing is never hijacked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trovetriage.core.judgements import Decision
from trovetriage.gui.classify_bar import CATEGORIES, NO_VICTIM, ClassifyBar
from trovetriage.gui.level_colors import MIN_CONTRAST, contrast_ratio, level_label, level_swatch

VICTIMS = ["Acme Corp", "Kestrel Shipping", "Ministry of Foreign Affairs of Bahrain"]


def classification(**fields: Any) -> dict[str, Any]:
    """A classification row as the case returns it; `fields` override the defaults."""
    row: dict[str, Any] = {"item_id": "item-1", "victim": "Acme Corp", "victim_confidence": 0.93,
                           "victim_origin": "auto", "level": 2, "level_origin": "auto", "categories": ["pii"],
                           "reviewed": False, "note": "", "auto_victim": "Acme Corp", "auto_victim_confidence": 0.93,
                           "auto_level": 2}
    row.update(fields)
    return row


class Window(QWidget):
    """A stand-in main window: a results table above the bar, shortcuts installed on the window."""

    def __init__(self) -> None:
        super().__init__()
        self.table = QTableWidget(3, 2)
        self.bar = ClassifyBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.bar)
        self.bar.set_victims(VICTIMS)
        self.bar.install_shortcuts(self)
        self.resize(1280, 400)


@pytest.fixture
def window(qtbot: Any) -> Iterator[Window]:
    win = Window()
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.bar.show_classification(classification(), 1)
    win.table.setFocus()
    qtbot.waitUntil(win.table.hasFocus)
    yield win


@pytest.fixture
def decisions(window: Window) -> list[Decision]:
    caught: list[Decision] = []
    window.bar.decision_requested.connect(caught.append)
    return caught


def child(bar: ClassifyBar, kind: type, name: str) -> Any:
    widget = bar.findChild(kind, name)
    assert widget is not None, name
    return widget


def level_button(bar: ClassifyBar, level: int) -> QToolButton:
    return child(bar, QToolButton, f"level{level}")


def victim_edit(bar: ClassifyBar) -> QLineEdit:
    return child(bar, QComboBox, "victim").lineEdit()


# -- mouse and typing ----------------------------------------------------------------------------


def test_level_button_click_emits_the_level(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    qtbot.mouseClick(level_button(window.bar, 3), Qt.MouseButton.LeftButton)
    assert decisions == [Decision(level=3)]
    assert level_button(window.bar, 3).isChecked() and not level_button(window.bar, 2).isChecked()
    assert child(window.bar, QLabel, "level_origin").text() == "manual"  # optimistic


def test_clicking_the_proposed_level_confirms_it_once(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    """Level 2 is only proposed: choosing it makes it manual; choosing it again asks nothing more."""
    qtbot.mouseClick(level_button(window.bar, 2), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(level_button(window.bar, 2), Qt.MouseButton.LeftButton)
    assert decisions == [Decision(level=2)]


def test_categories_are_added_and_removed(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    qtbot.mouseClick(child(window.bar, QToolButton, "category_financial"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(window.bar, QToolButton, "category_pii"), Qt.MouseButton.LeftButton)
    assert decisions == [Decision(add_categories=("financial",)), Decision(remove_categories=("pii",))]


def test_victim_chosen_from_the_completion(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "SHIPP")  # case-insensitive, in the middle of the name
    popup = child(window.bar, QComboBox, "victim").completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert decisions == [Decision(victim="Kestrel Shipping")]
    assert child(window.bar, QComboBox, "victim").currentText() == "Kestrel Shipping"
    assert child(window.bar, QLabel, "victim_origin").text() == "manual"


def test_victim_typed_in_another_case_is_saved_in_the_registry_spelling(
        qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "kestrel shipping")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert decisions == [Decision(victim="Kestrel Shipping")]


def test_unknown_victim_is_refused_inline(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Nobody Ltd")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    status = child(window.bar, QLabel, "status")
    assert decisions == []
    assert status.isVisible() and "Nobody Ltd" in status.text() and "not in registry" in status.text()
    assert QApplication.activeModalWidget() is None  # inline, not a dialog
    assert edit.text() == "Nobody Ltd"  # kept for correction
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert not status.isVisible()  # editing clears the message


def test_unknown_victim_left_by_focus_out_is_reverted(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Nobody Ltd")
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    assert decisions == []
    assert edit.text() == "Acme Corp"  # what is really saved
    assert child(window.bar, QLabel, "status").isVisible()


def test_known_victim_is_committed_on_focus_out(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Kestrel Shipping")  # the completion list is open now
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not child(window.bar, QComboBox, "victim").hasFocus())
    assert decisions == [Decision(victim="Kestrel Shipping")]


def test_no_victim_entry_clears_the_victim(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    box = child(window.bar, QComboBox, "victim")
    box.showPopup()
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(box.model().index(box.findText(NO_VICTIM), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert decisions == [Decision(victim=None)]
    assert box.currentText() == NO_VICTIM


def test_note_is_committed_on_enter(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    note = child(window.bar, QLineEdit, "note")
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "NTDS dump, DC01")
    assert decisions == []  # nothing while typing
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert decisions == [Decision(note="NTDS dump, DC01")]


def test_escape_in_the_note_restores_the_saved_note(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    window.bar.show_classification(classification(note="seen"), 1)
    note = child(window.bar, QLineEdit, "note")
    note.setFocus()
    qtbot.keyClicks(note, " and more")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    assert note.text() == "seen" and decisions == []


def test_reviewed_checkbox_click(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    box = child(window.bar, QCheckBox, "reviewed")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert decisions == [Decision(reviewed=True)]


def test_a_refresh_does_not_erase_a_note_being_typed(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    note = child(window.bar, QLineEdit, "note")
    note.setFocus()
    qtbot.keyClicks(note, "half a")
    window.bar.show_classification(classification(level=4, level_origin="manual"), 1)  # a save came back
    assert note.text() == "half a" and level_button(window.bar, 4).isChecked()
    window.bar.show_classification(classification(item_id="item-2"), 1)  # another item: its own note
    assert note.text() == ""


# -- keyboard ------------------------------------------------------------------------------------


def test_digit_key_sets_the_level(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_3)
    assert decisions == [Decision(level=3)]


def test_r_toggles_reviewed(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_R)
    qtbot.keyClick(window.table, Qt.Key.Key_R)
    assert decisions == [Decision(reviewed=True), Decision(reviewed=False)]


@pytest.mark.parametrize("number", range(1, 9))
def test_shift_digit_toggles_a_category(qtbot: Any, window: Window, decisions: list[Decision], number: int) -> None:
    category = CATEGORIES[number - 1]
    qtbot.keyClick(window.table, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ShiftModifier)
    expected = Decision(remove_categories=(category,)) if category == "pii" else Decision(add_categories=(category,))
    assert decisions == [expected]
    assert f"Shift+{number}" in child(window.bar, QToolButton, f"category_{category}").toolTip()


def test_navigation_and_undo_keys(qtbot: Any, window: Window) -> None:
    with qtbot.waitSignal(window.bar.next_requested, timeout=1000):
        qtbot.keyClick(window.table, Qt.Key.Key_J)
    with qtbot.waitSignal(window.bar.previous_requested, timeout=1000):
        qtbot.keyClick(window.table, Qt.Key.Key_K)
    with qtbot.waitSignal(window.bar.undo_requested, timeout=1000):
        qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_keys_typed_into_the_note_are_text_not_shortcuts(qtbot: Any, window: Window,
                                                         decisions: list[Decision]) -> None:
    fired: list[str] = []
    window.bar.next_requested.connect(lambda: fired.append("next"))
    window.bar.undo_requested.connect(lambda: fired.append("undo"))
    note = child(window.bar, QLineEdit, "note")
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "3 rj")
    qtbot.keyClick(note, Qt.Key.Key_1, Qt.KeyboardModifier.ShiftModifier)
    assert note.text().startswith("3 rj")
    assert decisions == [] and fired == []
    assert level_button(window.bar, 2).isChecked() and not level_button(window.bar, 3).isChecked()


def test_keys_typed_into_the_victim_box_are_text(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "4r")
    assert edit.text() == "4r" and decisions == []


def test_v_and_n_focus_the_fields_and_enter_returns_to_the_table(qtbot: Any, window: Window,
                                                                 decisions: list[Decision]) -> None:
    qtbot.keyClick(window.table, Qt.Key.Key_V)
    assert child(window.bar, QComboBox, "victim").hasFocus()
    qtbot.keyClicks(victim_edit(window.bar), "Kestrel Shipping")
    qtbot.keyClick(victim_edit(window.bar), Qt.Key.Key_Return)
    qtbot.waitUntil(window.table.hasFocus)
    qtbot.keyClick(window.table, Qt.Key.Key_N)
    note = child(window.bar, QLineEdit, "note")
    assert note.hasFocus()
    qtbot.keyClicks(note, "ok")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.waitUntil(window.table.hasFocus)
    assert decisions == [Decision(victim="Kestrel Shipping"), Decision(note="ok")]


def test_nothing_selected_disables_the_bar(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    window.bar.show_classification(None, 0)
    assert not window.bar.isEnabled()
    assert not any(b.isChecked() for b in window.bar.findChildren(QAbstractButton))
    qtbot.keyClick(window.table, Qt.Key.Key_3)
    qtbot.keyClick(window.table, Qt.Key.Key_R)
    assert decisions == []


def test_shortcuts_replaced_not_doubled(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    window.bar.install_shortcuts(window)
    qtbot.wait(1)  # let the old shortcuts' deferred deletion run
    qtbot.keyClick(window.table, Qt.Key.Key_4)
    assert decisions == [Decision(level=4)]


# -- what the bar shows ----------------------------------------------------------------------------


def test_badges_say_auto_or_manual_with_the_proposal(window: Window) -> None:
    window.bar.show_classification(classification(level=3, level_origin="manual", auto_level=2), 1)
    victim_badge = child(window.bar, QLabel, "victim_origin")
    level_badge = child(window.bar, QLabel, "level_origin")
    assert victim_badge.text() == "auto" and "proposed: Acme Corp (0.93)" in victim_badge.toolTip()
    assert level_badge.text() == "manual" and "proposed: 2 CONFIDENTIAL" in level_badge.toolTip()
    window.bar.show_classification(classification(victim=None, victim_origin=None, auto_victim=None,
                                                  auto_victim_confidence=None, victim_confidence=None), 1)
    assert not victim_badge.isVisible()
    assert child(window.bar, QComboBox, "victim").currentText() == NO_VICTIM


def test_multiple_selection_is_announced(window: Window) -> None:
    window.bar.show_classification(classification(), 12)
    status = child(window.bar, QLabel, "status")
    assert status.isVisible() and " ".join(status.text().split()) == "applies to 12 selected items"
    window.bar.show_classification(classification(), 1)
    assert not status.isVisible()


def test_a_victim_no_longer_in_the_registry_is_still_shown(window: Window) -> None:
    window.bar.show_classification(classification(victim="Old Victim", victim_origin="manual"), 1)
    assert child(window.bar, QComboBox, "victim").currentText() == "Old Victim"


def test_one_row_at_1280_px_without_cut_labels(qtbot: Any, window: Window, decisions: list[Decision]) -> None:
    """Even with a refusal message and a multiple selection showing, nothing is elided or clipped."""
    window.bar.show_classification(classification(), 1234)
    edit = victim_edit(window.bar)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Somebody Else Entirely")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.bar.minimumSizeHint().width() <= 1280
    qtbot.waitUntil(lambda: window.bar.width() <= 1280)
    for button in window.bar.findChildren(QAbstractButton):
        text_width = button.fontMetrics().horizontalAdvance(button.text())
        assert button.width() >= text_width + 2, button.text()
        assert button.geometry().right() < window.bar.width()
    single_row = {b.geometry().center().y() for b in window.bar.findChildren(QToolButton)}
    assert max(single_row) - min(single_row) <= 1


# -- bulk confirmation -------------------------------------------------------------------------------


def _answer_message_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press `button` on the message box as soon as it is open."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


@pytest.mark.parametrize(("answer", "expected"), [(QMessageBox.StandardButton.Yes, True),
                                                  (QMessageBox.StandardButton.No, False)])
def test_confirm_bulk(window: Window, answer: QMessageBox.StandardButton, expected: bool) -> None:
    seen: list[str] = []
    _answer_message_box(answer, seen)
    assert window.bar.confirm_bulk(1500, "level 3 SECRET", window) is expected
    assert len(seen) == 1 and seen[0].startswith("Apply level 3 SECRET to all ")
    assert seen[0].endswith(" results of the current search?") and "1" in seen[0]


def test_confirm_bulk_defaults_to_no(window: Window) -> None:
    seen: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            QTimer.singleShot(10, press_enter)

    QTimer.singleShot(0, press_enter)
    assert window.bar.confirm_bulk(7, "victim Acme Corp", window) is False
    assert seen


# -- level colours -----------------------------------------------------------------------------------


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Button, window),
                         (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.ButtonText, text)):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("palette", [_palette("#efefef", "#000000"), _palette("#2b2b2b", "#e6e6e6")],
                         ids=["light", "dark"])
@pytest.mark.parametrize("level", range(5))
def test_level_colours_are_readable(qapp: QApplication, palette: QPalette, level: int) -> None:
    for selected in (False, True):
        swatch = level_swatch(level, palette, selected)
        assert contrast_ratio(swatch.background, swatch.text) >= MIN_CONTRAST
    assert level_label(level).startswith(f"{level} ")


def test_bar_follows_a_palette_switch(qtbot: Any, window: Window) -> None:
    button = level_button(window.bar, 0)
    light_style = button.styleSheet()
    window.bar.setPalette(_palette("#2b2b2b", "#e6e6e6"))
    assert button.styleSheet() != light_style


def test_a_destroyed_bar_leaves_no_live_shortcuts(qtbot: Any, window: Window) -> None:
    """The shortcuts live on the window; once the bar is gone its keys do nothing and raise nothing."""
    assert len(window.findChildren(QShortcut)) == 5 + 8 + 6
    bar = window.bar
    bar.setParent(None)
    bar.deleteLater()
    qtbot.waitUntil(lambda: not window.findChildren(ClassifyBar) and not window.findChildren(QShortcut))
    qtbot.keyClick(window.table, Qt.Key.Key_3)
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    window.table.setFocus()
    window.setFocus()
