"""Header and transfer encodings decoded leniently: none of these functions raises.

Mailers split multi-byte characters across encoded words, truncate base64 and label text with
charsets Python does not know; a strict decoder would lose the whole header or part for that.
"""

from __future__ import annotations

import binascii
import re

from trovetriage.ingest.textdecode import decode_text

HEADER_VALUE_CAP = 256 * 1024      # longer header values are cut before any parsing

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,80})\?([QqBb])\?([^?]*?)\?=")
#: A line break followed by white space: a folded header continues on the next line.
FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/=]")


def b64decode_lenient(raw: bytes) -> tuple[bytes, bool]:
    """Decode base64, keeping what decodes; returns (bytes, damaged).

    Stray characters are skipped, missing padding is added, and a segment that ends with an
    impossible single character loses only that character. Padding inside the data (two
    encodings concatenated) starts a new segment instead of corrupting the rest.
    """
    cleaned = re.sub(rb"\s+", b"", raw)
    junk = _B64_JUNK.search(cleaned) is not None
    if junk:
        cleaned = _B64_JUNK.sub(b"", cleaned)
    damaged = junk
    out = bytearray()
    for segment in re.split(rb"=+", cleaned):
        if not segment:
            continue
        rest = len(segment) % 4
        if rest == 1:
            segment, damaged = segment[:-1], True
        elif rest:
            segment += b"=" * (4 - rest)
        try:
            out += binascii.a2b_base64(segment)
        except (binascii.Error, ValueError):
            damaged = True
    return bytes(out), damaged


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_str(text: str, hint: str | None = None) -> str:
    """Text safe to store: raw 8-bit bytes (kept by the parser as surrogates) decoded, NULs gone."""
    if _has_surrogates(text):
        text = decode_text(text.encode("utf-8", errors="surrogateescape"), hint)[0]
        if _has_surrogates(text):  # pragma: no cover - decode_text never yields surrogates
            text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text.replace("\x00", "")


def _decode_word(encoding: str, payload: str) -> bytes:
    """The bytes of one encoded word's payload ("B" is base64, "Q" a quoted-printable variant)."""
    raw = payload.encode("utf-8", errors="surrogateescape")
    if encoding.upper() == "B":
        return b64decode_lenient(raw)[0]
    try:
        return binascii.a2b_qp(raw, header=True)
    except (binascii.Error, ValueError):
        return raw


def decode_header_value(value: str, hint: str | None = None) -> str:
    """Unfold and decode RFC 2047 encoded words, tolerating unknown charsets and bad base64.

    Adjacent encoded words in one charset are joined as bytes before decoding, because mailers
    split multi-byte characters across words.
    """
    value = FOLD.sub("", value[:HEADER_VALUE_CAP])
    out: list[str] = []
    run_charset: str | None = None
    run = bytearray()

    def flush() -> None:
        nonlocal run_charset
        if run_charset is not None:
            out.append(decode_text(bytes(run), run_charset)[0])
        run.clear()
        run_charset = None

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        gap = value[position:match.start()]
        if run_charset is None or gap.strip():
            flush()
            out.append(clean_str(gap, hint))
        charset = match.group(1).split("*", 1)[0].lower()
        if run_charset is not None and charset != run_charset:
            flush()
        run_charset = charset
        run += _decode_word(match.group(2), match.group(3))
        position = match.end()
    flush()
    out.append(clean_str(value[position:], hint))
    return _CONTROL.sub(" ", "".join(out)).strip()


def one_line(text: str) -> str:
    """All runs of white space, line breaks included, as one space."""
    return " ".join(text.split())
