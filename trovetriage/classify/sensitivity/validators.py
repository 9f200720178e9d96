"""The fixed registry of validators that rule files name: checksums and formats, not bare patterns.

A validator takes the text a rule's pattern matched (and the caller's phone regions) and says
whether it is a real record, under which key it counts as distinct, and how it may be shown
(always masked). Third-party checkers may raise on odd input: that counts as "not valid".
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import phonenumbers
from stdnum import iban, luhn
from stdnum.az import voen
from stdnum.fr import nir
from stdnum.in_ import aadhaar
from stdnum.kr import rrn
from stdnum.my import nric
from stdnum.ro import cnp
from stdnum.ru import inn
from stdnum.tr import tckimlik

from trovetriage.core.classification import mask_secret

MAX_PHONE_REGIONS = 12


@dataclass(frozen=True)
class Validated:
    """A record that passed: `key` is distinct per record, `excerpt` is masked, `length` is how
    many characters of the candidate belong to it (None: all)."""

    key: str
    excerpt: str
    length: int | None = None


Validator = Callable[[str, Sequence[str]], "Validated | None"]

# Issuer identification number ranges: (lowest prefix, highest prefix, allowed lengths).
_IIN: tuple[tuple[str, str, frozenset[int]], ...] = (
    ("4", "4", frozenset({13, 16, 19})),  # Visa
    ("51", "55", frozenset({16})),  # Mastercard
    ("2221", "2720", frozenset({16})),  # Mastercard 2-series
    ("2200", "2204", frozenset({16, 17, 18, 19})),  # Mir
    ("34", "34", frozenset({15})),  # American Express
    ("37", "37", frozenset({15})),
    ("300", "305", frozenset({14, 16, 17, 18, 19})),  # Diners Club
    ("36", "36", frozenset({14, 16, 17, 18, 19})),
    ("38", "39", frozenset({14, 16, 17, 18, 19})),
    ("3528", "3589", frozenset({16, 17, 18, 19})),  # JCB
    ("50", "50", frozenset({16, 17, 18, 19})),  # Maestro, Verve
    ("56", "58", frozenset({16, 17, 18, 19})),  # Maestro
    ("6", "6", frozenset({16, 17, 18, 19})),  # Discover, UnionPay, Maestro, RuPay, BC
    ("9792", "9792", frozenset({16})),  # Troy (Turkey)
)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isascii() and char.isdigit())


def _plausible_iin(number: str) -> bool:
    for low, high, lengths in _IIN:
        prefix = number[: len(low)]
        if low <= prefix <= high and len(number) in lengths:
            return True
    return False


def card(candidate: str, regions: Sequence[str]) -> Validated | None:
    """Payment card: 13-19 digits, Luhn, a known issuer range with a length it issues."""
    number = _digits(candidate)
    if not 13 <= len(number) <= 19 or len(set(number)) < 2 or not _plausible_iin(number):
        return None
    if not luhn.is_valid(number):
        return None
    return Validated(f"card:{number}", f"{number[:4]} **** **** {number[-4:]}")


def iban_number(candidate: str, regions: Sequence[str]) -> Validated | None:
    """IBAN: country format and mod-97 check (python-stdnum); a pattern may catch a word after
    the number, so the longest valid prefix counts."""
    compact = "".join(char for char in candidate if char.isalnum()).upper()
    for size in range(min(len(compact), 34), 14, -1):
        if iban.is_valid(compact[:size]):
            number = compact[:size]
            consumed = seen = 0
            for consumed, char in enumerate(candidate, 1):  # noqa: B007
                seen += char.isalnum()
                if seen == size:
                    break
            return Validated(f"iban:{number}", f"{number[:4]} **** {number[-4:]}", consumed)
    return None


def _valid_phone(text: str, regions: Sequence[str]) -> Validated | None:
    digits = _digits(text)
    if not 7 <= len(digits) <= 15:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    tries: list[str | None] = [None] if text.startswith("+") else list(regions[:MAX_PHONE_REGIONS])
    for region in tries:
        try:
            parsed = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            national = str(parsed.national_number)
            shown = f"+{parsed.country_code} {'*' * max(0, len(national) - 2)}{national[-2:]}"
            return Validated(f"phone:+{parsed.country_code}{national}", shown)
    return None


def phone(candidate: str, regions: Sequence[str]) -> Validated | None:
    """Phone number: parsed and valid for its country (phonenumbers). International numbers
    (`+` or `00`) need no region; national ones are tried in the caller's regions. A pattern may
    run on into a following number ("+90 312 555 12 34 2024"), so up to three trailing groups
    are dropped until the rest is valid."""
    text = candidate.strip()
    for _ in range(4):
        found = _valid_phone(text, regions)
        if found is not None:
            return Validated(found.key, found.excerpt, len(text))
        cut = max(text.rfind(" "), text.rfind("-"), text.rfind("."))
        if cut <= 0:
            return None
        text = text[:cut].rstrip(" -.(")
    return None


def _checked(module: object, name: str, length: Sequence[int] | None = None,
             accept: Callable[[str], bool] | None = None) -> Validator:
    """A validator from a python-stdnum module: digits only, its `is_valid`, masked."""
    is_valid: Callable[[str], bool] = module.is_valid  # type: ignore[attr-defined]

    def check(candidate: str, regions: Sequence[str]) -> Validated | None:
        number = "".join(char for char in candidate if char.isalnum()).upper()
        if length is not None and len(number) not in length:
            return None
        if len(set(number)) < 3 or not is_valid(number) or (accept is not None and not accept(number)):
            return None
        return Validated(f"{name}:{number}", mask_secret(number))

    check.__doc__ = f"{name}: checksum and format by python-stdnum."
    return check


def passport(candidate: str, regions: Sequence[str]) -> Validated | None:
    """Passport number (only ever tried next to a passport keyword): 6-10 letters and digits,
    mostly digits, not one digit repeated."""
    number = "".join(char for char in candidate if char.isalnum()).upper()
    digits = _digits(number)
    if not 6 <= len(number) <= 10 or len(digits) < 5 or len(set(digits)) < 3 or not number.isascii():
        return None
    return Validated(f"passport:{number}", mask_secret(number))


_PRIVATE_NETS = tuple(ipaddress.ip_network(net) for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def rfc1918(candidate: str, regions: Sequence[str]) -> Validated | None:
    """An RFC 1918 (private) IPv4 address; shown in full: it is a network detail, not a secret."""
    try:
        address = ipaddress.IPv4Address(candidate.strip())
    except ValueError:
        return None
    if not any(address in net for net in _PRIVATE_NETS):
        return None
    return Validated(f"ip:{address}", str(address))


VALIDATORS: dict[str, Validator] = {
    "card": card,
    "iban": iban_number,
    "phone": phone,
    "passport": passport,
    "rfc1918": rfc1918,
    "tr_tckimlik": _checked(tckimlik, "tr_tckimlik", (11,)),
    "my_nric": _checked(nric, "my_nric", (12,)),
    "ro_cnp": _checked(cnp, "ro_cnp", (13,)),
    "in_aadhaar": _checked(aadhaar, "in_aadhaar", (12,)),
    "kr_rrn": _checked(rrn, "kr_rrn", (13,)),
    "ru_inn": _checked(inn, "ru_inn", (12,)),  # personal INN (12 digits); 10-digit INNs are companies
    "fr_nir": _checked(nir, "fr_nir", (15,)),
    # VÖEN is a tax number of companies and people; the tenth digit 2 marks a natural person.
    "az_voen": _checked(voen, "az_voen", (10,), accept=lambda number: number.endswith("2")),
}


def run(name: str, candidate: str, regions: Sequence[str]) -> Validated | None:
    """Runs one registered validator; an exception from a third-party checker means invalid."""
    try:
        return VALIDATORS[name](candidate, regions)
    except Exception:  # hostile input must not stop the item: odd text simply is not a record
        return None
