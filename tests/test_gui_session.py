"""A whole triage session driven through the main window: create a case, ingest in the background,
search, filter by a facet, open an item, classify from the keyboard, bulk-classify, undo, dashboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from trovetriage.case import Case
from trovetriage.core.judgements import Decision
from trovetriage.core.victims import load_victims
from trovetriage.gui.main_window import DASHBOARD_VIEW, MainWindow
from trovetriage.gui.results_model import ResultsModel

VICTIMS = """
[[victims]]
name = "Ministry of Foreign Affairs of Bahrain"
sector = "government"
country = "BH"
domains = ["mofa.gov.bh"]
aliases = ["Bahrain MOFA"]

[[victims]]
name = "Thistlebank Energy"
sector = "energy"
country = "GB"
domains = ["thistlebank-energy.com"]
"""


def mail(number: int, domain: str, subject: str, body: str) -> str:
    return (f"Received: from ws{number}.{domain} by mail01.{domain}; Mon, 3 Jun 2019 10:00:00 +0300\n"
            f"From: sender{number}@{domain}\nTo: desk@{domain}\nSubject: {subject}\n"
            f"Message-ID: <m{number}@mail01.{domain}>\nDate: Mon, 3 Jun 2019 10:0{number % 10}:00 +0300\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}\n")


@pytest.fixture
def trove(tmp_path: Path) -> Path:
    folder = tmp_path / "trove"
    folder.mkdir()
    for n in range(6):
        (folder / f"bh{n}.eml").write_text(mail(n, "mofa.gov.bh", f"Pipeline visit {n}", "the osprey delegation"),
                                           encoding="utf-8")
    for n in range(6, 10):
        (folder / f"tb{n}.eml").write_text(mail(n, "thistlebank-energy.com", f"Tender {n}", "kestrel bid pricing"),
                                           encoding="utf-8")
    (tmp_path / "victims.toml").write_text(VICTIMS, encoding="utf-8")
    return folder


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 60_000) -> None:
    qtbot.waitUntil(window.idle, timeout=timeout)
    qtbot.wait(50)
    qtbot.waitUntil(window.idle, timeout=timeout)


def answer_next_box(button: QMessageBox.StandardButton) -> None:
    """Accept the next modal question (bulk confirmation, reveal) when it shows."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(50, press)
    QTimer.singleShot(50, press)


def levels_in_store(case_dir: Path) -> dict[str, int | None]:
    with Case.open(case_dir) as case:
        return {row[0]: row[1] for row in case.store.db.execute(
            "SELECT i.path, c.level FROM items i LEFT JOIN classifications c ON c.item_id = i.item_id")}


def test_full_triage_session(qtbot: QtBot, qtmodeltester: Callable[..., object], trove: Path,
                             tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_case(case_dir, create=True)
    wait_idle(qtbot, window)

    # victims, then ingest in the background: the window stays responsive
    assert window.jobs.start(case_dir, "Import victims", "set_victims",
                             victims=load_victims(tmp_path / "victims.toml"))
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=60_000)
    window.ingest([trove])
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=120_000)
    wait_idle(qtbot, window)
    window._on_case_ready()
    wait_idle(qtbot, window)
    assert window.total == 10
    qtmodeltester.check(window.model)  # type: ignore[attr-defined]

    # search, then a facet
    window.query_bar.set_text("osprey")
    window.query_bar.submit()
    wait_idle(qtbot, window)
    assert window.total == 6
    window._on_filters({"victim": ["Thistlebank Energy"]})
    wait_idle(qtbot, window)
    assert window.total == 0
    window._on_filters({})
    window.query_bar.set_text("")
    window.query_bar.submit()
    wait_idle(qtbot, window)
    assert window.total == 10
    assert "victim" in {window.facets.topLevelItem(n).data(0, Qt.ItemDataRole.UserRole)
                        for n in range(window.facets.topLevelItemCount())}

    # open an item, classify it from the keyboard
    window.table.setFocus()
    window._select_row(0)
    wait_idle(qtbot, window)
    first = window.model.row_data(0) or {}
    assert window.preview.isEnabled()
    qtbot.keyClick(window.table, Qt.Key.Key_4)
    wait_idle(qtbot, window)
    assert levels_in_store(case_dir)[first["path"]] == 4
    qtbot.keyClick(window.table, Qt.Key.Key_J)  # next item
    wait_idle(qtbot, window)
    assert window._current_key == window.model.key_at(1)

    # bulk: every result of a query, confirmed, then undone
    window.query_bar.set_text("kestrel")
    window.query_bar.submit()
    wait_idle(qtbot, window)
    answer_next_box(QMessageBox.StandardButton.Yes)
    window._bulk(Decision(level=0), "level 0")
    wait_idle(qtbot, window)
    stored = levels_in_store(case_dir)
    assert [stored[f"tb{n}.eml"] for n in range(6, 10)] == [0, 0, 0, 0]
    window.undo()
    wait_idle(qtbot, window)
    stored = levels_in_store(case_dir)
    assert all(stored[f"tb{n}.eml"] != 0 for n in range(6, 10))

    # the dashboard agrees with the store
    shown: list[dict[str, object]] = []
    original = window.dashboard.show_data
    window.dashboard.show_data = lambda data: (shown.append(data), original(data))  # type: ignore[method-assign]
    window.show_view(DASHBOARD_VIEW)
    wait_idle(qtbot, window)
    with Case.open(case_dir) as case:
        expected = {entry["victim"]: entry["items"] for entry in case.victim_summary()}
    assert expected == {"Ministry of Foreign Affairs of Bahrain": 6, "Thistlebank Energy": 4}
    matrix = shown[-1]["matrix"]
    assert {victim: sum(levels.values()) for victim, levels in matrix.items()} == expected  # type: ignore[union-attr]

    # opening a case (even this one again) starts a new server: the old undo batches are gone with it
    assert window.undo_stack
    window.open_case(case_dir)
    wait_idle(qtbot, window)
    window.undo()
    assert window.status_label.text() == "Nothing to undo."


def test_results_model_fetches_rows_lazily(qtmodeltester: Callable[..., object]) -> None:
    asked: list[list[int]] = []
    model = ResultsModel(asked.append)
    model.set_keys(list(range(1000, 1450)))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.data(model.index(0, 0)) == "…"
    assert model.data(model.index(250, 0)) == "…"
    assert [len(block) for block in asked] == [200, 200]  # two blocks asked for, once each
    model.data(model.index(1, 0))
    assert len(asked) == 2
    model.add_rows([{"key": 1000, "item_id": "x", "path": "a/b.eml", "name": "b.eml", "title": "Visit", "date":
                     "2019-06-03T10:00:00+03:00", "kind": "email", "status": "ok", "size": 2048, "sender": "",
                     "victim": "V", "level": 3, "categories": [], "reviewed": True}])
    assert model.data(model.index(0, 0)) == "✓ Visit"
    assert model.data(model.index(0, 3)) == "3 SECRET"
    assert model.data(model.index(0, 6)) == "2.0 KB"
    with pytest.raises(AssertionError):
        assert model.row_data(1)
