"""Opening a .msg with extract-msg: quiet, local-only, always closed, codepage repaired.

extract-msg logs and warns freely and keeps the OLE file open until closed; under pytest's
warnings-as-errors and in long worker runs both must be contained. ANSI (non-Unicode) files
without PR_MESSAGE_CODEPAGE are decoded as ISO-8859-15 by the library, which garbles Cyrillic and
Greek mail; the internet codepage or the locale id tells the real one.
"""

from __future__ import annotations

import codecs
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import extract_msg
from extract_msg.enums import ErrorBehavior, InsecureFeatures

_LOGGERS = ("extract_msg", "olefile", "RTFDE", "compressed_rtf", "tnefparse")
#: Windows locale ids of languages whose ANSI codepage is not Western European.
_LCID_CODEPAGES = {
    0x0419: 1251, 0x0422: 1251, 0x0423: 1251, 0x0402: 1251, 0x0C1A: 1251, 0x042F: 1251,
    0x0405: 1250, 0x0415: 1250, 0x040E: 1250, 0x041B: 1250, 0x0424: 1250, 0x041A: 1250, 0x0418: 1250,
    0x0408: 1253, 0x041F: 1254, 0x040D: 1255, 0x0401: 1256, 0x0429: 1256, 0x0420: 1256,
    0x0425: 1257, 0x0426: 1257, 0x0427: 1257, 0x042A: 1258, 0x041E: 874,
    0x0411: 932, 0x0804: 936, 0x0412: 949, 0x0404: 950,
}


@contextmanager
def quiet() -> Iterator[None]:
    """Silence the library's warnings and log records for the duration of a call."""
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    previous = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, was in zip(loggers, previous, strict=True):
            logger.disabled = was


def _open(path: Path, encoding: str | None) -> Any:
    options: dict[str, Any] = {
        "strict": False,  # unknown message classes still open as a plain MSGFile
        "delayAttachments": False,
        "errorBehavior": ErrorBehavior.SUPPRESS_ALL,
        "insecureFeatures": InsecureFeatures.NONE,  # never fetch anything, never run anything
    }
    if encoding:
        options["overrideEncoding"] = encoding
    return extract_msg.openMsg(str(path), **options)


def ansi_codepage(msg: Any) -> str | None:
    """The codec an ANSI .msg really uses when the library would guess; None when it need not."""
    if msg.areStringsUnicode or "3FFD0003" in msg.props:
        return None
    candidates = [msg.getPropertyVal("3FDE0003"), _LCID_CODEPAGES.get(msg.getPropertyVal("3FF10003") or 0)]
    for number in candidates:
        if isinstance(number, int) and 0 < number < 65536:
            name = "utf-8" if number == 65001 else f"cp{number}"
            try:
                codecs.lookup(name)
            except LookupError:
                continue
            return name
    return None


@contextmanager
def open_msg(path: Path) -> Iterator[Any]:
    """The opened message (a MSGFile subclass), closed on exit whatever happens."""
    with quiet():
        msg = _open(path, None)
        try:
            encoding = ansi_codepage(msg)
        except Exception:
            encoding = None
        if encoding:
            msg.close()
            msg = _open(path, encoding)
    try:
        yield msg
    finally:
        with quiet():
            msg.close()


def prop(msg: Any, name: str) -> Any:
    """A property value or None; a damaged property never costs the message."""
    try:
        with quiet():
            return msg.getPropertyVal(name)
    except Exception:
        return None


def string(obj: Any, stream: str) -> str:
    """A string property stream (`__substg1.0_XXXX`, type picked by the library) as clean text."""
    try:
        with quiet():
            value = obj.getStringStream(f"__substg1.0_{stream}")
    except Exception:
        return ""
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""
