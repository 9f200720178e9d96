"""Credentials written into ordinary mail and documents: "Username: … Password: …", "login / pass:
bob / Secret1", "user=… pwd=…", JSON `"password": "…"`, and sentences such as "use the account
CORP\\jdoe with the password Welcome2020!", in English, French, Russian, Turkish, Arabic, Romanian,
Malay, Azerbaijani and Korean.

A label followed by a separator (`:`, `=`, `-`, a closing quote then `:`) takes the next value unless
it is a prose word, a type name or a placeholder ("password: (sent separately)", `password: str`).
After a verb ("is", "est", "adalah", a Korean topic particle) or with no separator at all (see
`prose`), the value must look like a password. Pairing of logins and passwords is in `pairing`.

Only the first `MAX_INLINE_CHARS` characters are scanned, at most `MAX_MATCHES` label candidates
looked at and `MAX_PROSE` sentences read. Labels are found by a literal pre-scan of a lower-cased copy; the full
patterns (with lookbehinds, which keep the regex engine from skipping ahead) run only there, so a
megabyte of prose costs a fraction of a second.
"""

from __future__ import annotations

import re

from trovetriage.core.classification import CredentialRecord

from .labels import LABEL_LANG, PASSWORD_LABELS, PROSE_USER_LABELS, USER_LABELS, WEAK_PASSWORD_LABELS
from .pairing import Collector, Pending
from .prose import prose_account, prose_password
from .records import RecordFactory
from .values import acceptable, clean_value, looks_like_password, read_value

MAX_INLINE_CHARS = 4_000_000
MAX_MATCHES = 50_000
#: Sentences read around labels without a separator (each costs a look at up to 160 characters).
MAX_PROSE = 5_000
#: After a verb ("the password is ..."), a value needs two of lower/upper/digit/symbol.
VERB_CLASSES = 2


def _flatten(table: dict[str, tuple[str, ...]]) -> list[str]:
    return [label for labels in table.values() for label in labels]


def _literal(label: str) -> str:
    return re.escape(label).replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]")


def _label_pattern(labels: list[str]) -> str:
    """Alternation of labels, longest first; Latin/Cyrillic labels must start a word, Hangul and Arabic
    ones may be glued to a prefix (임시비밀번호, وكلمة المرور, لحساب)."""
    parts = []
    for label in sorted(set(labels), key=len, reverse=True):
        first = label[0]
        glued = "\uac00" <= first <= "\ud7a3" or "\u0600" <= first <= "\u06ff"
        parts.append(_literal(label) if glued else r"(?<!\w)" + _literal(label))
    return "|".join(parts)


_USER = _label_pattern(_flatten(USER_LABELS))
_STRONG = _label_pattern(_flatten(PASSWORD_LABELS))
_WEAK = _label_pattern(_flatten(WEAK_PASSWORD_LABELS))
_ANY_PASSWORD = _label_pattern(_flatten(PASSWORD_LABELS) + _flatten(WEAK_PASSWORD_LABELS))
_PARTICLE = r"(?:[은는이가을를](?=[\s:：]))?"
_VERBS = ("is", "est", "este", "adalah", "ialah")
# The separator after a label; values are read in a lookahead so that a label inside a value
# ("Password=x;User ID=sa", "Username: Password: ...") is still found by the next match.
_SEP = (
    r"(?P<sep>[ \t]*(?:[:：﹕=]|=>|->|[-–—](?=[ \t]))[ \t]*(?:\r?\n[ \t]*)?"
    r"|[ \t]+(?:is|est|este|adalah|ialah)[ \t]*:?[ \t]*|\t+|(?<=[은는])[ \t]+)"
)
_PATTERN = re.compile(
    rf"(?:(?P<pair>(?:{_USER})[ \t]*[/|\\][ \t]*(?:{_ANY_PASSWORD}))|(?P<user>{_USER})|(?P<strong>{_STRONG})"
    rf"|(?P<weak>{_WEAK}))[\"']?{_PARTICLE}{_SEP}(?=(?P<rest>[^\n]{{1,256}}))",
    re.IGNORECASE,
)
_PROSE_LABEL = re.compile(
    rf"(?P<strong>{_STRONG})|(?P<user>{_label_pattern(_flatten(PROSE_USER_LABELS))})(?!\w)", re.IGNORECASE
)
# `İ` is the one character whose lower() is two characters long: mapped first so offsets stay put.
_LOWER_SAFE = str.maketrans({"\u0130": "i"})
_CANDIDATES = re.compile(
    "|".join(
        _literal(label.lower())
        for label in sorted(
            set(_flatten(USER_LABELS) + _flatten(PASSWORD_LABELS) + _flatten(WEAK_PASSWORD_LABELS)
                + _flatten(PROSE_USER_LABELS)),
            key=len,
            reverse=True,
        )
    )
)
_PAIR_SPLIT = re.compile(r"[/|:\\]")


def _lang(label: str) -> str:
    return LABEL_LANG.get(" ".join(label.split()).casefold().replace("’", "'"), "")


def _is_verb(sep: str) -> bool:
    """A separator that is a verb or a Korean topic particle: prose, where values need a second look."""
    stripped = sep.strip(" \t:").casefold()
    return stripped in _VERBS or (not stripped and "\t" not in sep and not any(ch in sep for ch in ":：﹕=-–—>"))


class _Lines:
    """1-based line numbers of increasing offsets, counted incrementally (linear overall)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.position = 0

    def at(self, offset: int) -> int:
        if offset > self.position:
            self.line += self.text.count("\n", self.position, offset)
            self.position = offset
        return self.line


def find_inline_credentials(text: str, key: bytes, limit: int = 100) -> list[CredentialRecord]:
    """Credentials in clear written into prose; at most `limit` distinct records, first found first."""
    collector = Collector(RecordFactory(key), max(0, limit))
    if not text or limit <= 0:
        return []
    text = text[:MAX_INLINE_CHARS]
    lowered = text.translate(_LOWER_SAFE).lower()
    lines = _Lines(text)
    position = count = prose = 0
    while count < MAX_MATCHES and not collector.full:
        candidate = _CANDIDATES.search(lowered, position)
        if candidate is None:
            break
        count += 1
        start = candidate.start()
        match = _PATTERN.match(text, start)
        if match is not None and _labelled(match, lines, collector):
            position = match.start("rest")
            continue
        resume = 0
        if prose < MAX_PROSE:
            prose += 1
            resume = _prose(text, start, lines, collector)
        position = resume or start + 1
    if not collector.full:
        collector.flush()
    return collector.records[:limit]


def _labelled(match: re.Match[str], lines: _Lines, collector: Collector) -> bool:
    """Handles `label: value`; False when the value is not acceptable (prose may still read it)."""
    sep = match.group("sep") or ""
    rest = match.group("rest")
    line = lines.at(match.start("rest"))
    if match.group("pair"):
        return _pair(match, rest, sep, line, collector)
    raw, offset, quoted = read_value(rest)
    value = clean_value(raw, sep, quoted)
    end = match.start("rest") + offset + len(value)
    if match.group("user"):
        if not acceptable(value, 2, False):
            return False
        collector.on_user(Pending(value, match.start(), end, line, _lang(match.group("user"))))
        return True
    if not acceptable(value, 3, True) or (_is_verb(sep) and not looks_like_password(value, VERB_CLASSES)):
        return False
    label = match.group("strong") or match.group("weak")
    collector.on_password(Pending(value, match.start(), end, line, _lang(label), match.group("weak") is not None))
    return True


def _pair(match: re.Match[str], rest: str, sep: str, line: int, collector: Collector) -> bool:
    """`login / pass: bob / Secret1`, `user|pwd = bob:Secret1`, `логин/пароль: ivan Qwerty123`."""
    tokens = [token for token in rest.split() if token not in ("/", "|", "\\", ":")]
    if not tokens:
        return False
    first = tokens[0]
    split = _PAIR_SPLIT.search(first)
    if split and 0 < split.start() < len(first) - 1:
        user, password = first[: split.start()], first[split.end() :]
    elif len(tokens) >= 2:
        user, password = first, tokens[1]
    else:
        return False
    user, password = clean_value(user, sep, False), clean_value(password, sep, False)
    if not (acceptable(user, 2, False) and acceptable(password, 3, True)):
        return False
    lang = _lang(re.split(r"[/|\\]", match.group("pair"))[-1].strip())
    start = match.start("rest")
    collector.on_pair(Pending(password, start, match.end(), line, lang), Pending(user, start, start, line, lang))
    return True


def _prose(text: str, start: int, lines: _Lines, collector: Collector) -> int:
    """Reads a label used in a sentence; returns where scanning resumes, 0 when nothing was read."""
    label = _PROSE_LABEL.match(text, start)
    if label is None:
        return 0
    if label.group("strong"):
        found = prose_password(text, start, label.end())
        if found is None:
            return 0
        password, offset, login = found
        line = lines.at(offset)
        lang = _lang(label.group("strong"))
        if login:
            collector.on_user(Pending(login, start, start, line, lang, prose=True))
        collector.on_password(Pending(password, start, offset + len(password), line, lang, prose=True))
        return offset + len(password)
    account = prose_account(text, label.end())
    if account is None:
        return 0
    login, offset = account
    collector.on_user(Pending(login, start, offset + len(login), lines.at(offset), _lang(label.group("user")),
                              prose=True))
    return offset + len(login)
