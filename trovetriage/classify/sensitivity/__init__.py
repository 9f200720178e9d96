"""Sensitivity detectors (DESIGN §4) whose rules are data: resources/rules/*.toml, plus an optional
per-case rules folder that overrides rules by id or adds new ones.

    rules = load_rules(case_rules_dir)          # RuleFileError names the file and the rule
    findings = detect(ClassifySubject(title=..., text=..., metadata=...), rules, regions=["TR"])
    level, categories = item_level(findings)
"""

from trovetriage.classify.sensitivity.engine import detect, item_level
from trovetriage.classify.sensitivity.loader import DEFAULT_RULES_DIR, RuleFileError
from trovetriage.classify.sensitivity.ruleset import RuleSet, load_rules
from trovetriage.classify.sensitivity.schema import BannerSettings, Kind, Rule
from trovetriage.classify.sensitivity.subject import ClassifySubject
from trovetriage.classify.sensitivity.validators import VALIDATORS

__all__ = [
    "DEFAULT_RULES_DIR",
    "VALIDATORS",
    "BannerSettings",
    "ClassifySubject",
    "Kind",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "detect",
    "item_level",
    "load_rules",
]
