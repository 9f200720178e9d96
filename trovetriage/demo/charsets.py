"""Which bytes a text becomes: legacy code pages per language, transfer encodings, fallbacks.

Real troves are full of text that is not UTF-8: Arabic in windows-1256, Turkish in ISO-8859-9,
Korean in EUC-KR (labelled `ks_c_5601-1987` by Outlook), Romanian in ISO-8859-2 with cedilla
letters, Russian in windows-1251 or KOI8-R. Text that does not fit a chosen code page falls back
to UTF-8, so nothing is ever lost or replaced.
"""

from __future__ import annotations

import random

#: Legacy code pages by language, as Windows/Outlook of the time wrote them.
LEGACY: dict[str, tuple[str, ...]] = {
    "ar": ("windows-1256",),
    "tr": ("iso-8859-9", "windows-1254"),
    "ko": ("euc-kr",),
    "ro": ("iso-8859-2",),
    "ru": ("windows-1251", "koi8-r"),
    "en": ("windows-1252",),
    "ms": ("windows-1252",),
}

_CEDILLA = str.maketrans({"ș": "ş", "Ș": "Ş", "ț": "ţ", "Ț": "Ţ"})


def legacy_text(text: str, charset: str) -> str:
    """Romanian in ISO-8859-2 can only spell ș/ț with a cedilla (ş/ţ), as old systems did."""
    return text.translate(_CEDILLA) if charset.lower() in ("iso-8859-2", "windows-1250") else text


def encode(text: str, charset: str) -> tuple[bytes, str]:
    """Encode in `charset`, falling back to UTF-8 when the text does not fit it."""
    try:
        return legacy_text(text, charset).encode(charset), charset
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8"


def pick_file_encoding(rng: random.Random, lang: str, allow_utf16: bool) -> str:
    """How a file on a share is encoded: mostly UTF-8, some with BOM, Notepad UTF-16, legacy."""
    roll = rng.random()
    if roll < 0.55:
        return "utf-8"
    if roll < 0.7:
        return "utf-8-sig"
    if allow_utf16 and roll < 0.8:
        return "utf-16"
    legacy = LEGACY.get(lang)
    return rng.choice(legacy) if legacy else "utf-8"


#: Body charsets per language, legacy ones first (weights are applied by `pick_charset`).
_CHARSETS: dict[str, tuple[str, ...]] = {
    "ar": ("windows-1256", "utf-8"),
    "tr": ("iso-8859-9", "windows-1254", "utf-8"),
    "ko": ("euc-kr", "ks_c_5601-1987", "utf-8"),
    "ro": ("iso-8859-2", "utf-8"),
    "ru": ("windows-1251", "koi8-r", "utf-8"),
    "az": ("utf-8",),
    "ms": ("us-ascii", "iso-8859-1", "utf-8"),
    "en": ("us-ascii", "windows-1252", "utf-8"),
}


def pick_charset(rng: random.Random, lang: str) -> str:
    """The charset a mail client of that language would label the body with."""
    options = _CHARSETS.get(lang, ("utf-8",))
    return options[0] if rng.random() < 0.45 else rng.choice(options)


def pick_cte(rng: random.Random, raw: bytes) -> str:
    """Transfer encoding: plain ASCII often goes 7bit; everything else base64, QP or raw 8bit."""
    if raw.isascii():
        return "7bit" if rng.random() < 0.7 else "quoted-printable"
    roll = rng.random()
    return "base64" if roll < 0.5 else "quoted-printable" if roll < 0.9 else "8bit"
