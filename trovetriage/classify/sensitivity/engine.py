"""The sensitivity engine: every rule family over one item, and the item's level from findings."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from trovetriage.classify.sensitivity.fields import subject_fields
from trovetriage.classify.sensitivity.keywords import detect_keywords
from trovetriage.classify.sensitivity.labels import detect_labels
from trovetriage.classify.sensitivity.markings import detect_markings
from trovetriage.classify.sensitivity.patterns import detect_patterns
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.scan import scan_fields
from trovetriage.classify.sensitivity.subject import ClassifySubject
from trovetriage.classify.sensitivity.validation import detect_validated
from trovetriage.core.classification import Category, Confidence, Finding, Level

MAX_REGIONS = 12


def _regions(regions: Sequence[str]) -> tuple[str, ...]:
    """Region codes for phone numbers: two ASCII letters, upper-cased, de-duplicated."""
    found: dict[str, None] = {}
    usable = regions if isinstance(regions, Iterable) and not isinstance(regions, str | bytes) else ()
    for region in itertools.islice(usable, 100):
        if isinstance(region, str) and len(region.strip()) == 2 and region.strip().isascii() \
                and region.strip().isalpha():
            found[region.strip().upper()] = None
    return tuple(found)[:MAX_REGIONS]


def detect(subject: ClassifySubject, rules: RuleSet, regions: Sequence[str] = ()) -> list[Finding]:
    """Findings for one item (DESIGN §4), highest level first; excerpts are masked.

    `regions` are ISO 3166 codes (e.g. the victims' countries) in which national-format phone
    numbers are tried; international ones (+...) are read without them. Texts over 4 MB are
    scanned in their first and last 2 MB.
    """
    kind = subject.kind if isinstance(subject.kind, str) else ""
    metadata = subject.metadata if isinstance(subject.metadata, Mapping) else {}
    fields = subject_fields(subject, rules.banner)
    scanned = scan_fields(fields, rules)
    findings = [
        *detect_labels(metadata, rules, kind),
        *detect_markings(scanned, rules, kind),
        *detect_patterns(fields, rules, kind),
        *detect_validated(scanned, rules, kind, _regions(regions)),
        *detect_keywords(scanned, rules, kind),
    ]
    return sorted(findings, key=lambda f: -f.level)


def item_level(findings: Iterable[Finding]) -> tuple[Level | None, list[Category]]:
    """The item's level and categories from its findings.

    Level: the highest level of any finding (None without findings), whatever its confidence,
    because a low-confidence finding already carries a capped level (mentions are at most 1).
    Categories: those of findings with high or medium confidence, in taxonomy order, so that a
    stray mention or a weak cue does not tag the item.
    """
    findings = list(findings)
    if not findings:
        return None, []
    level = Level(max(int(finding.level) for finding in findings))
    confident = {finding.category for finding in findings if finding.confidence is not Confidence.LOW}
    return level, [category for category in Category if category in confident]
