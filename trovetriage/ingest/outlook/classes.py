"""What an Outlook message class means for the index: mail or another kind of item, and encryption.

Appointments and meeting requests travel as mail between people and are kept as e-mail; contacts,
tasks, sticky notes and journal entries are mailbox items that were never sent, so they are OTHER.
"""

from __future__ import annotations

from trovetriage.core.types import Kind

_NOT_MAIL = ("ipm.contact", "ipm.distlist", "ipm.task", "ipm.stickynote", "ipm.activity")
#: S/MIME: "IPM.Note.SMIME" is enveloped (encrypted) or opaque-signed; ".MultipartSigned" is clear-signed.
_SMIME = "ipm.note.smime"
_SIGNED = "ipm.note.smime.multipartsigned"
#: Information Rights Management: the content is in an encrypted message.rpmsg attachment.
_IRM = ("ipm.note.rpmsg",)


def kind_of(message_class: str) -> Kind:
    lowered = message_class.lower()
    if lowered.startswith("ipm.taskrequest"):
        return Kind.EMAIL
    return Kind.OTHER if lowered.startswith(_NOT_MAIL) else Kind.EMAIL


def encryption_of(message_class: str) -> str:
    """How the class says the content is protected ("" when it is not)."""
    lowered = message_class.lower()
    if lowered.startswith(_SIGNED):
        return ""
    if lowered.startswith(_SMIME):
        return "S/MIME encrypted message (IPM.Note.SMIME)"
    if lowered.startswith(_IRM):
        return "rights-protected message (IRM, message.rpmsg)"
    return ""
