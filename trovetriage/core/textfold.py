"""Folding of text for matching in any language: marks dropped, case folded, letter variants unified.

Shared by the search analyzer (index/) and the sensitivity rules (classify/), so that a marking
written `GİZLİ`, `gizli` or `Gizli` and an Arabic word with or without harakat match the same way
in a query and in a detector.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

import regex

# Letter variants folded before Unicode decomposition. Composed Arabic letters with a hamza or
# madda (أ إ آ ؤ ئ) also lose it through NFKD + dropping marks, but the explicit map is cheap.
_CHAR_MAP = str.maketrans(
    {
        "\u0130": "i",  # İ  Turkish capital dotted I
        "\u0131": "i",  # ı  Turkish/Azerbaijani dotless i
        "\u0640": None,  # ـ  Arabic tatweel (kashida)
        "\u0622": "\u0627",  # آ -> ا
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
        "\u06cc": "\u064a",  # Persian yeh ی -> ي
        "\u06a9": "\u0643",  # Persian keheh ک -> ك
        "\u200c": None,
        "\u200d": None,
        "\u00ad": None,
    }
)


_MARKS: Any = regex.compile(r"\p{Mn}+")


@functools.lru_cache(maxsize=1 << 17)
def _fold_slow(text: str) -> str:
    text = text.translate(_CHAR_MAP).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = _MARKS.sub("", text)
    # casefold of a compatibility character can produce new capitals (rare): fold once more.
    return unicodedata.normalize("NFC", text.casefold())


def fold(text: str) -> str:
    """Folds one token: NFKD, combining marks dropped, casefolded, Turkish dotted/dotless i and
    Arabic letter variants unified, NFC. ASCII takes a fast path; the rest is cached because
    the same words repeat all the time."""
    if text.isascii():
        return text.lower()
    return _fold_slow(text)
