"""TextExtractor and decode_text: the encodings troves really contain, caps, empty files."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.limits import Limits
from trovetriage.core.types import Kind, Sniffed, Status
from trovetriage.ingest import textdecode
from trovetriage.ingest.extractors.text import TextExtractor
from trovetriage.ingest.textdecode import decode_text, normalize_charset

ARABIC = "وزارة الخارجية في مملكة البحرين تعلن عن اجتماع مهم مع الوفد الزائر. كلمة المرور للنظام هي سرية.\n"
TURKISH = ("Dışişleri Bakanlığı toplantısı yarın saat onda yapılacak. Şifre değiştirildi, lütfen "
           "güncelleyin. Görüşmek üzere, İstanbul ofisi.\n")
KOREAN = "비밀번호를 변경하였습니다. 외교부 회의는 내일 오전 열시에 열립니다. 참석 부탁드립니다.\n"
RUSSIAN = "Министерство иностранных дел сообщает о встрече. Пароль изменён.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def sniffed(mime: str, name: str = "f.bin") -> Sniffed:
    return Sniffed(mime=mime, description=mime, extension=Path(name).suffix.lower(), name=name, size=10)


@pytest.mark.parametrize(("text", "codec"), [
    (ARABIC * 3, "cp1256"),
    (TURKISH * 2, "iso-8859-9"),
    (KOREAN * 2, "euc-kr"),
    (RUSSIAN * 2, "cp1251"),
])
def test_legacy_code_pages_are_detected(run_extractor: Any, tmp_path: Path, text: str, codec: str) -> None:
    path = write(tmp_path, "notes.txt", text.encode(codec))
    extraction, sink = run_extractor(path, TextExtractor())
    assert extraction.status is Status.OK
    assert extraction.kind is Kind.TEXT
    assert extraction.text == text
    assert extraction.metadata["lines"] == text.count("\n")
    assert sink.members == []


def test_utf16_with_bom(run_extractor: Any, tmp_path: Path) -> None:
    text = "Username: administrator\r\nPassword: Yaz2024!\r\nوزارة\r\n"
    path = write(tmp_path, "creds.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    extraction, _ = run_extractor(path, TextExtractor())
    assert extraction.text == text
    assert extraction.metadata["encoding"].startswith("utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(run_extractor: Any, tmp_path: Path, codec: str) -> None:
    text = "host=EXCH01.mfa.local\r\nuser=MFA\\svc_backup\r\npass=Winter2023\r\n"
    path = write(tmp_path, "dump.log", text.encode(codec))
    extraction, _ = run_extractor(path, TextExtractor())
    assert extraction.text == text
    assert extraction.metadata["encoding"] == codec
    assert "\x00" not in extraction.text


def test_utf8_and_metadata(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "line one\nline two — ş ș\nno newline at end".encode())
    extraction, _ = run_extractor(path, TextExtractor())
    assert extraction.metadata == {"encoding": "utf-8", "lines": 3}
    assert extraction.detail == ""


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n  "])
def test_empty_and_whitespace_files(run_extractor: Any, tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "empty.txt", data)
    extraction, _ = run_extractor(path, TextExtractor())
    assert extraction.status is Status.EMPTY
    assert extraction.text == ""
    assert extraction.detail


def test_text_is_capped_and_says_so(run_extractor: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", ("é" * 5000).encode())
    extraction, _ = run_extractor(path, TextExtractor(), Limits(max_text_chars=101))
    assert extraction.status is Status.OK
    assert extraction.text == "é" * 101  # a character cut by the byte budget is not mojibake
    assert "cut" in extraction.detail


def test_nul_characters_are_stripped() -> None:
    text, _ = decode_text(b"abc\x00def")
    assert text == "abcdef"


def test_declared_charset_wins_and_aliases_map() -> None:
    korean = KOREAN.encode("cp949")
    assert decode_text(korean, "ks_c_5601-1987") == (KOREAN, "cp949")
    assert normalize_charset("windows-874") == "cp874"
    assert normalize_charset('"UTF-8"') == "utf-8"
    assert normalize_charset("x-no-such-charset") is None
    assert normalize_charset("rot13") is None  # not a text encoding
    assert normalize_charset("unicode_escape") is None  # would interpret backslashes


def test_unknown_or_wrong_declared_charset_falls_back() -> None:
    assert decode_text("naïve".encode(), "x-unknown")[0] == "naïve"
    assert decode_text("café crème".encode("cp1252"), "utf-8")[0] == "café crème"
    # Mislabelled UTF-8 is far more common than Latin-1 that happens to be valid UTF-8.
    assert decode_text("Şifre".encode(), "iso-8859-1") == ("Şifre", "utf-8")
    # Latin-1 bytes that windows-1252 leaves undefined still decode under the declared label.
    assert decode_text(b"caf\xe9 \x81", "iso-8859-1")[0] == "café \x81"


def test_garbage_never_raises() -> None:
    text, encoding = decode_text(bytes(range(256)) * 10)
    assert isinstance(text, str) and encoding
    text.encode("utf-8")  # storable


def test_detector_only_sees_a_bounded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    original = textdecode.charset_normalizer.from_bytes

    def spy(data: bytes, **kwargs: Any) -> Any:
        seen.append(len(data))
        return original(data, **kwargs)

    monkeypatch.setattr(textdecode.charset_normalizer, "from_bytes", spy)
    data = (RUSSIAN * 20_000).encode("cp1251")
    text, encoding = decode_text(data)
    assert encoding == "cp1251"
    assert len(text) == len(RUSSIAN) * 20_000
    assert seen and max(seen) <= textdecode.SAMPLE_BYTES


def test_partial_input_drops_only_the_cut_character() -> None:
    data = "Привет".encode()[:-1]
    assert decode_text(data, partial=True) == ("Приве", "utf-8")


@pytest.mark.parametrize(("mime", "name", "expected"), [
    ("text/plain", "a.txt", 50),
    ("text/csv", "a.csv", 50),
    ("text/x-python", "a.py", 40),
    ("application/json", "a.json", 40),
    ("application/octet-stream", "dump.log", 30),
    ("application/octet-stream", "x.exe", 0),
    ("text/html", "a.html", 0),
    ("image/png", "a.png", 0),
])
def test_scores(mime: str, name: str, expected: int) -> None:
    assert TextExtractor().score(sniffed(mime, name)) == expected


def test_xml_declaration_names_the_encoding(run_extractor: Any, tmp_path: Path) -> None:
    xml = '<?xml version="1.0" encoding="windows-1256"?>\n<note>سري</note>\n'
    extraction, _ = run_extractor(write(tmp_path, "n.xml", xml.encode("cp1256")), TextExtractor())
    assert extraction.text == xml
    assert extraction.metadata["encoding"] == "cp1256"
