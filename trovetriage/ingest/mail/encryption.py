"""Whether a part is encrypted mail (S/MIME or PGP): its content then cannot be searched, which the
investigator must be told rather than shown an empty message.
"""

from __future__ import annotations

from email.message import Message

from trovetriage.ingest.mail.parts import param

PKCS7_TYPES = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
#: The control part of PGP/MIME (RFC 3156): only a version line, never content.
PGP_CONTROL_TYPE = "application/pgp-encrypted"
#: DER object identifiers of CMS content types that mean "encrypted".
_CMS_ENVELOPED = bytes.fromhex("06092a864886f70d010703")              # 1.2.840.113549.1.7.3
_CMS_AUTH_ENVELOPED = bytes.fromhex("060b2a864886f70d0109100117")     # 1.2.840.113549.1.9.16.1.23
_PGP_MESSAGE = "-----BEGIN PGP MESSAGE-----"

#: How each kind of encryption is named in the item's detail.
PGP_MIME = "PGP/MIME encrypted (multipart/encrypted)"
SMIME_ENVELOPED = "S/MIME encrypted (enveloped-data)"
PGP_INLINE = "PGP-encrypted body (inline armour)"


def is_enveloped_cms(part: Message, data: bytes) -> bool:
    """An S/MIME part is encrypted (not merely signed) by its smime-type, else by the CMS type it holds."""
    smime_type = param(part, "smime-type").lower()
    if smime_type in ("enveloped-data", "authenveloped-data"):
        return True
    if smime_type:
        return False
    head = data[:96]
    return _CMS_ENVELOPED in head or _CMS_AUTH_ENVELOPED in head


def is_pgp_armoured(text: str) -> bool:
    """A body that is an ASCII-armoured PGP message (inline PGP, no MIME structure)."""
    return text.lstrip().startswith(_PGP_MESSAGE)
