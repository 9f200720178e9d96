"""Shared fixture data for tests that build a small classified case through the command line:
two victims, a combo list and an NTDS dump whose secrets must never appear in clear, and a
tiny three-message case for the GUI tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from trovetriage.cli import main

BAHRAIN = "Ministry of Foreign Affairs of Bahrain"
THISTLEBANK = "Thistlebank Energy"
VICTIMS = f"""
[[victims]]
name = "{BAHRAIN}"
sector = "government"
country = "BH"
domains = ["mofa.gov.bh"]
aliases = ["Bahrain MOFA", "MOFA"]

[[victims]]
name = "{THISTLEBANK}"
sector = "energy"
country = "GB"
domains = ["thistlebank-energy.com", "thistlebank.local"]
aliases = ["Thistlebank"]
"""

PASSWORDS = [f"Quartz{n:03d}!pw" for n in range(25)]
COMBO = "".join(f"user{n}@mofa.gov.bh:{password}\n" for n, password in enumerate(PASSWORDS))
NTDS = (
    "MOFA\\Administrator:500:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n"
    "MOFA\\krbtgt:502:aad3b435b51404eeaad3b435b51404ee:5f4dcc3b5aa765d61d8327deb882cf99:::\n"
    "MOFA\\j.doe:1104:aad3b435b51404eeaad3b435b51404ee:e19ccf75ee54e06b06a5907af13cef42:::\n"
    "MOFA\\a.smith:1105:aad3b435b51404eeaad3b435b51404ee:64f12cddaa88057e06a81b54e73b949b:::\n"
)

OSPREY_MAIL = ("From: a@mofa.gov.bh\nTo: b@mofa.gov.bh\nSubject: Osprey visit {n}\n"
               "Date: Mon, 3 Jun 2019 10:00:00 +0300\nMessage-ID: <{n}@mail01.mofa.gov.bh>\n\n"
               "SECRET\n\nThe osprey delegation arrives.\n")


def run(*args: str) -> str:
    """Invoke the command line; a non-zero exit fails the test with its output."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


ARABIC_TITLE = "تقرير سري عن زيارة الوفد"
#: A dump mostly of Bahrain's accounts with one of Thistlebank's: Bahrain's packet must leave that one out.
MIXED_DUMP = ("".join(f"staff{n}@mofa.gov.bh:Falcon{n}#2020\n" for n in range(6))
              + "ops@thistlebank-energy.com:Heron#Spring2020\n")


def report_mail(subject: str, body: str, domain: str = "mofa.gov.bh", day: int = 3) -> str:
    return (f"From: k.almansoori@{domain}\nTo: f.hassan@{domain}\nSubject: {subject}\n"
            f"Message-ID: <m{day}@mail01.{domain}>\nDate: Mon, {day} Jun 2019 10:00:00 +0300\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}\n")


def mail_and_dumps_case(tmp_path: Path, mails: dict[str, str], dumps: dict[str, str]) -> Path:
    """`mails` under mail/ and `dumps` under dumps/ (name -> text), a broken zip, both victims: indexed."""
    trove = tmp_path / "trove"
    (trove / "mail").mkdir(parents=True)
    (trove / "dumps").mkdir()
    for folder, files in (("mail", mails), ("dumps", dumps)):
        for name, text in files.items():
            (trove / folder / name).write_text(text, encoding="utf-8")
    (trove / "broken.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    victims = tmp_path / "victims.toml"
    victims.write_text(VICTIMS, encoding="utf-8")
    case_dir = tmp_path / "case"
    run("index", str(trove), "--case", str(case_dir), "--victims", str(victims), "--jobs", "1", "--quiet")
    return case_dir


def report_case(tmp_path: Path) -> Path:
    """Both victims with mail (an Arabic title, a hostile one), both dumps, a mixed dump and a broken
    zip, indexed: what the HTML and PDF report tests draw their reports from."""
    mails = {
        "arabic.eml": report_mail(ARABIC_TITLE, "SECRET\n\nThe delegation.\n\nSECRET"),
        "hostile.eml": report_mail("<script>alert(1)</script>", "See.", day=5),
        "tb.eml": report_mail("Rota", "The rota.", domain="thistlebank-energy.com", day=6),
    }
    return mail_and_dumps_case(tmp_path, mails, {"combo.txt": COMBO, "ntds.txt": NTDS, "mixed.txt": MIXED_DUMP})


def osprey_case(tmp_path: Path) -> Path:
    """Three SECRET-marked mails of one victim, indexed: enough for the GUI to show every view."""
    trove = tmp_path / "trove"
    trove.mkdir()
    for n in range(3):
        (trove / f"m{n}.eml").write_text(OSPREY_MAIL.format(n=n), encoding="utf-8")
    victims = tmp_path / "victims.toml"
    victims.write_text('[[victims]]\nname = "MOFA Bahrain"\ndomains = ["mofa.gov.bh"]\n', encoding="utf-8")
    run("index", str(trove), "--case", str(tmp_path / "case"), "--victims", str(victims), "--jobs", "1", "--quiet")
    return tmp_path / "case"
