"""Resource limits for hostile input (DESIGN §3). Every one is configurable per run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds that keep bombs, quines and giant files from taking the run down."""

    max_depth: int = 20
    max_member_bytes: int = 512 * MiB
    max_container_bytes: int = 2048 * MiB
    max_ratio: float = 200.0
    ratio_min_bytes: int = 8 * MiB
    max_members: int = 200_000
    max_text_chars: int = 4_000_000
    max_file_bytes: int = 8192 * MiB
    timeout_base_s: float = 30.0
    timeout_per_mib_s: float = 2.0
    worker_memory_mib: int = 2048

    def timeout_for(self, size: int) -> float:
        """Per-item timeout grows with size so large honest files are not killed as hangs."""
        return self.timeout_base_s + self.timeout_per_mib_s * size / MiB

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limits:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
