"""Pairs logins with passwords as the inline finder meets them in text order, and builds records.

A password pairs with the last login seen up to `PAIR_BEFORE` characters earlier, or with a login
on the same line within `PAIR_AFTER` characters after it (`Password=x;User ID=sa`; not for logins
read from a sentence, where the next sentence usually concerns another account). A password that
stays alone is still recorded (flagged `paired=false`) unless its label was a weak one ("pass").
"""

from __future__ import annotations

from dataclasses import dataclass

from trovetriage.core.classification import CredentialRecord

from .accounts import split_account
from .formats import INLINE
from .records import PLAINTEXT, Parsed, RecordFactory

PAIR_BEFORE = 300
PAIR_AFTER = 80


@dataclass
class Pending:
    """A login or password value found in the text, waiting to be paired."""

    value: str
    start: int
    end: int
    line: int
    lang: str
    weak: bool = False
    prose: bool = False

    def __repr__(self) -> str:
        return f"Pending(line={self.line}, lang={self.lang!r})"


class Collector:
    """Receives logins and passwords in text order; keeps at most `limit` distinct records."""

    def __init__(self, factory: RecordFactory, limit: int) -> None:
        self.factory = factory
        self.limit = limit
        self.records: list[CredentialRecord] = []
        self.seen: set[str] = set()
        self.user: Pending | None = None
        self.password: Pending | None = None

    @property
    def full(self) -> bool:
        return len(self.records) >= self.limit

    def emit(self, password: Pending, user: Pending | None) -> None:
        if password.weak and user is None:
            return
        account, domain = split_account(user.value) if user else ("", "")
        context = {"label_lang": password.lang}
        if user is None:
            context["paired"] = "false"
        if password.prose or (user is not None and user.prose):
            context["form"] = "prose"
        parsed = Parsed(account, domain, PLAINTEXT, password.value, INLINE, context=context)
        record = self.factory.build(parsed, password.line)
        if record is not None and record.fingerprint not in self.seen:
            self.seen.add(record.fingerprint)
            self.records.append(record)

    def flush(self) -> None:
        """Records a waiting password alone: no login came."""
        if self.password is not None:
            self.emit(self.password, None)
            self.password = None

    def on_user(self, user: Pending) -> None:
        pending = self.password
        if (pending is not None and not user.prose and user.start - pending.end <= PAIR_AFTER
                and user.line == pending.line):
            self.password = None
            self.emit(pending, user)
            return
        self.flush()
        self.user = user

    def on_password(self, password: Pending) -> None:
        self.flush()
        user, self.user = self.user, None
        if user is not None and password.start - user.end <= PAIR_BEFORE:
            self.emit(password, user)
        else:
            self.password = password

    def on_pair(self, password: Pending, user: Pending) -> None:
        """A login and a password written together (`login / pass: bob / Secret1`)."""
        self.flush()
        self.user = None
        self.emit(password, user)
