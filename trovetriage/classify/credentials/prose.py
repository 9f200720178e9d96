"""Credentials written as sentences, with no separator after the label:

"... opened with the account hassan.albastaki and the password P@ssw0rd613.",
"The local administrator password on CTX05.mofa.local has been reset to sunrise65*Pearl",
"The temporary password for the VPN account CORP\\jdoe is Hangang@2018; please change it",
"كلمة المرور المؤقتة لحساب VPN CORP\\layla هي 8UbXK34CVfdfk".

After a password label, the first token of the same sentence (at most `WINDOW` characters) that
looks like a password is taken, and a `DOMAIN\\user` or e-mail token met on the way is its login.
After a login label ("account", "compte", "حساب", ...), the next token must look like an account.
These readings are guesses: their records say `form=prose` and weigh less in the findings.
"""

from __future__ import annotations

import re

from .values import clean_value, is_account, looks_like_password, strip_glued

WINDOW = 160
#: A password met in a sentence needs three of lower/upper/digit/symbol.
PROSE_CLASSES = 3
_SENTENCE_END = re.compile(r"[.!?。؟]\s|\n\s*\n|[.!?。]$")
_LOOKBACK = 120


def _sentence(text: str, start: int) -> str:
    window = text[start : start + WINDOW]
    end = _SENTENCE_END.search(window)
    return window[: end.start() + 1] if end else window


def _sentence_before(text: str, start: int) -> str:
    window = text[max(0, start - _LOOKBACK) : start]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _strong_login(token: str) -> str:
    """A `DOMAIN\\user` or e-mail token, cleaned; '' otherwise."""
    word = strip_glued(token)
    return word if ("\\" in word or "@" in word) and is_account(word) else ""


def _last_login_before(text: str, start: int) -> str:
    logins = [found for token in _sentence_before(text, start).split() if (found := _strong_login(token))]
    return logins[-1] if logins else ""


def prose_password(text: str, label_start: int, start: int) -> tuple[str, int, str] | None:
    """(password, its offset, login or '') from the sentence after a password label ending at `start`.

    The login is a `DOMAIN\\user` or e-mail token between the label and the password, or else the last
    one earlier in the same sentence ("XIN\\jdoe VPN hesabının parolu: ...")."""
    login = ""
    offset = start
    for token in _sentence(text, start).split():
        offset = text.find(token, offset)
        if token.isalpha():  # a word: neither a DOMAIN\\user nor three character classes
            continue
        if not login and (found := _strong_login(token)):
            login = found
            continue
        candidate = clean_value(token, "", False)
        if looks_like_password(candidate, PROSE_CLASSES):
            return candidate, offset, login or _last_login_before(text, label_start)
    return None


def prose_account(text: str, start: int) -> tuple[str, int] | None:
    """(login, its offset) when the token right after a login label (or after one qualifier such as
    "VPN") is an account: `the account hassan.albastaki`, `service account CORP\\svc_x`."""
    offset = start
    for token in text[start : start + 96].split()[:2]:
        offset = text.find(token, offset)
        word = strip_glued(token)
        if is_account(word):
            return word, offset
    return None
