"""The main window: search, facets, results, preview, classification bar, dashboard and jobs.

All case work goes to case server processes (`CaseClient` for queries and decisions, `JobRunner`
for long jobs); this window only sends requests and draws answers. An answer that arrives after
the investigator moved on (an older search, another item) is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trovetriage.core.judgements import Decision
from trovetriage.core.victims import Victim
from trovetriage.gui.classify_bar import ClassifyBar
from trovetriage.gui.client import CaseClient
from trovetriage.gui.dashboard import Dashboard
from trovetriage.gui.dashboard_models import NOT_CLASSIFIED
from trovetriage.gui.export_dialog import ExportDialog
from trovetriage.gui.facets import FacetSidebar
from trovetriage.gui.jobs import JobRunner
from trovetriage.gui.preview import ItemPreview
from trovetriage.gui.progress_panel import ProgressPanel
from trovetriage.gui.query_bar import QueryBar
from trovetriage.gui.results_model import ResultsModel
from trovetriage.gui.settings_dialog import SettingsDialog, adjusted_font, case_folder, ingest_jobs, page_font_delta
from trovetriage.gui.victims_dialog import VictimsDialog
from trovetriage.ingest.pipeline import IngestOptions

RECENT_KEY = "cases/recent"
UNDO_DEPTH = 50
SEARCH_VIEW, DASHBOARD_VIEW = 0, 1


class MainWindow(QMainWindow):
    """One case at a time; `open_case` (or the File menu) starts the session."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("TroveTriage")
        self.settings = QSettings()
        self.client: CaseClient | None = None
        self.case_dir: Path | None = None
        self.query = ""
        self.filters: dict[str, list[str]] = {}
        self.sort = ("relevance", False)
        self.terms: list[str] = []
        self.total = 0
        self.undo_stack: list[int] = []  # batch ids: the changes themselves stay in the case server
        self.victim_names: list[str] = []
        self._search_serial = 0
        self._detail_serial = 0
        self._current_key: int | None = None
        self._restore_key: int | None = None
        self._build()
        self._build_actions()
        self._restore_geometry()
        self.apply_settings()

    # -- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.query_bar = QueryBar(self)
        self.facets = FacetSidebar(self)
        self.model = ResultsModel(self._fetch_rows)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # relevance until a click
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((360, 130, 220, 120, 90, 80, 80)):
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName("Search results")
        self.preview = ItemPreview(self)
        self.bar = ClassifyBar(self)
        self.dashboard = Dashboard(self)
        self.progress = ProgressPanel(self)
        self.jobs = JobRunner(self.progress, self)
        self.status_label = QLabel("Open or create a case (File menu).", self)
        self.statusBar().addWidget(self.status_label, 1)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.bar)
        self.center = QSplitter(Qt.Orientation.Vertical, self)
        self.center.addWidget(self.table)
        self.center.addWidget(right)
        self.center.setStretchFactor(0, 2)
        self.center.setStretchFactor(1, 3)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.facets)
        self.main_split.addWidget(self.center)
        self.main_split.setStretchFactor(1, 1)
        self.facets.setMinimumWidth(self.facets.sizeHint().width())
        self.main_split.setSizes([self.facets.sizeHint().width(), 1000])

        search_page = QWidget(self)
        search_layout = QVBoxLayout(search_page)
        search_layout.addWidget(self.query_bar)
        search_layout.addWidget(self.main_split, 1)
        dashboard_scroll = QScrollArea(self)
        dashboard_scroll.setWidgetResizable(True)
        dashboard_scroll.setWidget(self.dashboard)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(search_page)
        self.pages.addWidget(dashboard_scroll)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.pages, 1)
        body_layout.addWidget(self.progress)
        self.setCentralWidget(body)

        self.query_bar.search_requested.connect(self._on_query)
        self.facets.filters_changed.connect(self._on_filters)
        self.model.sort_requested.connect(self._on_sort)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.preview.navigate.connect(self.show_key)
        self.preview.reveal_requested.connect(self._reveal)
        self.bar.decision_requested.connect(self.apply_decision)
        self.bar.next_requested.connect(lambda: self._step(1))
        self.bar.previous_requested.connect(lambda: self._step(-1))
        self.bar.undo_requested.connect(self.undo)
        self.bar.install_shortcuts(self)
        self.dashboard.matrix_activated.connect(self._on_matrix)
        self.dashboard.credentials_activated.connect(lambda victim: self._search_with({"victim": [victim]},
                                                                                     "kind:credentials"))
        self.dashboard.item_activated.connect(self.show_key)
        self.jobs.failed.connect(self.show_error)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&New case…", self.new_case, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open case…", self.choose_case, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self._action(file_menu, "&Add sources and ingest…", self.choose_sources, "Ctrl+I")
        self._action(file_menu, "&Victims…", self.edit_victims, "Ctrl+Shift+V")
        file_menu.addSeparator()
        preferences = QKeySequence(QKeySequence.StandardKey.Preferences)  # empty on some platforms
        self._action(file_menu, "Se&ttings…", self.edit_settings, "Ctrl+," if preferences.isEmpty() else preferences)
        self._action(file_menu, "&Export triage summary…", self.export_summary, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Search", lambda: self.show_view(SEARCH_VIEW), "Ctrl+1")
        self._action(view_menu, "&Dashboard", lambda: self.show_view(DASHBOARD_VIEW), "Ctrl+2")
        self._action(view_menu, "Focus the &query", self._focus_query, "Ctrl+L")
        self._action(view_menu, "Clear &filters", self.facets.clear_filters, "Ctrl+Shift+L")
        triage_menu = self.menuBar().addMenu("&Triage")
        self._action(triage_menu, "&Undo last decision", self.undo, QKeySequence.StandardKey.Undo, shortcut=False)
        self._action(triage_menu, "Set &level of all results…", self.bulk_level, "Ctrl+Shift+E")
        self._action(triage_menu, "Set &victim of all results…", self.bulk_victim, "Ctrl+Shift+M")
        self._action(triage_menu, "Re-run &automatic classification", self.reclassify)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Query syntax", self.query_bar.show_help, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts)

    def _action(self, menu: Any, text: str, slot: Any, keys: Any = None, shortcut: bool = True) -> QAction:
        action = QAction(text, self)
        if keys is not None and shortcut:
            action.setShortcut(QKeySequence(keys))
        elif keys is not None:  # shown in the menu, handled by the classification bar's shortcut
            action.setText(f"{text}\t{QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)}")
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- cases ---------------------------------------------------------------------------------------

    def open_case(self, case_dir: Path, *, create: bool = False) -> None:
        """Start a query server on the case and show everything in it."""
        if self.client is not None:
            self.client.close()
            self.client.deleteLater()
        self.undo_stack.clear()  # the batches lived in the previous case's server
        self.case_dir = Path(case_dir)
        self.client = CaseClient(self.case_dir, create=create, parent=self)
        self.client.failed.connect(self.show_error)
        self.client.ready.connect(self._on_case_ready)
        self.setWindowTitle(f"TroveTriage — {self.case_dir.name}")
        self.status_label.setText(f"Opening {self.case_dir}…")
        recent = [str(self.case_dir), *[p for p in self._recent() if p != str(self.case_dir)]][:10]
        self.settings.setValue(RECENT_KEY, recent)

    def _on_case_ready(self) -> None:
        assert self.client is not None
        self.client.call("victims", self._on_victims)
        self.run_search()

    def _on_victims(self, victims: list[dict[str, Any]]) -> None:
        self.victim_names = [victim["name"] for victim in victims]
        self.bar.set_victims(self.victim_names)

    def new_case(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "New case: choose an empty folder", case_folder(self.settings))
        if folder:
            self.open_case(Path(folder), create=True)

    def choose_case(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a case folder")
        if folder:
            self.open_case(Path(folder))

    def _recent(self) -> list[str]:
        return [str(p) for p in (self.settings.value(RECENT_KEY, []) or [])]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            self.recent_menu.addAction(path).triggered.connect(lambda _c=False, p=path: self.open_case(Path(p)))

    # -- jobs ------------------------------------------------------------------------------------------

    def choose_sources(self) -> None:
        if self.case_dir is None:
            self.show_error("Open or create a case first.", "")
            return
        folder = QFileDialog.getExistingDirectory(self, "Folder of the trove to ingest")
        if folder:
            self.ingest([Path(folder)])

    def ingest(self, sources: list[Path]) -> None:
        assert self.case_dir is not None
        jobs = ingest_jobs(self.settings)
        options = {"options": IngestOptions(jobs=jobs)} if jobs else {}
        if not self.jobs.start(self.case_dir, "Ingest", "ingest", sources=[str(s) for s in sources],
                               on_done=lambda _report: self._after_job(), **options):
            self.show_error("Another job is still running.", "")

    def edit_victims(self) -> None:
        """Fetch the case's registry, edit it in the victims dialog, and save it as a job on OK."""
        if self.case_dir is None or self.client is None:
            self.show_error("Open or create a case first.", "")
            return
        if self.jobs.running:
            self.show_error("Another job is still running; edit the victims when it has finished.", "")
            return
        self.client.call("victims", self._open_victims_dialog)

    def _open_victims_dialog(self, victims: list[dict[str, Any]]) -> None:
        dialog = VictimsDialog(victims, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_victims(dialog.victims(), victims))
        dialog.open()

    def _save_victims(self, victims: list[Victim], before: list[dict[str, Any]]) -> None:
        if [victim.as_dict() for victim in victims] == before:  # saving would re-run attribution for nothing
            self.status_label.setText("The victims registry is unchanged.")
            return
        if self.case_dir is None or not self.jobs.start(
                self.case_dir, "Save victims and re-run attribution", "set_victims", victims=victims,
                on_done=lambda _: self._after_job()):
            self.show_error("Another job is still running: the victims were not saved.", "")

    def export_summary(self) -> None:
        """Ask what to export, then write it in a background job (the window stays usable)."""
        if self.case_dir is None:
            self.show_error("Open or create a case first.", "")
            return
        dialog = ExportDialog(self.victim_names, self.case_dir.parent, self)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        started = self.jobs.start(self.case_dir, f"Export {request.fmt}", "export", fmt=request.fmt,
                                  output=str(request.output), victim=request.victim,
                                  reviewed_only=request.reviewed_only, banner=request.banner,
                                  reveal_secrets=request.reveal_secrets,
                                  on_done=lambda done: self.status_label.setText(
                                      f"Exported {done['items']:,} items to {done['output']}."))
        if not started:
            self.show_error("Another job is still running.", "")

    def reclassify(self) -> None:
        if self.case_dir is not None:
            self.jobs.start(self.case_dir, "Automatic classification", "reclassify",
                            on_done=lambda _count: self._after_job())

    def _after_job(self) -> None:
        if self.client is not None:
            self.client.call("refresh", lambda _: self._on_case_ready())

    # -- searching -------------------------------------------------------------------------------------

    def _on_query(self, query: str) -> None:
        self.query = query
        self.run_search()

    def _on_filters(self, filters: dict[str, list[str]]) -> None:
        self.filters = filters
        self.facets.set_filters(filters)
        self.run_search()

    def _on_sort(self, column: str, descending: bool) -> None:
        self.sort = (column, descending)
        self.run_search(keep_selection=True)

    def _search_with(self, filters: dict[str, list[str]], query: str = "") -> None:
        self.show_view(SEARCH_VIEW)
        self.query_bar.set_text(query)
        self.query = query
        self.filters = filters
        self.facets.set_filters(filters)
        self.run_search()

    def run_search(self, keep_selection: bool = False) -> None:
        if self.client is None:
            return
        self._search_serial += 1
        serial = self._search_serial
        self._restore_key = self._current_key if keep_selection else None
        self.status_label.setText("Searching…")
        self.client.call("search", lambda answer: self._on_results(serial, answer),
                         on_error=self._on_search_error, query=self.query, filters=self.filters,
                         sort=self.sort[0], reverse=self.sort[1])

    def _on_search_error(self, message: str, details: str) -> None:
        self.status_label.setText(message)
        if "QuerySyntaxError" not in message:
            self.show_error(message, details)

    def _on_results(self, serial: int, answer: dict[str, Any]) -> None:
        if serial != self._search_serial:
            return  # an older search
        self.terms = answer["terms"]
        self.total = answer["total"]
        self.model.set_keys(answer["keys"])
        self.facets.show_facets(answer["facets"])
        self.status_label.setText(f"{answer['total']:,} results ({answer['elapsed_ms']:.0f} ms)")
        row = self.model.row_of(self._restore_key) if self._restore_key is not None else None
        if answer["keys"]:
            self._select_row(row if row is not None else 0)
        else:
            self._current_key = None
            self.preview.show_item(None)
            self.bar.show_classification(None, 0)

    def _refresh_facets(self) -> None:
        """After a decision: new counts for the same search, without touching the result list."""
        if self.client is None:
            return
        serial = self._search_serial
        self.client.call("search", lambda answer: serial == self._search_serial
                         and self.facets.show_facets(answer["facets"]),
                         query=self.query, filters=self.filters, sort=self.sort[0], reverse=self.sort[1])

    def _fetch_rows(self, keys: list[int]) -> None:
        if self.client is not None:
            self.client.call("rows", self.model.add_rows, keys=keys)

    # -- the current item ---------------------------------------------------------------------------

    def selected_keys(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [key for row in rows if (key := self.model.key_at(row)) is not None]

    def _on_selection(self) -> None:
        current = self.table.selectionModel().currentIndex()
        key = self.model.key_at(current.row()) if current.isValid() else None
        if key is None:
            keys = self.selected_keys()
            key = keys[0] if keys else None
        if key is not None and key != self._current_key:
            self._load_detail(key)
        elif key is not None:
            self._show_bar_for(key)

    def _load_detail(self, key: int) -> None:
        if self.client is None:
            return
        self._current_key = key
        self._detail_serial += 1
        serial = self._detail_serial
        self.client.call("item_detail", lambda detail: self._on_detail(serial, detail), key=key, terms=self.terms)

    def _on_detail(self, serial: int, detail: dict[str, Any] | None) -> None:
        if serial != self._detail_serial:
            return
        self.preview.show_item(detail)
        self.bar.show_classification(detail["classification"] if detail else None,
                                     max(1, len(self.selected_keys())))

    def _show_bar_for(self, key: int) -> None:
        self._load_detail(key)

    def show_key(self, key: int) -> None:
        """Show an item from anywhere (family, dashboard): select it if it is among the results."""
        self.show_view(SEARCH_VIEW)
        row = self.model.row_of(key)
        if row is not None:
            self._select_row(row)
        else:
            self._load_detail(key)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _step(self, delta: int) -> None:
        current = self.table.selectionModel().currentIndex()
        row = (current.row() if current.isValid() else -1) + delta
        if 0 <= row < self.model.rowCount():
            self._select_row(row)

    # -- decisions ---------------------------------------------------------------------------------------

    def apply_decision(self, decision: Decision) -> None:
        keys = self.selected_keys() or ([self._current_key] if self._current_key is not None else [])
        if not keys or self.client is None:
            return
        self.client.call("item_ids", lambda ids: self._classify(ids, keys, decision), keys=keys)

    def _classify(self, item_ids: list[str], keys: list[int], decision: Decision) -> None:
        assert self.client is not None
        self.client.call("classify", lambda batch: self._after_decision(batch, keys),
                         item_ids=item_ids, decision=decision)

    def _remember(self, batch: dict[str, int]) -> int:
        if batch["count"]:
            self.undo_stack.append(batch["batch"])
            del self.undo_stack[:-UNDO_DEPTH]
        return batch["count"]

    def _after_decision(self, batch: dict[str, int], keys: list[int]) -> None:
        count = self._remember(batch)
        self.model.forget(keys)
        if self._current_key is not None:
            self._load_detail(self._current_key)
        self._refresh_facets()
        self.status_label.setText(f"Saved for {count} item{'s' if count != 1 else ''}.")

    def undo(self) -> None:
        if not self.undo_stack or self.client is None:
            self.status_label.setText("Nothing to undo.")
            return
        self.client.call("undo", self._after_undo, batch=self.undo_stack.pop())

    def _after_undo(self, count: int) -> None:
        self.run_search(keep_selection=True)
        self.status_label.setText(f"Undone for {count} item{'s' if count != 1 else ''}.")

    def bulk_level(self) -> None:
        levels = ["0 PUBLIC", "1 INTERNAL", "2 CONFIDENTIAL", "3 SECRET", "4 CRITICAL"]
        choice, accepted = QInputDialog.getItem(self, "Level of all results", "Level:", levels, 1, False)
        if accepted:
            self._bulk(Decision(level=int(choice[0])), f"level {choice}")

    def bulk_victim(self) -> None:
        if not self.victim_names:
            self.show_error("The case has no victims registry: add victims with File ▸ Victims… first.", "")
            return
        choice, accepted = QInputDialog.getItem(self, "Victim of all results", "Victim:", self.victim_names, 0, False)
        if accepted and choice:
            self._bulk(Decision(victim=choice), f"victim {choice}")

    def _bulk(self, decision: Decision, description: str) -> None:
        if self.client is None or not self.total:
            return
        if not self.bar.confirm_bulk(self.total, description, self):
            return
        self.client.call("classify_query", self._after_bulk, query=self.query, filters=self.filters,
                         decision=decision)

    def _after_bulk(self, batch: dict[str, int]) -> None:
        count = self._remember(batch)
        self.run_search(keep_selection=True)
        self.status_label.setText(f"Saved for {count:,} items.")

    def _reveal(self, credential_id: int) -> None:
        answer = QMessageBox.question(
            self, "Reveal a secret", "Show this credential in clear? The reveal is recorded in the case's audit log.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes and self.client is not None:
            self.client.call("reveal_credential", lambda line: self.preview.show_revealed(credential_id, line),
                             credential_id=credential_id)

    # -- views -------------------------------------------------------------------------------------------

    def show_view(self, view: int) -> None:
        self.pages.setCurrentIndex(view)
        if view == DASHBOARD_VIEW and self.client is not None:
            self.client.call("dashboard", self.dashboard.show_data)

    def _on_matrix(self, victim: str | None, level: int | None) -> None:
        filters: dict[str, list[str]] = {}
        if victim is not None:
            filters["victim"] = [victim]
        if level is not None:
            filters["level"] = ["none" if level == NOT_CLASSIFIED else str(level)]
        self._search_with(filters)

    def _focus_query(self) -> None:
        self.show_view(SEARCH_VIEW)
        self.query_bar.edit.setFocus()
        self.query_bar.edit.selectAll()

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", (
            "<b>Ctrl+L</b> query · <b>Enter</b> search · <b>J / K</b> next / previous item · "
            "<b>0–4</b> level · <b>Shift+1…8</b> categories · <b>V</b> victim · <b>N</b> note · "
            "<b>R</b> reviewed · <b>Ctrl+Z</b> undo · <b>Ctrl+Shift+E / M</b> level / victim of all results · "
            "<b>F3 / Shift+F3</b> next / previous hit · <b>Ctrl+1 / Ctrl+2</b> search / dashboard · "
            "<b>Ctrl+I</b> ingest · <b>Ctrl+O</b> open case"))

    def show_error(self, message: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "TroveTriage", message, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.open()

    # -- settings ----------------------------------------------------------------------------------------

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(reset_layout=dialog.reset_layout_requested()))
        dialog.open()

    def apply_settings(self, reset_layout: bool = False) -> None:
        """Settings that show at once: the preview's font size, and on request the default layout."""
        self.preview.setFont(adjusted_font(QApplication.font(), page_font_delta(self.settings)))
        if reset_layout:
            self.settings.remove("window/geometry")
            if self.isMaximized() or self.isFullScreen():
                self.showNormal()
            self.resize(1400, 900)
            self.main_split.setSizes([self.facets.sizeHint().width(), 1000])
            height = max(self.center.height(), 5)
            self.center.setSizes([height * 2 // 5, height * 3 // 5])
            self.show_view(SEARCH_VIEW)

    # -- state -------------------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.jobs.cancel()
        if self.client is not None:
            self.client.close(wait=True)
        super().closeEvent(event)

    def idle(self) -> bool:
        """No answer pending (used to take screenshots once everything is drawn)."""
        return self.client is not None and not self.client.busy and not self.jobs.running
