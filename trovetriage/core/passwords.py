"""The case's password list: troves often hold the passwords of their own encrypted files."""

from __future__ import annotations

from pathlib import Path

#: More candidates than this is a dictionary attack, not a case list: refused.
MAX_PASSWORDS = 10_000


class PasswordsFileError(ValueError):
    """The passwords file cannot be used (not UTF-8, too many lines)."""


def parse_passwords(text: str) -> list[str]:
    """One password per line, spaces kept; only the line ending is dropped; empty lines skipped."""
    lines = text.removeprefix("\ufeff").split("\n")
    passwords = [line.removesuffix("\r") for line in lines]
    passwords = list(dict.fromkeys(p for p in passwords if p))
    if len(passwords) > MAX_PASSWORDS:
        raise PasswordsFileError(f"{len(passwords)} passwords, more than the maximum of {MAX_PASSWORDS}")
    return passwords


def load_passwords(path: Path) -> list[str]:
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise PasswordsFileError(f"not UTF-8 (byte {error.start})") from None
    return parse_passwords(text)
