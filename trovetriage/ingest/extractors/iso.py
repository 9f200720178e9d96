"""ISO 9660 disc images (.iso): every file of the image becomes a member, read from its extent.

pycdlib (pure Python, LGPL) parses the volume descriptors and the directory tree, and refuses
directory loops. Names come from the richest namespace the image has: Rock Ridge (POSIX names),
else Joliet (Unicode), else plain ISO 9660 (`;1` versions dropped). The UDF tree is used instead
when it holds more files (Windows and DVD images keep their content there behind a stub README),
or as many as a tree of bare ISO 9660 names. Names are labels, never paths. An image is not
compressed, so a member over max_member_bytes is `too_large`; files whose extents overlap (the
same data listed again and again) are stopped once more than twice the image's size was read.
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

import pycdlib
from pycdlib.pycdlibexception import PyCdlibException
from pycdlib.pycdlibio import PyCdlibIO

from trovetriage.core.blobs import CHUNK
from trovetriage.core.limits import Limits
from trovetriage.core.types import Extraction, Kind, Sniffed, Status
from trovetriage.ingest.extractors.base import ChildSink, Source, extract_or_corrupt, listing_status
from trovetriage.ingest.extractors.member_names import visible_nul
from trovetriage.ingest.extractors.streams import ReadStream

ISO_MIMES = frozenset({"application/x-iso9660-image", "application/x-cd-image"})
#: How much more than the image's own size its files may add up to (hard links share extents).
OVERLAP_FACTOR = 2
_VERSION = re.compile(r";\d*$")
#: Where the primary volume descriptor sits (sector 16 of 2048 bytes) and how it starts.
PVD_OFFSET = 16 * 2048
PVD_MAGIC = b"\x01CD001"


@dataclass(frozen=True)
class _Node:
    """One directory entry: its name in the chosen namespace and pycdlib's record for it."""

    name: str
    record: Any
    is_dir: bool
    link: str | None = None


def _text(raw: bytes, encoding: str) -> str:
    return visible_nul(raw.decode(encoding or "utf-8", "replace"))


def _iso_children(record: Any, namespace: str) -> Iterator[_Node]:
    """Children of an ISO 9660 or Joliet directory record; `rr` takes the Rock Ridge names and
    follows its relocated directories (deep trees moved under rr_moved) back to their place."""
    last = b""
    for child in record.children:
        if child.is_dot() or child.is_dotdot():
            continue
        raw = child.file_identifier()
        if raw == last:  # a file over 4 GiB has one record per extent, all with its name
            continue
        last = raw
        rock = child.rock_ridge if namespace == "rr" else None
        if rock is not None:
            if len(child.children) >= 2 and child.children[1].rock_ridge is not None \
                    and child.children[1].rock_ridge.parent_link_record_exists():
                continue  # a relocated directory: listed where its child link stands
            name = _text(rock.name(), "utf-8")
            if rock.child_link_record_exists():
                moved = rock.cl_to_moved_dr
                if moved is not None:
                    yield _Node(name, moved, True)
                continue
            if child.is_symlink():
                yield _Node(name, child, False, _text(rock.symlink_path(), "utf-8"))
                continue
        elif namespace == "joliet":
            name = _text(raw, "utf-16_be")
        else:
            name = _VERSION.sub("", _text(raw, "latin-1"))
            name = name[:-1] if name.endswith(".") and not child.is_dir() else name
        yield _Node(name, child, child.is_dir())


def _udf_children(record: Any) -> Iterator[_Node]:
    for descriptor in record.fi_descs.values():
        entry = descriptor.file_entry
        if descriptor.is_parent() or entry is None:
            continue
        name = _text(descriptor.fi, descriptor.encoding)
        yield _Node(name, entry, entry.is_dir(), "" if entry.is_symlink() else None)


def _files(iso: pycdlib.PyCdlib, namespace: str) -> list[tuple[str, _Node]]:
    """(path, node) of every non-directory entry in one namespace, depth first in directory order."""
    root = iso.get_record(**{"udf_path" if namespace == "udf" else
                             "joliet_path" if namespace == "joliet" else "iso_path": "/"})
    found: list[tuple[str, _Node]] = []
    seen: set[int] = {id(root)}
    pending: list[tuple[str, Any]] = [("", root)]
    while pending:
        prefix, record = pending.pop()
        children = _udf_children(record) if namespace == "udf" else _iso_children(record, namespace)
        subdirs: list[tuple[str, Any]] = []
        for node in children:
            path = f"{prefix}{node.name}"
            if not node.is_dir:
                found.append((path, node))
            elif id(node.record) not in seen:
                seen.add(id(node.record))
                subdirs.append((f"{path}/", node.record))
        pending.extend(reversed(subdirs))
    return found


def list_image(iso: pycdlib.PyCdlib) -> tuple[str, list[tuple[str, _Node]]]:
    """The namespace with the best names, or the UDF tree when it holds more files."""
    namespace = "rr" if iso.has_rock_ridge() else "joliet" if iso.has_joliet() else "iso9660"
    files = _files(iso, namespace)
    if iso.has_udf():
        udf = _files(iso, "udf")
        if len(udf) > len(files) or (namespace == "iso9660" and len(udf) == len(files)):
            return "udf", udf
    return namespace, files


class _FileStream(ReadStream):
    """A file's bytes from the image; an extent that runs past the image's end is truncation."""

    def __init__(self, record: Any, block_size: int) -> None:
        super().__init__()
        self._inner = PyCdlibIO(record.inode, block_size).__enter__()
        self._left = record.get_data_length()

    def read(self, size: int | None = -1) -> bytes:
        if self._left <= 0:
            return b""
        data = self._inner.read(min(self._left, CHUNK if size is None or size < 0 else size))
        if not data:
            raise EOFError(f"the image ends {self._left} bytes before the end of this file")
        self._left -= len(data)
        return data


def declared_size(handle: BinaryIO) -> int | None:
    """The image size its primary volume descriptor declares (volume space size times block
    size), read directly so that a cut image pycdlib refuses can still be told from garbage."""
    handle.seek(PVD_OFFSET)
    head = handle.read(132)
    if len(head) < 132 or not head.startswith(PVD_MAGIC):
        return None
    blocks = struct.unpack_from("<I", head, 80)[0]
    block_size = struct.unpack_from("<H", head, 128)[0]
    return blocks * block_size


def _volume_label(iso: pycdlib.PyCdlib) -> str:
    raw = getattr(getattr(iso, "pvd", None), "volume_identifier", b"")
    return raw.decode("latin-1", "replace").strip() if isinstance(raw, bytes) else ""


class IsoExtractor:
    """ISO 9660 / Joliet / Rock Ridge / UDF images: their files as members, names as labels."""

    name = "iso"

    def score(self, sniffed: Sniffed) -> int:
        if sniffed.mime in ISO_MIMES:
            return 80
        return 40 if sniffed.extension == ".iso" and sniffed.mime == "application/octet-stream" else 0

    def extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        return extract_or_corrupt(Kind.ARCHIVE, self._open_and_extract, source, sink, limits)

    def _open_and_extract(self, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        title = source.sniffed.name
        with source.open() as handle:
            iso = pycdlib.PyCdlib()
            try:
                iso.open_fp(handle)
            except PyCdlibException as error:
                declared, size = declared_size(handle), os.path.getsize(source.path)
                if declared is not None and declared > size:
                    return Extraction(kind=Kind.ARCHIVE, status=Status.TRUNCATED, title=title,
                                      detail=f"image is {size} bytes, its volume declares {declared}: {error}"[:2000])
                return Extraction(kind=Kind.ARCHIVE, status=Status.CORRUPT, title=title,
                                  detail=f"not a readable ISO 9660 image: {error}"[:2000])
            try:
                return self._extract(iso, source, sink, limits)
            finally:
                iso.close()

    @staticmethod
    def _extract(iso: pycdlib.PyCdlib, source: Source, sink: ChildSink, limits: Limits) -> Extraction:
        sink.decompressing = False  # an image is split into its files, not inflated
        namespace, files = list_image(iso)
        status, detail = listing_status(len(files), limits)
        image_size = os.path.getsize(source.path)
        budget = OVERLAP_FACTOR * image_size + CHUNK
        for path, node in files:
            if sink.full:
                break
            if node.link is not None:
                target = f" to {node.link}" if node.link else ""
                sink.add_failed(path, Status.UNSUPPORTED, f"symbolic link{target} not followed")
            elif node.record.inode is None:
                sink.add_bytes(path, b"")
            else:
                sink.add_stream(path, lambda node=node: cast(BinaryIO, _FileStream(node.record,
                                                                                    iso.logical_block_size)))
            if sink.total_bytes > budget:
                status = Status.SKIPPED_BOMB
                detail = (f"files add up to more than {OVERLAP_FACTOR} times the image's size: their extents "
                          "overlap (bomb); listing stopped")
                break
        declared = getattr(getattr(iso, "pvd", None), "space_size", 0) * iso.logical_block_size
        if status == Status.OK and declared > image_size:  # cut after the last file's data
            status, detail = Status.TRUNCATED, f"image is {image_size} bytes, its volume declares {declared}"
        metadata: dict[str, Any] = {"members": len(files), "namespace": namespace,
                                    "volume_label": _volume_label(iso)}
        return Extraction(kind=Kind.ARCHIVE, status=status, detail=detail, title=source.sniffed.name,
                          text="\n".join(path for path, _ in files), metadata=metadata)
