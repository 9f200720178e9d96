"""Observations collected for one item, kept small: the strongest per (victim, signal) and a count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from trovetriage.classify.attribution.weights import RULE, Side


@dataclass(frozen=True, slots=True)
class Clue:
    """One observation: for which victim, which signal, how strong, on which side, and what was seen."""

    victim: str
    signal: str
    weight: float
    side: Side
    detail: str
    rule: str


class Clues:
    """Collects observations; a signal repeated for one victim (five Received hops) keeps its strongest."""

    def __init__(self) -> None:
        self.best: dict[tuple[str, str], Clue] = {}  # (victim, signal) -> strongest
        self.counts: Counter[tuple[str, str]] = Counter()  # (victim, rule) -> observations
        self.participants: set[str] = set()  # victims seen as sender, recipient or sending server

    def add(self, rule_name: str, victim: str, detail: str, factor: float = 1.0) -> None:
        rule = RULE[rule_name]
        self.add_weight(rule_name, victim, rule.weight * factor, detail)

    def add_weight(self, rule_name: str, victim: str, weight: float, detail: str) -> None:
        rule = RULE[rule_name]
        weight = round(min(1.0, max(0.0, weight)), 4)
        key = (victim, rule.signal)
        self.counts[(victim, rule_name)] += 1
        if rule.side is Side.PARTICIPANT:
            self.participants.add(victim)
        known = self.best.get(key)
        if known is None or weight > known.weight:
            self.best[key] = Clue(victim, rule.signal, weight, rule.side, detail[:300], rule_name)


@dataclass
class Participants:
    """Who took part in a message: the victims among them (sender's first) and the outside domains."""

    victims: list[str] = field(default_factory=list)
    sender_victims: list[str] = field(default_factory=list)
    outsiders: set[str] = field(default_factory=set)
    addresses: int = 0

    def add(self, victim: str) -> None:
        if victim not in self.victims:
            self.victims.append(victim)
