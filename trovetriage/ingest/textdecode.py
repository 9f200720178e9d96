"""Turn bytes of unknown or mislabelled encoding into text, fast and without ever raising.

Troves mix UTF-8, UTF-16 exports, and legacy code pages (Arabic cp1256, Turkish iso-8859-9,
Korean euc-kr/cp949, Russian cp1251...), often with a wrong or unknown label. The order of
attempts is: BOM, the declared charset (when it decodes cleanly), UTF-16 without a BOM (NUL
pattern; it would otherwise pass as UTF-8 full of NULs), strict UTF-8, statistical detection on a
bounded sample, and finally UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

#: charset-normalizer is slow on big inputs: it only ever sees this many bytes.
SAMPLE_BYTES = 64 * 1024

#: Labels seen in mail and on the web that Python does not know, or knows as a narrower codec.
#: Supersets are preferred: Outlook labels cp949 text "ks_c_5601-1987", GBK text "gb2312", and
#: browsers read "iso-8859-1" as windows-1252 (WHATWG encoding standard).
CHARSET_ALIASES: dict[str, str] = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601-1989": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "x-windows-949": "cp949",
    "windows-949": "cp949",
    "windows-874": "cp874",
    "x-windows-874": "cp874",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cn-gb": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-8-i": "iso8859-8",
    "iso-8859-6-i": "iso8859-6",
    "iso-8859-6-e": "iso8859-6",
    "iso-8859-8-e": "iso8859-8",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "x-mac-greek": "mac-greek",
    "x-mac-turkish": "mac-turkish",
    "x-mac-ce": "mac-latin2",
    "x-cp1250": "cp1250",
    "x-cp1251": "cp1251",
    "x-cp1252": "cp1252",
    "x-cp1256": "cp1256",
    "unicode": "utf-16",
    "ucs-2": "utf-16",
    "ucs2": "utf-16",
    "unicode-1-1-utf-8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "utf8mb4": "utf-8",
}

#: Text codecs Python knows that no honest document is written in (or that are unsafe to apply).
_REJECTED_CODECS = frozenset({
    "undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "mbcs", "oem",
    "charmap",
})

#: Multi-byte codecs (prefixes of the canonical names `codecs.lookup` gives, which are all this is
#: matched against); every other text codec maps one byte to one character. A label naming a
#: single-byte code page loses to text that is valid UTF-8 with multi-byte sequences (mislabelled
#: UTF-8 is common; the converse coincidence is not).
_MULTI_BYTE_PREFIXES = (
    "utf", "gb", "big5", "euc", "cp93", "cp94", "cp95", "shift", "iso2022", "johab", "hz",
)

#: Latin code pages that statistical detection confuses with each other; decided by letters.
_LATIN_CANDIDATES = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859-2", "iso8859-16")

#: Non-ASCII letters that are normal in the Latin-script languages a trove may hold. A wrong
#: code page turns them into letters no single language uses together.
_LANGUAGE_LETTERS: tuple[frozenset[str], ...] = tuple(frozenset(letters + letters.upper()) for letters in (
    "çğıöşüâîû" + "İ",            # Turkish (and Azerbaijani's 8-bit subset)
    "éèêëàâçîïôûùüÿœæ",           # French
    "äöüß",                       # German
    "áéíóúñüç¡¿",                 # Spanish / Catalan
    "ãõáéíóúâêôçà",               # Portuguese
    "àèéìíòóù",                   # Italian
    "ąćęłńóśźż",                  # Polish
    "áčďéěíňóřšťúůýž",            # Czech / Slovak
    "ăâîșțşţ",                    # Romanian (comma and cedilla forms)
    "áéíóöőúüű",                  # Hungarian
    "åäöæøé",                     # Nordic
    "čćđšž",                      # Croatian / Serbian / Slovenian
    "āčēģīķļņšūž",                # Latvian / Lithuanian
    "äöõüšž",                     # Estonian
))

#: UTF-16/32 without a BOM are recognised by their NULs above; the detector's guesses of them
#: on short legacy text (a few Hangul bytes) are wrong far more often than right.
_NOT_DETECTED = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]

_WORD_RE = re.compile(r"[^\W\d_]", re.UNICODE)


def _lookup(label: str) -> str | None:
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REJECTED_CODECS:
        return None
    return info.name


def declared_codecs(name: str | None) -> list[str]:
    """Python codecs to try for a charset label: the preferred superset first, then the label itself."""
    if not name:
        return []
    label = name.strip().strip("\"'").strip().lower()
    label = label.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    if not label or len(label) > 40:
        return []
    found: list[str] = []
    for candidate in (CHARSET_ALIASES.get(label, label), label):
        codec = _lookup(candidate)
        if codec is not None and codec not in found:
            found.append(codec)
    return found


def normalize_charset(name: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown or unusable."""
    found = declared_codecs(name)
    return found[0] if found else None


def _strict(data: bytes, codec: str, partial: bool) -> str | None:
    """Decode strictly; with `partial`, an incomplete sequence at the very end is dropped."""
    try:
        if partial:
            return codecs.getincrementaldecoder(codec)("strict").decode(data, final=False)
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None


def _lenient(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec, errors="replace")
    except (LookupError, ValueError):
        return data.decode("utf-8", errors="replace")


def _finish(text: str, codec: str) -> tuple[str, str]:
    """Strip NULs, and make sure the text can be stored as UTF-8 (utf-7 can yield surrogates)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if codec == "utf-7":
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text, codec


def _is_single_byte(codec: str) -> bool:
    return not codec.startswith(_MULTI_BYTE_PREFIXES)


def _bom(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Mostly-Latin UTF-16 has a NUL in every other byte; which half tells the byte order.

    The guess must also decode to printable text, so binary junk with NULs is not taken for it.
    """
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        codec = "utf-16-le"
    elif even >= 0.4 * pairs and odd <= 0.05 * pairs:
        codec = "utf-16-be"
    else:
        return None
    text = sample[: pairs * 2].decode(codec, errors="replace")
    printable = sum(1 for char in text if char.isprintable() or char in "\r\n\t")
    return codec if printable >= 0.9 * len(text) else None


def _sample(data: bytes) -> bytes:
    """The head of the data, cut at a line end so no multi-byte character is split."""
    if len(data) <= SAMPLE_BYTES:
        return data
    head = data[:SAMPLE_BYTES]
    cut = head.rfind(b"\n", SAMPLE_BYTES // 2)
    return head[: cut + 1] if cut >= 0 else head


def latin_plausibility(text: str) -> float:
    """Share of non-ASCII characters inside words that one real language would use (1.0 = all).

    A wrong Latin code page turns letters into symbols (ˆ, ±, ¤) or into letters of other
    languages; characters standing alone (€, ©, «) say nothing and are not counted.
    """
    inside: list[str] = []
    for index, char in enumerate(text):
        if ord(char) < 128:
            continue
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if _WORD_RE.match(char) or _WORD_RE.match(before) or _WORD_RE.match(after):
            inside.append(char)
    if not inside:
        return 1.0
    best = max(sum(1 for char in inside if char in letters) for letters in _LANGUAGE_LETTERS)
    return best / len(inside)


def _other_script(text: str) -> bool:
    """Mostly Greek, Cyrillic, Hebrew, Arabic or Thai letters: the detector is good at those."""
    foreign = [char for char in text if ord(char) > 127]
    if not foreign:
        return False
    other = sum(1 for char in foreign if 0x370 <= ord(char) <= 0xE7F and _WORD_RE.match(char))
    return other >= 0.5 * len(foreign)


def _best_latin(sample: bytes, first_guess: str) -> str:
    """Statistical detectors cannot tell cp1252 from cp1250 or cp1254: letters can."""
    best_codec, best_score = first_guess, -1.0
    for codec in (*_LATIN_CANDIDATES, first_guess):
        text = _strict(sample, codec, partial=True)
        if text is None:
            continue
        score = latin_plausibility(text)
        if score > best_score + 1e-9:
            best_codec, best_score = codec, score
    return best_codec


def _detect(data: bytes) -> str | None:
    """charset-normalizer on a bounded sample, corrected for the Latin code-page family."""
    sample = _sample(data)
    try:
        match = charset_normalizer.from_bytes(sample, cp_exclusion=_NOT_DETECTED).best()
    except Exception:  # a detector bug must not fail the item
        return None
    if match is None:
        return None
    codec = normalize_charset(match.encoding)
    if codec is None:
        return None
    guess = _strict(sample, codec, partial=True)
    if guess is not None and _is_single_byte(codec) and not _other_script(guess):
        codec = _best_latin(sample, codec)
    return codec


def decode_text(data: bytes, declared: str | None = None, *, partial: bool = False) -> tuple[str, str]:
    """Decode `data` into text; returns (text, codec used). Never raises.

    `declared` is a charset label from the container (MIME header, HTML meta); it wins when it
    decodes cleanly. `partial` says `data` is a prefix of something longer, so a multi-byte
    character cut at the end is not taken as proof of a wrong encoding.
    """
    if not data:
        return "", "utf-8"
    bom = _bom(data)
    if bom is not None:
        text = _strict(data, bom, partial)
        return _finish(text if text is not None else _lenient(data, bom), bom)

    for codec in declared_codecs(declared):
        text = _strict(data, codec, partial)
        if text is not None:
            if _is_single_byte(codec) and not text.isascii():
                utf8 = _strict(data, "utf-8", partial)
                if utf8 is not None:
                    return _finish(utf8, "utf-8")
            return _finish(text, codec)

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = _strict(data, utf16, partial)
        return _finish(text if text is not None else _lenient(data, utf16), utf16)

    text = _strict(data, "utf-8", partial)
    if text is not None:
        return _finish(text, "utf-8")

    detected = _detect(data)
    if detected is not None:
        text = _strict(data, detected, partial)
        return _finish(text if text is not None else _lenient(data, detected), detected)

    return _finish(data.decode("utf-8", errors="replace"), "utf-8")
