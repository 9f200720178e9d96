"""Ciphertext-only files are labelled encrypted with their scheme, not left unsupported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trovetriage.core.types import Status
from trovetriage.ingest.extractors.encrypted_blob import EncryptedBlobExtractor, pgp_packet_tag
from trovetriage.ingest.sniff import sniff_bytes

CMS_ENVELOPED = bytes.fromhex("3082010006092a864886f70d010703a081f3") + bytes(40)
P12 = bytes.fromhex("3082030b020103308202d106092a864886f70d010701") + bytes(40)


@pytest.mark.parametrize(("name", "data", "scheme"), [
    ("secret.gpg", bytes([0x8C, 0x0D, 0x04, 0x09]) + bytes(60), "symmetric-key"),
    ("secret.gpg", bytes([0x85, 0x01, 0x0C, 0x03]) + bytes(60), "public-key"),
    ("secret", bytes([0xC1, 0x0C, 0x03]) + bytes(60), "public-key"),
    ("msg.asc", b"\n-----BEGIN PGP MESSAGE-----\n\nhQEMA...\n", "ASCII armour"),
    ("smime.p7m", CMS_ENVELOPED, "enveloped-data"),
    ("keys.p12", P12, "PKCS#12"),
    ("vault.kdbx", b"\x03\xd9\xa2\x9a\x67\xfb\x4b\xb5" + bytes(60), "KeePass 2"),
    ("notes.age", b"age-encryption.org/v1\n-> X25519 abc\n", "age"),
])
def test_schemes_are_named(tmp_path: Path, run_extractor: Any, name: str, data: bytes, scheme: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    extraction, sink = run_extractor(path, EncryptedBlobExtractor())
    assert extraction.status is Status.ENCRYPTED
    assert scheme in extraction.detail and sink.members == []


def test_other_binary_stays_unsupported(tmp_path: Path, run_extractor: Any) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 4)
    extraction, _ = run_extractor(path, EncryptedBlobExtractor())
    assert extraction.status is Status.UNSUPPORTED and "no extractor" in extraction.detail


def test_score_only_claims_unnamed_bytes_weakly() -> None:
    extractor = EncryptedBlobExtractor()
    assert extractor.score(sniff_bytes(bytes(range(37, 256)) * 3, "x.bin", 657)) == 1
    assert extractor.score(sniff_bytes(b"hello world\n", "x.txt", 12)) == 0


def test_packet_tags() -> None:
    assert pgp_packet_tag(0x8C) == 3 and pgp_packet_tag(0x85) == 1 and pgp_packet_tag(0xC3) == 3
    assert pgp_packet_tag(0x41) is None
