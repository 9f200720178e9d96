"""HTML triage report: the case summary (or a victim's notification packet) as one self-contained page.

Why the choices:
- Self-contained and inert: the file is mailed to victims and opened offline, possibly on a machine
  the attacker still controls. It references nothing outside itself (no link, script, image, font or
  `@import`; anchors only to ids inside the page) and a Content-Security-Policy forbids any fetch, so
  opening it leaks nothing and needs no network.
- Hostile strings: titles, paths, names and excerpts come from stolen data. Every one is escaped
  with `html.escape` and sits in an element with `dir="auto"`, so Arabic or Hebrew text reads
  right-to-left without reordering the table around it.
- Drawn only from `case_summary`, so the HTML says exactly what the JSON summary says, holds only
  masked excerpts (never a secret), and the same summary always gives the same bytes.
- Printable: light colours, no dark backgrounds, each section on a new page when printed.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from trovetriage.core.classification import Level
from trovetriage.core.store import Store
from trovetriage.report.summary import case_summary

LEVEL_KEYS = ("4", "3", "2", "1", "0", "none")
#: Light fills that stay readable in print and in greyscale (darker = more sensitive).
LEVEL_COLOURS = {"0": "#e6e6e6", "1": "#c6dbef", "2": "#fdd49e", "3": "#fc8d59", "4": "#d7301f", "none": "#f7f7f7"}
BAR_WIDTH = 360
BAR_HEIGHT = 16

#: Recommended actions of a victim packet: condition id -> text. Evaluated by `recommended_actions`.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("credentials", "Reset the passwords of the exposed accounts listed under Credentials exposed, and revoke "
                    "their sessions and tokens."),
    ("domain_admin", "Reset the krbtgt account password twice (with replication in between) and treat the "
                     "Active Directory domain as compromised: domain administrator hashes were taken."),
    ("vpn", "Rotate the VPN pre-shared keys and credentials found in the data."),
    ("private_key", "Revoke and reissue the private keys and certificates found in the data."),
    ("email", "Review mail forwarding rules, delegated mailbox access and mail-server logs: e-mail was taken."),
    ("pii", "Notify the affected persons and the data protection authority as the law requires: personal data "
            "was taken."),
)

STYLE = """
body { font-family: system-ui, sans-serif; color: #111; background: #fff; margin: 2em; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #999; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: .2em .5em; text-align: start; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: end; font-variant-numeric: tabular-nums; }
.meta { color: #444; } .excerpt { font-family: monospace; white-space: pre-wrap; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #888; vertical-align: middle; }
nav ul { columns: 2; }
svg rect { stroke: #666; stroke-width: .5; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { margin: 0; font-size: 10pt; }
  nav { display: none; }
  section { break-before: page; }
  tr, .item { break-inside: avoid; }
}
"""


def esc(value: Any) -> str:
    """Escaped text (quotes too, so it is safe in attributes); None as empty."""
    return html.escape("" if value is None else str(value), quote=True)


def text(value: Any, tag: str = "td") -> str:
    """A user-derived string in its own element, escaped and with its direction taken from its content."""
    return f'<{tag} dir="auto">{esc(value)}</{tag}>'


def num(value: Any) -> str:
    return f'<td class="n">{esc(value)}</td>'


def level_name(key: Any) -> str:
    """'3 SECRET' for a level key, 'pending' for an unclassified one."""
    try:
        return f"{int(key)} {Level(int(key)).name}"
    except (TypeError, ValueError):
        return "pending"


def victim_name(value: str | None) -> str:
    return value if value is not None else "(no victim)"


def table(headers: Iterable[str], rows: Iterable[str]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join(f"<tr>{row}</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _findings(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for item in summary["most_sensitive"] for finding in item["findings"]]


def _privileged(summary: dict[str, Any]) -> list[str]:
    return [name for victim in summary["victims"] for name in victim["credentials"]["privileged"]]


#: Condition id -> whether the summary calls for the action (the data behind `ACTIONS`).
CONDITIONS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "credentials": lambda s: any(v["credentials"]["distinct"] > 0 for v in s["victims"]),
    "domain_admin": lambda s: any("krbtgt" in name.lower() for name in _privileged(s)) or any(
        f["rule"].startswith("credentials") and f["level"] >= Level.CRITICAL for f in _findings(s)),
    "vpn": lambda s: any("vpn" in f["rule"] or "psk" in f["rule"] for f in _findings(s)),
    "private_key": lambda s: any("private_key" in f["rule"] for f in _findings(s)),
    "email": lambda s: s["totals"]["by_kind"].get("email", 0) + s["totals"]["by_kind"].get("mailbox", 0) > 0,
    "pii": lambda s: any(v["by_category"].get("pii", 0) > 0 for v in s["victims"]) or any(
        f["category"] == "pii" or f["rule"].startswith("pii") for f in _findings(s)),
}


def recommended_actions(summary: dict[str, Any]) -> list[str]:
    """The actions the data calls for, in the order of `ACTIONS`."""
    return [action for key, action in ACTIONS if CONDITIONS[key](summary)]


def render_html(summary: dict[str, Any]) -> str:
    """The summary as one HTML5 document; the export date line is the only one that varies between runs."""
    scope = summary["scope"]
    packet = scope["victim"] is not None
    title = f"Notification for {scope['victim']}" if packet else f"Triage report, case {scope['case_id']}"
    sections: list[tuple[str, str, str]] = [("scope", "Scope", _scope(summary))]
    if packet:
        actions = recommended_actions(summary)
        body = "<ol>\n" + "\n".join(f"<li>{esc(a)}</li>" for a in actions) + "\n</ol>" if actions else \
            "<p>The data calls for no specific action.</p>"
        sections.insert(0, ("actions", "Recommended actions", body))
    sections += [
        ("levels", "Items per victim and level", _levels(summary)),
        ("categories", "Victims, levels and categories", _categories(summary)),
        ("credentials", "Credentials exposed", _credentials(summary)),
        ("timespan", "Time span per victim", _timespan(summary)),
        ("sensitive", "Most sensitive items", _sensitive(summary)),
        ("unreadable", "Unreadable items", _unreadable(summary)),
        ("audit", "Audit summary", _audit(summary)),
    ]
    nav = "\n".join(f'<li><a href="#{anchor}">{esc(heading)}</a></li>' for anchor, heading, _ in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<title dir="auto">{esc(title)}</title>',
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        text(title, "h1"),
        f'<p class="meta">TroveTriage {esc(scope["tool_version"])}, case {esc(scope["case_id"])}'
        f'{", reviewed items only" if scope["reviewed_only"] else ""}.</p>',
        f'<p class="meta">Exported: <time>{esc(scope["export_date"])}</time></p>',
        "</header>",
        f"<nav>\n<h2>Contents</h2>\n<ul>\n{nav}\n</ul>\n</nav>",
        *(f'<section id="{anchor}">\n<h2>{esc(heading)}</h2>\n{body}\n</section>'
          for anchor, heading, body in sections),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _scope(summary: dict[str, Any]) -> str:
    scope, totals = summary["scope"], summary["totals"]
    base = ("root", "label", "items")
    extra = sorted({key for source in scope["sources"] for key in source} - set(base))  # hashes, sizes if given
    sources = table(["Source", "Label", "Items", *extra], (
        text(s["root"]) + text(s["label"]) + num(s["items"]) + "".join(text(s.get(k)) for k in extra)
        for s in scope["sources"]))
    runs = table(["Run", "Command", "Started", "Finished", "State"], (
        num(r["id"]) + text(r["command"]) + text(r["started_at"]) + text(r["finished_at"]) + text(r["state"])
        for r in scope["ingest_runs"]))
    counts = table(["Status", "Items"], (text(k) + num(v) for k, v in totals["by_status"].items()))
    kinds = table(["Kind", "Items"], (text(k) + num(v) for k, v in totals["by_kind"].items()))
    return (f"<p>{esc(totals['items'])} items selected.</p>\n<h3>Sources</h3>\n{sources}\n<h3>Ingest runs</h3>\n"
            f"{runs}\n<h3>Items by status</h3>\n{counts}\n<h3>Items by kind</h3>\n{kinds}")


def _bar(by_level: dict[str, int], largest: int) -> str:
    """Items of one victim as a horizontal bar stacked by level (most sensitive first), scaled to `largest`."""
    rects, x = [], 0.0
    for key in LEVEL_KEYS:
        count = by_level.get(key, 0)
        if not count:
            continue
        width = BAR_WIDTH * count / max(largest, 1)
        rects.append(f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="{BAR_HEIGHT}" '
                     f'fill="{LEVEL_COLOURS[key]}"><title>{esc(level_name(key))}: {count}</title></rect>')
        x += width
    return (f'<svg role="img" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}">{"".join(rects)}</svg>')


def _levels(summary: dict[str, Any]) -> str:
    victims = summary["victims"]
    if not victims:
        return "<p>No items.</p>"
    largest = max(v["items"] for v in victims)
    legend = " ".join(f'<span class="swatch" style="background:{LEVEL_COLOURS[k]}"></span> {esc(level_name(k))}'
                      for k in LEVEL_KEYS)
    chart = table(["Victim", "Items by level (most sensitive on the left)", "Items"], (
        text(victim_name(v["victim"])) + f"<td>{_bar(v['by_level'], largest)}</td>" + num(v["items"])
        for v in victims))
    counts = table(["Victim", *(level_name(k) for k in LEVEL_KEYS), "Total"], (
        text(victim_name(v["victim"])) + "".join(num(v["by_level"].get(k, 0)) for k in LEVEL_KEYS) + num(v["items"])
        for v in victims))
    return f"<p>{legend}</p>\n{chart}\n<h3>Counts</h3>\n{counts}"


def _categories(summary: dict[str, Any]) -> str:
    blocks = []
    for victim in summary["victims"]:
        matrix = victim["by_level_and_category"]
        categories = list(victim["by_category"])
        heading = text(victim_name(victim["victim"]), "h3")
        if not categories:
            blocks.append(f"{heading}\n<p>No category assigned.</p>")
            continue
        rows = (text(level_name(level)) + "".join(num(matrix.get(level, {}).get(c, 0)) for c in categories)
                for level in LEVEL_KEYS if level in matrix)
        totals = "<th>All levels</th>" + "".join(num(victim["by_category"][c]) for c in categories)
        blocks.append(f"{heading}\n{table(['Level', *categories], [*rows, totals])}")
    return "\n".join(blocks) or "<p>No items.</p>"


def _credentials(summary: dict[str, Any]) -> str:
    blocks = ["<p>Counts of distinct credentials; secrets are never part of this report. Account names are "
              "given so the accounts can be reset.</p>"]
    for victim in summary["victims"]:
        credentials = victim["credentials"]
        heading = text(victim_name(victim["victim"]), "h3")
        if not credentials["distinct"]:
            blocks.append(f"{heading}\n<p>No credentials found.</p>")
            continue
        kinds = table(["Kind", "Distinct"], (text(k) + num(n) for k, n in credentials["by_kind"].items()))
        privileged = ("<ul>" + "".join(text(name, "li") for name in credentials["privileged"]) + "</ul>"
                      if credentials["privileged"] else "<p>None.</p>")
        blocks.append(f"{heading}\n<p>{esc(credentials['distinct'])} distinct credentials.</p>\n{kinds}\n"
                      f"<h4>Privileged accounts</h4>\n{privileged}")
    return "\n".join(blocks)


def _timespan(summary: dict[str, Any]) -> str:
    return table(["Victim", "First date", "Last date", "Items"], (
        text(victim_name(v["victim"])) + text(v["first_date"] or "unknown") + text(v["last_date"] or "unknown")
        + num(v["items"]) for v in summary["victims"]))


def _sensitive(summary: dict[str, Any]) -> str:
    items = summary["most_sensitive"]
    if not items:
        return "<p>No classified items.</p>"
    blocks = ["<p>Highest levels first, then the oldest. Excerpts are masked.</p>"]
    for item in items:
        facts = table(["Level", "Title", "Path", "Date", "Victim", "Categories"], [
            text(level_name(item["level"])) + text(item["title"]) + text(item["path"]) + text(item["date"])
            + text(victim_name(item["victim"])) + text(", ".join(item["categories"]))])
        findings = table(["Rule", "Category", "Level", "Confidence", "Excerpt (masked)"], (
            text(f["rule"]) + text(f["category"]) + text(level_name(f["level"])) + text(f["confidence"])
            + f'<td dir="auto" class="excerpt">{esc(f["excerpt"])}</td>' for f in item["findings"]))
        blocks.append(f'<div class="item">\n{facts}\n{findings if item["findings"] else ""}\n</div>')
    return "\n".join(blocks)


def _unreadable(summary: dict[str, Any]) -> str:
    unreadable = summary["unreadable"]
    if not unreadable["count"]:
        return "<p>None: every item could be read.</p>"
    listed = len(unreadable["items"])
    note = f" (the first {listed} listed)" if listed < unreadable["count"] else ""
    rows = table(["Path", "Status", "Reason"], (text(i["path"]) + text(i["status"]) + text(i["reason"])
                                                  for i in unreadable["items"]))
    return f"<p>{esc(unreadable['count'])} items could not be read{esc(note)}.</p>\n{rows}"


def _audit(summary: dict[str, Any]) -> str:
    audit = summary["audit"]
    actions = table(["Action", "Entries"], (text(k) + num(v) for k, v in audit["by_action"].items()))
    actors = table(["Actor", "Entries"], (text(k) + num(v) for k, v in audit["by_actor"].items()))
    last = table(["Id", "At", "Actor", "Action", "Item", "Detail"], (
        num(e["id"]) + text(e["at"]) + text(e["actor"]) + text(e["action"]) + text(e["item_id"])
        + text(json.dumps(e["detail"], sort_keys=True, ensure_ascii=False)) for e in audit["last"]))
    return (f"<p>{esc(audit['entries'])} audit entries.</p>\n{actions}\n{actors}\n"
            f"<h3>Last entries</h3>\n{last}")


def export_html(store: Store, output: Path, victim: str | None = None, reviewed_only: bool = False) -> int:
    """Write the report atomically (temp file then rename); returns the number of items it covers."""
    summary = case_summary(store, victim, reviewed_only)
    temp = output.with_name(output.name + ".part")
    try:
        temp.write_bytes(render_html(summary).encode("utf-8"))
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    temp.replace(output)
    return int(summary["totals"]["items"])
