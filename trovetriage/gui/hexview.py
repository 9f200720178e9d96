"""Hex view of an item's first bytes: what a file really is when its text or type is in doubt.

Investigators check magic numbers, encodings and junk in front of a container here. The dump is
the classic `hexdump -C` layout (offset, 16 bytes in two groups of 8, printable ASCII), which
they already read fluently.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

__all__ = ["BYTES_PER_LINE", "HexView", "hex_dump"]

BYTES_PER_LINE = 16

# Printable ASCII stays, every other byte shows as '.', so the column lines up in any font.
_ASCII = bytes(b if 0x20 <= b < 0x7F else ord(".") for b in range(256))


def hex_dump(data: bytes, start: int = 0) -> str:
    """Lines of `offset  hex hex ... hex  |ascii|`, 16 bytes each; `start` is the first offset."""
    lines: list[str] = []
    half = BYTES_PER_LINE // 2
    for offset in range(0, len(data), BYTES_PER_LINE):
        chunk = data[offset : offset + BYTES_PER_LINE]
        left, right = chunk[:half].hex(" "), chunk[half:].hex(" ")
        width = half * 3 - 1
        text = chunk.translate(_ASCII).decode("ascii")
        lines.append(f"{start + offset:08x}  {left:<{width}}  {right:<{width}}  |{text}|")
    return "\n".join(lines)


class HexView(QWidget):
    """A caption saying how much is shown, over a read-only monospace dump."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.dump = QPlainTextEdit(self)
        self.dump.setReadOnly(True)
        self.dump.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.dump.setTabChangesFocus(True)
        self.dump.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.dump.setAccessibleName("Hex dump")
        self.dump.setPlaceholderText("No content bytes: the content is not stored or could not be read.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.dump, 1)

    def set_data(self, data: bytes, total_size: int) -> None:
        """Show `data`, the first bytes of content that is `total_size` bytes long."""
        if not data:
            self.caption.setText("")
            self.caption.hide()
        else:
            self.caption.setText(_caption(len(data), total_size))
            self.caption.show()
        self.dump.setPlainText(hex_dump(data))

    def clear(self) -> None:
        self.set_data(b"", 0)


def _caption(shown: int, total: int) -> str:
    if total > shown:
        return f"First {shown:,} bytes of {total:,}."
    return f"All {shown:,} bytes."
