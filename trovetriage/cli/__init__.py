"""Command line (`trovetriage`): the only package that imports click (DESIGN §6)."""

from __future__ import annotations

import html
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from trovetriage import __version__
from trovetriage.case import CaseError, QuerySyntaxError
from trovetriage.case.facade import REVEALING_FORMATS
from trovetriage.cli.common import CASE_OPTION, TextProgress, format_progress, open_case
from trovetriage.core.classification import Category
from trovetriage.core.limits import Limits
from trovetriage.core.passwords import PasswordsFileError, load_passwords
from trovetriage.core.progress import Cancelled
from trovetriage.core.victims import VictimsFileError, load_victims
from trovetriage.ingest.pipeline import IngestOptions, IngestReport
from trovetriage.ingest.pool import default_jobs
from trovetriage.ingest.sniff import LibmagicMissing
from trovetriage.report.document import DEFAULT_BANNER


class CommandGroup(click.Group):
    """click's group, except that a usage error exits with 1, as DESIGN §6 promises (click uses 2)."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            error.show()
            sys.exit(1)
        except CaseError as error:  # a problem of the case or its rule files, said without a traceback
            click.ClickException(str(error)).show()
            sys.exit(1)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except (click.Abort, EOFError, KeyboardInterrupt):
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=(
    "Exit codes: 0 success, 1 a usage or case error. Every command takes --help. Start with: "
    "trovetriage index TROVE --case CASE --victims victims.toml, then trovetriage gui --case CASE. "
    "The user guide (docs/user-guide.md) explains the query syntax, the victims file and the exports."))
@click.version_option(__version__, prog_name="trovetriage")
def main() -> None:
    """TroveTriage: triage a stolen data trove - ingest, search, classify, export."""


@main.command("index")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@CASE_OPTION
@click.option("--victims", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="victims.toml to load into the case (used by classification).")
@click.option("--passwords", "passwords_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="UTF-8 file, one password per line, tried on encrypted items (stored in the case).")
@click.option("--jobs", type=click.IntRange(1, 64), default=default_jobs, show_default=True,
              help="Extraction worker processes.")
@click.option("--retry-failed", is_flag=True, help="Extract again items that failed (corrupt, timeout...).")
@click.option("--max-depth", type=click.IntRange(0, 1000), default=Limits.max_depth, show_default=True,
              help="Deepest nesting of containers that is opened.")
@click.option("--timeout", "timeout_base", type=click.FloatRange(1, 86400), default=Limits.timeout_base_s,
              show_default=True, help="Base seconds per item before it counts as hung (grows with size).")
@click.option("--max-member-mb", type=click.IntRange(1), default=Limits.max_member_bytes // 2**20,
              show_default=True, help="Largest decompressed member, in MiB.")
@click.option("--quiet", is_flag=True, help="No progress line.")
def index_command(sources: tuple[Path, ...], case_dir: Path, victims: Path | None, passwords_file: Path | None,
                  jobs: int, retry_failed: bool, max_depth: int, timeout_base: float, max_member_mb: int,
                  quiet: bool) -> None:
    """Ingest SOURCE folders and files into the case (created if missing); resumable."""
    limits = Limits(max_depth=max_depth, timeout_base_s=timeout_base, max_member_bytes=max_member_mb * 2**20)
    options = IngestOptions(jobs=jobs, limits=limits, retry_failed=retry_failed)
    progress = TextProgress(enabled=not quiet)
    with open_case(case_dir, create=True) as case:
        if victims is not None:
            try:
                count = case.set_victims(load_victims(victims))
            except VictimsFileError as error:
                raise click.ClickException(f"{victims}: {error}") from error
            click.echo(f"loaded {count} victims from {victims}")
        if passwords_file is not None:
            try:
                count = case.set_passwords(load_passwords(passwords_file))
            except PasswordsFileError as error:
                raise click.ClickException(f"{passwords_file}: {error}") from error
            click.echo(f"loaded {count} passwords from {passwords_file}")
            options.retry_encrypted = True
        try:
            report = case.ingest(list(sources), options, progress)
        except LibmagicMissing as error:
            raise click.ClickException(str(error)) from error
        except (KeyboardInterrupt, Cancelled):
            progress.finish()
            raise click.ClickException("interrupted: run the same command again to resume") from None
        progress.finish()
        _print_ingest_summary(report, case.stats())


def _print_ingest_summary(report: IngestReport, stats: dict[str, Any]) -> None:
    elapsed = report.elapsed or 1e-9
    click.echo(f"Done in {report.elapsed:.1f} s: {report.items_done} items ({report.items_done / elapsed:.0f}/s), "
               f"{report.contents_extracted} contents extracted, {report.items_skipped} already done.")
    click.echo(f"Case now holds {stats['items']} items.")
    click.echo("By status: " + ", ".join(f"{k} {v}" for k, v in stats["by_status"].items()))
    click.echo("By kind:   " + ", ".join(f"{k} {v}" for k, v in stats["by_kind"].items()))


def _plain_snippet(snippet: str) -> str:
    marked = re.sub(r"</?b>", lambda m: "\033[1m" if m.group(0) == "<b>" else "\033[0m", snippet)
    return html.unescape(" ".join(marked.split()))


@main.command("search")
@click.argument("query")
@CASE_OPTION
@click.option("--limit", type=click.IntRange(1, 100000), default=20, show_default=True, help="Hits to show.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Hits to skip first (for paging).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output with facet counts.")
@click.option("--victim", "victims", multiple=True,
              help="Only this victim's items (repeatable; '(no victim)' for unattributed ones).")
@click.option("--level", "levels", multiple=True, type=click.Choice(["0", "1", "2", "3", "4", "none"]),
              help="Only items of this level (repeatable; 'none' for items not classified).")
@click.option("--category", "categories", multiple=True, type=click.Choice([c.value for c in Category]),
              help="Only items with this category (repeatable: all must be present).")
def search_command(query: str, case_dir: Path, limit: int, offset: int, as_json: bool, victims: tuple[str, ...],
                   levels: tuple[str, ...], categories: tuple[str, ...]) -> None:
    """Search the case: boolean, "phrases", field:value, wild*, fuzzy~, date:[2019 to 2020]; victim, level
    and category are options, as in the window's sidebar."""
    filters = {"victim": list(victims), "level": list(levels), "category": list(categories)}
    with open_case(case_dir) as case:
        try:
            page = case.search(query, limit=limit, offset=offset, filters=filters)
        except QuerySyntaxError as error:
            raise click.ClickException(f"query error: {error}") from error
        if as_json:
            click.echo(json.dumps({
                "query": page.query, "total": page.total, "elapsed_ms": round(page.elapsed_ms, 1),
                "facets": page.facets,
                "hits": [{"item_id": h.item_id, "path": h.path, "title": h.title,
                          "date": h.date.isoformat() if h.date else None, "kind": h.kind, "status": h.status,
                          "score": round(h.score, 3), "snippet": h.snippet} for h in page.hits],
            }, ensure_ascii=False, indent=2))
            return
        click.echo(f"{page.total} hits ({page.elapsed_ms:.0f} ms)")
        for number, hit in enumerate(page.hits, start=offset + 1):
            date = hit.date.date().isoformat() if hit.date else "----------"
            click.echo(f"{number:>4}. {date}  [{hit.kind}/{hit.status}]  {hit.title or hit.path}")
            click.echo(f"      {hit.path}")
            if hit.snippet:
                click.echo(f"      {_plain_snippet(hit.snippet)}")


@main.command("stats")
@CASE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_command(case_dir: Path, as_json: bool) -> None:
    """Counts by status, kind and source, and the last run's figures."""
    with open_case(case_dir) as case:
        stats = case.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(format_stats(stats))


def format_stats(stats: dict[str, Any]) -> str:
    lines = [f"Case {stats['case']} ({stats['case_id']})",
             f"  items {stats['items']}  (pending {stats['pending']}, not yet indexed {stats['unindexed']})",
             f"  distinct contents {stats['contents']}, {stats['content_bytes'] / 1e6:.1f} MB,"
             f" {stats['text_chars'] / 1e6:.1f} M characters of text"]
    for title, key in (("status", "by_status"), ("kind", "by_kind"), ("source", "by_source"),
                       ("victim", "by_victim"), ("level", "by_level")):
        lines.append(f"  by {title}:")
        counts = stats.get(key, {})
        width = max([16, *(len(str(name)) for name in counts)])
        lines.extend(f"    {name:<{width}} {count:>8}" for name, count in counts.items())
    lines.append(f"  credentials exposed: {stats.get('credentials', 0)} records")
    if stats.get("mailboxes"):
        lines.append("  mailboxes (messages expected / extracted / failed):")
        lines.extend(f"    {m['path']}: {m['expected']} / {m['emitted']} / {m['failed']}" for m in stats["mailboxes"])
    run = stats.get("last_run")
    if run:
        figures = run["figures"]
        lines.append(f"  last run #{run['id']} {run['command']} {run['state']}, started {run['started_at']}:"
                     f" {figures.get('items_done', 0)} items in {figures.get('elapsed', 0)} s"
                     f" ({figures.get('items_per_s', 0)} items/s)")
        stages = figures.get("stages", {})
        if stages:
            lines.append("    stages (s): " + ", ".join(f"{k} {v}" for k, v in stages.items()))
    return "\n".join(lines)


@main.command("export")
@CASE_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "summary", "html", "pdf", "audit"]),
              required=True,
              help="jsonl: every item (DESIGN §7); csv: the same items as a spreadsheet (counts and masked data "
                   "only); summary: the triage summary as JSON; html: the summary as a self-contained report (a "
                   "notification packet with --victim); pdf: the same report paginated, with the banner, case id "
                   "and page numbers on every page; audit: the audit log (who decided what, old -> new).")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced if it exists; written whole or not at all).")
@click.option("--victim", default=None,
              help="Only this victim's items (exact name; every format but audit). With html or pdf this makes the "
                   "victim's notification packet: what was taken, its exposed accounts, recommended actions.")
@click.option("--reviewed-only", is_flag=True, help="Only items marked as reviewed (every format but audit).")
@click.option("--banner", default=DEFAULT_BANNER, show_default=True,
              help="Classification banner printed at the top and bottom of the report (html, pdf), e.g. "
                   "'TLP:AMBER+STRICT' or 'RESTRICTED - FOR THE ADDRESSEE ONLY'.")
@click.option("--reveal-secrets", is_flag=True,
              help="Show each exposed account's original line, secret in clear, in a victim's packet (summary, "
                   "html, pdf; needs --victim). Recorded in the audit log.")
def export_command(case_dir: Path, fmt: str, output: Path, victim: str | None, reviewed_only: bool, banner: str,
                   reveal_secrets: bool) -> None:
    """Export the items of the case (DESIGN §7), its triage summary or report, or its audit log."""
    if fmt == "audit" and (victim is not None or reviewed_only):
        raise click.UsageError("--victim and --reviewed-only do not apply to --format audit")
    if reveal_secrets and fmt not in REVEALING_FORMATS:
        raise click.UsageError(f"--reveal-secrets applies to --format {', '.join(REVEALING_FORMATS)} only")
    if reveal_secrets and victim is None:
        raise click.UsageError("--reveal-secrets needs --victim: secrets go only into a victim's own packet")
    progress = TextProgress()
    with open_case(case_dir) as case:
        try:
            if fmt == "audit":
                click.echo(f"wrote {case.export_audit(output)} audit entries to {output}")
                return
            count = case.export(fmt, output, victim, reviewed_only, banner, reveal_secrets, progress)
        except CaseError as error:
            raise click.ClickException(str(error)) from error
        finally:
            progress.finish()
    secrets = " (secrets in clear: handle it as the credentials themselves)" if reveal_secrets else ""
    what = {"summary": "the summary of ", "html": "the report of ", "pdf": "the report of "}.get(fmt, "")
    click.echo(f"wrote {what}{count} items to {output}{secrets}")


@main.command("demo-trove")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--scale", type=click.IntRange(1, 10000), default=1, show_default=True,
              help="Grows the trove linearly (1 = about 2,000 items).")
@click.option("--seed", type=int, default=7, show_default=True, help="The same seed gives the same trove.")
def demo_trove_command(out: Path, scale: int, seed: int) -> None:
    """Write a synthetic trove (six ministries, eight energy companies) with victims.toml and ground truth."""
    from trovetriage.demo.generator import generate_demo_trove

    try:
        summary = generate_demo_trove(out, scale=scale, seed=seed)
    except (FileExistsError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {summary.files} files ({summary.bytes / 1e6:.1f} MB, about {summary.items_expected} items,"
               f" {summary.victims} victims) to {out / 'trove'}; victims file {out / 'victims.toml'}")


@main.command("gui")
@click.option("--case", "case_dir", type=click.Path(path_type=Path), help="Case folder to open.")
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path),
              help="Render the window offscreen to this PNG and exit (needs --case).")
@click.option("--query", default="", help="With --screenshot: the search to show.")
@click.option("--view", type=click.Choice(["search", "dashboard", "item"]), default="search", show_default=True,
              help="With --screenshot: the view to show.")
def gui_command(case_dir: Path | None, screenshot: Path | None, query: str, view: str) -> None:
    """Open the desktop application (also installed as trovetriage-gui)."""
    if screenshot is not None:
        if case_dir is None:
            raise click.UsageError("--screenshot needs --case")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from trovetriage.gui.app import screenshot as take_screenshot

        open_case(case_dir).close()  # a clear error now rather than in the server process
        click.echo(f"wrote {take_screenshot(case_dir, screenshot, query, view)}")
        return
    from trovetriage.gui.app import run

    if case_dir is not None:
        open_case(case_dir).close()
    sys.exit(run(case_dir))


def gui_main() -> None:
    """Entry point of the `trovetriage-gui` script."""
    main(["gui", *sys.argv[1:]])


# Registered last: these modules import `main`'s helpers from trovetriage.cli.common only.
from trovetriage.cli.triage import classify_command, victims_group  # noqa: E402

main.add_command(classify_command)
main.add_command(victims_group)
__all__ = ["format_progress", "gui_main", "main"]
