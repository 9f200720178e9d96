"""victims.toml (DESIGN §5) is validated on load and kept in the case."""

from __future__ import annotations

from pathlib import Path

import pytest

from trovetriage.case import Case
from trovetriage.core.victims import VictimsFileError, parse_victims

GOOD = """
[[victims]]
name = "Ministry of Foreign Affairs of Bahrain"
sector = "government"
country = "bh"
domains = ["MOFA.gov.bh"]
aliases = ["Bahrain MOFA", "وزارة الخارجية"]

[[victims]]
name = "Caspian Offshore Oil"
sector = "energy"
"""


def test_parse_normalises_and_keeps_every_language() -> None:
    first, second = parse_victims(GOOD)
    assert first.country == "BH" and first.domains == ("mofa.gov.bh",)
    assert "وزارة الخارجية" in first.aliases
    assert second.sector == "energy" and second.domains == ()


@pytest.mark.parametrize(("text", "message"), [
    ("victims = 3", "no [[victims]]"),
    ("[[victims]]\nsector = 'energy'", "'name' is required"),
    ("[[victims]]\nname='A'\n[[victims]]\nname='a'", "used twice"),
    ("[[victims]]\nname='A'\nsector='army'", "sector must be"),
    ("[[victims]]\nname='A'\ncountry='BHR'", "alpha-2"),
    ("[[victims]]\nname='A'\ndomains='x.org'", "list of non-empty strings"),
    ("[[victims]\nname='A'", "not valid TOML"),
    ("[[victims]]\nname='A'\ndomain=['a.org']", "unknown key 'domain'; the keys are name, sector"),
    ("victims = ['a']", "no [[victims]]"),
    ("victim = []\n[[victims]]\nname='A'", "unknown key 'victim' at the top level"),
])
def test_bad_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(VictimsFileError, match=message.replace("[", r"\[")):
        parse_victims(text)


def test_case_keeps_the_registry_and_audits_the_import(tmp_path: Path) -> None:
    with Case.open(tmp_path / "case", create=True) as case:
        assert case.set_victims(parse_victims(GOOD)) == 2
        assert [v.name for v in case.victims()] == ["Ministry of Foreign Affairs of Bahrain", "Caspian Offshore Oil"]
        action = case.store.db.execute("SELECT action, detail FROM audit").fetchone()
        assert tuple(action) == ("victims.import", '{"count": 2}')
