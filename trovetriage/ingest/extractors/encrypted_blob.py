"""Encrypted files that are nothing but ciphertext: PGP messages, S/MIME (CMS enveloped-data),
PKCS#12 keystores, KeePass databases and age files.

libmagic calls most of them `application/octet-stream`, which would leave them `unsupported`;
an investigator must instead see `encrypted` and which scheme, because a password found
elsewhere in the trove may open them.
"""

from __future__ import annotations

from typing import ClassVar

from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt

HEAD_BYTES = 4096
EXACT_TYPES = frozenset({"application/pgp-encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime",
                         "application/x-pkcs12", "application/x-keepass2"})
#: Any unnamed bytes are worth a look: the check reads only the first few KiB.
UNNAMED = frozenset({"application/octet-stream", "application/x-empty"})

_CMS_ENVELOPED = bytes.fromhex("06092a864886f70d010703")          # 1.2.840.113549.1.7.3
_CMS_AUTH_ENVELOPED = bytes.fromhex("060b2a864886f70d0109100117")  # 1.2.840.113549.1.9.16.1.23
_PKCS7_DATA = bytes.fromhex("06092a864886f70d010701")             # 1.2.840.113549.1.7.1 (PKCS#12 wraps it)
_KEEPASS = b"\x03\xd9\xa2\x9a"
_PGP_ENCRYPTED_PACKETS = {1: "public-key encrypted session key", 3: "symmetric-key (passphrase) encrypted"}


def pgp_packet_tag(first: int) -> int | None:
    """The OpenPGP packet tag of a first byte (RFC 4880 §4.2, old and new formats)."""
    if not first & 0x80:
        return None
    return first & 0x3F if first & 0x40 else (first & 0x3C) >> 2


def identify(head: bytes, extension: str) -> str | None:
    """Which encryption scheme these first bytes show, or None."""
    stripped = head.lstrip()
    if stripped.startswith(b"-----BEGIN PGP MESSAGE-----"):
        return "PGP message (ASCII armour)"
    if stripped.startswith(b"age-encryption.org/v1"):
        return "age encrypted file"
    if head.startswith(_KEEPASS) and len(head) >= 8:
        version = "KeePass 2 (.kdbx)" if head[4:8] == b"\x67\xfb\x4b\xb5" else "KeePass 1 (.kdb)"
        return f"{version} password database"
    if head[:1] == b"\x30":  # a DER SEQUENCE: CMS or PKCS#12
        window = head[:128]
        if _CMS_ENVELOPED in window or _CMS_AUTH_ENVELOPED in window:
            return "S/MIME or CMS enveloped-data"
        if _PKCS7_DATA in window and extension in (".p12", ".pfx"):
            return "PKCS#12 keystore (password-protected keys and certificates)"
    tag = pgp_packet_tag(head[0]) if head else None
    if tag in _PGP_ENCRYPTED_PACKETS and extension in (".gpg", ".pgp", ".asc", ".enc", ""):
        return f"OpenPGP message ({_PGP_ENCRYPTED_PACKETS[tag]})"
    return None


class EncryptedBlobExtractor:
    """Labels ciphertext-only files `encrypted` with their scheme; anything else stays unsupported."""

    name: ClassVar[str] = "encrypted"

    def score(self, sniffed: Sniffed) -> int:
        mime = sniffed.mime.lower()
        if mime in EXACT_TYPES:
            return 100
        return 1 if mime in UNNAMED else 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.OTHER, self._extract, source, sink, limits)

    def _extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sniffed = source.sniffed
        scheme = identify(source.read_bytes(HEAD_BYTES), sniffed.extension)
        if scheme is None:
            return Extraction(kind=Kind.OTHER, status=Status.UNSUPPORTED, title=sniffed.name,
                              detail=f"no extractor for {sniffed.mime} ({sniffed.description})")
        return Extraction(kind=Kind.OTHER, status=Status.ENCRYPTED, title=sniffed.name,
                          detail=f"{scheme}: the content cannot be read without the key or password",
                          metadata={"encryption": scheme})
