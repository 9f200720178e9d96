"""Entry script of the PyInstaller bundle, shared by both executables it builds.

One script keeps one import analysis: the executable's own name picks the command, so
`trovetriage-gui` (windowed, no console on Windows, the macOS .app) opens the GUI and
`trovetriage` is the command line, exactly like the two pip entry points.
"""

import multiprocessing
import sys
from pathlib import Path

GUI_EXECUTABLE = "trovetriage-gui"


def run() -> None:
    # Indexing and the case server start "spawn" children: in a frozen app they re-run this
    # executable, and freeze_support() turns such a run into the worker instead of a new CLI.
    multiprocessing.freeze_support()
    from trovetriage.cli import gui_main, main

    if Path(sys.executable).stem.lower() == GUI_EXECUTABLE:
        gui_main()
    else:
        main(prog_name="trovetriage")


if __name__ == "__main__":
    run()
