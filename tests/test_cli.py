"""The command line of DESIGN §6 on a small trove built here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from trove_builders import build_small_trove

from trovetriage.cli import format_progress, main


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_index_search_stats_export(tmp_path: Path) -> None:
    trove = build_small_trove(tmp_path)
    case = str(tmp_path / "case")
    output = invoke("index", str(trove), "--case", case, "--jobs", "2")
    assert "13 items" in output and "By status:" in output

    found = json.loads(invoke("search", "caspian", "--case", case, "--json"))
    assert found["total"] == 1
    hit = found["hits"][0]
    assert hit["path"] == "mail/0000-a.eml" and "<b>" in hit["snippet"].lower()
    assert found["facets"]["kind"] == {"email": 1}

    phrase = json.loads(invoke("search", '"forwarding the report"', "--case", case, "--json"))
    assert [h["path"] for h in phrase["hits"]] == ["mail/0000-b.eml"]
    by_field = json.loads(invoke("search", "kind:archive", "--case", case, "--json"))
    assert by_field["total"] == 3
    dated = json.loads(invoke("search", "date:[2019-01-01 to 2019-12-31]", "--case", case, "--json"))
    assert dated["total"] == 3
    failed = json.loads(invoke("search", "name:evil.txt", "--case", case, "--json"))
    assert failed["total"] == 1

    text = invoke("search", "report", "--case", case)
    assert "hits" in text and "mail/" in text

    stats = json.loads(invoke("stats", "--case", case, "--json"))
    assert stats["items"] == 13 and stats["pending"] == 0 and stats["unindexed"] == 0
    assert stats["by_status"]["unsupported"] == 1 and stats["by_kind"]["email"] == 3
    assert stats["last_run"]["figures"]["items_done"] == 13
    assert "by status" in invoke("stats", "--case", case)

    out = tmp_path / "items.jsonl"
    assert "wrote 13 items" in invoke("export", "--case", case, "--format", "jsonl", "--output", str(out))
    assert len(out.read_text().splitlines()) == 13


def test_bad_query_and_missing_case_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["stats", "--case", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "not a TroveTriage case" in missing.output
    trove = build_small_trove(tmp_path)
    invoke("index", str(trove), "--case", str(tmp_path / "case"))
    bad = runner.invoke(main, ["search", "title:(unclosed", "--case", str(tmp_path / "case")])
    assert bad.exit_code == 1 and "query error" in bad.output


def test_progress_line_has_rate_eta_and_counts() -> None:
    line = format_progress(50, 200, 10.0, 5_000_000, {"ok": 48, "corrupt": 2})
    assert line.startswith("50/200 items (25%)")
    assert "5 items/s" in line and "0.5 MB/s" in line and "ETA 0:30" in line and "corrupt 2" in line


def test_version() -> None:
    assert "trovetriage" in invoke("--version")


def test_usage_errors_exit_with_1_and_help_with_0(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["export", "--case", str(tmp_path / "case"), "--format", "csv"])
    assert missing.exit_code == 1 and "Missing option '--output'" in missing.output
    unknown = runner.invoke(main, ["nonsense"])
    assert unknown.exit_code == 1 and "No such command" in unknown.output
    assert runner.invoke(main, ["--help"]).exit_code == 0
    assert runner.invoke(main, ["export", "--help"]).exit_code == 0
    version = runner.invoke(main, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("trovetriage, version ")


def test_missing_libmagic_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trovetriage.ingest import sniff

    monkeypatch.setitem(sys.modules, "magic", None)  # `import magic` now fails, as without libmagic
    monkeypatch.setattr(sniff, "_magic_local", None)
    trove = tmp_path / "trove"
    trove.mkdir()
    (trove / "a.txt").write_text("hello", encoding="utf-8")
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
    result = CliRunner().invoke(main, ["index", str(trove), "--case", str(tmp_path / "case"), "--jobs", "1"])
    assert result.exit_code == 1 and "libmagic, the file-type library, is missing" in result.output
    assert "Traceback" not in result.output


def test_every_command_and_option_has_help() -> None:
    """`--help` is the reference an investigator reads: nothing in it may be unexplained."""

    def walk(command: click.Command, name: str) -> list[str]:
        gaps = [] if command.help else [f"{name}: no description"]
        gaps += [f"{name} {param.opts[0]}: no help" for param in command.params
                 if isinstance(param, click.Option) and not param.help]
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                gaps += walk(sub, f"{name} {sub_name}")
        return gaps

    assert walk(main, "trovetriage") == []
