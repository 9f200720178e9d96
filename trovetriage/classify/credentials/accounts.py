"""Account names: where the domain is, and whether the name says "administrator".

Decisions (documented because investigators rely on them):
- `DOMAIN\\user` and `DOMAIN/user` give the domain as written (NetBIOS names are case-insensitive;
  a DNS-form domain with a dot is lower-cased); the account is `user`.
- An e-mail address or UPN stays whole as the account (it is what one logs in with); the domain is
  its suffix, lower-cased.
- Privileged by name: the built-in administrator in several languages, `root`, `krbtgt`, `sa`
  (SQL Server), and admin-looking names: a `-`/`_`/`.` separated token `adm` or `admin`
  (`adm-jdoe`, `jdoe.admin`), a `da`/`ea` prefix or suffix joined by `_` or `-` (`da_jdoe`,
  `jdoe-da`; not `joao.da.silva`), or a name starting or ending with `admin` (`webadmin`,
  `adminjdoe`). For e-mail addresses the local part is judged. False positives (`da_silva`) are
  accepted: the flag asks for a look, it does not raise a level by itself.
- Service accounts (`svc_x`, `x-svc`, `sqlsvc`, `service_x`) are *not* privileged: they are noted
  in the record's context, because they are often over-privileged but the name does not prove it.
- Machine accounts (`WS01$`) are noted in context, never privileged by name.
"""

from __future__ import annotations

import re

_ADMIN_NAMES = frozenset(
    {
        "administrator",
        "administrateur",
        "administrador",
        "administratör",
        "amministratore",
        "администратор",
        "yönetici",
        "järjestelmänvalvoja",
        "rendszergazda",
        "administratorius",
        "관리자",
        "مدير",
        "root",
        "krbtgt",
        "admin",
        "sa",
        "sysadmin",
        "domainadmin",
        "domain_admin",
        "enterpriseadmin",
    }
)
# One regex each, so that a 2 GB combo list pays one C call per account:
# an `adm`/`admin`/... token between separators, a `da`/`ea` prefix or suffix joined by `_`/`-`
# (`joao.da.silva` is a name), or a name starting or ending with `admin`.
_ADMIN_PATTERN = re.compile(
    r"(?:^|[-_.\s])(?:adm|admin|administrator|domainadmin|sysadm|sysadmin)(?:$|[-_.\s])"
    r"|^(?:da|ea)[-_]|[-_](?:da|ea)$|^admin|admin$"
)
_SERVICE_PATTERN = re.compile(r"(?:^|[-_.\s])(?:svc|service|srv|svcacct|serviceaccount)(?:$|[-_.\s])|^svc|svc$")


def split_account(raw: str) -> tuple[str, str]:
    """(account, domain) from `DOMAIN\\user`, `DOMAIN/user`, `user@domain` or a bare name."""
    raw = raw.strip()
    for sep in ("\\", "/"):
        if sep in raw:
            domain, _, user = raw.rpartition(sep)
            domain, user = domain.strip(), user.strip()
            if user and domain and " " not in domain and "@" not in domain and ":" not in domain:
                return user, normalise_domain(domain)
    if "@" in raw:
        local, _, suffix = raw.rpartition("@")
        if local and "." in suffix and " " not in suffix:
            return raw, suffix.strip().lower().rstrip(".")
    return raw, ""


def normalise_domain(domain: str) -> str:
    """DNS names lower-cased; NetBIOS names kept as written."""
    domain = domain.strip().rstrip(".")
    return domain.lower() if "." in domain else domain


def local_part(account: str) -> str:
    """The name judged by the privilege rules: the local part of an e-mail/UPN, else the account."""
    return account.rpartition("@")[0] if "@" in account else account


def admin_by_name(account: str) -> bool:
    """True when the name says it is an administrator (see the module docstring for the rules)."""
    return name_role(account) == "admin"


def name_role(account: str) -> str:
    """'admin', 'service' or '' for one account, folding the name once (the hot path of big lists)."""
    name = local_part(account).strip().casefold()
    if not name or len(name) > 128:
        return ""
    if name in _ADMIN_NAMES:
        return "admin"
    # substring tests first: almost no name of a big list can match, and `in` is far cheaper than a search
    if ("adm" in name or "da" in name or "ea" in name) and _ADMIN_PATTERN.search(name) is not None:
        return "admin"
    if ("svc" in name or "serv" in name or "srv" in name) and _SERVICE_PATTERN.search(name) is not None:
        return "service"
    return ""
