"""`classify` and `victims`: the investigator's decisions and the victims registry (DESIGN §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import tomli_w

from trovetriage.case import CaseError, QuerySyntaxError
from trovetriage.cli.common import CASE_OPTION, TextProgress, open_case
from trovetriage.core.classification import Category
from trovetriage.core.judgements import UNSET, Decision
from trovetriage.core.victims import VictimsFileError, load_victims

CATEGORY_CHOICE = click.Choice([str(c) for c in Category])


@click.command("classify")
@CASE_OPTION
@click.option("--query", help="Apply to every item matching this search query.")
@click.option("--item", "item_ids", multiple=True, help="Apply to this item id (repeatable).")
@click.option("--auto", is_flag=True, help="Re-run automatic classification on the whole case.")
@click.option("--victim", help="Set the victim (a name from the victims registry).")
@click.option("--no-victim", is_flag=True, help="Set: no victim.")
@click.option("--level", type=click.IntRange(0, 4), help="Set the sensitivity level (0 PUBLIC .. 4 CRITICAL).")
@click.option("--add-category", multiple=True, type=CATEGORY_CHOICE, help="Add a category (repeatable).")
@click.option("--remove-category", multiple=True, type=CATEGORY_CHOICE, help="Remove a category (repeatable).")
@click.option("--note", help="Set the note.")
@click.option("--reviewed/--not-reviewed", default=None, help="Mark as reviewed or not.")
@click.option("--copies", is_flag=True, help="Also apply to every other location of the same content.")
@click.option("--quiet", is_flag=True, help="No progress line for --auto.")
def classify_command(case_dir: Path, query: str | None, item_ids: tuple[str, ...], auto: bool, victim: str | None,
                     no_victim: bool, level: int | None, add_category: tuple[str, ...],
                     remove_category: tuple[str, ...], note: str | None, reviewed: bool | None, copies: bool,
                     quiet: bool) -> None:
    """Record a decision on items (manual decisions are never overwritten), or re-run --auto."""
    decision = Decision(victim=None if no_victim else victim if victim is not None else UNSET,
                        level=level if level is not None else UNSET,
                        add_categories=add_category, remove_categories=remove_category,
                        note=note if note is not None else UNSET, reviewed=reviewed if reviewed is not None else UNSET)
    targets = sum(bool(x) for x in (query, item_ids, auto))
    if targets != 1:
        raise click.UsageError("give exactly one of --query, --item or --auto")
    if victim is not None and no_victim:
        raise click.UsageError("--victim and --no-victim exclude each other")
    if auto and decision.describe():
        raise click.UsageError("--auto re-runs automatic classification; it takes no decision options")
    if not auto and not decision.describe():
        raise click.UsageError("nothing to set: give --victim, --no-victim, --level, a category, --note or --reviewed")
    with open_case(case_dir) as case:
        if auto:
            progress = TextProgress(enabled=not quiet)
            changes = case.reclassify(progress)
            progress.finish()
            click.echo(f"automatic classification re-run: {len(changes)} items changed")
            return
        try:
            targets_ids = case.item_ids_for_query(query) if query else list(item_ids)
            changes = case.classify(targets_ids, decision, copies=copies)
        except QuerySyntaxError as error:
            raise click.ClickException(f"query error: {error}") from error
        except CaseError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"classified {len(changes)} items: " + json.dumps(decision.describe(), ensure_ascii=False))


@click.group("victims")
def victims_group() -> None:
    """The case's victims registry (DESIGN §5)."""


@victims_group.command("import")
@click.argument("victims_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CASE_OPTION
def victims_import(victims_file: Path, case_dir: Path) -> None:
    """Replace the registry with VICTIMS_FILE and re-run attribution (manual decisions stay)."""
    try:
        victims = load_victims(victims_file)
    except VictimsFileError as error:
        raise click.ClickException(f"{victims_file}: {error}") from error
    with open_case(case_dir) as case:
        count = case.set_victims(victims)
        summary = case.victim_summary()
    click.echo(f"loaded {count} victims; items attributed: {sum(entry['items'] for entry in summary)}")


@victims_group.command("list")
@CASE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def victims_list(case_dir: Path, as_json: bool) -> None:
    """The registry with each victim's items by level and its exposed credentials."""
    with open_case(case_dir) as case:
        victims = case.victims()
        summary = {entry["victim"]: entry for entry in case.victim_summary()}
    rows: list[dict[str, Any]] = [{**victim.as_dict(), **_counts(summary.get(victim.name))} for victim in victims]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no victims registered: use 'trovetriage victims import FILE --case DIR'")
    for row in rows:
        levels = " ".join(f"L{level}:{count}" for level, count in row["by_level"].items())
        credentials = row["credentials"]
        click.echo(f"{row['name']}  [{row['sector']}, {row['country'] or '--'}]  {', '.join(row['domains'])}")
        privileged = f" (privileged: {', '.join(credentials['privileged'][:5])})" if credentials["privileged"] else ""
        click.echo(f"    items {row['items']}  {levels}  credentials {credentials['distinct']}{privileged}")


def _counts(entry: dict[str, Any] | None) -> dict[str, Any]:
    if entry is None:
        return {"items": 0, "by_level": {}, "by_category": {}, "credentials": {"distinct": 0, "by_kind": {},
                                                                               "privileged": []}}
    return {key: entry[key] for key in ("items", "by_level", "by_category", "credentials")}


@victims_group.command("export")
@CASE_OPTION
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The victims.toml file to write.")
def victims_export(case_dir: Path, output: Path) -> None:
    """Write the registry as a victims.toml file."""
    with open_case(case_dir) as case:
        victims = case.victims()
    output.write_text(tomli_w.dumps({"victims": [victim.as_dict() for victim in victims]}), encoding="utf-8")
    click.echo(f"wrote {len(victims)} victims to {output}")
