"""Word lists the attribution rules read: container words, Korean particles, Arabic proclitics, generic names.

Kept as data, apart from the rules, so an investigator can see (and extend) what the engine treats
as "just a container word" or "just a particle" without reading code.
"""

from __future__ import annotations

#: Words that may surround an organisation's name or domain in a path component for the component
#: to count as a container named after that organisation (`BOTAS_exchange`, `mofa.gov.bh-dump`,
#: `KDGI.pst`). Folded (lower case, no marks). Digits (years, parts) are always allowed.
CONTAINER_WORDS: frozenset[str] = frozenset({
    # mail stores and exports
    "exchange", "mail", "mails", "email", "emails", "e", "mailbox", "mailboxes", "mbx", "inbox", "outlook", "owa",
    "ews", "pst", "ost", "mbox", "eml", "msg", "olm", "edb", "export", "exports", "exported", "journal",
    # drops, dumps and shares
    "backup", "backups", "bak", "dump", "dumps", "data", "files", "file", "share", "shares", "fileshare", "docs",
    "documents", "archive", "archives", "leak", "leaks", "loot", "exfil", "upload", "uploads", "download",
    "downloads", "drive", "disk", "image", "home", "users", "user", "corp", "hq", "it", "dc", "fs", "srv",
    "server", "servers", "full", "all", "part", "copy", "old", "new", "final", "domain",
    # archive and mailbox file extensions
    "zip", "7z", "rar", "tar", "gz", "tgz", "bz2", "xz", "cab",
    # the same in the languages of the demo victims
    "posta", "eposta", "yedek", "arsiv", "dosyalar",  # Turkish
    "poct", "arxiv", "ehtiyat",  # Azerbaijani
    "emel", "arkib", "sandaran",  # Malay
    "arhiva", "copie",  # Romanian
    "메일", "백업",  # Korean
    "بريد", "نسخه", "ارشيف",  # Arabic (folded)
})

#: Korean case particles written straight after a name (`외교부는`, `외교부의`): a Hangul alias still
#: matches when one of these follows it inside the same word.
HANGUL_PARTICLES: frozenset[str] = frozenset({
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "에게서", "께", "께서", "한테", "와", "과",
    "도", "로", "으로", "로서", "으로서", "로써", "으로써", "만", "까지", "부터", "보다", "처럼", "하고", "이나",
    "나", "랑", "이랑", "마저", "조차", "측", "측은", "측의",
})

#: Arabic one-letter proclitics written onto the next word (و and, ف so, ب by, ل for, ك like):
#: `ووزارة الخارجية` still names `وزارة الخارجية`.
ARABIC_PROCLITICS: frozenset[str] = frozenset({"\u0648", "\u0641", "\u0628", "\u0644", "\u0643"})

#: First labels of domains that name a role, not an organisation: never used as an organisation token.
GENERIC_LABELS: frozenset[str] = frozenset({
    "www", "mail", "mx", "smtp", "webmail", "owa", "gov", "go", "com", "co", "org", "net", "ac", "edu", "mil",
    "int", "local", "corp", "ad", "lan", "internal", "intern", "home",
})

#: Exchange organisation names (`/O=...` of a legacyExchangeDN) that are product defaults, not an owner.
GENERIC_EXCHANGE_ORGS: frozenset[str] = frozenset({
    "first organization", "exchangelabs", "exchange", "microsoft", "organization",
})

#: X-MS-Exchange-* headers whose name contains one of these describe the sending side
#: (`X-MS-Exchange-Organization-ExternalOriginalInternetSender: ip=[...] domain=mail.sender.example`):
#: their host names are not the storing organisation's.
SENDER_SIDE_EXCHANGE_HEADERS: tuple[str, ...] = ("sender", "originat")

#: Item kinds whose own file name is a container name (the rest treat their file name like a title).
CONTAINER_KINDS: frozenset[str] = frozenset({"archive", "mailbox"})
