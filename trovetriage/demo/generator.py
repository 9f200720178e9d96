"""Orchestration: writes `OUT/trove/`, `OUT/victims.toml` and `OUT/ground_truth.jsonl`.

Layout of the trove (one folder per victim, plus three shared folders)::

    <victim>/mail/<user>/<Inbox|Sent ...>/NNNN <subject>[.eml|.txt|]   Exchange export, one file each
    <victim>/mail/<user>.mbox, <victim>/mail/<user>-sent              mboxrd mailboxes
    <victim>/documents/<area>/*.txt|*.html|*.csv                      file-share loot
    <victim>/creds/*, <victim>/it/vpn/*.key                           dumped credentials (fake)
    <victim>/archives/*.zip|*.tar.gz|*.gz|*.bz2|*.xz                  nested archives
    _unsorted/<hex>.eml   messages whose victim only the headers tell
    _misc/combo_NN.txt    a combo list spanning many organisations (no victim)
    _hostile/*            bombs, traversal names, corrupt files (see hostile.py)

Everything is derived from `seed` through string-seeded `random.Random` instances (stable across
runs and Python processes), files are written as they are generated, and every item goes to the
ground truth the moment its file is written, so memory stays flat as `scale` grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trovetriage.demo import documents, hostile
from trovetriage.demo.run import Run, TroveWriter
from trovetriage.demo.truth import GroundTruthWriter
from trovetriage.demo.victim_files import VictimBuilder
from trovetriage.demo.victims import VICTIMS, write_victims_toml


@dataclass
class DemoSummary:
    """What `generate_demo_trove` wrote."""

    out_dir: Path
    files: int  # files under out_dir/trove
    bytes: int  # their total size
    items_expected: int  # ground-truth records: files, archive members, attachments, mbox messages
    victims: int
    messages: int = 0  # e-mail messages among the items


def _misc(run: Run) -> None:
    """Combo lists mixing many victims' addresses with webmail ones: credentials without one victim."""
    for number in range(1, run.scale + 1):
        rng = run.rng("combo", number)
        people = [rng.choice(run.staff(victim)) for victim in VICTIMS for _ in range(rng.randint(2, 6))]
        doc = documents.combo_list(rng, people, number)
        run.trove.write(f"_misc/{doc.name}", doc.data)
        run.truth.emit(f"_misc/{doc.name}", doc.node, None)


def _hostile(run: Run) -> None:
    """The files of `hostile.py`; their ground truth carries the status ingest should give them."""
    for data, node in hostile.hostile_files():
        run.trove.write(f"_hostile/{node.name}", data)
        run.truth.emit(f"_hostile/{node.name}", node, None)


def generate_demo_trove(out_dir: Path, scale: int = 1, seed: int = 7) -> DemoSummary:
    """Write a synthetic trove to `out_dir/trove` with its victims file and ground truth.

    Refuses to write into an existing non-empty `out_dir/trove`, so a smaller run can never leave
    stale files of a larger one behind (and nothing of the user's is overwritten).
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out_dir = Path(out_dir)
    trove_root = out_dir / "trove"
    if trove_root.exists() and any(trove_root.iterdir()):
        raise FileExistsError(f"{trove_root} exists and is not empty")
    trove_root.mkdir(parents=True, exist_ok=True)
    write_victims_toml(out_dir / "victims.toml")
    with (out_dir / "ground_truth.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
        run = Run(seed, scale, TroveWriter(trove_root), GroundTruthWriter(handle))
        for victim in VICTIMS:
            VictimBuilder(run, victim).build()
        _misc(run)
        _hostile(run)
    return DemoSummary(out_dir=out_dir, files=run.trove.files, bytes=run.trove.bytes,
                       items_expected=run.truth.count, victims=len(VICTIMS), messages=run.messages)
