"""The dashboard: its models hold up under Qt's model checks, totals add up, activations carry the
right filters, refreshes leave nothing stale, an empty case says so, and it renders readably."""

from __future__ import annotations

import copy
import itertools
import random
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QHelpEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QToolTip

from trovetriage.gui.dashboard import EMPTY_CASE, NO_DATA, Dashboard
from trovetriage.gui.dashboard_models import (
    NO_VICTIM,
    NOT_CLASSIFIED,
    CredentialsModel,
    DashboardData,
    LevelMatrixModel,
    ProblemsModel,
    StatusCountModel,
)
from trovetriage.gui.level_colors import contrast_ratio
from trovetriage.gui.timeline import TimelineWidget

LEVEL_NAMES = {"0": "PUBLIC", "1": "INTERNAL", "2": "CONFIDENTIAL", "3": "SECRET", "4": "CRITICAL", "none": "—"}
LEVELS: list[int | None] = [0, 1, 2, 3, 4, None]
MINISTRIES = [
    "Ministry of Foreign Affairs of Bahrain",
    "Ministry of Foreign Affairs of Azerbaijan",
    "Ministry of Foreign Affairs of Romania",
    "Ministry of Foreign Affairs of Malaysia",
    "Ministry of Foreign Affairs of the Republic of Korea",
    "Ministry of Energy and Mineral Resources of Oman",
]
ENERGY = [
    "Thistlebank Energy Services plc",
    "Karadeniz Doğalgaz İletim A.Ş.",
    "Caspian Meridian Oil & Gas LLC",
    "Petrodunărea Transport Gaze S.A.",
    "Selat Melaka Power Berhad",
    "Hanbit Offshore Energy Co., Ltd.",
    "Gulf Crescent Refining W.L.L.",
    "Nordvolt Grid Operations AS",
]


def small_data() -> DashboardData:
    """Two victims and unattributed items, numbers easy to add up by hand."""
    return {
        "levels": list(LEVELS),
        "level_names": dict(LEVEL_NAMES),
        "matrix": {
            "Alpha Ministry": {"0": 5, "1": 10, "2": 0, "3": 2, "4": 0, "none": 1},
            "Beta Energy": {"0": 0, "1": 3, "2": 4, "3": 0, "4": 1, "none": 0},
            NO_VICTIM: {"0": 7, "1": 0, "2": 0, "3": 0, "4": 2, "none": 6},
        },
        "credentials": {
            "Alpha Ministry": {"distinct": 29, "by_kind": {"plaintext": 25, "ntlm": 4},
                               "privileged": ["ALPHA\\Administrator", "ALPHA\\krbtgt", "root", "ALPHA\\da.kaya",
                                              "ALPHA\\svc-admin", "ALPHA\\backup.admin", "ALPHA\\it.admin"]},
            "Beta Energy": {"distinct": 3, "by_kind": {"netntlmv2": 3}, "privileged": []},
        },
        "statuses": {"ok": 38, "empty": 1, "encrypted": 2, "corrupt": 1},
        "problems": [
            {"key": 11, "path": "drop/a.zip!Inbox/3.eml!annex.docx", "status": "encrypted",
             "status_detail": "Office document encrypted with an unknown password"},
            {"key": 42, "path": "drop/b.pdf", "status": "encrypted", "status_detail": "PDF: AES-256, no password"},
            {"key": 77, "path": "drop/c.xlsx", "status": "corrupt", "status_detail": "ZIP central directory missing"},
        ],
        "timeline": {
            "Alpha Ministry": {"2022-11": 4, "2023-01": 10, "2023-02": 3},
            "Beta Energy": {"2023-02": 8},
            NO_VICTIM: {"2022-12": 1},
        },
        "totals": {"items": 41, "victims": 2, "credentials": 32},
    }


def empty_data() -> DashboardData:
    return {"levels": list(LEVELS), "level_names": dict(LEVEL_NAMES), "matrix": {}, "credentials": {},
            "statuses": {}, "problems": [], "timeline": {}, "totals": {"items": 0, "victims": 0, "credentials": 0}}


def realistic_data(seed: int = 7) -> DashboardData:
    """Fourteen victims as a seized trove might show them: skewed counts, a few huge credential dumps."""
    rng = random.Random(seed)
    matrix: dict[str, dict[str, int]] = {}
    credentials: dict[str, Any] = {}
    timeline: dict[str, dict[str, int]] = {}
    for i, name in enumerate([*MINISTRIES, *ENERGY, NO_VICTIM]):
        scale = rng.choice([40, 120, 400, 1500, 6000])
        row = {"0": rng.randint(0, scale // 4), "1": rng.randint(scale // 3, scale),
               "2": rng.randint(0, scale // 2), "3": rng.randint(0, scale // 20),
               "4": rng.choice([0, 0, rng.randint(1, 12)]), "none": rng.randint(0, scale // 10)}
        matrix[name] = row
        start = rng.randint(2019 * 12, 2023 * 12)
        months = [m for m in range(start, min(start + rng.randint(3, 48), 2024 * 12 + 10)) if rng.random() < 0.8]
        dated = rng.choices(months, k=sum(row.values()) * 9 // 10)  # most items carry a date
        timeline[name] = {f"{m // 12}-{m % 12 + 1:02d}": dated.count(m) for m in sorted(set(dated))}
        if name != NO_VICTIM and rng.random() < 0.75:
            domain = "".join(part[0] for part in name.split() if part[0].isalpha()).upper()[:6]
            kinds = {kind: rng.randint(1, 900) for kind in rng.sample(
                ["plaintext", "ntlm", "netntlmv2", "kerberos", "sha512crypt", "bcrypt", "md5"], rng.randint(1, 4))}
            privileged = [f"{domain}\\{acct}" for acct in rng.sample(
                ["Administrator", "krbtgt", "da.aliyev", "adm.popescu", "it.admin", "backup.admin", "root",
                 "svc-adm", "ent.admin"], rng.choice([0, 1, 2, 3, 7, 9]))]
            credentials[name] = {"distinct": sum(kinds.values()) - rng.randint(0, 3), "by_kind": kinds,
                                 "privileged": privileged}
        if i == 2:
            timeline[name]["1601-01"] = 0  # bogus FILETIME-zero dates arrive with zero counts sometimes
    items = sum(sum(row.values()) for row in matrix.values())
    statuses = {"empty": 311, "unsupported": 904, "encrypted": 122, "corrupt": 37, "truncated": 9, "timeout": 4,
                "too_large": 2, "skipped_depth": 0, "skipped_bomb": 1}
    statuses = {"ok": items - sum(statuses.values()), **statuses}  # the same items, counted by status
    kinds = ["encrypted", "corrupt", "truncated", "timeout", "too_large", "skipped_bomb"]
    details = {"encrypted": "AES-256 ZIP member; no password on the list opened it", "corrupt": "bad CRC in member",
               "truncated": "archive ends inside a member", "timeout": "PDF parse exceeded 120 s",
               "too_large": "4.2 GB member over the 2 GB limit", "skipped_bomb": "compression ratio 1:9200"}
    problems = []
    for key in range(1, 61):
        status = kinds[key % len(kinds)]
        victim_dir = rng.choice(["bh-mofa", "thistlebank", "karadeniz", "ro-mae", "selat-melaka"])
        problems.append({"key": 1000 + key * 37, "status": status, "status_detail": details[status],
                         "path": f"exfil/{victim_dir}/uploads/batch{key % 7}.zip!Inbox/{key * 13}.eml!"
                                 f"Annex {key} — contract draft.docx"})
    return {"levels": list(LEVELS), "level_names": dict(LEVEL_NAMES), "matrix": matrix, "credentials": credentials,
            "statuses": statuses, "problems": problems, "timeline": timeline,
            "totals": {"items": items, "victims": 14,
                       "credentials": sum(c["distinct"] for c in credentials.values())}}


@pytest.fixture
def dashboard(qtbot: Any) -> Dashboard:
    widget = Dashboard()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show_data(small_data())
    return widget


def cell(view: QTableView, row: int, column: int) -> QModelIndex:
    return view.model().index(row, column)


def click(view: QTableView, index: QModelIndex) -> None:
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.visualRect(index).center())


def matrix_row(model: LevelMatrixModel, victim: str | None) -> int:
    return model.rowCount() - 1 if victim is None else model.victims.index(victim)


def column_of(model: LevelMatrixModel, header: str) -> int:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index(header)


# models


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize("force_py", [False, True])
@pytest.mark.parametrize("data", [small_data(), realistic_data(), empty_data()], ids=["small", "realistic", "empty"])
def test_every_model_passes_the_model_tester(qtmodeltester: Any, qtbot: Any, data: DashboardData,
                                             force_py: bool) -> None:
    matrix, credentials = LevelMatrixModel(), CredentialsModel()
    statuses, problems = StatusCountModel(), ProblemsModel()
    matrix.set_matrix(data["levels"], data["level_names"], data["matrix"])
    credentials.set_credentials(data["credentials"])
    statuses.set_statuses(data["statuses"])
    problems.set_problems(data["problems"])
    for model in (matrix, credentials, statuses, problems):
        qtmodeltester.check(model, force_py=force_py)
    # A refresh is a reset: the tester watches it too.
    matrix.set_matrix(LEVELS, LEVEL_NAMES, small_data()["matrix"])
    problems.set_problems([])


def test_matrix_totals_add_up(dashboard: Dashboard) -> None:
    model = dashboard.matrix_model
    total_row, total_col = model.rowCount() - 1, model.columnCount() - 1
    count = LevelMatrixModel.CountRole

    def at(victim: str | None, header: str) -> Any:
        return model.index(matrix_row(model, victim), column_of(model, header)).data(count)

    assert at("Alpha Ministry", "Total") == 18
    assert at("Beta Energy", "Total") == 8
    assert at(NO_VICTIM, "Total") == 15
    assert at(None, "PUBLIC") == 12
    assert at(None, "CRITICAL") == 3
    assert at(None, "—") == 7
    assert at(None, "Total") == 41
    assert model.index(total_row, total_col).data() == "41"
    assert model.headerData(total_row, Qt.Orientation.Vertical) == "Total"
    assert model.headerData(total_col, Qt.Orientation.Horizontal) == "Total"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "PUBLIC", "INTERNAL", "CONFIDENTIAL", "SECRET", "CRITICAL", "—"]
    assert at("Alpha Ministry", "CONFIDENTIAL") == 0
    assert model.index(matrix_row(model, "Alpha Ministry"), column_of(model, "CONFIDENTIAL")).data() == ""


def test_matrix_rows_rank_by_the_highest_level_then_name_and_unattributed_last(qtbot: Any) -> None:
    model = LevelMatrixModel()
    model.set_matrix(LEVELS, LEVEL_NAMES, {
        "Zeta": {"4": 1, "3": 0, "1": 50},
        "Alpha": {"4": 1, "3": 0, "1": 50},
        "Many Secrets": {"4": 0, "3": 90},
        "Critical": {"4": 2},
        NO_VICTIM: {"4": 99},
        "Quiet": {"0": 3},
    })
    assert model.victims == ["Critical", "Alpha", "Zeta", "Many Secrets", "Quiet", NO_VICTIM]


def test_level_tints_are_readable_in_light_and_dark_palettes(qtbot: Any) -> None:
    model = LevelMatrixModel()
    model.set_matrix(LEVELS, LEVEL_NAMES, small_data()["matrix"])
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = QGuiApplication.palette()
    dark = QPalette(QColor(0x35, 0x35, 0x35))
    dark.setColor(QPalette.ColorRole.Base, QColor(0x1E, 0x1E, 0x1E))
    dark.setColor(QPalette.ColorRole.Text, QColor(0xE0, 0xE0, 0xE0))
    light = QPalette(QColor(0xEF, 0xEF, 0xEF))
    light.setColor(QPalette.ColorRole.Base, QColor(0xFF, 0xFF, 0xFF))
    light.setColor(QPalette.ColorRole.Text, QColor(0x10, 0x10, 0x10))
    try:
        for palette in (light, dark):
            app.setPalette(palette)
            tints = set()
            for row in range(model.rowCount() - 1):
                for column in range(5):  # the five levels; '—' and the totals are not tinted
                    index = model.index(row, column)
                    background = index.data(Qt.ItemDataRole.BackgroundRole)
                    if not index.data(LevelMatrixModel.CountRole):
                        assert background is None
                        continue
                    foreground = index.data(Qt.ItemDataRole.ForegroundRole)
                    assert contrast_ratio(QColor(background), QColor(foreground)) >= 4.5
                    tints.add(QColor(background).name())
            assert len(tints) == 5  # every level has its own tint
            assert palette.color(QPalette.ColorRole.Base).name() not in tints
    finally:
        app.setPalette(original)


def test_credentials_rows_summarise_kinds_and_cap_privileged_accounts(dashboard: Dashboard) -> None:
    model = dashboard.credentials_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Alpha Ministry", "Beta Energy"]
    assert model.index(0, 1).data() == "29"
    assert model.index(0, 2).data() == "plaintext 25, ntlm 4"
    assert model.index(0, 3).data() == ("ALPHA\\Administrator, ALPHA\\krbtgt, root, ALPHA\\da.kaya, "
                                        "ALPHA\\svc-admin +2\N{NO-BREAK SPACE}more")
    assert "ALPHA\\it.admin" in model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 3).data() == ""


def test_statuses_follow_the_closed_list_and_skip_zeros(qtbot: Any) -> None:
    model = StatusCountModel()
    model.set_statuses({"corrupt": 1, "ok": 38, "timeout": 0, "encrypted": 2})
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["ok", "encrypted", "corrupt"]
    assert model.index(0, 1).data() == "38"


# activation


@pytest.mark.parametrize(("victim", "header", "level"), [
    ("Alpha Ministry", "SECRET", 3),
    ("Beta Energy", "Total", None),
    (None, "CRITICAL", 4),
    (None, "Total", None),
    (NO_VICTIM, "PUBLIC", 0),
    (NO_VICTIM, "—", NOT_CLASSIFIED),
])
def test_clicking_a_matrix_cell_emits_its_filter(dashboard: Dashboard, qtbot: Any, victim: str | None, header: str,
                                                 level: int | None) -> None:
    dashboard.show()
    qtbot.waitExposed(dashboard)
    view, model = dashboard.matrix_view, dashboard.matrix_model
    index = model.index(matrix_row(model, victim), column_of(model, header))
    with qtbot.waitSignal(dashboard.matrix_activated, timeout=1000) as blocker:
        click(view, index)
    assert blocker.args == [victim, level]


def test_enter_on_a_matrix_cell_emits_its_filter_once(dashboard: Dashboard, qtbot: Any) -> None:
    dashboard.show()
    qtbot.waitExposed(dashboard)
    view, model = dashboard.matrix_view, dashboard.matrix_model
    view.setFocus()
    view.setCurrentIndex(model.index(matrix_row(model, "Beta Energy"), column_of(model, "CRITICAL")))
    received: list[tuple[Any, Any]] = []
    dashboard.matrix_activated.connect(lambda victim, level: received.append((victim, level)))
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert received == [("Beta Energy", 4)]


def test_a_double_click_chooses_once_and_a_drag_not_at_all(dashboard: Dashboard, qtbot: Any) -> None:
    dashboard.show()
    qtbot.waitExposed(dashboard)
    view, model = dashboard.matrix_view, dashboard.matrix_model
    received: list[tuple[Any, Any]] = []
    dashboard.matrix_activated.connect(lambda victim, level: received.append((victim, level)))
    at = view.visualRect(model.index(0, 1)).center()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(view.viewport(), left, none, at)  # what a double click delivers
    QTest.mouseRelease(view.viewport(), left, none, at)
    QTest.mouseDClick(view.viewport(), left, none, at)
    QTest.mouseRelease(view.viewport(), left, none, at)
    assert received == [("Beta Energy", 1)]
    received.clear()
    QTest.mousePress(view.viewport(), left, none, at)
    QTest.mouseRelease(view.viewport(), left, none, view.visualRect(model.index(1, 2)).center())
    assert received == []


def test_problem_and_credential_rows_emit_their_keys(dashboard: Dashboard, qtbot: Any) -> None:
    dashboard.show()
    qtbot.waitExposed(dashboard)
    with qtbot.waitSignal(dashboard.item_activated, timeout=1000) as blocker:
        click(dashboard.problems_view, cell(dashboard.problems_view, 1, 0))
    assert blocker.args == [42]
    dashboard.problems_view.setCurrentIndex(cell(dashboard.problems_view, 2, 2))
    with qtbot.waitSignal(dashboard.item_activated, timeout=1000) as blocker:
        QTest.keyClick(dashboard.problems_view, Qt.Key.Key_Enter)
    assert blocker.args == [77]
    with qtbot.waitSignal(dashboard.credentials_activated, timeout=1000) as blocker:
        click(dashboard.credentials_view, cell(dashboard.credentials_view, 1, 2))
    assert blocker.args == ["Beta Energy"]


def test_item_keys_beyond_32_bits_survive_the_signal(dashboard: Dashboard, qtbot: Any) -> None:
    data = small_data()
    data["problems"] = [{"key": 2**40 + 3, "path": "x.zip", "status": "corrupt", "status_detail": "bad"}]
    dashboard.show_data(data)
    dashboard.show()
    qtbot.waitExposed(dashboard)
    with qtbot.waitSignal(dashboard.item_activated, timeout=1000) as blocker:
        click(dashboard.problems_view, cell(dashboard.problems_view, 0, 1))
    assert blocker.args == [2**40 + 3]


def test_tab_reaches_every_section_in_reading_order(dashboard: Dashboard, qtbot: Any) -> None:
    dashboard.show()
    dashboard.activateWindow()
    qtbot.waitActive(dashboard)
    dashboard.matrix_view.setFocus()
    qtbot.waitUntil(dashboard.matrix_view.hasFocus)
    seen = [dashboard.matrix_view]
    for _ in range(4):
        QTest.keyClick(seen[-1], Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
    assert seen == [dashboard.matrix_view, dashboard.status_view, dashboard.credentials_view,
                    dashboard.problems_view, dashboard.timeline]


# refresh and empty states


def test_show_data_twice_replaces_everything(dashboard: Dashboard) -> None:
    second: DashboardData = {
        "levels": [4, 3, None], "level_names": dict(LEVEL_NAMES),
        "matrix": {"Gamma Grid": {"4": 1, "3": 2, "none": 3}},
        "credentials": {}, "statuses": {"ok": 6}, "problems": [],
        "timeline": {"Gamma Grid": {"2024-01": 6}},
        "totals": {"items": 6, "victims": 1, "credentials": 0},
    }
    dashboard.show_data(second)
    model = dashboard.matrix_model
    assert model.victims == ["Gamma Grid"]
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["CRITICAL", "SECRET", "—", "Total"]
    assert model.index(1, 3).data() == "6"
    assert dashboard.credentials_model.rowCount() == 0
    assert dashboard.problems_model.rowCount() == 0
    assert dashboard.status_model.rowCount() == 1
    assert dashboard.timeline.row_names() == ["Gamma Grid"]
    assert dashboard.credentials_section.is_empty
    assert "No credentials" in dashboard.credentials_section.placeholder.text()
    assert dashboard.problems_section.is_empty
    assert not dashboard.matrix_section.is_empty
    assert "6 items" in dashboard.header.text()
    dashboard.show_data(small_data())
    assert dashboard.matrix_model.victims == ["Beta Energy", "Alpha Ministry", NO_VICTIM]
    assert dashboard.matrix_model.columnCount() == 7
    assert not dashboard.credentials_section.is_empty


def test_an_empty_case_explains_itself(qtbot: Any) -> None:
    widget = Dashboard()
    qtbot.addWidget(widget)
    assert widget.empty_state.text() == NO_DATA  # nothing loaded is not the same as an empty case
    assert widget.empty_state.isVisibleTo(widget)
    sections = (widget.matrix_section, widget.status_section, widget.problems_section, widget.credentials_section,
                widget.timeline_section)
    widget.show_data(empty_data())
    assert widget.empty_state.text() == EMPTY_CASE and widget.empty_state.isVisibleTo(widget)
    assert not widget.header.isVisibleTo(widget)
    assert not any(section.isVisibleTo(widget) for section in sections)
    assert widget.matrix_model.rowCount() == 0
    widget.show_data(small_data())
    assert all(section.isVisibleTo(widget) for section in sections)
    assert widget.header.isVisibleTo(widget) and not widget.empty_state.isVisibleTo(widget)
    widget.show_data(empty_data())
    assert widget.empty_state.isVisibleTo(widget) and widget.credentials_model.rowCount() == 0


def test_a_case_with_items_but_no_findings_says_so_per_section(dashboard: Dashboard) -> None:
    data = empty_data()
    data["statuses"] = {"unsupported": 3}
    data["problems"] = []
    data["totals"]["items"] = 3
    dashboard.show_data(data)
    assert "3 items" in dashboard.header.text()
    assert dashboard.matrix_section.is_empty and dashboard.matrix_section.placeholder.text()
    assert dashboard.credentials_section.placeholder.text() == "No credentials found."
    assert dashboard.timeline_section.placeholder.text() == "No dated items."
    assert not dashboard.status_section.is_empty


def test_more_problems_than_listed_are_announced(dashboard: Dashboard) -> None:
    data = small_data()
    data["problems"] = [{"key": k, "path": f"p/{k}.pdf", "status": "encrypted", "status_detail": ""}
                        for k in range(500)]
    dashboard.show_data(data)
    assert dashboard.problems_note.isVisibleTo(dashboard)
    assert "500" in dashboard.problems_note.text()
    dashboard.show_data(small_data())
    assert not dashboard.problems_note.isVisibleTo(dashboard)


# timeline


def test_timeline_spans_the_common_month_range_and_explains_cells(qtbot: Any) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_series([("Alpha", {"2022-11": 4, "2023-01": 10, "not a month": 5}), ("Beta", {"2023-02": 8})])
    widget.resize(600, widget.sizeHint().height())
    assert widget.month_range == ("2022-11", "2023-02")
    row, month = widget.cell_at(widget.cell_rect(0, 2).center()) or (None, None)
    assert (row, month) == (0, 2)
    assert widget.cell_text(0, 2).endswith(": 10 items")
    assert widget.cell_text(1, 1).endswith(": 0 items")
    assert widget.cell_at(QPoint(2, widget.cell_rect(1, 0).center().y())) == (1, None)
    assert widget.cell_at(QPoint(300, widget.height() + 50)) is None


def test_timeline_tooltip_names_month_and_count(qtbot: Any) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_series([("Alpha", {"2023-01": 1, "2023-03": 12})])
    widget.resize(600, widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    pos = widget.cell_rect(0, 2).center()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == widget.cell_text(0, 2)
    assert QToolTip.text().startswith("Alpha\n") and QToolTip.text().endswith("2023: 12 items")
    QToolTip.hideText()


def test_timeline_labels_years_without_collisions(qtbot: Any) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_series([("Alpha", {"2019-12": 1, "2022-03": 2})])
    widget.resize(800, widget.sizeHint().height())
    ticks = widget.year_ticks()
    assert [label for _, label in ticks] == [None, "2020", "2021", "2022"]  # December 2019 yields to 2020
    widget.set_series([("Alpha", {"2019-03": 1, "2020-05": 2})])
    assert [label for _, label in widget.year_ticks()] == ["2019", "2020"]
    widget.set_series([("Bogus dates", {"1970-01": 1, "2024-06": 2})])  # 54 years in 800 pixels
    labels = [label for _, label in widget.year_ticks()]
    assert labels[0] == "1970" and None in labels
    drawn = [(x, label) for x, label in widget.year_ticks() if label]
    width = widget.fontMetrics().horizontalAdvance("0000")
    assert all(b[0] - a[0] > width for a, b in itertools.pairwise(drawn))


def test_timeline_keyboard_cursor_moves_over_cells(qtbot: Any) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_series([("Alpha", {"2023-01": 1, "2023-03": 2}), ("Beta", {"2023-02": 8})])
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    assert widget.cursor_cell == (0, 2)  # the latest month of the first row
    QTest.keyClick(widget, Qt.Key.Key_Down)
    QTest.keyClick(widget, Qt.Key.Key_Left)
    assert widget.cursor_cell == (1, 1)
    assert widget.accessibleDescription().endswith(": 8 items")
    QTest.keyClick(widget, Qt.Key.Key_Down)  # stays inside
    assert widget.cursor_cell == (1, 1)


# rendering


def _assert_nothing_truncated(widget: Dashboard) -> None:
    """Every header label and section title fits in the space it was given."""
    for view in (widget.matrix_view, widget.status_view, widget.credentials_view):
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(header.count()):
            text = view.model().headerData(column, Qt.Orientation.Horizontal)
            assert metrics.horizontalAdvance(text) < header.sectionSize(column), text
    rows = widget.matrix_view.verticalHeader()
    for row in range(rows.count()):
        text = widget.matrix_model.headerData(row, Qt.Orientation.Vertical)
        assert rows.fontMetrics().horizontalAdvance(text) < rows.width(), text
    for section in (widget.matrix_section, widget.status_section, widget.problems_section,
                    widget.credentials_section, widget.timeline_section):
        assert section.title.fontMetrics().horizontalAdvance(section.title.text()) <= section.title.width()
    assert widget.timeline.width() >= widget.timeline.minimumSizeHint().width()


@pytest.fixture
def english_numbers() -> Any:
    """Digit grouping on, as most users have it: wider numbers must fit too."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(previous)


def test_render_realistic_dashboard_at_1280x800(qtbot: Any, english_numbers: Any) -> None:
    widget = Dashboard()
    widget.show_data(realistic_data())
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    qtbot.addWidget(area)
    area.resize(1280, 800)
    area.show()
    qtbot.waitExposed(area)
    qtbot.wait(50)  # let the tables sized to their contents settle
    assert area.grab().save("/tmp/dashboard.png")
    full = Dashboard()
    full.show_data(realistic_data())
    qtbot.addWidget(full)
    full.resize(1280, 800)
    full.show()
    qtbot.waitExposed(full)
    qtbot.wait(50)
    full.resize(1280, full.sizeHint().height())
    qtbot.wait(50)
    assert full.grab().save("/tmp/dashboard_full.png")  # every section, for a look below the fold
    _assert_nothing_truncated(widget)
    assert widget.matrix_model.rowCount() == 16
    grand_total = widget.matrix_model.index(15, 6).data(LevelMatrixModel.CountRole)
    assert widget.header.text().startswith(f"{grand_total:,} items")  # the test data agree with themselves
    assert widget.timeline.month_range is not None and widget.timeline.month_range[0] >= "2019-01"
    for section in (widget.matrix_section, widget.status_section, widget.problems_section,
                    widget.credentials_section, widget.timeline_section):
        assert not section.is_empty


def dark_palette() -> QPalette:
    palette = QPalette(QColor(0x35, 0x35, 0x35))  # window; the rest is derived, as desktop dark themes do
    palette.setColor(QPalette.ColorRole.Base, QColor(0x1E, 0x1E, 0x1E))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(0x2A, 0x2A, 0x2A))
    palette.setColor(QPalette.ColorRole.Text, QColor(0xE6, 0xE6, 0xE6))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(0xE6, 0xE6, 0xE6))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(0xE6, 0xE6, 0xE6))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(0x3D, 0x8E, 0xE6))
    return palette


def test_render_in_a_dark_palette(qtbot: Any, english_numbers: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    app.setPalette(dark_palette())
    try:
        widget = Dashboard()
        widget.show_data(realistic_data())
        qtbot.addWidget(widget)
        widget.resize(1280, 800)
        widget.show()
        qtbot.waitExposed(widget)
        qtbot.wait(50)
        widget.resize(1280, widget.sizeHint().height())
        qtbot.wait(50)
        assert widget.grab().save("/tmp/dashboard_dark.png")
        model = widget.matrix_model
        index = model.index(0, column_of(model, "CRITICAL"))
        background, foreground = index.data(Qt.ItemDataRole.BackgroundRole), index.data(Qt.ItemDataRole.ForegroundRole)
        assert contrast_ratio(QColor(background), QColor(foreground)) >= 4.5
    finally:
        app.setPalette(original)


def test_render_empty_dashboard(qtbot: Any) -> None:
    widget = Dashboard()
    widget.show_data(empty_data())
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.grab().save("/tmp/dashboard_empty.png")


def test_data_is_not_mutated(dashboard: Dashboard) -> None:
    data = realistic_data()
    before = copy.deepcopy(data)
    dashboard.show_data(data)
    assert data == before
