"""Reading rule files: resources/rules/*.toml, then an optional per-case folder over them.

A per-case rule with the id of a built-in rule is merged over it key by key (so `level = 2` alone
changes a level); a new id adds a rule and must be complete. Every problem raises RuleFileError
naming the file and the rule, because a silently ignored rule would misclassify a whole case.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import regex

from trovetriage.classify.sensitivity.schema import (
    FIELDS,
    BannerSettings,
    Kind,
    Position,
    Rule,
    Scope,
    Shape,
)
from trovetriage.classify.sensitivity.terms import parse_term
from trovetriage.classify.sensitivity.validators import VALIDATORS
from trovetriage.core.classification import Category, Confidence, Level
from trovetriage.core.resources import resource_path

DEFAULT_RULES_DIR = resource_path("rules")
MAX_RULE_FILE_BYTES = 4 << 20
_ID = regex.compile(r"^[a-z0-9][a-z0-9_.\-]{0,99}$")
REGEX_FLAGS = regex.MULTILINE | regex.V0

_RULE_KEYS = frozenset({
    "id", "kind", "category", "level", "confidence", "description", "enabled", "terms", "patterns",
    "ignore_case", "validator", "shape", "position", "mention_level", "min_count", "strong_count", "context",
    "context_patterns", "context_window", "context_scope", "context_required", "max_candidates", "bulk",
    "fields", "kinds",
})
_BANNER_INTS = {"lines": (0, 50), "page_lines": (0, 10), "max_line_chars": (20, 5000), "loose_max_words": (0, 50),
                "caps_max_words": (0, 50), "repeated_min": (2, 1000)}
_BANNER_TERMS = ("affixes", "header_labels", "subject_labels")
_BANNER_LISTS = ("metadata_keys", "property_hints")


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""

    def __init__(self, path: Path | str, problem: str, rule: str | None = None) -> None:
        self.path, self.rule, self.problem = str(path), rule, problem
        where = f"{path}: rule {rule!r}: " if rule else f"{path}: "
        super().__init__(where + problem)


def read_rule_dir(directory: Path) -> tuple[list[tuple[Path, dict[str, Any]]], list[tuple[Path, dict[str, Any]]]]:
    """(rule tables, banner tables) of every *.toml in a folder, in file-name order."""
    if not directory.is_dir():
        raise RuleFileError(directory, "not a folder of rule files")
    rules: list[tuple[Path, dict[str, Any]]] = []
    banners: list[tuple[Path, dict[str, Any]]] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            if path.stat().st_size > MAX_RULE_FILE_BYTES:
                raise RuleFileError(path, f"larger than {MAX_RULE_FILE_BYTES:,} bytes")
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise RuleFileError(path, f"cannot be read as TOML: {error}") from error
        unknown = set(data) - {"rule", "banner"}
        if unknown:
            raise RuleFileError(path, f"unknown top-level keys {sorted(unknown)} (expected [[rule]] and [banner])")
        entries = data.get("rule", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise RuleFileError(path, "`rule` must be an array of tables ([[rule]])")
        for number, entry in enumerate(entries, 1):
            if not isinstance(entry.get("id"), str):
                raise RuleFileError(path, f"rule number {number} has no string `id`")
            rules.append((path, entry))
        if "banner" in data:
            if not isinstance(data["banner"], dict):
                raise RuleFileError(path, "`banner` must be a table")
            banners.append((path, data["banner"]))
    return rules, banners


def merge_tiers(tiers: list[list[tuple[Path, dict[str, Any]]]]) -> dict[str, tuple[Path, dict[str, Any], int]]:
    """id -> (file, raw table, tier): later tiers merge over earlier ones; one tier may not
    define an id twice."""
    merged: dict[str, tuple[Path, dict[str, Any], int]] = {}
    for tier, entries in enumerate(tiers):
        seen: dict[str, Path] = {}
        for path, entry in entries:
            rule_id = entry["id"]
            if rule_id in seen:
                raise RuleFileError(path, f"duplicate id, also defined in {seen[rule_id]}", rule_id)
            seen[rule_id] = path
            if rule_id in merged:
                merged[rule_id] = (path, {**merged[rule_id][1], **entry}, tier)
            else:
                merged[rule_id] = (path, dict(entry), tier)
    return merged


class _Checker:
    """Typed access to one raw rule table that fails with the file and the rule in the message."""

    def __init__(self, path: Path, raw: Mapping[str, Any]) -> None:
        self.path, self.raw, self.id = path, raw, str(raw.get("id"))

    def fail(self, problem: str) -> RuleFileError:
        return RuleFileError(self.path, problem, self.id)

    def choice(self, key: str, enum: Any, default: Any = None) -> Any:
        value = self.raw.get(key, default)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum)
            raise self.fail(f"`{key}` must be one of {allowed}; got {value!r}") from None

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"`{key}` must be an integer from {low} to {high}; got {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"`{key}` must be true or false; got {value!r}")
        return value

    def string(self, key: str, default: str = "") -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"`{key}` must be a string; got {value!r}")
        return value

    def strings(self, key: str) -> tuple[tuple[str, str], ...]:
        """A list of strings, or a table of such lists by language: ((language, string), ...)."""
        value = self.raw.get(key, [])
        groups = value.items() if isinstance(value, dict) else [("any", value)]
        found: list[tuple[str, str]] = []
        for language, items in groups:
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                raise self.fail(f"`{key}` must be a list of strings or a table of such lists by language")
            found.extend((str(language), item) for item in items)
        return tuple(found)

    def terms(self, key: str) -> tuple[tuple[str, str], ...]:
        found = self.strings(key)
        for _, term in found:
            if term.strip() == "*":
                continue
            try:
                parse_term(term)
            except ValueError as error:
                raise self.fail(f"`{key}`: {error}") from None
        return found

    def patterns(self, key: str, ignore_case: bool) -> tuple[str, ...]:
        found = tuple(pattern for _, pattern in self.strings(key))
        for pattern in found:
            try:
                regex.compile(pattern, REGEX_FLAGS | (regex.IGNORECASE if ignore_case else 0))
            except (regex.error, OverflowError, RecursionError) as error:
                raise self.fail(f"`{key}`: bad regular expression {pattern!r}: {error}") from None
        return found


def build_rule(path: Path, raw: Mapping[str, Any], tier: int) -> Rule:
    """Checks one (merged) raw rule table and returns the Rule."""
    check = _Checker(path, raw)
    if not _ID.match(check.id):
        raise check.fail("`id` must be lower-case letters, digits, '.', '_' or '-' (at most 100)")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise check.fail(f"unknown keys {sorted(unknown)}")
    missing = [key for key in ("kind", "category", "level", "confidence") if key not in raw]
    if missing:
        raise check.fail(f"missing {', '.join('`' + key + '`' for key in missing)}")
    kind: Kind = check.choice("kind", Kind)
    level = Level(check.integer("level", 0, 0, 4))
    shape: Shape = check.choice("shape", Shape, "loose")
    ignore_case = check.boolean("ignore_case", False)
    default_mention = 1 if shape is Shape.LOOSE and level >= 1 else 0
    fields = tuple(item for _, item in check.strings("fields")) or ("title", "text")
    if set(fields) - set(FIELDS):
        raise check.fail(f"`fields` may contain {', '.join(FIELDS)}; got {list(fields)}")
    rule = Rule(
        id=check.id, kind=kind, category=check.choice("category", Category), level=level,
        confidence=check.choice("confidence", Confidence), source=str(path),
        description=check.string("description"), enabled=check.boolean("enabled", True),
        terms=check.terms("terms"), patterns=check.patterns("patterns", ignore_case), ignore_case=ignore_case,
        validator=check.string("validator"), shape=shape, position=check.choice("position", Position, "banner"),
        mention_level=Level(check.integer("mention_level", default_mention, 0, 1)),
        min_count=check.integer("min_count", 1, 1, 1_000_000), strong_count=check.integer("strong_count", 0, 0, 1000),
        context=tuple(term for _, term in check.terms("context")),
        context_patterns=check.patterns("context_patterns", True),
        context_window=check.integer("context_window", 60, 1, 2000),
        context_scope=check.choice("context_scope", Scope, "window"),
        context_required=check.boolean("context_required", False),
        max_candidates=check.integer("max_candidates", 20_000, 1, 1_000_000), bulk=check.boolean("bulk", True),
        fields=fields, kinds=tuple(item for _, item in check.strings("kinds")), tier=tier,
    )
    _check_kind_needs(check, rule)
    return rule


def _check_kind_needs(check: _Checker, rule: Rule) -> None:
    needs: dict[Kind, Callable[[Rule], str | None]] = {
        Kind.MARKING: lambda r: None if r.terms else "a marking rule needs `terms`",
        Kind.LABEL: lambda r: None if r.terms else "a label rule needs `terms` (label names, or \"*\")",
        Kind.KEYWORDS: lambda r: None if r.terms or r.patterns else "a keywords rule needs `terms` or `patterns`",
        Kind.REGEX: lambda r: None if r.patterns else "a regex rule needs `patterns`",
        Kind.VALIDATOR: lambda r: (
            "a validator rule needs `patterns`" if not r.patterns
            else None if r.validator in VALIDATORS
            else f"`validator` must be one of {', '.join(sorted(VALIDATORS))}; got {r.validator!r}"),
        Kind.BULK: lambda r: None,
    }
    problem = needs[rule.kind](rule)
    if problem is None and rule.kind is not Kind.LABEL and any(t.strip() == "*" for _, t in rule.terms):
        problem = "the term \"*\" is only for label rules"
    if problem is None and rule.context_required and not (rule.context or rule.context_patterns):
        problem = "`context_required` needs `context` or `context_patterns`"
    if problem:
        raise check.fail(problem)


def build_banner(tables: list[tuple[Path, dict[str, Any]]]) -> BannerSettings:
    """The [banner] settings: later tables override earlier ones key by key."""
    merged: dict[str, Any] = {}
    sources: list[str] = []
    for path, table in tables:
        unknown = set(table) - set(_BANNER_INTS) - set(_BANNER_TERMS) - set(_BANNER_LISTS) - {"delimiters"}
        if unknown:
            raise RuleFileError(path, f"[banner]: unknown keys {sorted(unknown)}")
        merged.update({key: (path, value) for key, value in table.items()})
        sources.append(str(path))
    values: dict[str, Any] = {}
    for key, (path, value) in merged.items():
        check = _Checker(path, {key: value, "id": "[banner]"})
        if key in _BANNER_INTS:
            values[key] = check.integer(key, 0, *_BANNER_INTS[key])
        elif key in _BANNER_TERMS:
            values[key] = tuple(term for _, term in check.terms(key))
        elif key in _BANNER_LISTS:
            values[key] = tuple(item for _, item in check.strings(key))
        else:
            values[key] = check.string(key)
    return BannerSettings(**values, sources=tuple(sources))


def load_rule_data(extra_dir: Path | None = None, base_dir: Path | None = None) -> tuple[list[Rule], BannerSettings]:
    """All enabled rules (built-in, then per-case) and the banner settings, checked."""
    base_rules, base_banner = read_rule_dir(base_dir or DEFAULT_RULES_DIR)
    tiers, banners = [base_rules], list(base_banner)
    if extra_dir is not None:
        extra_rules, extra_banner = read_rule_dir(Path(extra_dir))
        tiers.append(extra_rules)
        banners.extend(extra_banner)
    merged = merge_tiers(tiers)
    rules = [build_rule(path, raw, tier) for path, raw, tier in merged.values()]
    return [rule for rule in rules if rule.enabled], build_banner(banners)
