"""The victims manager and the settings dialog: the model holds up under Qt's checks, edits reach the
victims, invalid rows are refused in the dialog by the victims file's own rules, files import and
export, settings survive a round trip through QSettings, and the main window offers both dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QFont, QKeySequence, QValidator
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from trovetriage.case import Case
from trovetriage.core.victims import Victim, load_victims
from trovetriage.demo.victims import write_victims_toml
from trovetriage.gui.main_window import MainWindow
from trovetriage.gui.settings_dialog import (
    CASE_FOLDER_KEY,
    INGEST_JOBS_KEY,
    PAGE_FONT_KEY,
    SettingsDialog,
    adjusted_font,
    case_folder,
    ingest_jobs,
    page_font_delta,
)
from trovetriage.gui.victims_dialog import ATTRIBUTION_NOTE, VictimsDialog
from trovetriage.gui.victims_model import (
    ALIASES,
    COUNTRY,
    DOMAINS,
    HEADERS,
    NAME,
    SECTOR,
    VictimDraft,
    VictimsModel,
    check,
    join_list,
    split_list,
)
from trovetriage.ingest.pipeline import IngestOptions

BAHRAIN = Victim("Ministry of Foreign Affairs of Bahrain", "government", "BH", ("mofa.gov.bh", "mofa.local"),
                 ("Bahrain MOFA", "وزارة الخارجية البحرينية", "MOFABH"))
KARADENIZ = Victim("Karadeniz Doğalgaz İletim A.Ş.", "energy", "TR", ("karadenizgaz.com.tr",), ("KDGI", "KDİA"))
NORDVOLT = Victim("Nordvolt Grid Operations AS", "energy", "NO", ("nordvolt.no",), ("Nordvolt",))
HANBIT = Victim("Hanbit Offshore Energy Co., Ltd.", "energy", "KR", ("hanbit-offshore.co.kr",),
                ("Hanbit Offshore Energy Co., Ltd.", 'The "Hanbit" platform', "한빛해양에너지"))


@pytest.fixture
def settings_scope(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """QSettings in a temporary folder under a test organisation, so the user's settings stay untouched."""
    folder = tmp_path / "settings"
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("TroveTriageTests")
    QCoreApplication.setApplicationName("victims-dialog")
    yield folder
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation))
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)


@pytest.fixture
def demo_victims(tmp_path: Path) -> list[Victim]:
    """The 14 victims of the demo trove, as the victims file gives them."""
    path = tmp_path / "demo-victims.toml"
    write_victims_toml(path)
    return load_victims(path)


def dialog_for(qtbot: QtBot, victims: list[Victim]) -> VictimsDialog:
    dialog = VictimsDialog([victim.as_dict() for victim in victims])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def set_cell(dialog: VictimsDialog, row: int, column: int, text: str) -> None:
    assert dialog.model.setData(dialog.model.index(row, column), text)


# -- the model -----------------------------------------------------------------------------------------


def test_the_model_passes_the_model_tester(qtmodeltester: Any, demo_victims: list[Victim]) -> None:
    model = VictimsModel([VictimDraft.from_dict(v.as_dict()) for v in demo_victims])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 14 and model.columnCount() == len(HEADERS)
    model.add_draft()
    model.setData(model.index(14, NAME), "Nordvolt Grid Operations AS")
    model.removeRows(0, 3)
    qtmodeltester.check(VictimsModel(), force_py=True)


def test_lists_are_edited_as_comma_separated_text_and_quote_what_has_commas() -> None:
    model = VictimsModel([VictimDraft.from_dict(HANBIT.as_dict())])
    text = model.index(0, ALIASES).data()
    assert text == '"Hanbit Offshore Energy Co., Ltd.", "The ""Hanbit"" platform", 한빛해양에너지'
    assert split_list(text) == list(HANBIT.aliases)
    assert split_list(" a.example ,, b.example , ") == ["a.example", "b.example"]
    assert join_list([]) == "" and split_list("") == []
    assert model.setData(model.index(0, DOMAINS), ".Hanbit-Offshore.CO.KR, hanbit.local")
    assert model.drafts[0].domains == ["hanbit-offshore.co.kr", "hanbit.local"]
    assert model.index(0, DOMAINS).data(Qt.ItemDataRole.ToolTipRole) == "hanbit-offshore.co.kr\nhanbit.local"


def test_check_names_each_refused_row_as_the_table_numbers_it() -> None:
    drafts = [VictimDraft.from_dict(BAHRAIN.as_dict()), VictimDraft(name=""), VictimDraft(name="X", country="B1")]
    victims, problems = check(drafts)
    assert victims == []
    assert [(p.row, p.message) for p in problems] == [
        (1, "Row 2: 'name' is required"),
        (2, "Row 3 (X): country must be an ISO 3166 alpha-2 code, not 'B1'"),
    ]
    duplicate = [VictimDraft.from_dict(BAHRAIN.as_dict()), VictimDraft(name="ministry of foreign affairs of BAHRAIN")]
    assert [(p.row, p.message) for p in check(duplicate)[1]] == [
        (1, "Row 2 (ministry of foreign affairs of BAHRAIN): the name is used twice")]
    assert check([])[1][0].row == -1


# -- the dialog -------------------------------------------------------------------------------------------


def test_victims_come_back_equal_to_the_input(qtbot: QtBot, demo_victims: list[Victim]) -> None:
    dialog = dialog_for(qtbot, [*demo_victims, HANBIT])
    assert ATTRIBUTION_NOTE in {label.text().replace("<b>", "").replace("</b>", "")
                                for label in dialog.findChildren(type(dialog.message))}
    assert dialog.victims() == []  # nothing before OK
    dialog.ok_button.click()
    assert dialog.result() == VictimsDialog.DialogCode.Accepted
    assert dialog.victims() == [*demo_victims, HANBIT]
    assert all(isinstance(victim, Victim) for victim in dialog.victims())


def test_add_edit_and_remove_rows(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, [BAHRAIN])
    dialog.add_button.click()
    assert dialog.model.rowCount() == 2
    assert dialog.table.currentIndex().row() == 1 and dialog.table.currentIndex().column() == NAME
    assert dialog.table.state() == dialog.table.State.EditingState  # typing the name can start at once
    editor = dialog.table.indexWidget(dialog.table.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Karadeniz")  # QTest types Latin-1 only
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != dialog.table.State.EditingState)  # Enter commits, queued
    assert dialog.model.drafts[1].name == "Karadeniz"
    set_cell(dialog, 1, NAME, KARADENIZ.name)
    set_cell(dialog, 1, SECTOR, "energy")
    set_cell(dialog, 1, COUNTRY, "tr")
    set_cell(dialog, 1, DOMAINS, "karadenizgaz.com.tr")
    set_cell(dialog, 1, ALIASES, "KDGI, KDİA")
    dialog.add_button.click()
    dialog.table.setFocus()
    set_cell(dialog, 2, NAME, "Short-lived row")
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert [draft.name for draft in dialog.model.drafts] == [KARADENIZ.name, "Short-lived row"]
    dialog.table.selectRow(1)
    dialog.remove_button.click()
    dialog.ok_button.click()
    assert dialog.result() == VictimsDialog.DialogCode.Accepted
    assert dialog.victims() == [KARADENIZ]


def test_ok_keeps_what_is_typed_in_an_open_cell(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, [BAHRAIN])
    dialog.table.setCurrentIndex(dialog.model.index(0, COUNTRY))  # as a click on the cell does
    dialog.table.edit(dialog.model.index(0, COUNTRY))
    editor = dialog.table.indexWidget(dialog.model.index(0, COUNTRY))
    assert isinstance(editor, QLineEdit)
    editor.setText("bh")
    dialog.add_victim()  # an editor open on the new row's name, typed into but not left
    editor = dialog.table.indexWidget(dialog.model.index(1, NAME))
    assert isinstance(editor, QLineEdit)
    editor.setText(NORDVOLT.name)
    dialog.accept()
    assert dialog.result() == VictimsDialog.DialogCode.Accepted
    assert dialog.victims() == [BAHRAIN, Victim(NORDVOLT.name)]


def test_the_delegates_offer_the_sectors_and_take_two_letters(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, [BAHRAIN])
    parent = QWidget()
    qtbot.addWidget(parent)
    option = QStyleOptionViewItem()
    sector_index, country_index = dialog.model.index(0, SECTOR), dialog.model.index(0, COUNTRY)
    combo = dialog.sector_delegate.createEditor(parent, option, sector_index)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(n) for n in range(combo.count())] == ["government", "energy", "other"]
    dialog.sector_delegate.setEditorData(combo, sector_index)
    assert combo.currentText() == "government"
    combo.setCurrentIndex(1)
    dialog.sector_delegate.setModelData(combo, dialog.model, sector_index)
    assert dialog.model.drafts[0].sector == "energy"
    edit = dialog.country_delegate.createEditor(parent, option, country_index)
    assert isinstance(edit, QLineEdit)
    validator = edit.validator()
    assert validator.validate("bh", 2)[0] == QValidator.State.Acceptable
    assert validator.validate("b1", 2)[0] == QValidator.State.Invalid
    assert edit.maxLength() == 2


@pytest.mark.parametrize(("column", "text", "message"), [
    (COUNTRY, "B", "Row 2 (Karadeniz Doğalgaz İletim A.Ş.): country must be an ISO 3166 alpha-2 code, not 'B'"),
    (COUNTRY, "1T", "Row 2 (Karadeniz Doğalgaz İletim A.Ş.): country must be an ISO 3166 alpha-2 code, not '1T'"),
    (NAME, "  ", "Row 2: 'name' is required"),
    (SECTOR, "oil", "Row 2 (Karadeniz Doğalgaz İletim A.Ş.): sector must be one of government, energy, other, "
                    "not 'oil'"),
])
def test_invalid_rows_are_refused_inline_and_the_dialog_stays_open(qtbot: QtBot, column: int, text: str,
                                                                    message: str) -> None:
    dialog = dialog_for(qtbot, [BAHRAIN, KARADENIZ])
    set_cell(dialog, 1, column, text)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() != VictimsDialog.DialogCode.Accepted
    assert dialog.message.isVisible() and dialog.message_icon.isVisible()
    assert dialog.message.text() == message
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText  # a name is never read as markup
    assert dialog.victims() == []
    assert dialog.table.currentIndex().row() == 1  # the refused row is selected
    assert dialog.model.headerData(1, Qt.Orientation.Vertical) == "⚠ 2"
    assert dialog.model.index(1, NAME).data(Qt.ItemDataRole.ToolTipRole) == message  # explained in its tooltip

    # fixing the row clears the message as it is typed, and OK then closes
    set_cell(dialog, 1, NAME, KARADENIZ.name)
    set_cell(dialog, 1, column, {COUNTRY: "TR", NAME: KARADENIZ.name, SECTOR: "energy"}[column])
    assert not dialog.message.isVisible()
    assert dialog.model.headerData(1, Qt.Orientation.Vertical) == "2"
    dialog.ok_button.click()
    assert dialog.result() == VictimsDialog.DialogCode.Accepted
    assert dialog.victims() == [BAHRAIN, KARADENIZ]


def test_several_bad_rows_are_counted_and_a_duplicate_name_is_named(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, [BAHRAIN, KARADENIZ])
    set_cell(dialog, 0, COUNTRY, "X")
    set_cell(dialog, 1, COUNTRY, "Y")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.message.text().endswith("(and 1 more row, marked ⚠)")
    set_cell(dialog, 0, COUNTRY, "BH")
    set_cell(dialog, 1, COUNTRY, "TR")
    set_cell(dialog, 1, NAME, BAHRAIN.name.upper())
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.message.text() == f"Row 2 ({BAHRAIN.name.upper()}): the name is used twice"


def test_an_empty_registry_is_refused(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, [BAHRAIN])
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert not dialog.remove_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "at least one victim" in dialog.message.text()


def test_import_replaces_the_table_and_a_bad_file_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    good = tmp_path / "victims.toml"
    good.write_text('[[victims]]\nname = "Karadeniz Doğalgaz İletim A.Ş."\nsector = "energy"\ncountry = "tr"\n'
                    'domains = [".KaradenizGaz.com.tr"]\naliases = ["KDGI", "KDİA"]\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[victims]]\nname = "Nowhere"\ncountry = "XYZ"\n', encoding="utf-8")
    dialog = dialog_for(qtbot, [BAHRAIN])
    assert not dialog.import_file(bad)
    assert dialog.message.text() == ("Could not import bad.toml: victim #1 (Nowhere): country must be an ISO 3166 "
                                     "alpha-2 code, not 'XYZ'")
    assert not dialog.import_file(tmp_path / "missing.toml")
    assert dialog.model.drafts == [VictimDraft.from_dict(BAHRAIN.as_dict())]
    assert dialog.import_file(good)
    assert dialog.message.text().startswith("Imported 1 victim from victims.toml")
    assert not dialog.message_icon.isVisible()
    dialog.ok_button.click()
    assert dialog.victims() == [KARADENIZ]


def test_export_round_trips_and_refuses_an_invalid_table(qtbot: QtBot, tmp_path: Path,
                                                         demo_victims: list[Victim]) -> None:
    dialog = dialog_for(qtbot, [*demo_victims, NORDVOLT, HANBIT])
    path = tmp_path / "out" / "victims.toml"
    path.parent.mkdir()
    assert dialog.export_file(path)
    assert load_victims(path) == [*demo_victims, NORDVOLT, HANBIT]
    set_cell(dialog, 0, COUNTRY, "")
    set_cell(dialog, 1, NAME, "")
    assert not dialog.export_file(tmp_path / "never.toml")
    assert not (tmp_path / "never.toml").exists()
    assert dialog.message.text() == "Row 2: 'name' is required"
    set_cell(dialog, 1, NAME, demo_victims[1].name)
    assert not dialog.export_file(tmp_path / "no-such-folder" / "victims.toml")
    assert dialog.message.text().startswith("Could not write ") and dialog.message_icon.isVisible()


def test_the_dialog_shows_whole_cells_without_scrolling_sideways(qtbot: QtBot, demo_victims: list[Victim]) -> None:
    dialog = dialog_for(qtbot, demo_victims)
    metrics = dialog.table.fontMetrics()
    for column in (NAME, DOMAINS):
        longest = max(metrics.horizontalAdvance(dialog.model.index(row, column).data()) for row in range(14))
        assert dialog.table.columnWidth(column) > longest, HEADERS[column]
    assert dialog.table.columnWidth(SECTOR) > metrics.horizontalAdvance("government")
    screen = dialog.screen().availableGeometry()
    assert min(screen.width() - 80, 1000) <= dialog.width() <= screen.width() - 80  # wide, but on the screen
    dialog.resize(1400, 600)  # a common screen: everything fits, even once rows are marked
    set_cell(dialog, 9, COUNTRY, "X")
    set_cell(dialog, 12, NAME, "")
    dialog.ok_button.click()
    assert dialog.model.headerData(12, Qt.Orientation.Vertical) == "⚠ 13"
    qtbot.waitUntil(lambda: dialog.table.horizontalHeader().length() <= dialog.table.viewport().width())
    assert not dialog.table.horizontalScrollBar().isVisible()
    assert not dialog.grab().toImage().isNull()


# -- settings ---------------------------------------------------------------------------------------------


def test_settings_are_stored_and_read_back(qtbot: QtBot, settings_scope: Path, tmp_path: Path) -> None:
    settings = QSettings()
    assert (case_folder(settings), ingest_jobs(settings), page_font_delta(settings)) == ("", None, 0)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.jobs.text().startswith("Automatic (")
    assert dialog.font_delta.text() == "System size"
    dialog.case_folder.setText(str(tmp_path))
    dialog.jobs.setValue(1)
    dialog.font_delta.setValue(2)
    assert dialog.font_delta.text() == "+2 pt"
    dialog.font_delta.lineEdit().selectAll()
    qtbot.keyClicks(dialog.font_delta, "-3")
    assert dialog.font_delta.value() == -3
    dialog.font_delta.lineEdit().selectAll()
    qtbot.keyClicks(dialog.font_delta, "+2")
    assert dialog.font_delta.value() == 2
    dialog.reset_layout.setChecked(True)
    dialog.accept()
    assert dialog.reset_layout_requested()
    assert list(settings_scope.rglob("*.ini")), "the settings went to the temporary folder"
    again = QSettings()
    assert (case_folder(again), ingest_jobs(again), page_font_delta(again)) == (str(tmp_path), 1, 2)
    reopened = SettingsDialog(again)
    qtbot.addWidget(reopened)
    assert (reopened.case_folder.text(), reopened.jobs.value(), reopened.font_delta.value()) == (str(tmp_path), 1, 2)
    reopened.case_folder.clear()
    reopened.jobs.setValue(0)
    reopened.font_delta.setValue(0)
    reopened.accept()
    cleared = QSettings()
    assert not {CASE_FOLDER_KEY, INGEST_JOBS_KEY, PAGE_FONT_KEY} & set(cleared.allKeys())
    cleared.setValue(INGEST_JOBS_KEY, "many")
    cleared.setValue(PAGE_FONT_KEY, 99)
    assert ingest_jobs(cleared) is None and page_font_delta(cleared) == 12


def test_the_font_adjustment_sets_only_the_size() -> None:
    base = QFont("Sans", 10)
    assert adjusted_font(base, 0).resolveMask() == 0
    bigger = adjusted_font(base, 3)
    assert bigger.pointSizeF() == 13 and bigger.resolveMask() != 0
    inherited = bigger.resolve(QFont("Serif", 9, QFont.Weight.Bold))  # what a child of a bold serif widget gets
    assert (inherited.family(), inherited.pointSizeF(), inherited.bold()) == ("Serif", 13, True)
    assert adjusted_font(base, -8).pointSizeF() == 6
    pixels = QFont()
    pixels.setPixelSize(12)
    assert adjusted_font(pixels, 3).pixelSize() == 16


# -- the main window ----------------------------------------------------------------------------------------


def menu_actions(window: MainWindow) -> dict[str, Any]:
    actions: dict[str, Any] = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            actions[action.text()] = action
    return actions


def test_the_main_window_offers_victims_and_settings(qtbot: QtBot, settings_scope: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    actions = menu_actions(window)
    assert "Import &victims file…" not in actions
    assert actions["&Victims…"].shortcut() == QKeySequence("Ctrl+Shift+V")
    preferences = QKeySequence(QKeySequence.StandardKey.Preferences)
    assert actions["Se&ttings…"].shortcut() == (QKeySequence("Ctrl+,") if preferences.isEmpty() else preferences)
    actions["Se&ttings…"].trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.font_delta.setValue(4)
    dialog.reset_layout.setChecked(True)
    dialog.accept()
    assert window.preview.font().pointSizeF() == QApplication.font().pointSizeF() + 4
    assert window.preview.font().family() == QApplication.font().family()
    assert window.size().width() == 1400


def test_ingest_passes_the_jobs_setting(qtbot: QtBot, settings_scope: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.case_dir = tmp_path
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(window.jobs, "start", lambda *args, **kwargs: calls.append(kwargs) or True)
    window.ingest([tmp_path / "trove"])
    assert "options" not in calls[-1]
    window.settings.setValue(INGEST_JOBS_KEY, 3)
    window.ingest([tmp_path / "trove"])
    assert calls[-1]["options"] == IngestOptions(jobs=3)
    assert calls[-1]["sources"] == [str(tmp_path / "trove")]


def test_victims_edited_in_the_window_reach_the_case(qtbot: QtBot, settings_scope: Path, tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    with Case.open(case_dir, create=True) as case:
        case.set_victims([BAHRAIN])
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_dir)
    qtbot.waitUntil(window.idle, timeout=60_000)

    def open_dialog() -> VictimsDialog:
        menu_actions(window)["&Victims…"].trigger()
        qtbot.waitUntil(lambda: window.findChild(VictimsDialog) is not None, timeout=30_000)
        dialog = window.findChild(VictimsDialog)
        assert dialog is not None and dialog.isVisible()
        return dialog

    open_dialog().buttons.rejected.emit()  # Cancel
    qtbot.waitUntil(lambda: window.findChild(VictimsDialog) is None)  # closed and deleted
    assert not window.jobs.running
    open_dialog().ok_button.click()  # Save with nothing changed: no job re-runs attribution for nothing
    assert not window.jobs.running and window.status_label.text() == "The victims registry is unchanged."
    qtbot.waitUntil(lambda: window.findChild(VictimsDialog) is None)
    dialog = open_dialog()
    assert dialog is not None and dialog.model.drafts == [VictimDraft.from_dict(BAHRAIN.as_dict())]
    dialog.add_victim()
    dialog.table.setFocus()
    for column, text in ((NAME, KARADENIZ.name), (SECTOR, "energy"), (COUNTRY, "TR"),
                         (DOMAINS, "karadenizgaz.com.tr"), (ALIASES, "KDGI, KDİA")):
        set_cell(dialog, 1, column, text)
    dialog.ok_button.click()
    assert window.jobs.running
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=60_000)
    qtbot.waitUntil(lambda: window.victim_names == [BAHRAIN.name, KARADENIZ.name], timeout=60_000)
    with Case.open(case_dir) as case:
        assert case.victims() == [BAHRAIN, KARADENIZ]
    window.close()
