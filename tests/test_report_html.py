"""HTML report through the CLI: self-contained (nothing fetched from anywhere), hostile and right-to-left
strings escaped and directed, no secret, the victim packet's recommended actions, deterministic bytes."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report_csv_summary import SECRETS, export
from triage_case_data import ARABIC_TITLE, BAHRAIN, PASSWORDS, THISTLEBANK, report_case

from trovetriage.cli import main

URL_ATTRIBUTES = {"src", "href", "action", "data", "poster", "srcset", "formaction", "xlink:href", "background"}
FORBIDDEN_TAGS = {"link", "script", "iframe", "object", "embed", "base", "img", "frame", "audio", "video"}


class ReportParser(HTMLParser):
    """Collects what the tests check: references, forbidden tags, style text, and text under dir="auto"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.references: list[tuple[str, str, str]] = []
        self.forbidden: list[str] = []
        self.styles: list[str] = []
        self.auto_text: list[str] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS or (tag == "meta" and values.get("http-equiv", "").lower() == "refresh"):
            self.forbidden.append(tag)
        self.references += [(tag, name, value) for name, value in values.items() if name in URL_ATTRIBUTES]
        if "style" in values:
            self.styles.append(values["style"])
        self.in_style = tag == "style"
        if tag not in ("meta", "br", "hr", "input", "wbr"):
            self.stack.append((tag, values.get("dir") == "auto"))

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.styles.append(data)
        self.text.append(data)
        if any(auto for _, auto in self.stack):
            self.auto_text.append(data)


def parse(path: Path) -> tuple[ReportParser, str]:
    raw = path.read_text(encoding="utf-8")
    parser = ReportParser()
    parser.feed(raw)
    parser.close()
    return parser, raw


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return report_case(tmp_path)


@pytest.mark.parametrize("victim", [None, BAHRAIN])
def test_report_is_self_contained_and_safe(case: Path, tmp_path: Path, victim: str | None) -> None:
    extra = ("--victim", victim) if victim else ()
    parser, raw = parse(export(case, "html", tmp_path / "report.html", *extra))
    assert raw.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert parser.forbidden == []
    assert all(value.startswith("#") for _, _, value in parser.references), parser.references
    assert any(tag == "a" for tag, _, _ in parser.references)  # the table of contents links inside
    styles = "\n".join(parser.styles).lower()
    assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
    assert "@media print" in styles and "break-before: page" in styles
    text = "".join(parser.text)
    assert BAHRAIN in text and "SECRET" in text and "CRITICAL" in text
    assert any(ARABIC_TITLE in chunk for chunk in parser.auto_text)
    assert "<script>alert(1)</script>" in text and "<script>" not in raw  # shown as text, never as markup
    for secret in [*SECRETS, *PASSWORDS]:
        assert secret not in raw


def test_case_report_and_victim_packet(case: Path, tmp_path: Path) -> None:
    _, case_raw = parse(export(case, "html", tmp_path / "case.html"))
    assert "Triage report" in case_raw and "Recommended actions" not in case_raw
    parser, raw = parse(export(case, "html", tmp_path / "bh.html", "--victim", BAHRAIN))
    text = "".join(parser.text)
    assert f"Notification for {BAHRAIN}" in text and THISTLEBANK not in raw
    actions = raw.split('id="actions"')[1].split("</section>")[0]
    assert "krbtgt" in actions and "Reset the passwords" in actions and "forwarding rules" in actions
    assert "VPN" not in actions and "private keys" not in actions
    assert "krbtgt" in raw.split('id="credentials"')[1].split("</section>")[0]  # a privileged account, by name
    _, other = parse(export(case, "html", tmp_path / "tb.html", "--victim", THISTLEBANK))
    assert "krbtgt" not in other and BAHRAIN not in other


def test_unknown_victim_is_refused(case: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--case", str(case), "--format", "html", "--output",
                                       str(tmp_path / "x.html"), "--victim", "Nobody"])
    assert result.exit_code == 1 and "unknown victim 'Nobody'" in result.output
    assert not (tmp_path / "x.html").exists()


def test_report_is_deterministic(case: Path, tmp_path: Path) -> None:
    def lines(name: str) -> list[str]:
        raw = export(case, "html", tmp_path / name, "--victim", BAHRAIN).read_text(encoding="utf-8")
        dated = [line for line in raw.splitlines() if "Exported:" in line]
        assert len(dated) == 1
        return [line for line in raw.splitlines() if "Exported:" not in line]

    assert lines("a.html") == lines("b.html")
