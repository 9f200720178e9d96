"""Small troves built by the tests themselves: mails with shared attachments, nested archives, odd files."""

from __future__ import annotations

import io
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

SHARED_ATTACHMENT = b"Quarterly pipeline pressure report\nStation 7: 54 bar\n"


def mail_bytes(subject: str, body: str, attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
               sender: str = "a.karimov@mfa.gov.az", to: str = "desk@mofa.gov.bh") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Tue, 12 Mar 2019 10:15:00 +0400"
    message["Message-ID"] = f"<{abs(hash(subject))}@EXCH01.mfa.local>"
    message.set_content(body)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message.as_bytes()


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def tar_gz_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def build_small_trove(root: Path, copies: int = 1) -> Path:
    """A trove exercising identity, containers, odd names and statuses; `copies` multiplies the mail."""
    trove = root / "trove"
    (trove / "mail").mkdir(parents=True)
    for n in range(copies):
        (trove / "mail" / f"{n:04d}-a.eml").write_bytes(
            mail_bytes(f"Pipeline report {n}", f"See the attached report, round {n}. Caspian terminal.",
                       [("report.txt", SHARED_ATTACHMENT)]))
        (trove / "mail" / f"{n:04d}-b.eml").write_bytes(
            mail_bytes(f"Fwd: Pipeline report {n}", "Forwarding the report again.",
                       [("report.txt", SHARED_ATTACHMENT)]))
    inner = zip_bytes([("Inbox/1.eml", mail_bytes("Inner secret", "Embassy cable text")),
                       ("notes.txt", b"Shared notes about the tender.\n")])
    (trove / "uploads").mkdir()
    (trove / "uploads" / "a.zip").write_bytes(zip_bytes([("nested/inner.zip", inner),
                                                         ("../../../../tmp/evil.txt", b"traversal attempt\n")]))
    (trove / "uploads" / "docs.tar.gz").write_bytes(tar_gz_bytes([("plan.txt", b"Refinery expansion plan\n")]))
    (trove / "empty.txt").write_bytes(b"")
    (trove / "blob.bin").write_bytes(bytes(range(256)) * 16)
    return trove
