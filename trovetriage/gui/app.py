"""Starting the desktop application, and rendering it offscreen to a PNG for docs and tests."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from trovetriage import __version__
from trovetriage.core.resources import resource_path
from trovetriage.gui.main_window import DASHBOARD_VIEW, SEARCH_VIEW, MainWindow

SCREENSHOT_TIMEOUT_S = 120.0
SETTLE_MS = 300
# The reverse-DNS id of resources/desktop/*.desktop and *.metainfo.xml and of the icon files:
# Wayland compositors match windows to their .desktop entry (and its icon) by this name.
APP_ID = "org.trovetriage.TroveTriage"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def application() -> QApplication:
    """The one QApplication, with the names QSettings files itself under."""
    QCoreApplication.setOrganizationName("TroveTriage")
    QCoreApplication.setApplicationName("TroveTriage")
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    if app.windowIcon().isNull():  # every window without its own icon shows this one
        app.setWindowIcon(application_icon())
    return app


def application_icon() -> QIcon:
    """The app icon from resources/icons (hicolor layout): the SVG, drawn by Qt's SVG icon engine
    at any size, plus the PNG renders it prefers at their exact sizes. Empty, not an error, if a
    packager dropped the files."""
    icons = resource_path("icons", "hicolor")
    svg = icons / "scalable" / "apps" / f"{APP_ID}.svg"
    icon = QIcon(str(svg)) if svg.is_file() else QIcon()
    for size in ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon


def settle_memory() -> None:
    """Move everything built so far out of the garbage collector's way: a full collection over
    the start-up objects took ~27 ms of GUI thread each time (measured by bench/gui_latency.py)."""
    gc.collect()
    gc.freeze()


def run(case_dir: Path | None = None) -> int:
    app = application()
    window = MainWindow()
    window.show()
    settle_memory()
    if case_dir is not None:
        window.open_case(case_dir)
    return app.exec()


def screenshot(case_dir: Path, output: Path, query: str = "", view: str = "search",
               size: tuple[int, int] = (1400, 900)) -> Path:
    """Open the case, show `view` (search, dashboard or item), wait until every answer is drawn,
    and save the window as a PNG."""
    app = application()
    window = MainWindow()
    window.resize(*size)
    window.show()
    window.open_case(case_dir)
    if query:
        window.query_bar.set_text(query)
        window.query = query
    _wait_until(app, window.idle)
    if view == "dashboard":
        window.show_view(DASHBOARD_VIEW)
    else:
        window.show_view(SEARCH_VIEW)
        if view == "item":
            window.preview.setCurrentIndex(1 if window.preview.isTabEnabled(1) else 0)
    _wait_until(app, window.idle)
    _settle(app)
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output)):
        raise OSError(f"could not write {output}")
    window.close()
    return output


def _wait_until(app: QApplication, ready: object) -> None:
    deadline = time.monotonic() + SCREENSHOT_TIMEOUT_S
    _settle(app)
    while not ready():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the case did not answer in time")
        app.processEvents()
        time.sleep(0.01)
    _settle(app)


def _settle(app: QApplication) -> None:
    """Let queued answers and repaints through (rows fetched on first paint, then drawn)."""
    for _ in range(3):
        deadline = time.monotonic() + SETTLE_MS / 1000
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.005)
