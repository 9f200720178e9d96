"""CSV export: the DESIGN §7 item list as a spreadsheet an investigator or a victim can open.

Why the choices:
- UTF-8 with a BOM, so Excel reads accented and Arabic names correctly without an import wizard.
- Formula injection: titles, names and paths come from hostile data. A cell starting with `=`, `+`,
  `-`, `@`, a tab or a carriage return could run as a formula when opened in a spreadsheet, so such a
  cell gets a leading apostrophe (`'=HYPERLINK(...)` shows as text). The apostrophe is part of the
  value: a program reading the CSV sees it; the JSONL export keeps the raw value.
- Only counts and masked data: findings are listed by rule id (their excerpts stay out) and
  credentials as a count, so the file can leave the case without carrying a secret.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from trovetriage.core.progress import NullProgress, Progress
from trovetriage.core.store import Store
from trovetriage.report.jsonl import item_records, selected_count, selection
from trovetriage.report.output_file import replacing

COLUMNS = ("item_id", "parent_id", "path", "sha256", "size", "mime", "kind", "status", "status_detail", "title",
           "date", "from", "to", "victim", "victim_confidence", "victim_origin", "level", "level_origin",
           "categories", "findings", "credentials", "copies", "reviewed", "note")

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def neutralise(value: str) -> str:
    """The cell as text a spreadsheet will not evaluate (a leading apostrophe when it could)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_row(record: dict[str, Any]) -> list[str]:
    """One item's §7 record as CSV cells: lists joined, counts for copies, findings as rule ids."""
    cells: dict[str, Any] = {key: record.get(key) for key in COLUMNS}
    cells["to"] = LIST_SEPARATOR.join(record["to"])
    cells["categories"] = LIST_SEPARATOR.join(record["categories"])
    cells["findings"] = LIST_SEPARATOR.join(dict.fromkeys(f["rule"] for f in record["findings"]))
    cells["copies"] = len(record["copies"])
    cells["reviewed"] = "yes" if record["reviewed"] else "no"
    return [neutralise(_text(cells[key])) for key in COLUMNS]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def write_csv(rows: Iterable[list[str]], output: Path) -> None:
    """Write header and rows atomically (temp file then rename): a reader never sees half a file."""
    with replacing(output) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def export_csv(store: Store, output: Path, victim: str | None = None, reviewed_only: bool = False,
               progress: Progress | None = None) -> int:
    """Write the items (all, one victim's, or the reviewed ones) in store order; returns how many."""
    progress = progress or NullProgress()
    total = selected_count(store, victim, reviewed_only)
    where, params = selection(victim, reviewed_only)
    written = 0

    def rows() -> Iterable[list[str]]:
        nonlocal written
        for record in item_records(store, store.item_rows(f"WHERE {where} ORDER BY i.rowid", params)):
            yield csv_row(record)
            written += 1
            if written % 1000 == 0:
                progress.check_cancelled()
                progress.update(written, total, "exporting")

    write_csv(rows(), output)
    progress.update(written, total, "exporting")
    return written
