"""The query bar: the query syntax with field-name completion, history, saved searches and help."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

FIELDS = ["title:", "subject:", "body:", "from:", "to:", "name:", "path:", "kind:", "status:", "mime:", "domain:",
          "year:", "date:", "size:"]
HISTORY_KEY = "search/history"
SAVED_KEY = "search/saved"
HISTORY_SIZE = 50

SYNTAX_HELP = """<b>Query syntax</b><br>
words — all must match (<i>tender pipeline</i>)<br>
<b>AND</b>, <b>OR</b>, <b>NOT</b>, parentheses — <i>(tender OR bid) NOT draft</i><br>
"exact phrase" — <i>"note verbale"</i>; near: <i>"visit minister"~5</i><br>
wildcards — <i>contract*</i>, <i>te?t</i>; fuzzy — <i>kestrel~</i> or <i>kestrel~2</i><br>
fields — title (subject), body, from, to, name, path, kind, status, mime, domain, year:
<i>from:mofa.gov.bh kind:email</i><br>
dates — <i>date:2019</i>, <i>date:[2019-01-01 to 2019-06-30]</i>; sizes — <i>size:[1000000 to]</i><br>
An empty query lists everything. Case, accents and letter variants are folded:
<i>istanbul</i> finds <i>İSTANBUL</i>, Arabic matches with or without vowel marks."""


class QueryBar(QWidget):
    """Emits `search_requested` with the query text when the investigator presses Enter."""

    search_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = QSettings()
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText('Search: words, "phrases", from:domain, kind:email, date:2019 …  (Ctrl+L)')
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Search query")
        self._words = QStringListModel(self)
        completer = QCompleter(self._words, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.edit.setCompleter(completer)
        self.edit.returnPressed.connect(self.submit)
        search = QPushButton("Search", self)
        search.clicked.connect(self.submit)
        saved = QToolButton(self)
        saved.setText("Saved")
        saved.setToolTip("Saved searches")
        saved.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(saved)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        saved.setMenu(self.saved_menu)
        help_button = QToolButton(self)
        help_button.setText("?")
        help_button.setToolTip("Query syntax (F1)")
        help_button.clicked.connect(self.show_help)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.edit, search, saved, help_button):
            layout.addWidget(widget)
        self._refresh_completions()

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def submit(self) -> None:
        query = self.text()
        if query:
            history = [q for q in self.history() if q != query]
            self.settings.setValue(HISTORY_KEY, [query, *history][:HISTORY_SIZE])
            self._refresh_completions()
        self.search_requested.emit(query)

    def history(self) -> list[str]:
        return [str(q) for q in (self.settings.value(HISTORY_KEY, []) or [])]

    def saved_searches(self) -> dict[str, str]:
        value = self.settings.value(SAVED_KEY, {}) or {}
        return {str(name): str(query) for name, query in dict(value).items()}

    def save_current(self, name: str | None = None) -> None:
        query = self.text()
        if name is None:
            name, accepted = QInputDialog.getText(self, "Save search", "Name of this search:", text=query[:40])
            if not accepted or not name.strip():
                return
        saved = self.saved_searches()
        saved[name.strip()] = query
        self.settings.setValue(SAVED_KEY, saved)

    def show_help(self) -> None:
        QMessageBox.information(self, "Query syntax", SYNTAX_HELP)

    def _fill_saved_menu(self) -> None:
        self.saved_menu.clear()
        self.saved_menu.addAction("Save this search…", self.save_current)
        saved = self.saved_searches()
        if saved:
            self.saved_menu.addSeparator()
        for name, query in sorted(saved.items()):
            action = self.saved_menu.addAction(name)
            action.setToolTip(query)
            action.triggered.connect(lambda _checked=False, q=query: self._run_saved(q))

    def _run_saved(self, query: str) -> None:
        self.set_text(query)
        self.submit()

    def _refresh_completions(self) -> None:
        self._words.setStringList(FIELDS + self.history())
