"""One pass of the term matcher over every field, shared by markings, cue words and context."""

from __future__ import annotations

from dataclasses import dataclass

from trovetriage.classify.sensitivity.fields import Field
from trovetriage.classify.sensitivity.ruleset import RuleSet
from trovetriage.classify.sensitivity.terms import Hit

MAX_HITS_PER_FIELD = 50_000
TAIL_RESCAN_CHARS = 50_000  # after the cap, the end of a field is still read (its last lines are banner)


@dataclass
class Scanned:
    """A field with the term hits found in it (in folded offsets, sorted)."""

    field: Field
    hits: list[Hit]


def _hits(folded: str, rules: RuleSet) -> list[Hit]:
    hits = list(rules.matcher.scan(folded, MAX_HITS_PER_FIELD))
    if len(hits) >= MAX_HITS_PER_FIELD:
        tail = max(max(hit.end for hit in hits), len(folded) - TAIL_RESCAN_CHARS)
        hits.extend(hit for hit in rules.matcher.scan(folded, MAX_HITS_PER_FIELD, tail) if hit.start >= tail)
    return sorted(hits, key=lambda hit: hit.start)


def scan_fields(fields: list[Field], rules: RuleSet) -> list[Scanned]:
    """Every field with its term hits; a field with more than `MAX_HITS_PER_FIELD` hits keeps the
    first ones and those in its last `TAIL_RESCAN_CHARS` characters."""
    return [Scanned(field, _hits(field.folded.folded, rules)) for field in fields]
