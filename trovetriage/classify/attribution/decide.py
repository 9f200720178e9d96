"""From observations to a proposal: who the victim is, how sure, who is a correspondent, who is mentioned.

See the weight table in `weights.py` for the rules this applies.
"""

from __future__ import annotations

from collections.abc import Iterable

from trovetriage.classify.attribution.clues import Clue, Clues, Participants
from trovetriage.classify.attribution.weights import (
    COMPETITION_PENALTY,
    MIN_CONFIDENCE,
    MIXED_PARTICIPANTS_CAP,
    STRONG_VICTIM_EVIDENCE,
    Side,
)
from trovetriage.core.classification import Evidence, VictimProposal


def noisy_or(weights: Iterable[float]) -> float:
    """1 - prod(1 - w): independent signals each able to settle the question alone."""
    miss = 1.0
    for weight in weights:
        miss *= 1.0 - min(1.0, max(0.0, weight))
    return round(1.0 - miss, 9)


def _summarise_participants(people: Participants, clues: Clues) -> None:
    """Internal mail of one victim, or one victim writing with outsiders, is itself a signal."""
    if len(people.victims) != 1:
        return
    victim = people.victims[0]
    if not people.outsiders and people.addresses >= 2:
        clues.add("all_participants", victim, f"all {people.addresses} participants at {victim}")
    elif people.outsiders:
        clues.add("only_victim", victim, f"only victim among {people.addresses} participants")


def decide(clues: Clues, people: Participants) -> VictimProposal:
    """Choose the victim (see the combination rules in `weights.py`) and sort everybody else into roles."""
    _summarise_participants(people, clues)
    by_victim: dict[str, list[Clue]] = {}
    for clue in clues.best.values():
        by_victim.setdefault(clue.victim, []).append(clue)
    if not by_victim:
        return VictimProposal(victim=None, confidence=0.0)

    def score(victim: str, *sides: Side) -> float:
        return noisy_or(clue.weight for clue in by_victim[victim] if not sides or clue.side in sides)

    total = {victim: score(victim) for victim in by_victim}
    victim_side = {victim: score(victim, Side.VICTIM) for victim in by_victim}
    strong = max(victim_side.values()) >= STRONG_VICTIM_EVIDENCE
    if strong:
        keys = {v: (victim_side[v], score(v, Side.PARTICIPANT), score(v, Side.MENTION)) for v in by_victim}
        rival = victim_side
    else:
        keys = {v: (total[v], 0.0, 0.0) for v in by_victim}
        rival = total
    ordered = sorted(by_victim, key=lambda v: (tuple(-k for k in keys[v]), v))

    winner: str | None = ordered[0]
    confidence = 0.0
    if len(ordered) > 1 and keys[ordered[1]] == keys[ordered[0]]:
        winner = None  # a dead heat: nobody is proposed, everybody stays listed
    if winner is not None:
        runner_up = max((rival[v] for v in ordered if v != winner), default=0.0)
        confidence = total[winner] - COMPETITION_PENALTY * runner_up
        if not strong and len(people.victims) >= 2:
            confidence = min(confidence, MIXED_PARTICIPANTS_CAP)
        if confidence < MIN_CONFIDENCE:
            winner, confidence = None, 0.0

    others = [v for v in ordered if v != winner]
    correspondents = [v for v in others if v in clues.participants]
    mentioned = [v for v in others if v not in clues.participants]
    evidence: list[Evidence] = []
    for victim in ([winner] if winner else []) + correspondents + mentioned:
        for clue in sorted(by_victim[victim], key=lambda c: (-c.weight, c.signal)):
            more = clues.counts[(victim, clue.rule)] - 1
            detail = f"{clue.detail} (+{more} more)" if more > 0 else clue.detail
            evidence.append(Evidence(victim=victim, signal=clue.signal, weight=clue.weight, detail=detail))
    return VictimProposal(victim=winner, confidence=round(max(0.0, min(1.0, confidence)), 4), evidence=evidence,
                          correspondents=correspondents, mentioned=mentioned)
