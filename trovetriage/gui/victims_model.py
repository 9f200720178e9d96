"""The victims registry as an editable table model, and its validation by the victims file's own rules.

Rows are drafts: they hold whatever the investigator typed, so a half-finished row can stay in the
table while the rest is edited. Only `check` turns drafts into `Victim`s, by writing them as
victims.toml text and parsing it with `parse_victims`, so the dialog can never accept what a file
would refuse.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from typing import Any

import tomli_w
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from trovetriage.core.victims import Victim, VictimsFileError, parse_victims

NAME, SECTOR, COUNTRY, DOMAINS, ALIASES = range(5)
HEADERS = ("Name", "Sector", "Country", "Domains", "Aliases")
HEADER_TIPS = (
    "The organisation's name; unique, required",
    "government, energy or other",
    "ISO 3166 alpha-2 country code, e.g. BH; may stay empty",
    "E-mail and web domains, comma-separated; subdomains are included",
    "Other names in any language, comma-separated; quote a name that contains a comma",
)
Index = QModelIndex | QPersistentModelIndex
_ROW_PREFIX = re.compile(r"^victim #(\d+)(?: \(.*?\))?: ", re.DOTALL)


def join_list(values: list[str]) -> str:
    """One line of comma-separated entries; an entry with a comma or quote is quoted, CSV style."""
    return ", ".join(f'"{v.replace(chr(34), chr(34) * 2)}"' if ("," in v or '"' in v) else v for v in values)


def split_list(text: str) -> list[str]:
    """The inverse of `join_list`; blanks between commas are dropped rather than refused."""
    fields = next(csv.reader([text], skipinitialspace=True), [])
    return [value.strip() for value in fields if value.strip()]


@dataclass
class VictimDraft:
    """One row as typed; `check` decides whether it is a valid victim."""

    name: str = ""
    sector: str = "other"
    country: str = ""
    domains: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VictimDraft:
        return cls(str(data.get("name", "")), str(data.get("sector", "other")), str(data.get("country", "")),
                   [str(d) for d in data.get("domains", [])], [str(a) for a in data.get("aliases", [])])

    def as_toml_table(self) -> dict[str, Any]:
        return {"name": self.name, "sector": self.sector, "country": self.country,
                "domains": list(self.domains), "aliases": list(self.aliases)}


@dataclass(frozen=True)
class RowProblem:
    """Why a row is refused; `row` is 0-based, the message names the row as the table shows it."""

    row: int
    message: str


def to_toml(drafts: list[VictimDraft]) -> str:
    return tomli_w.dumps({"victims": [draft.as_toml_table() for draft in drafts]})


def check(drafts: list[VictimDraft]) -> tuple[list[Victim], list[RowProblem]]:
    """The victims, or every row's problem: each row alone first, then the whole list (duplicate names)."""
    if not drafts:
        return [], [RowProblem(-1, "The registry needs at least one victim (a victims file may not be empty).")]
    problems: list[RowProblem] = []
    for row, draft in enumerate(drafts):
        try:
            parse_victims(to_toml([draft]))
        except VictimsFileError as error:
            problems.append(RowProblem(row, _reword(str(error), row, draft.name)))
    if problems:
        return [], problems
    try:
        return parse_victims(to_toml(drafts)), []
    except VictimsFileError as error:
        match = _ROW_PREFIX.match(str(error))
        row = int(match.group(1)) - 1 if match else -1
        name = drafts[row].name if 0 <= row < len(drafts) else ""
        return [], [RowProblem(row, _reword(str(error), row, name))]


def _reword(message: str, row: int, name: str) -> str:
    """'victim #1 (X): country must…' → 'Row 3 (X): country must…', numbered as the table shows it."""
    detail = _ROW_PREFIX.sub("", message, count=1)
    label = f"Row {row + 1}" + (f" ({name.strip()})" if name.strip() else "")
    return f"{label}: {detail}"


class VictimsModel(QAbstractTableModel):
    """Victim drafts, one per row; lists are edited as comma-separated text."""

    def __init__(self, drafts: list[VictimDraft] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drafts: list[VictimDraft] = list(drafts or [])
        self._problems: dict[int, str] = {}

    # -- contents --------------------------------------------------------------------------------------

    @property
    def drafts(self) -> list[VictimDraft]:
        return list(self._drafts)

    def set_drafts(self, drafts: list[VictimDraft]) -> None:
        self.beginResetModel()
        self._drafts = list(drafts)
        self._problems = {}
        self.endResetModel()

    def add_draft(self, draft: VictimDraft | None = None) -> int:
        row = len(self._drafts)
        self.beginInsertRows(QModelIndex(), row, row)
        self._drafts.append(draft or VictimDraft())
        self.endInsertRows()
        return row

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._drafts):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._drafts[row:row + count]
        self._problems = {}
        self.endRemoveRows()
        return True

    def set_problems(self, problems: list[RowProblem]) -> None:
        """Mark refused rows (tooltip and the vertical header) until the next check."""
        self._problems = {p.row: p.message for p in problems if 0 <= p.row < len(self._drafts)}
        if self._drafts:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._drafts) - 1, len(HEADERS) - 1),
                                  [Qt.ItemDataRole.ToolTipRole])
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._drafts) - 1)

    # -- Qt model --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._drafts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._drafts):
            return None
        draft, column = self._drafts[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(draft, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self._problems.get(index.row())
            if problem:
                return problem
            if column in (DOMAINS, ALIASES):
                values = draft.domains if column == DOMAINS else draft.aliases
                return "\n".join(values) or None
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNTRY:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _text(draft: VictimDraft, column: int) -> str:
        if column == NAME:
            return draft.name
        if column == SECTOR:
            return draft.sector
        if column == COUNTRY:
            return draft.country
        return join_list(draft.domains if column == DOMAINS else draft.aliases)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Any text is kept (the check on OK decides), only normalised the way the file loader would."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not isinstance(value, str):
            return False
        draft, column = self._drafts[index.row()], index.column()
        if column == NAME:
            draft.name = value.strip()
        elif column == SECTOR:
            draft.sector = value.strip()
        elif column == COUNTRY:
            draft.country = value.strip().upper()
        elif column == DOMAINS:
            draft.domains = [d.lower().lstrip(".") for d in split_list(value)]
        else:
            draft.aliases = split_list(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._drafts):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"⚠ {section + 1}" if section in self._problems else str(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._problems.get(section)
        return None
