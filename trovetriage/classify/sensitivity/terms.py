"""Many folded terms matched in one pass: the rule terms compiled into a prefix-tree regex.

A plain alternation of hundreds of words costs the regex engine one attempt per word at every
position; a prefix tree shares the attempts, which makes a scan of a few MB of folded text take
a fraction of a second. Term syntax: spaces, `-` and `_` match any run of them; `:`, `+` and `/`
may have spaces around them; any apostrophe matches any other; a trailing `*` lets the word go on
(`contract*` finds `contracts`), a leading `*` lets it start inside a word (Arabic prefixes such as
`وال`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from trovetriage.classify.sensitivity.folding import fold_string

SEPARATOR_CHARS = " \t_-\u00a0\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEP_RE = "[" + re.escape(SEPARATOR_CHARS) + "]+"
_PUNCT = ":+/"
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
_SEP_RUN = re.compile(_SEP_RE)
_APOSTROPHE = re.compile("[" + _APOSTROPHES + "]")
_AROUND_PUNCT = re.compile(r"[ \t]*([:+/])[ \t]*")
MAX_TERM_CHARS = 200

_SEP, _END, _STAR = "\x00sep", "\x00end", "\x00star"


def term_key(text: str) -> str:
    """The canonical form of a folded term or of folded matched text: separator runs as one
    space, no spaces around `:`, `+`, `/`; every apostrophe as `'`."""
    return _AROUND_PUNCT.sub(r"\1", _SEP_RUN.sub(" ", _APOSTROPHE.sub("'", text))).strip()


@dataclass(frozen=True)
class Term:
    """One folded term: its canonical key and whether it may start/end inside a word."""

    key: str
    open_start: bool
    open_end: bool


def parse_term(raw: str) -> Term:
    """Folds a term as written in a rule file; raises ValueError when nothing is left of it."""
    text = raw.strip()
    open_start, open_end = text.startswith("*"), text.endswith("*") and len(text) > 1
    text = text.strip("*").strip()
    key = term_key(fold_string(text))
    if not key or len(key) > MAX_TERM_CHARS:
        raise ValueError(f"term {raw!r} is empty or longer than {MAX_TERM_CHARS} characters")
    return Term(key, open_start, open_end)


def _tokens(key: str) -> list[str]:
    return [_SEP if char == " " else char for char in key]


def _trie_regex(terms: Iterable[Term]) -> str:
    root: dict[str, dict] = {}
    for term in terms:
        node = root
        for token in _tokens(term.key):
            node = node.setdefault(token, {})
        node[_STAR if term.open_end else _END] = {}
    return _node_regex(root)


def _token_regex(token: str) -> str:
    if token == _SEP:
        return _SEP_RE
    if token == "'":
        return "[" + _APOSTROPHES + "]"
    if token in _PUNCT:
        return r"[ \t]*" + re.escape(token) + r"[ \t]*"
    return re.escape(token)


def _node_regex(node: dict[str, dict]) -> str:
    alternatives = [_token_regex(token) + _node_regex(child) for token, child in sorted(node.items())
                    if token not in (_END, _STAR)]
    if _STAR in node:
        alternatives.append(r"\w*")
    elif _END in node:
        alternatives.append(r"(?!\w)")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class Hit:
    """One term found in folded text: its key and folded span."""

    key: str
    start: int
    end: int


class TermMatcher:
    """Finds every occurrence of a set of terms in folded text, leftmost-longest, in one pass
    (plus one for terms that may start inside a word)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        terms = list({term: None for term in terms})
        bounded = [t for t in terms if not t.open_start]
        unbounded = [t for t in terms if t.open_start]
        self._patterns = []
        if bounded:
            self._patterns.append(re.compile(r"(?<!\w)" + _trie_regex(bounded)))
        if unbounded:
            self._patterns.append(re.compile(_trie_regex(unbounded)))
        self._exact = {t.key for t in terms if not t.open_end}
        self._prefixes = {t.key for t in terms if t.open_end}
        self._prefix_lengths = sorted({len(k) for k in self._prefixes}, reverse=True)

    def resolve(self, matched: str) -> str | None:
        """The term key that folded matched text stands for."""
        if matched in self._exact:
            return matched
        key = term_key(matched)
        if key in self._exact:
            return key
        for length in self._prefix_lengths:
            if key[:length] in self._prefixes:
                return key[:length]
        return None

    def scan(self, folded: str, limit: int, start: int = 0) -> Iterator[Hit]:
        """Hits from `start` on, in text order per pass, at most `limit` in all (hostile texts
        repeat words)."""
        count = 0
        for pattern in self._patterns:
            for match in pattern.finditer(folded, start):
                key = self.resolve(match.group())
                if key is None:
                    continue
                yield Hit(key, match.start(), match.end())
                count += 1
                if count >= limit:
                    return
