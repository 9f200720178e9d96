"""Member names of archives: UTF-8 when valid, else the legacy code page they read best in.

Names are untrusted labels, kept verbatim (only NUL is made visible). Names without a UTF-8 marker
come from Windows tools in a local code page (Chinese, Japanese, Russian troves are common), which
no header records: it is guessed from how plausible the decoded characters are in a file name.
"""

from __future__ import annotations

import unicodedata

#: Legacy code pages tried (in this order, ties go to the earlier) when a name is not UTF-8.
LEGACY_ENCODINGS = ("gbk", "shift_jis", "cp1251", "cp866", "cp1252", "cp437")
_NAME_SAMPLE = 2000


def _is_common_hanzi(char: str) -> bool:
    """GB2312 level 1 (lead bytes B0-D7) holds the 3755 most used Chinese characters."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


def _char_weight(char: str, previous: str, following: str) -> float | None:
    """How plausible one non-ASCII character is in a file name; None rules the decoding out."""
    category = unicodedata.category(char)
    if category in ("Cc", "Cn", "Co", "Cs"):
        return None
    code = ord(char)
    if 0x3040 <= code <= 0x30FF:
        return 1.0  # hiragana, katakana
    if 0xFF61 <= code <= 0xFF9F:
        return 0.3  # half-width katakana: what Chinese bytes look like as Shift-JIS
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return 0.9 if _is_common_hanzi(char) else 0.3
    if 0x0400 <= code <= 0x04FF:
        if (previous.isascii() and previous.isalpha()) or (following.isascii() and following.isalpha()):
            return 0.1  # "Mьller": an accented Latin letter read as Cyrillic
        if not (0x0410 <= code <= 0x044F or char in "Ёё"):
            return 0.2
        # Russian words have capitals only first or throughout; random bytes mix cases.
        return 0.2 if char.isupper() and previous.islower() else 1.0
    if category.startswith("L"):
        return 0.6 if code <= 0x024F else 0.2
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return 0.5  # CJK punctuation, full-width forms: real, but alone they prove little
    return 0.0


def _plausibility(texts: list[str]) -> float | None:
    """Mean weight of the non-ASCII characters (None if any rules the decoding out)."""
    total = 0.0
    count = 0
    for text in texts:
        for index, char in enumerate(text):
            if ord(char) >= 0x80:
                previous = text[index - 1] if index else ""
                following = text[index + 1] if index + 1 < len(text) else ""
                weight = _char_weight(char, previous, following)
                if weight is None:
                    return None
                total += weight
                count += 1
    return total / count if count else 1.0


def guess_legacy_encoding(raw_names: list[bytes]) -> str:
    """The legacy code page under which these names (decided together: an archive has one) read
    most plausibly."""
    sample = raw_names[:_NAME_SAMPLE]
    best = ("cp437", -1.0)
    for encoding in LEGACY_ENCODINGS:
        try:
            texts = [raw.decode(encoding) for raw in sample]
        except UnicodeDecodeError:
            continue
        score = _plausibility(texts)
        if score is not None and score > best[1]:
            best = (encoding, score)
    return best[0]


def visible_nul(name: str) -> str:
    """Names are kept verbatim, except that NUL (which truncates names in C code) is made visible."""
    return name.replace("\x00", "\\x00")


def decode_name(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(name, encoding used): UTF-8 when valid, else `encoding` or a guess for this name alone."""
    try:
        return visible_nul(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    for candidate in ((encoding,) if encoding else ()) + (guess_legacy_encoding([raw]),):
        try:
            return visible_nul(raw.decode(candidate)), candidate
        except UnicodeDecodeError:
            continue
    return visible_nul(raw.decode("cp437")), "cp437"
