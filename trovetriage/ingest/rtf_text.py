"""RTF reduced to text: the one routine every RTF in the code base goes through.

Documents, Outlook .msg/.pst bodies and TNEF bodies all call `rtf_to_text`. striprtf does the
reading; this module makes its input safe and its output right, because RTF from a trove is hostile:
- binary payloads (\\objdata, \\pict, \\bin, theme data...) are cut out first by a linear brace scan:
  striprtf walks the text one character at a time, and hex payloads are most of a big RTF;
- the document code page (\\ansicpg, \\mac, \\pc, \\pca) decodes the \\'hh bytes of text set in a font
  that names no charset (or one Python has no codec for); a font's own \\fcharset still wins;
- \\uN outside the signed 16-bit range wraps as Word does, \\uc without a number is \\uc1, surrogate
  pairs are joined and lone surrogates replaced;
- striprtf's hyperlink rewrite is a backtracking regex that runs for minutes on one crafted line, so
  it is disabled; links are rendered "text (url)" here by a scan bounded per field;
- input and output are bounded.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import charset_map
from striprtf.striprtf import rtf_to_text as striprtf_to_text

MiB = 1024 * 1024
#: Bytes of RTF looked at in all; a bigger file is read as far as this.
MAX_INPUT_BYTES = 128 * MiB
#: RTF text is mostly markup: striprtf gets at most this many bytes per character of the text budget.
MARKUP_PER_CHAR = 16
MAX_MARKUP_BYTES = 64 * MiB
DEFAULT_TEXT_CHARS = 4_000_000
#: A hyperlink field longer than this is left as it is (its text is still read).
FIELD_WINDOW = 64 * 1024
DEFAULT_CODEPAGE = "cp1252"

_GROUP_TOKEN = re.compile(rb"\\bin(-?\d{1,10}) ?|\\[\\{}]|[{}]")
_PAYLOAD = re.compile(rb"\\(?:objdata|pict|themedata|colorschememapping|datastore|fontemb|blipuid)(?![a-zA-Z])"
                      rb"|\\bin(-?\d{1,10}) ?")
_ANSICPG = re.compile(rb"\\ansicpg(-?\d{0,10}) ?")
_CHARSET_WORD = re.compile(rb"\\(mac|pca|pc)(?![a-zA-Z])")
_FONTTBL = re.compile(rb"\\fonttbl(?![a-zA-Z])")
_FONT_NUMBER = re.compile(rb"\\f\d{1,10}(?![0-9])")
_FCHARSET = re.compile(rb"\\fcharset(\d{1,10})")
_UC_WITHOUT_NUMBER = re.compile(rb"\\uc(?![a-zA-Z0-9]|-\d)")
#: striprtf reads at most 10 digits of a \uN parameter; the digits after them are text.
_BIG_UNICODE = re.compile(rb"\\u(-?\d{5,10})(\d*)")
_FIELD = re.compile(rb"\{\\field(?![a-zA-Z])")
_LINK = re.compile(rb'\\fldinst[^"]{0,400}?HYPERLINK\s+(?:\\\\[a-z]\s+)*"([^"\\{}\r\n]{1,2048})"')
_BLANK_RUNS = re.compile(r"\n{3,}")
#: Code pages named in \ansicpg whose Python codec is not called cpNNNN.
_CODEPAGE_NAMES = {10000: "mac_roman", 10006: "mac_greek", 10007: "mac_cyrillic", 10029: "mac_latin2",
                   10079: "mac_iceland", 10081: "mac_turkish", 20866: "koi8_r", 21866: "koi8_u",
                   28591: "latin_1", 28592: "iso8859_2", 28595: "iso8859_5", 28597: "iso8859_7",
                   28599: "iso8859_9", 54936: "gb18030"}
_HEADER_CHARSETS = {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}


def _codec_exists(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


#: \fcharset values striprtf maps to a codec this Python lacks (Mac Japanese, Mac Thai...): decoding
#: text in such a font would raise, so those fonts fall back to the document code page.
_CHARSETS_WITHOUT_CODEC = frozenset(number for number, name in charset_map.items() if not _codec_exists(name))
#: A charset striprtf does not know: it decodes with the code page it is given.
_UNMAPPED_CHARSET = b"1"


def is_escaped(data: bytes, position: int) -> bool:
    """True when the backslash at `position` is itself escaped (preceded by an odd run of backslashes)."""
    run = 0
    while position - run > 0 and data[position - run - 1] == 0x5C:
        run += 1
    return run % 2 == 1


def group_end(data: bytes, start: int, stop: int | None = None) -> tuple[int, bool]:
    """(index just past the '}' closing the group open at `start`, True) - or (`stop`, False) when it
    does not close before `stop` (default: the end). \\binN data and escaped braces are stepped over."""
    stop = len(data) if stop is None else min(stop, len(data))
    depth = 0
    position = start
    while position < stop and (match := _GROUP_TOKEN.search(data, position, stop)) is not None:
        position = match.end()
        if match.group(1) is not None:
            position += max(int(match.group(1)), 0)
        elif match.group() == b"{":
            depth += 1
        elif match.group() == b"}":
            if depth == 0:
                return position, True
            depth -= 1
    return stop, False


def drop_payloads(data: bytes) -> bytes:
    """The RTF without its binary payload groups and \\bin data (their braces are kept, so groups balance)."""
    pieces: list[bytes] = []
    position = 0
    while (match := _PAYLOAD.search(data, position)) is not None:
        if is_escaped(data, match.start()):
            pieces.append(data[position:match.end()])
            position = match.end()
            continue
        pieces.append(data[position:match.start()])
        if match.group(1) is not None:
            position = match.end() + max(int(match.group(1)), 0)
        else:
            end, closed = group_end(data, match.end())
            position = end - 1 if closed else end
    pieces.append(data[position:])
    return b"".join(pieces)


def _header(data: bytes) -> bytes:
    """The control words before the first nested group, where the character set is declared."""
    start = max(data.find(b"\\rtf", 0, 4096), 0)
    first_group = data.find(b"{", start, start + 4096)
    return data[start:first_group if first_group >= 0 else start + 4096]


def code_page(data: bytes) -> str:
    """The Python codec of the document code page (\\ansicpg, else \\mac/\\pc/\\pca, else Windows-1252)."""
    header = _header(data)
    match = _ANSICPG.search(header)
    if match and match.group(1).isdigit():
        number = int(match.group(1))
        name = _CODEPAGE_NAMES.get(number, f"cp{number}")
        if number not in (1200, 1201) and _codec_exists(name):
            return name
    charset = _CHARSET_WORD.search(header)
    return _HEADER_CHARSETS[charset.group(1)] if charset else DEFAULT_CODEPAGE


def _font_entry(entry: bytes) -> bytes:
    """One font-table entry with a charset striprtf can decode: none or an unknown codec -> the code page."""
    charset = _FCHARSET.search(entry)
    if charset is None:
        number = _FONT_NUMBER.search(entry)
        if number is None:
            return entry
        return entry[:number.end()] + b"\\fcharset" + _UNMAPPED_CHARSET + entry[number.end():]
    if int(charset.group(1)) in _CHARSETS_WITHOUT_CODEC:
        return entry[:charset.start(1)] + _UNMAPPED_CHARSET + entry[charset.end(1):]
    return entry


def _annotate_font_table(data: bytes) -> bytes:
    match = _FONTTBL.search(data)
    if match is None:
        return data
    end, _ = group_end(data, match.end())
    table = b";".join(_font_entry(entry) for entry in data[match.end():end].split(b";"))
    return data[:match.end()] + table + data[end:]


def _render_links(data: bytes) -> bytes:
    """Append " (url)" to the result of each HYPERLINK field; each field is scanned once, within a window."""
    pieces: list[bytes] = []
    position = scan = 0
    while (match := _FIELD.search(data, scan)) is not None:
        end, closed = group_end(data, match.end(), match.end() + FIELD_WINDOW)
        link = _LINK.search(data, match.end(), end) if closed else None
        if link is not None:
            pieces += [data[position:end - 1], b" (", link.group(1), b")"]
            position = end - 1
        scan = end
    pieces.append(data[position:])
    return b"".join(pieces)


def _wrap_unicode(match: re.Match[bytes]) -> bytes:
    value, rest = int(match.group(1)), match.group(2)
    if -0x8000 <= value <= 0xFFFF:
        return match.group()
    return b"\\u" + str(value % 0x10000).encode() + (b" " + rest if rest else b"")


def _sanitise(data: bytes) -> bytes:
    """Remove what striprtf would crash or stall on; none of it changes the text Word would show."""
    data = data.replace(b"\\field{", b"\\field {")  # striprtf's hyperlink regex never matches now
    data = _ANSICPG.sub(b"", data)  # the code page is passed to striprtf instead
    # every \binN is gone: what is left (\binfsxn, a \bin without length) is renamed, so that
    # striprtf's picture skipper never reads a \bin length that is not there
    data = data.replace(b"\\bin", b"\\xbin")
    data = _UC_WITHOUT_NUMBER.sub(rb"\\uc1", data)
    return _BIG_UNICODE.sub(_wrap_unicode, data)


def _tidy(text: str) -> str:
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")  # join \uN surrogate pairs
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    # striprtf writes a table cell end as "|": a line of nothing else is an empty table row
    text = "\n".join("" if not line.strip(" \t|") else line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def rtf_to_text(data: bytes, limit: int = DEFAULT_TEXT_CHARS) -> str:
    """The readable text of RTF bytes, at most `limit` characters; never raises on malformed input."""
    limit = max(limit, 0)
    codepage = code_page(data)
    data = drop_payloads(data[:MAX_INPUT_BYTES])
    data = _annotate_font_table(_sanitise(_render_links(data)))
    markup = min(MAX_MARKUP_BYTES, max(limit, 1) * MARKUP_PER_CHAR)
    try:
        text = striprtf_to_text(data[:markup].decode("latin-1"), encoding=codepage, errors="replace")
    except MemoryError:
        raise
    except Exception:  # a striprtf bug not covered above: no text rather than a failed item
        return ""
    return _tidy(text)[:limit]
