"""The triage report as a small document model, built once from the summary and drawn by each renderer.

Why a model: the HTML and the PDF report must say exactly the same thing. Building the sections,
tables and wording here, from `case_summary` only, leaves the renderers (`html_report`, `pdf_report`)
with layout alone, so a change of content cannot reach one format and miss the other.

Every string in a block may come from stolen data (titles, paths, account names): renderers treat
all of them as plain text, never as markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from trovetriage.core.classification import Level
from trovetriage.report.actions import recommended_actions

LEVEL_KEYS = ("4", "3", "2", "1", "0", "none")
#: Light fills that stay readable in print and in greyscale (darker = more sensitive).
LEVEL_COLOURS = {"0": "#e6e6e6", "1": "#c6dbef", "2": "#fdd49e", "3": "#fc8d59", "4": "#d7301f", "none": "#f7f7f7"}
DEFAULT_BANNER = "TLP:AMBER"


def level_name(key: Any) -> str:
    """'3 SECRET' for a level key, 'not classified' (as in the window's sidebar) for an item without one."""
    try:
        return f"{int(key)} {Level(int(key)).name}"
    except (TypeError, ValueError):
        return "not classified"


def victim_name(value: str | None) -> str:
    return value if value is not None else "(no victim)"


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str
    level: int = 3


@dataclass(frozen=True)
class Column:
    """A table column: `numeric` columns align right, `excerpt` columns use a monospaced font."""

    title: str
    numeric: bool = False
    excerpt: bool = False
    width: float = 1.0  # relative width (used by the PDF)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None  # a last row drawn as a heading row


@dataclass(frozen=True)
class LevelBars:
    """Items per victim as bars stacked by level, most sensitive first; `rows` are (label, by_level, total)."""

    rows: tuple[tuple[str, dict[str, int], int], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Group:
    """Blocks kept together on one page when possible (one sensitive item and its findings)."""

    blocks: tuple[Block, ...]


Block = Paragraph | Subheading | Table | LevelBars | Bullets | Group


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    byline: str  # tool, version, case
    export_date: str  # the only part that changes between two exports of the same case
    banner: str  # the classification banner printed at the top and bottom
    case_id: str
    sections: tuple[Section, ...] = field(default_factory=tuple)


def columns(*titles: str, numeric: tuple[int, ...] = (), excerpt: tuple[int, ...] = (),
            widths: tuple[float, ...] = ()) -> tuple[Column, ...]:
    return tuple(Column(title, i in numeric, i in excerpt, widths[i] if i < len(widths) else 1.0)
                 for i, title in enumerate(titles))


def build_document(summary: dict[str, Any], banner: str = DEFAULT_BANNER) -> Document:
    """The case report, or with a victim in the summary's scope that victim's notification packet."""
    scope = summary["scope"]
    packet = scope["victim"] is not None
    title = f"Notification for {scope['victim']}" if packet else f"Triage report, case {scope['case_id']}"
    qualifiers = [", reviewed items only" if scope["reviewed_only"] else "",
                  ", secrets shown in clear" if scope.get("secrets_revealed") else ""]
    byline = f"TroveTriage {scope['tool_version']}, case {scope['case_id']}{''.join(qualifiers)}."
    sections: list[Section] = []
    if packet:
        sections += [Section("actions", "Recommended actions", _actions(summary)),
                     Section("taken", "What was taken", _taken(summary))]
    sections.append(Section("scope", "Scope", _scope(summary)))
    sections += [
        Section("levels", "Items per victim and level", _levels(summary)),
        Section("categories", "Victims, levels and categories", _categories(summary)),
        Section("credentials", "Credentials exposed", _credentials(summary)),
    ]
    if packet:
        sections.append(Section("accounts", "Exposed accounts", _accounts(summary)))
    sections += [
        Section("timespan", "Time span per victim", _timespan(summary)),
        Section("sensitive", "Most sensitive items", _sensitive(summary)),
        Section("unreadable", "Unreadable items", _unreadable(summary)),
        Section("audit", "Audit summary", _audit(summary)),
    ]
    return Document(title, byline, scope["export_date"], banner, str(scope["case_id"]), tuple(sections))


def _actions(summary: dict[str, Any]) -> tuple[Block, ...]:
    actions = recommended_actions(summary)
    if not actions:
        return (Paragraph("The data calls for no specific action."),)
    return (Bullets(tuple(actions), ordered=True),)


def _taken(summary: dict[str, Any]) -> tuple[Block, ...]:
    totals, exposed = summary["totals"], summary["exposed"]
    dates = [(v["first_date"], v["last_date"]) for v in summary["victims"] if v["first_date"]]
    span = (f"The dated material runs from {min(d[0] for d in dates)} to {max(d[1] for d in dates)}."
            if dates else "None of the material carries a date.")
    mailboxes, accounts = exposed["mailboxes"], exposed["accounts"]
    blocks: list[Block] = [
        Paragraph(f"{totals['items']} items: {mailboxes['count']} mailboxes, {accounts['count']} accounts with "
                  f"exposed credentials. {span}"),
        Table(columns("Kind", "Items", numeric=(1,)), tuple((k, v) for k, v in totals["by_kind"].items())),
    ]
    if mailboxes["listed"]:
        more = f" (the first {len(mailboxes['listed'])})" if len(mailboxes["listed"]) < mailboxes["count"] else ""
        blocks += [Subheading(f"Mailboxes{more}"),
                   Table(columns("Mailbox", "Messages", numeric=(1,), widths=(4, 1)),
                         tuple((m["path"], m["messages"]) for m in mailboxes["listed"]))]
    return tuple(blocks)


def _scope(summary: dict[str, Any]) -> tuple[Block, ...]:
    scope, totals = summary["scope"], summary["totals"]
    return (
        Paragraph(f"{totals['items']} items selected."),
        Subheading("Sources"),
        Table(columns("Source", "Label", "Items selected", "Files", "Bytes", "Manifest SHA-256",
                      numeric=(2, 3, 4), excerpt=(5,), widths=(3, 1.2, 1, 1, 1.3, 3)),
              tuple((s["root"], s["label"], s["items"], s.get("files", ""), s.get("bytes", ""),
                     s.get("manifest_sha256", "")) for s in scope["sources"])),
        Paragraph("The manifest SHA-256 is the hash of the sorted lines \"path<TAB>sha256\" of every file of the "
                  "source, so two parties can check they hold the same material."),
        Subheading("Ingest runs"),
        Table(columns("Run", "Command", "Started", "Finished", "State", numeric=(0,), widths=(0.6, 3, 2, 2, 1)),
              tuple((r["id"], r["command"], r["started_at"], r["finished_at"], r["state"])
                    for r in scope["ingest_runs"])),
        Subheading("Items by status"),
        Table(columns("Status", "Items", numeric=(1,)), tuple(totals["by_status"].items())),
        Subheading("Items by kind"),
        Table(columns("Kind", "Items", numeric=(1,)), tuple(totals["by_kind"].items())),
    )


def _levels(summary: dict[str, Any]) -> tuple[Block, ...]:
    victims = summary["victims"]
    if not victims:
        return (Paragraph("No items."),)
    return (
        LevelBars(tuple((victim_name(v["victim"]), v["by_level"], v["items"]) for v in victims)),
        Subheading("Counts"),
        Table(columns("Victim", *(level_name(k) for k in LEVEL_KEYS), "Total", numeric=tuple(range(1, 8)),
                      widths=(3, 1, 1, 1, 1, 1, 1, 1)),
              tuple((victim_name(v["victim"]), *(v["by_level"].get(k, 0) for k in LEVEL_KEYS), v["items"])
                    for v in victims)),
    )


def _categories(summary: dict[str, Any]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for victim in summary["victims"]:
        matrix = victim["by_level_and_category"]
        categories = list(victim["by_category"])
        blocks.append(Subheading(victim_name(victim["victim"])))
        if not categories:
            blocks.append(Paragraph("No category assigned."))
            continue
        rows = tuple((level_name(level), *(matrix.get(level, {}).get(c, 0) for c in categories))
                     for level in LEVEL_KEYS if level in matrix)
        blocks.append(Table(columns("Level", *categories, numeric=tuple(range(1, len(categories) + 1))), rows,
                            total=("All levels", *(victim["by_category"][c] for c in categories))))
    return tuple(blocks) or (Paragraph("No items."),)


def _credentials(summary: dict[str, Any]) -> tuple[Block, ...]:
    revealed = summary["scope"].get("secrets_revealed")
    blocks: list[Block] = [Paragraph(
        "Counts of distinct credentials. Account names are given so the accounts can be reset; "
        + ("secrets are shown in clear under Exposed accounts, as asked for at export." if revealed else
           "secrets are never part of this report.") + " Kinds are hash types (plaintext, ntlm, lm, ...); "
        "formats are the kinds of dump they were found in.")]
    for victim in summary["victims"]:
        credentials = victim["credentials"]
        blocks.append(Subheading(victim_name(victim["victim"])))
        if not credentials["distinct"]:
            blocks.append(Paragraph("No credentials found."))
            continue
        blocks += [
            Paragraph(f"{credentials['distinct']} distinct credentials."),
            Table(columns("Kind", "Distinct", numeric=(1,)), tuple(credentials["by_kind"].items())),
            Table(columns("Format", "Distinct", numeric=(1,)), tuple(credentials.get("by_format", {}).items())),
        ]
        if credentials.get("domains"):
            blocks.append(Table(columns("Domain", "Accounts", numeric=(1,)), tuple(credentials["domains"].items())))
        blocks.append(Subheading("Privileged accounts", 4))
        blocks.append(Bullets(tuple(credentials["privileged"])) if credentials["privileged"] else Paragraph("None."))
    return tuple(blocks)


def _accounts(summary: dict[str, Any]) -> tuple[Block, ...]:
    accounts = summary["exposed"]["accounts"]
    if not accounts["count"]:
        return (Paragraph("No account of this victim was found with a credential."),)
    revealed = summary["scope"].get("secrets_revealed")
    listed = accounts["listed"]
    more = f" The first {len(listed)} are listed." if len(listed) < accounts["count"] else ""
    note = ("Each account's first line as found in the data is shown in clear: handle this document as the "
            "credentials themselves." if revealed else "Secrets are masked (the first characters only).")
    rows = tuple((a["account"] or "(no account name)", a["domain"], a["kind"], "yes" if a["privileged"] else "",
                  a["distinct_secrets"], ", ".join(a["formats"]), a["line"] if revealed else a["secret_masked"])
                 for a in listed)
    return (
        Paragraph(f"{accounts['count']} accounts, privileged accounts first.{more} {note}"),
        Table(columns("Account", "Domain", "Kind", "Privileged", "Secrets", "Found in",
                      "Line as found" if revealed else "Secret (masked)", numeric=(4,), excerpt=(6,),
                      widths=(2, 1.6, 1, 1.1, 0.8, 1, 2.4)), rows),
    )


def _timespan(summary: dict[str, Any]) -> tuple[Block, ...]:
    return (Table(columns("Victim", "First date", "Last date", "Items", numeric=(3,), widths=(3, 2, 2, 1)),
                  tuple((victim_name(v["victim"]), v["first_date"] or "unknown", v["last_date"] or "unknown",
                         v["items"]) for v in summary["victims"])),)


def _sensitive(summary: dict[str, Any]) -> tuple[Block, ...]:
    items = summary["most_sensitive"]
    if not items:
        return (Paragraph("No classified items."),)
    blocks: list[Block] = [Paragraph("Highest levels first, then the oldest. Excerpts are masked.")]
    for item in items:
        facts = Table(columns("Level", "Title", "Path", "Date", "Victim", "Categories",
                              widths=(1, 2.5, 2.5, 1.6, 1.6, 1.2)),
                      ((level_name(item["level"]), item["title"], item["path"], item["date"],
                        victim_name(item["victim"]), ", ".join(item["categories"])),))
        group: list[Block] = [facts]
        if item["findings"]:
            group.append(Table(columns("Rule", "Category", "Level", "Confidence", "Excerpt (masked)", excerpt=(4,),
                                       widths=(2, 1.2, 1.2, 1, 3.5)),
                               tuple((f["rule"], f["category"], level_name(f["level"]), f["confidence"], f["excerpt"])
                                     for f in item["findings"])))
        blocks.append(Group(tuple(group)))
    return tuple(blocks)


def _unreadable(summary: dict[str, Any]) -> tuple[Block, ...]:
    unreadable = summary["unreadable"]
    if not unreadable["count"]:
        return (Paragraph("None: every item could be read."),)
    listed = len(unreadable["items"])
    note = f" (the first {listed} listed)" if listed < unreadable["count"] else ""
    return (Paragraph(f"{unreadable['count']} items could not be read{note}."),
            Table(columns("Path", "Status", "Reason", widths=(3, 1, 3)),
                  tuple((i["path"], i["status"], i["reason"]) for i in unreadable["items"])))


def _audit(summary: dict[str, Any]) -> tuple[Block, ...]:
    audit = summary["audit"]
    return (
        Paragraph(f"{audit['entries']} audit entries."),
        Table(columns("Action", "Entries", numeric=(1,)), tuple(audit["by_action"].items())),
        Table(columns("Actor", "Entries", numeric=(1,)), tuple(audit["by_actor"].items())),
        Subheading("Last entries"),
        Table(columns("Id", "At", "Actor", "Action", "Item", "Detail", numeric=(0,), widths=(0.6, 2, 1.2, 1.6, 1.8, 3)),
              tuple((e["id"], e["at"], e["actor"], e["action"], e["item_id"],
                     json.dumps(e["detail"], sort_keys=True, ensure_ascii=False)) for e in audit["last"])),
    )
