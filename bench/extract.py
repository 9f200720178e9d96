"""Extraction benchmark: items/s and MB/s per extractor on a generated mix of formats, in one process.

Usage: .venv/bin/python bench/extract.py [--scale 1] [--seed 7] [--recursive] [--json]

The mix is the demo trove (e-mail, mbox, text, html, csv, zip, tar.gz, gz/bz2/xz, hostile files) plus
generated extras the demo does not write: docx, xlsx, pptx, odt, rtf, pdf, 7z, zips of office files
and e-mails carrying office and PDF attachments. Every top-level file (with --recursive also every
distinct child that lands in the blob store, breadth-first) goes through `extract_file` - sniff,
choose, extract - in this process with default Limits, so each figure is the extractor's own time,
without worker start-up, IPC, store or index. Children are read once per distinct content, as ingest
does. The five slowest items are listed too: one hostile file can outweigh a whole format. Everything is
written under a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import io
import json
import random
import sys
import tempfile
import textwrap
import time
import zipfile
import zlib
from collections import deque
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from pathlib import Path
from xml.sax.saxutils import escape

import py7zr

from trovetriage.core.blobs import BlobStore
from trovetriage.core.limits import Limits
from trovetriage.demo.generator import generate_demo_trove
from trovetriage.ingest.registry import load_extractors
from trovetriage.ingest.sniff import sniff_bytes
from trovetriage.ingest.worker import extract_file

EXTRAS_PER_SCALE = 6  # of each generated format, per unit of --scale
NO_EXTRACTOR = "(none)"
SLOWEST = 5
XML = "application/xml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_LINES_PER_PAGE = 50

# --- generated extras: small, valid files of the formats the demo trove lacks -------------------------


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode("utf-8")


def _ooxml(main: str, main_type: str, parts: list[tuple[str, str]]) -> bytes:
    """An OOXML package: content types, the package relationship to `main`, then the XML parts."""
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{main_type if name == main else XML}"/>'
                        for name, _ in parts)
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="' + main + '" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument"/></Relationships>')
    return _zip([("[Content_Types].xml", _xml(types)), ("_rels/.rels", _xml(rels)),
                 *((name, _xml(body)) for name, body in parts)])


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A_NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P_NS = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
S_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def docx_bytes(text: str) -> bytes:
    paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                    for line in text.splitlines())
    return _ooxml("word/document.xml", DOCX + ".main+xml",
                  [("word/document.xml", f"<w:document {W_NS}><w:body>{paras}</w:body></w:document>")])


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    cells = "".join("<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>' for value in row)
                    + "</row>" for row in rows)
    workbook = f'<workbook {S_NS}><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'
    return _ooxml("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                  [("xl/workbook.xml", workbook),
                   ("xl/worksheets/sheet1.xml", f"<worksheet {S_NS}><sheetData>{cells}</sheetData></worksheet>")])


def pptx_bytes(slides: list[str]) -> bytes:
    parts = [("ppt/presentation.xml", f"<p:presentation {P_NS}/>")]
    for number, slide in enumerate(slides, start=1):
        paras = "".join(f"<a:p><a:r><a:t>{escape(line)}</a:t></a:r></a:p>" for line in slide.splitlines())
        parts.append((f"ppt/slides/slide{number}.xml", f"<p:sld {P_NS} {A_NS}><p:cSld><p:spTree><p:sp><p:txBody>"
                                                        f"{paras}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"))
    return _ooxml("ppt/presentation.xml",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", parts)


def odt_bytes(text: str) -> bytes:
    mime = "application/vnd.oasis.opendocument.text"
    paras = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.splitlines())
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:text>{paras}</office:text></office:body></office:document-content>")
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # the mimetype entry must come first, stored
        archive.writestr("mimetype", mime, zipfile.ZIP_STORED)
        archive.writestr("content.xml", _xml(content), zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _xml(manifest), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _rtf_escape(line: str) -> str:
    out = []
    for char in line:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:  # \uN takes signed 16-bit UTF-16 units; '?' is the fallback for old readers
            units = char.encode("utf-16-le")
            for i in range(0, len(units), 2):
                unit = int.from_bytes(units[i:i + 2], "little", signed=True)
                out.append(f"\\u{unit}?")
    return "".join(out)


def rtf_bytes(text: str) -> bytes:
    body = "\\par\n".join(_rtf_escape(line) for line in text.splitlines())
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\uc1\\f0\\fs20\n" + body + "\\par\n}").encode("ascii")


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(text: str) -> bytes:
    """A text PDF (Helvetica, compressed content streams, one object per page and stream)."""
    lines = [part for line in text.splitlines() for part in (textwrap.wrap(line, 95) or [""])] or [""]
    pages = [lines[i:i + PDF_LINES_PER_PAGE] for i in range(0, len(lines), PDF_LINES_PER_PAGE)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        ops = b"BT /F1 10 Tf 13 TL 50 790 Td " + b" ".join(_pdf_string(line) + b" '" for line in page) + b" ET"
        stream = zlib.compress(ops)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % len(objects))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def sevenzip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(data, name)
    return buffer.getvalue()


def eml_bytes(number: int, body: str, attachments: list[tuple[str, str, bytes]]) -> bytes:
    message = EmailMessage()
    message["From"] = "Bench Sender <sender@bench.example>"
    message["To"] = "recipient@bench.example"
    message["Subject"] = f"Documents for review {number}"
    message["Date"] = "Mon, 03 Feb 2020 09:00:00 +0000"
    message["Message-ID"] = f"<bench-{number}@bench.example>"
    message.set_content(body)
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def _utf8(path: Path) -> str:
    """The file's text, or "" for the demo's legacy-charset files (they would only turn into '?' here)."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""


def write_extras(trove: Path, count: int, seed: int) -> int:
    """Write `count` files of each extra format, filled with the demo trove's own texts and tables."""
    texts = [text for p in sorted(trove.glob("*/documents/**/*.txt")) if (text := _utf8(p))]
    tables = [list(csv.reader(io.StringIO(text)))
              for p in sorted(trove.glob("*/documents/**/*.csv")) if (text := _utf8(p))]
    rng = random.Random(f"bench-extract-{seed}")
    out = trove / "_bench_extras"
    out.mkdir()
    written = 0
    for number in range(count):
        # Different texts at top level, in the archives and in the mail, so --recursive has new content to read.
        top, packed, attached = ("\n\n".join(rng.sample(texts, min(6, len(texts)))) for _ in range(3))
        rows = [row for table in rng.sample(tables, min(4, len(tables))) for row in table]
        files = {
            f"memo-{number}.docx": docx_bytes(top),
            f"sheet-{number}.xlsx": xlsx_bytes(rows),
            f"slides-{number}.pptx": pptx_bytes(top.split("\n\n")),
            f"memo-{number}.odt": odt_bytes(top),
            f"memo-{number}.rtf": rtf_bytes(top),
            f"report-{number}.pdf": pdf_bytes(top),
            f"bundle-{number}.7z": sevenzip_bytes([("memo.docx", docx_bytes(packed)), ("report.pdf", pdf_bytes(packed)),
                                                  ("notes.txt", packed.encode("utf-8"))]),
            f"office-{number}.zip": _zip([("memo.docx", docx_bytes(packed + "\nzip")), ("memo.odt", odt_bytes(packed)),
                                          ("report.pdf", pdf_bytes(packed + "\nzip"))]),
            f"mail-{number}.eml": eml_bytes(number, texts[number % len(texts)],
                                            [("memo.docx", DOCX, docx_bytes(attached)),
                                             ("report.pdf", "application/pdf", pdf_bytes(attached))]),
        }
        for name, data in files.items():
            (out / name).write_bytes(data)
            written += 1
    return written


# --- the run ------------------------------------------------------------------------------------------


@dataclass
class ExtractorFigures:
    """Totals for one extractor; `items` counts calls, top-level files and children alike."""

    name: str
    items: int = 0
    bytes: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def items_per_s(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    """What one benchmark run measured."""

    scale: int
    seed: int
    recursive: bool
    files: int  # top-level files of the mix
    source_bytes: int
    children: int = 0  # distinct children extracted (with --recursive)
    sniff_seconds: float = 0.0
    generate_seconds: float = 0.0
    extractors: dict[str, ExtractorFigures] = field(default_factory=dict)
    timings: list[tuple[float, str, str, int]] = field(default_factory=list)  # seconds, extractor, path, size

    @property
    def extract_seconds(self) -> float:
        return sum(figures.seconds for figures in self.extractors.values())

    def share(self, name: str) -> float:
        total = self.extract_seconds
        return 100.0 * self.extractors[name].seconds / total if total else 0.0

    @property
    def dominant(self) -> str:
        return max(self.extractors.values(), key=lambda figures: figures.seconds).name

    def as_dict(self) -> dict[str, object]:
        rows = [{**asdict(f), "seconds": round(f.seconds, 4), "items_per_s": round(f.items_per_s, 1),
                 "mb_per_s": round(f.mb_per_s, 3),
                 "share_percent": round(self.share(f.name), 1)} for f in self.ranked()]
        return {"scale": self.scale, "seed": self.seed, "recursive": self.recursive, "files": self.files,
                "children": self.children, "source_bytes": self.source_bytes,
                "generate_seconds": round(self.generate_seconds, 3), "sniff_seconds": round(self.sniff_seconds, 3),
                "extract_seconds": round(self.extract_seconds, 3), "dominant": self.dominant, "extractors": rows,
                "slowest": [{"seconds": round(seconds, 3), "extractor": extractor, "path": path, "bytes": size}
                            for seconds, extractor, path, size in self.slowest()]}

    def slowest(self, count: int = SLOWEST) -> list[tuple[float, str, str, int]]:
        """The single items that cost most: one hostile file can outweigh a whole format."""
        return heapq.nlargest(count, self.timings)

    def ranked(self) -> list[ExtractorFigures]:
        return sorted(self.extractors.values(), key=lambda figures: figures.seconds, reverse=True)


def _warm_up() -> None:
    """Import every extractor and open libmagic first, so no one extractor pays the start-up."""
    load_extractors()
    sniff_bytes(b"warm-up", "warm-up.txt", 7)


def run(scale: int = 1, seed: int = 7, recursive: bool = False, workdir: Path | None = None,
        extras_per_scale: int = EXTRAS_PER_SCALE) -> Report:
    """Generate the mix under `workdir` (a fresh temp dir when None) and time every extraction."""
    with tempfile.TemporaryDirectory(prefix="bench-extract-", dir=workdir) as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        generate_demo_trove(root / "demo", scale, seed)
        trove = root / "demo" / "trove"
        write_extras(trove, extras_per_scale * scale, seed)
        files = sorted(p for p in trove.rglob("*") if p.is_file())
        report = Report(scale, seed, recursive, len(files), sum(p.stat().st_size for p in files),
                        generate_seconds=time.perf_counter() - started)
        _warm_up()
        blobs = BlobStore(root / "blobs")
        limits = Limits()
        # (file to read, name to sniff by, path shown as in the case: `a.zip!b.eml!c.pdf`, depth)
        queue: deque[tuple[Path, str, str, int]] = deque(
            (p, p.name, p.relative_to(trove).as_posix(), 0) for p in files)
        seen: set[str] = set()
        while queue:
            path, name, shown, depth = queue.popleft()
            result = extract_file(shown, path, name, blobs, limits)
            extractor = result.extractor or NO_EXTRACTOR
            figures = report.extractors.setdefault(extractor, ExtractorFigures(extractor))
            seconds = result.seconds - result.sniff_seconds
            figures.items += 1
            figures.bytes += result.sniffed.size
            figures.seconds += seconds
            report.timings.append((seconds, extractor, shown, result.sniffed.size))
            status = result.extraction.status.value
            figures.statuses[status] = figures.statuses.get(status, 0) + 1
            report.sniff_seconds += result.sniff_seconds
            if not recursive or depth >= limits.max_depth:
                continue
            for member in result.extraction.members:
                if member.sha256 is not None and member.sha256 not in seen:  # each content once, as ingest does
                    seen.add(member.sha256)
                    report.children += 1
                    queue.append((blobs.path_for(member.sha256), member.name, f"{shown}!{member.name}", depth + 1))
        return report


def print_report(report: Report) -> None:
    print(f"mix              demo trove scale {report.scale} seed {report.seed} + extras: {report.files} files, "
          f"{report.source_bytes / 1e6:.1f} MB (generated in {report.generate_seconds:.1f} s)")
    if report.recursive:
        print(f"children         {report.children} distinct contents from the blob store, breadth-first")
    items = sum(f.items for f in report.extractors.values())
    print(f"sniff            {items} calls, {report.sniff_seconds:.2f} s ({items / report.sniff_seconds:.0f} items/s)")
    print(f"\n{'extractor':<12}{'files':>7}{'MB in':>9}{'seconds':>9}{'items/s':>10}{'MB/s':>9}{'share %':>9}"
          "  statuses")
    for f in report.ranked():
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(f.statuses.items()))
        rates = f"{'-':>10}{'-':>9}" if f.name == NO_EXTRACTOR else f"{f.items_per_s:>10.1f}{f.mb_per_s:>9.2f}"
        print(f"{f.name:<12}{f.items:>7}{f.bytes / 1e6:>9.2f}{f.seconds:>9.2f}{rates}{report.share(f.name):>9.1f}"
              f"  {statuses}")
    total_bytes = sum(f.bytes for f in report.extractors.values())
    total = report.extract_seconds
    print(f"{'total':<12}{items:>7}{total_bytes / 1e6:>9.2f}{total:>9.2f}{items / total:>10.1f}"
          f"{total_bytes / 1e6 / total:>9.2f}{100.0:>9.1f}")
    print("\nslowest items    " + "\n                 ".join(
        f"{seconds:.3f} s  {extractor:<10} {size / 1e6:7.2f} MB  {name}" for seconds, extractor, name, size in
        report.slowest()))
    print(f"\ndominant extractor: {report.dominant} ({report.share(report.dominant):.1f} % of extraction time)")


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--recursive", action="store_true", help="also extract every child, breadth-first")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    report = run(args.scale, args.seed, args.recursive)
    if args.json:
        json.dump(report.as_dict(), sys.stdout, indent=2)
        print()
    else:
        print_report(report)
    return report


if __name__ == "__main__":
    main()
