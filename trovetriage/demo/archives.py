"""Deterministic archive writers: zip, tar.gz, gzip, bzip2 and xz with no time or host leaking in.

Same members in, same bytes out: zip entries get a fixed date and Unix attributes, tar entries a
fixed mtime and no owner names, gzip headers `mtime=0`. Archives are built in memory; each one
is small (a few dozen members), the trove grows by adding more of them.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from datetime import datetime

ZipDate = tuple[int, int, int, int, int, int]


def zip_date(when: datetime) -> ZipDate:
    """A zip timestamp (local time, 2-second resolution) from a datetime."""
    return (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2)


def zip_info(name: str, when: ZipDate, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A ZipInfo that is identical on every platform (ZipInfo would rewrite `\\` on Windows)."""
    info = zipfile.ZipInfo("placeholder", date_time=when)
    info.filename = name
    info.orig_filename = name
    info.compress_type = compress
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def zip_bytes(members: list[tuple[str, bytes]], when: ZipDate) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(zip_info(name, when), data)
    return buffer.getvalue()


def tar_bytes(members: list[tuple[str, bytes]], mtime: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def gzip_bytes(data: bytes, name: str = "") -> bytes:
    """gzip with `mtime=0`; `name` goes into the header's FNAME field (empty: none)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as stream:
        stream.write(data)
    return buffer.getvalue()


def tar_gz_bytes(members: list[tuple[str, bytes]], mtime: int) -> bytes:
    return gzip_bytes(tar_bytes(members, mtime))


def bz2_bytes(data: bytes) -> bytes:
    return bz2.compress(data, 9)


def xz_bytes(data: bytes) -> bytes:
    return lzma.compress(data, format=lzma.FORMAT_XZ, preset=6)
