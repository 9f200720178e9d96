"""The victims registry file (DESIGN §5): parsed and validated, so a typo fails loudly at load time."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SECTORS = ("government", "energy", "other")
KEYS = ("name", "sector", "country", "domains", "aliases")


class VictimsFileError(ValueError):
    """The victims file is not valid TOML or breaks the DESIGN §5 rules; the message says where."""


@dataclass(frozen=True)
class Victim:
    name: str
    sector: str = "other"
    country: str = ""
    domains: tuple[str, ...] = field(default_factory=tuple)
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["domains"], data["aliases"] = list(self.domains), list(self.aliases)
        return data


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise VictimsFileError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in values)


def parse_victims(text: str) -> list[Victim]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VictimsFileError(f"not valid TOML: {error}") from error
    unknown_top = sorted(set(data) - {"victims"})
    if unknown_top:
        raise VictimsFileError(f"unknown key {unknown_top[0]!r} at the top level: the file holds [[victims]] tables")
    entries = data.get("victims")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise VictimsFileError("no [[victims]] tables found")
    victims: list[Victim] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"victim #{number}"
        name = entry.get("name")
        unknown = sorted(set(entry) - set(KEYS))
        if unknown:
            named = f" ({name})" if isinstance(name, str) else ""
            raise VictimsFileError(f"{where}{named}: unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
        if not isinstance(name, str) or not name.strip():
            raise VictimsFileError(f"{where}: 'name' is required")
        where = f"victim #{number} ({name})"
        if name.casefold() in seen:
            raise VictimsFileError(f"{where}: the name is used twice")
        seen.add(name.casefold())
        sector = entry.get("sector", "other")
        if sector not in SECTORS:
            raise VictimsFileError(f"{where}: sector must be one of {', '.join(SECTORS)}, not {sector!r}")
        country = entry.get("country", "")
        if country and (not isinstance(country, str) or len(country) != 2 or not country.isalpha()):
            raise VictimsFileError(f"{where}: country must be an ISO 3166 alpha-2 code, not {country!r}")
        domains = tuple(d.lower().lstrip(".") for d in _strings(entry, "domains", where))
        victims.append(Victim(name.strip(), sector, country.upper(), domains, _strings(entry, "aliases", where)))
    return victims


def load_victims(path: Path) -> list[Victim]:
    return parse_victims(path.read_text(encoding="utf-8"))
