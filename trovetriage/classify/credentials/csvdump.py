"""CSV password exports (Chrome, Firefox, Bitwarden, KeePass, LastPass, ...) read through the csv module.

A CSV is a credential dump only when its header names a password column and a login or URL
column; a table of contacts has neither and stays ordinary data. Column roles come from the header
row, so any column order and any extra columns work. Notes, titles and custom fields are never
copied into a record: they often hold secrets of their own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from .accounts import split_account
from .combo import secret_kind
from .formats import Layout
from .lines import clean_line
from .records import Parsed, url_host

DELIMITERS = (",", ";", "\t", "|")

_PASSWORD = {"password", "loginpassword", "pass", "passwd", "pwd", "passwort", "motdepasse", "contrasena",
             "contraseña", "senha", "пароль", "sifre", "şifre", "parola", "secret"}
_USER = {"username", "loginusername", "user", "login", "userid", "loginname", "account", "identifiant",
         "utilisateur", "benutzername", "usuario", "логин", "kullanıcıadı", "kullaniciadi"}
_EMAIL = {"email", "emailaddress", "mail", "courriel"}
_URL = {"url", "loginuri", "uri", "website", "site", "origin", "originurl", "hostname", "host", "weburl",
        "address", "siteurl", "loginurl"}
_TOTP = {"totp", "logintotp", "otp", "otpauth"}


def _normalise(name: str) -> str:
    return "".join(ch for ch in name.strip().strip('"').casefold() if ch not in " _-.\ufeff")


def header_roles(fields: list[str]) -> dict[str, int] | None:
    """Column index per role ('password', 'user', 'email', 'url', 'totp') of a credential header, or None."""
    if not 2 <= len(fields) <= 64:
        return None
    roles: dict[str, int] = {}
    for index, field in enumerate(fields):
        name = _normalise(field)
        for role, names in (("password", _PASSWORD), ("user", _USER), ("email", _EMAIL), ("url", _URL),
                            ("totp", _TOTP)):
            if name in names and role not in roles:
                roles[role] = index
    if "password" in roles and ({"user", "email", "url"} & roles.keys()):
        return roles
    return None


def sniff_header(line: str) -> tuple[str, dict[str, int], int] | None:
    """(delimiter, roles, number of columns) when this line is the header of a credential CSV."""
    best: tuple[str, dict[str, int], int] | None = None
    for delimiter in DELIMITERS:
        if delimiter not in line:
            continue
        try:
            fields = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        roles = header_roles(fields)
        if roles is not None and (best is None or len(roles) > len(best[1])):
            best = (delimiter, roles, len(fields))
    return best


class _Counted:
    """Feeds the csv module cleaned lines with a newline, counting physical lines for line numbers."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self._lines:
            self.count += 1
            yield clean_line(raw) + "\n"


def parse_csv(lines: Iterable[str], delimiter: str) -> Iterator[tuple[Parsed, int]]:
    """(parsed, line) for each row with a password. The first credential header found sets the
    column roles; rows before it are skipped. A malformed row (unbalanced quote running into the
    csv module's field limit) is skipped and reading resumes after it."""
    counted = _Counted(lines)
    reader = csv.reader(counted, delimiter=delimiter)
    roles: dict[str, int] | None = None
    width = 0
    while True:
        start = counted.count + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            continue
        if not row or not any(field.strip() for field in row):
            continue
        if roles is None:
            roles = header_roles(row)
            width = len(row)
            continue
        if len(row) > width + 8:
            continue
        parsed = _row(row, roles)
        if parsed is not None:
            yield parsed, start


def _field(row: list[str], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row(row: list[str], roles: dict[str, int]) -> Parsed | None:
    secret = _field(row, roles, "password")
    if not secret or len(secret) > 512:
        return None
    login = _field(row, roles, "user") or _field(row, roles, "email")
    url = _field(row, roles, "url")
    account, domain = split_account(login)
    if not domain and url:
        domain = url_host(url)
    kind, context = secret_kind(secret)
    if _field(row, roles, "totp"):
        context = {**(context or {}), "totp": "present"}
    return Parsed(account, domain, kind, secret, Layout.CSV, url=url, context=context)


def count_rows(lines: list[str], delimiter: str, width: int) -> int:
    """How many sample data rows have about the header's width (detection only)."""
    good = 0
    for line in lines:
        try:
            fields = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        good += width - 1 <= len(fields) <= width + 1
    return good
