"""Shared state of one generation run: seeded randomness, the trove writer, each victim's staff.

Every random draw goes through `Run.rng(*parts)`, a `random.Random` seeded with a string made of
the run seed and a name for the thing being generated. String seeds are hashed with SHA-512, so
they are stable across processes and Python versions: same seed, same trove, byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from trovetriage.demo import documents
from trovetriage.demo.content import Composer, Org
from trovetriage.demo.documents import Doc
from trovetriage.demo.names import TITLES, Person, address_local, make_person
from trovetriage.demo.phrases import DEPTS
from trovetriage.demo.truth import GroundTruthWriter, Node
from trovetriage.demo.victims import Victim

START = datetime(2017, 1, 9, tzinfo=UTC)
END = datetime(2021, 2, 26, tzinfo=UTC)

TOPICS = {
    "government": (("routine", 38), ("diplomatic", 32), ("newsletter", 9), ("infrastructure", 7), ("cred", 3),
                   ("pii", 8), ("financial", 7), ("commercial", 2)),
    "energy": (("routine", 36), ("commercial", 25), ("ot", 14), ("newsletter", 8), ("infrastructure", 9),
               ("cred", 3), ("financial", 7), ("pii", 4)),
}


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in pairs], weights=[weight for _, weight in pairs])[0]


def pick_lang(rng: random.Random, victim: Victim) -> str:
    return weighted(rng, victim.languages)


def random_date(rng: random.Random) -> datetime:
    span = int((END - START).total_seconds())
    moment = START + timedelta(seconds=rng.randrange(span))
    # Office hours of the organisation's time zone are close enough to 06:00-16:00 UTC.
    return moment.replace(hour=rng.randint(5, 15), minute=rng.randrange(60), second=rng.randrange(60))


class TroveWriter:
    """Writes files under the trove root and counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self._made: set[Path] = set()

    def _path(self, relative: str) -> Path:
        path = self.root / relative
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        return path

    def write(self, relative: str, data: bytes) -> None:
        self._path(relative).write_bytes(data)
        self.files += 1
        self.bytes += len(data)

    @contextmanager
    def stream(self, relative: str) -> Iterator[BinaryIO]:
        path = self._path(relative)
        with path.open("wb") as handle:
            yield handle
        self.files += 1
        self.bytes += path.stat().st_size


@dataclass
class Run:
    """State shared by one generation run."""

    seed: int
    scale: int
    trove: TroveWriter
    truth: GroundTruthWriter
    staff_cache: dict[str, list[Person]] = field(default_factory=dict)
    messages: int = 0

    def rng(self, *parts: object) -> random.Random:
        """A random source that depends only on the seed and `parts`: reproducible anywhere."""
        return random.Random(":".join(str(part) for part in (self.seed, *parts)))

    # ----- people ------------------------------------------------------------------------------
    def owners_per_victim(self) -> int:
        return 5 * self.scale

    def staff(self, victim: Victim) -> list[Person]:
        """The victim's staff: the first `owners_per_victim` are the mailbox owners."""
        if victim.slug in self.staff_cache:
            return self.staff_cache[victim.slug]
        rng = self.rng("staff", victim.slug)
        org_lang = Org(victim).name_lang
        depts = DEPTS[("en", victim.sector)]
        taken: set[str] = set()
        people: list[Person] = []
        for _ in range(self.owners_per_victim() + 15 + 3 * self.scale):
            lang = "ru" if victim.country == "AZ" and rng.random() < 0.15 else org_lang
            if victim.country == "MY" and victim.sector == "energy" and rng.random() < 0.3:
                lang = "en"
            person = make_person(rng, lang)
            local = address_local(person, victim.address_style)
            candidate, number = local, 1
            while candidate in taken:
                number += 1
                candidate = f"{local}{number}"
            taken.add(candidate)
            people.append(Person(person.name, person.native, person.given, person.first, person.last, person.lang,
                                 title=rng.choice(TITLES[victim.sector]), dept=rng.choice(depts),
                                 address=f"{candidate}@{victim.domain}", user=candidate))
        self.staff_cache[victim.slug] = people
        return people

    def org(self, victim: Victim) -> Org:
        return Org(victim, self.staff(victim))


class VictimContext:
    """One victim's people and helpers, shared by its correspondence and its files."""

    def __init__(self, run: Run, victim: Victim) -> None:
        self.run = run
        self.victim = victim
        self.org = run.org(victim)
        self.staff = self.org.staff
        self.owners = self.staff[: run.owners_per_victim()]
        self.doc_number = 0

    def emit(self, path: str, node: Node) -> None:
        self.run.truth.emit(path, node, self.victim.name)

    def composer(self, rng: random.Random, lang: str, when: datetime, victim: Victim | None = None) -> Composer:
        org = self.org if victim is None or victim is self.victim else self.run.org(victim)
        return Composer(rng, org, lang, when)

    def next_number(self) -> int:
        self.doc_number += 1
        return self.doc_number

    def document(self, rng: random.Random, topic: str, when: datetime) -> Doc:
        lang = pick_lang(rng, self.victim)
        comp = self.composer(rng, lang, when)
        author = rng.choice(self.staff)
        return documents.make_document(comp, topic, author, self.victim.name, when, self.next_number())

    def colleague(self, rng: random.Random, not_this: Person) -> Person:
        while True:
            person = rng.choice(self.staff)
            if person is not not_this:
                return person
