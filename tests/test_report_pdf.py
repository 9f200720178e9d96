"""PDF report through the CLI: rendered to images and read back as text. Every page carries the banner,
the case id and "page x of y"; the packet names only its victim; Arabic reads in words, not boxes; no
secret appears unless `--reveal-secrets` asked for it, and then the audit log says so."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from test_report_csv_summary import SECRETS, export
from triage_case_data import ARABIC_TITLE, BAHRAIN, PASSWORDS, THISTLEBANK, report_case, run

from trovetriage.cli import main
from trovetriage.report.pdf_report import MISSING_GLYPH, printable


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_case(tmp_path_factory.mktemp("pdf"))


def pages_text(path: Path) -> list[str]:
    """The text of every page, with Arabic presentation forms folded back to letters (NFKC)."""
    document = pdfium.PdfDocument(path)
    try:
        return [unicodedata.normalize("NFKC", page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def ink(path: Path, page_index: int) -> tuple[float, float]:
    """Share of non-white pixels on a rendered page: in the top 8 % (the banner) and on the whole page."""
    document = pdfium.PdfDocument(path)
    try:
        image = document[page_index].render(scale=1).to_pil().convert("L")
    finally:
        document.close()
    width, height = image.size
    pixels = image.load()

    def share(top: int, bottom: int) -> float:
        dark = sum(1 for y in range(top, bottom) for x in range(0, width, 2) if pixels[x, y] < 200)
        return dark / ((bottom - top) * width / 2)

    return share(0, int(height * 0.08)), share(0, height)


def case_id(case: Path) -> str:
    return json.loads(run("stats", "--case", str(case), "--json"))["case_id"]


def test_case_report_pages_carry_banner_case_id_and_page_numbers(case: Path, tmp_path: Path) -> None:
    path = export(case, "pdf", tmp_path / "case.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    texts = pages_text(path)
    identifier = case_id(case)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert "TLP:AMBER" in text and f"Case {identifier}" in text, number
        assert f"Page {number} of {len(texts)}" in text
    whole = "\n".join(texts)
    assert f"Triage report, case {identifier}" in whole
    for heading in ("Scope", "Items per victim and level", "Credentials exposed", "Most sensitive items",
                    "Unreadable items", "Audit summary"):
        assert heading in whole
    assert BAHRAIN in whole and THISTLEBANK in whole and "broken.zip" in whole
    assert "Recommended actions" not in whole
    banner_ink, page_ink = ink(path, 0)
    assert banner_ink > 0.001 and page_ink > 0.01  # the page is drawn, banner included


def test_victim_packet_names_only_its_victim_and_masks_secrets(case: Path, tmp_path: Path) -> None:
    texts = pages_text(export(case, "pdf", tmp_path / "bh.pdf", "--victim", BAHRAIN))
    whole = "\n".join(texts)
    assert f"Notification for {BAHRAIN}" in whole and THISTLEBANK not in whole
    for section in ("Recommended actions", "What was taken", "Exposed accounts"):
        assert section in whole
    assert "krbtgt" in whole and "Administrator" in whole and "user3@mofa.gov.bh" in whole
    for secret in [*SECRETS, *PASSWORDS]:
        assert secret not in whole
    assert all(word in whole for word in ARABIC_TITLE.split())  # shaped Arabic reads back as its words
    assert "<script>alert(1)</script>" in whole  # hostile text is printed as text


def test_custom_banner_on_every_page(case: Path, tmp_path: Path) -> None:
    banner = "RESTRICTED - FOR THE ADDRESSEE ONLY"
    texts = pages_text(export(case, "pdf", tmp_path / "r.pdf", "--victim", BAHRAIN, "--banner", banner))
    assert all(banner in text for text in texts)
    raw = export(case, "html", tmp_path / "r.html", "--banner", banner).read_text(encoding="utf-8")
    assert raw.count(banner) == 2  # above and below the report


def test_reveal_secrets_is_explicit_per_victim_and_audited(case: Path, tmp_path: Path) -> None:
    refused = CliRunner().invoke(main, ["export", "--case", str(case), "--format", "pdf", "--output",
                                        str(tmp_path / "x.pdf"), "--reveal-secrets"])
    assert refused.exit_code != 0 and "needs --victim" in refused.output
    refused = CliRunner().invoke(main, ["export", "--case", str(case), "--format", "csv", "--output",
                                        str(tmp_path / "x.csv"), "--victim", BAHRAIN, "--reveal-secrets"])
    assert refused.exit_code != 0 and "applies to --format" in refused.output
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.csv").exists()

    whole = "\n".join(pages_text(export(case, "pdf", tmp_path / "open.pdf", "--victim", BAHRAIN,
                                        "--reveal-secrets")))
    assert "Line as found" in whole and "secrets shown in clear" in whole
    joined = "".join(whole.split())  # table cells wrap long lines anywhere
    assert PASSWORDS[3] in joined and "8846f7eaee8fb117ad06bdd830b7586c" in joined
    assert "Falcon2#2020" in joined  # the mixed dump's own accounts
    assert "thistlebank" not in joined.lower() and "Heron#Spring2020" not in joined  # not another victim's
    html = export(case, "html", tmp_path / "open.html", "--victim", BAHRAIN, "--reveal-secrets")
    assert PASSWORDS[3] in html.read_text(encoding="utf-8")
    assert "Heron#Spring2020" not in html.read_text(encoding="utf-8")
    audit = [json.loads(line) for line in
             export(case, "audit", tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    reveals = [entry for entry in audit if entry["action"] == "reveal.export"]
    assert [entry["detail"]["format"] for entry in reveals] == ["pdf", "html"]
    assert all(entry["detail"]["victim"] == BAHRAIN and entry["detail"]["credentials"] > 0 for entry in reveals)


def test_pdf_text_is_deterministic(case: Path, tmp_path: Path) -> None:
    def lines(name: str) -> list[str]:
        texts = pages_text(export(case, "pdf", tmp_path / name, "--victim", BAHRAIN))
        return [line for text in texts for line in text.splitlines() if not line.startswith("Exported:")]

    assert lines("a.pdf") == lines("b.pdf")


def test_printable_drops_controls_marks_missing_glyphs_and_cuts_long_text() -> None:
    assert printable("a\x00b\x1bc\td") == "abc d"
    assert printable("\U00020000\U0001f99c ok") == f"{MISSING_GLYPH}{MISSING_GLYPH} ok"  # in no bundled font
    assert printable("한국 Привет تقرير") == "한국 Привет تقرير"
    assert printable("x" * 5000, limit=10) == "x" * 10 + " […]"
    assert printable(None) == ""
