"""Render the application icon SVG to the PNG sizes desktops and the window use, plus the
Windows .ico and macOS .icns that PyInstaller wants (both simply wrap the same PNGs).

Run after editing the SVG and commit the outputs:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
Qt renders the SVG, so no Pillow or Inkscape is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "org.trovetriage.TroveTriage"
ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons" / "hicolor"
SVG = ICONS / "scalable" / "apps" / f"{APP_ID}.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can describe
# .icns element types holding PNG data, by pixel size (the @2x types double a point size).
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("ic11", 32), ("icp6", 64), ("ic12", 64), ("ic07", 128),
              ("ic08", 256), ("ic13", 256), ("ic09", 512), ("ic14", 512), ("ic10", 1024))


def png_path(size: int) -> Path:
    """Where the hicolor theme layout keeps the icon of this size (copyable to /usr/share/icons)."""
    return ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"Qt could not encode the {size} px PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico whose entries are PNG streams (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, blobs = b"", b""
    for size in ICO_SIZES:
        blob = pngs[size]
        edge = 0 if size == 256 else size  # 0 means 256 in the one-byte fields
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Qt cannot read {SVG}")
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render(renderer, size) for size in sizes}
    for size in PNG_SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        print(f"{path.relative_to(ROOT)}  {len(pngs[size])} bytes")
    for path, data in ((ROOT / "packaging" / "icons" / "trovetriage.ico", ico(pngs)),
                       (ROOT / "packaging" / "icons" / "trovetriage.icns", icns(pngs))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
