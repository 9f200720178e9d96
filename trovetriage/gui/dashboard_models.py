"""Table models behind the dashboard: plain summary data in, Qt roles out.

The models never read a case: `Dashboard.show_data` hands them the summary dict computed off the
GUI thread, and each model keeps only the slice it shows, replaced wholesale on every refresh.
"""

from __future__ import annotations

from typing import Any, TypedDict

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from trovetriage.gui.level_colors import blend, is_dark, level_hue, readable_text

NO_VICTIM = "(no victim)"
"""The matrix/credentials row of unattributed items; emitted as is, so a caller can filter on it."""

NOT_CLASSIFIED = -1
"""The level emitted for the not-classified column: None already means 'no filter on the level'."""

STATUSES = ("ok", "empty", "unsupported", "encrypted", "corrupt", "truncated", "timeout", "too_large",
            "skipped_depth", "skipped_bomb")
_STATUS_HELP = {
    "ok": "Text and metadata extracted.",
    "empty": "The file has no content.",
    "unsupported": "No extractor reads this type; the item is still listed by name and metadata.",
    "encrypted": "Password-protected or encrypted; no password opened it.",
    "corrupt": "The file is damaged and could not be read.",
    "truncated": "Only part of the file could be read.",
    "timeout": "Extraction took too long and was stopped.",
    "too_large": "Larger than the configured size limit.",
    "skipped_depth": "Nested deeper than the configured limit.",
    "skipped_bomb": "Looks like a decompression bomb; not unpacked.",
}
MAX_PRIVILEGED_SHOWN = 5

Index = QModelIndex | QPersistentModelIndex
_ROLE = Qt.ItemDataRole
_NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CredentialInfo(TypedDict):
    distinct: int
    by_kind: dict[str, int]
    privileged: list[str]


class Problem(TypedDict):
    key: int
    path: str
    status: str
    status_detail: str


class Totals(TypedDict):
    items: int
    victims: int
    credentials: int


class DashboardData(TypedDict):
    levels: list[int | None]
    level_names: dict[str, str]
    matrix: dict[str, dict[str, int]]
    credentials: dict[str, CredentialInfo]
    statuses: dict[str, int]
    problems: list[Problem]
    timeline: dict[str, dict[str, int]]
    totals: Totals


def level_key(level: int | None) -> str:
    """The key a level has in the summary dicts ("0".."4", "none")."""
    return "none" if level is None else str(level)


def format_count(n: int) -> str:
    """Counts with the user's digit grouping, so 48213 reads as 48,213 (or 48.213)."""
    return QLocale().toString(int(n))


def level_tint(level: int, palette: QPalette) -> QColor:
    """A level's hue blended into the palette's base: a tint in light and dark themes alike."""
    return blend(palette.color(QPalette.ColorRole.Base), level_hue(level), 0.45 if is_dark(palette) else 0.35)


def _bold() -> QFont:
    font = QGuiApplication.font()
    font.setBold(True)
    return font


class _TableModel(QAbstractTableModel):
    """A flat table (no cell has children) whose subclasses only say how many rows and columns."""

    HEADERS: tuple[str, ...] = ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._column_count()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _ROLE.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _ROLE.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def _row_count(self) -> int:
        raise NotImplementedError

    def _column_count(self) -> int:
        return len(self.HEADERS)

    def _valid(self, index: Index) -> bool:
        return index.isValid() and index.row() < self.rowCount() and index.column() < self.columnCount()


class LevelMatrixModel(_TableModel):
    """Victims × sensitivity levels, with a Total column and a Total row.

    Rows are victims ordered by their count at the highest level, then the next level down, then
    name; the unattributed row comes after them, the Total row last. Zero cells stay empty so the
    counts that matter stand out.
    """

    VictimRole = _ROLE.UserRole + 1
    LevelRole = _ROLE.UserRole + 2
    CountRole = _ROLE.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._levels: list[int | None] = []
        self._level_names: dict[str, str] = {}
        self._victims: list[str] = []
        self._counts: list[list[int]] = []  # per victim row, per level column

    def set_matrix(self, levels: list[int | None], level_names: dict[str, str],
                   matrix: dict[str, dict[str, int]]) -> None:
        """Replace everything shown."""
        self.beginResetModel()
        self._levels = list(levels)
        self._level_names = dict(level_names)
        keys = [level_key(level) for level in self._levels]
        rank = sorted(range(len(keys)), key=lambda c: -1 if self._levels[c] is None else self._levels[c], reverse=True)

        def order(name: str) -> tuple[Any, ...]:
            row = matrix[name]
            return (name == NO_VICTIM, *(-int(row.get(keys[c], 0)) for c in rank), name.casefold(), name)

        self._victims = sorted(matrix, key=order)
        self._counts = [[int(matrix[name].get(key, 0)) for key in keys] for name in self._victims]
        self.endResetModel()

    @property
    def victims(self) -> list[str]:
        """Victim rows in display order (without the Total row)."""
        return list(self._victims)

    def _row_count(self) -> int:
        return len(self._victims) + 1 if self._victims else 0  # no lone Total row when there is nothing

    def _column_count(self) -> int:
        return len(self._levels) + 1

    def is_total_row(self, row: int) -> bool:
        return row == len(self._victims)

    def is_total_column(self, column: int) -> bool:
        return column == len(self._levels)

    def victim_at(self, row: int) -> str | None:
        """The victim filter a row stands for: None for the Total row."""
        return None if self.is_total_row(row) else self._victims[row]

    def level_at(self, column: int) -> int | None:
        """The level filter a column stands for: None for Total, NOT_CLASSIFIED for the '—' column."""
        if self.is_total_column(column):
            return None
        level = self._levels[column]
        return NOT_CLASSIFIED if level is None else level

    def count(self, row: int, column: int) -> int:
        rows = range(len(self._victims)) if self.is_total_row(row) else (row,)
        columns = range(len(self._levels)) if self.is_total_column(column) else (column,)
        return sum(self._counts[r][c] for r in rows for c in columns)

    def level_name(self, column: int) -> str:
        if self.is_total_column(column):
            return "Total"
        key = level_key(self._levels[column])
        return self._level_names.get(key, key)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _ROLE.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if not 0 <= section < (self.columnCount() if horizontal else self.rowCount()):
            return None
        if role == _ROLE.DisplayRole:
            if horizontal:
                return self.level_name(section)
            return "Total" if self.is_total_row(section) else self._victims[section]
        if role == _ROLE.ToolTipRole:
            if horizontal:
                if self.is_total_column(section):
                    return "Sum of the level columns shown"
                if self._levels[section] is None:
                    return "Items with no sensitivity level yet"
                return f"Level {self._levels[section]}: {self.level_name(section)}"
            if self.is_total_row(section):
                return "All rows above, unattributed items included"
            return "Items not attributed to any victim" if self._victims[section] == NO_VICTIM else None
        if role == _ROLE.FontRole and (self.is_total_column(section) if horizontal else self.is_total_row(section)):
            return _bold()
        return None

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row, column = index.row(), index.column()
        if role == self.VictimRole:
            return self.victim_at(row)
        if role == self.LevelRole:
            return self.level_at(column)
        n = self.count(row, column)
        if role == self.CountRole:
            return n
        if role == _ROLE.DisplayRole:
            return format_count(n) if n else ""
        if role == _ROLE.TextAlignmentRole:
            return _NUMBER_ALIGN
        if role == _ROLE.FontRole and (self.is_total_row(row) or self.is_total_column(column)):
            return _bold()
        if role == _ROLE.ToolTipRole:
            who = "All victims" if self.is_total_row(row) else self._victims[row]
            what = "all levels" if self.is_total_column(column) else self.level_name(column)
            return f"{who} — {what}: {format_count(n)} item{'s' if n != 1 else ''}"
        if role in (_ROLE.BackgroundRole, _ROLE.ForegroundRole):
            level = self.level_at(column)
            if not n or self.is_total_row(row) or level is None or level == NOT_CLASSIFIED:
                return None
            palette = QGuiApplication.palette()
            tint = level_tint(level, palette)
            if role == _ROLE.BackgroundRole:
                return tint
            return readable_text(tint, palette.color(QPalette.ColorRole.Text))
        return None


class CredentialsModel(_TableModel):
    """Credentials exposed per victim: most distinct credentials first."""

    HEADERS = ("Victim", "Distinct", "By kind", "Privileged accounts")
    VictimRole = _ROLE.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows_data: list[tuple[str, CredentialInfo]] = []

    def set_credentials(self, credentials: dict[str, CredentialInfo]) -> None:
        """Replace everything shown."""
        self.beginResetModel()
        self._rows_data = sorted(credentials.items(),
                                 key=lambda kv: (-int(kv[1]["distinct"]), kv[0] == NO_VICTIM, kv[0].casefold()))
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows_data)

    def victim_at(self, row: int) -> str:
        return self._rows_data[row][0]

    @staticmethod
    def kinds_text(by_kind: dict[str, int]) -> str:
        """'plaintext 25, ntlm 4': the largest kinds first."""
        ordered = sorted(((kind, n) for kind, n in by_kind.items() if n), key=lambda kn: (-kn[1], kn[0]))
        return ", ".join(f"{kind} {format_count(n)}" for kind, n in ordered)

    @staticmethod
    def privileged_text(accounts: list[str]) -> str:
        """The first few accounts, then '+N more': the full list is in the tooltip."""
        shown = ", ".join(accounts[:MAX_PRIVILEGED_SHOWN])
        rest = len(accounts) - MAX_PRIVILEGED_SHOWN
        return f"{shown} +{rest}\N{NO-BREAK SPACE}more" if rest > 0 else shown  # '+N more' never splits

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        victim, info = self._rows_data[index.row()]
        column = index.column()
        if role == self.VictimRole:
            return victim
        if role == _ROLE.DisplayRole:
            return (victim, format_count(info["distinct"]), self.kinds_text(info["by_kind"]),
                    self.privileged_text(info["privileged"]))[column]
        if role == _ROLE.ToolTipRole:
            if column == 3 and info["privileged"]:
                return "Privileged accounts:\n" + "\n".join(info["privileged"])
            if column == 2 and info["by_kind"]:
                return "\n".join(f"{kind}: {format_count(n)}" for kind, n in sorted(info["by_kind"].items()))
            return None
        if role == _ROLE.TextAlignmentRole:
            return _NUMBER_ALIGN if column == 1 else _TEXT_ALIGN
        return None


class StatusCountModel(_TableModel):
    """Items per extraction status, in the order of the closed list; statuses with no item left out."""

    HEADERS = ("Status", "Items")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows_data: list[tuple[str, int]] = []

    def set_statuses(self, statuses: dict[str, int]) -> None:
        """Replace everything shown; an unknown status (newer producer) is shown after the known ones."""
        self.beginResetModel()
        known = [(s, int(statuses[s])) for s in STATUSES if statuses.get(s)]
        extra = sorted((s, int(n)) for s, n in statuses.items() if s not in STATUSES and n)
        self._rows_data = known + extra
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows_data)

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        status, n = self._rows_data[index.row()]
        if role == _ROLE.DisplayRole:
            return status if index.column() == 0 else format_count(n)
        if role == _ROLE.ToolTipRole:
            return _STATUS_HELP.get(status)
        if role == _ROLE.TextAlignmentRole:
            return _NUMBER_ALIGN if index.column() == 1 else _TEXT_ALIGN
        return None


class ProblemsModel(_TableModel):
    """Failed and encrypted items, in the order the summary lists them."""

    HEADERS = ("Path", "Status", "Detail")
    KeyRole = _ROLE.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows_data: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        """Replace everything shown."""
        self.beginResetModel()
        self._rows_data = list(problems)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows_data)

    def key_at(self, row: int) -> int:
        return int(self._rows_data[row]["key"])

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        problem = self._rows_data[index.row()]
        if role == self.KeyRole:
            return int(problem["key"])
        if role == _ROLE.DisplayRole:
            return (problem["path"], problem["status"], problem["status_detail"])[index.column()]
        if role == _ROLE.ToolTipRole:  # the whole path: the cell elides its middle
            detail = problem["status_detail"] or _STATUS_HELP.get(problem["status"])
            return f"{problem['path']}\n{problem['status']}" + (f": {detail}" if detail else "")
        return None
