"""Minimal PDFs written byte by byte, so the PDF tests need no sample files."""

from __future__ import annotations

import zlib


def build_pdf(pages: list[str], *, info: dict[str, str] | None = None,
              attachments: dict[str, bytes] | None = None, encrypt: bytes | None = None) -> bytes:
    """A valid PDF 1.7 with one Helvetica text line per page, correct xref offsets and trailer."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (filled in below)
    kids: list[int] = []
    font = _add(objects, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for text in pages:
        content = f"BT /F1 12 Tf 72 720 Td ({_escape(text)}) Tj ET".encode("latin-1") if text else b""
        stream = _add(objects, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        kids.append(_add(objects, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                                  b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (stream, font)))
    names = b""
    if attachments:
        entries = b""
        for name, data in attachments.items():
            packed = zlib.compress(data)
            file_stream = _add(objects, b"<< /Type /EmbeddedFile /Filter /FlateDecode /Length %d >>\nstream\n%s\n"
                                        b"endstream" % (len(packed), packed))
            spec = _add(objects, b"<< /Type /Filespec /F (%s) /UF (%s) /EF << /F %d 0 R >> >>"
                                 % (name.encode(), name.encode(), file_stream))
            entries += b"(%s) %d 0 R " % (name.encode(), spec)
        names = b" /Names << /EmbeddedFiles << /Names [%s] >> >>" % entries
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R%s >>" % names
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    trailer_extra = b""
    if info:
        body = b" ".join(b"/%s (%s)" % (key.encode(), _escape(value).encode("latin-1")) for key, value in info.items())
        trailer_extra += b" /Info %d 0 R" % _add(objects, b"<< " + body + b" >>")
    if encrypt:
        trailer_extra += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (_add(objects, encrypt), b"ab" * 16, b"ab" * 16)
    return _serialise(objects, trailer_extra)


def _add(objects: list[bytes], body: bytes) -> int:
    objects.append(body)
    return len(objects)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _serialise(objects: list[bytes], trailer_extra: bytes) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


#: An RC4-128 Standard-handler dictionary whose /U matches no empty password: pdfium must ask for one.
USER_PASSWORD_ENCRYPT = (b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <%s> /U <%s> >>"
                         % (b"11" * 32, b"22" * 32))
