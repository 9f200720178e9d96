"""PyInstaller runtime hook: make libmagic read the magic database bundled next to it.

libmagic looks for its database in the MAGIC environment variable, else at a path compiled into
the library (/usr/lib/file/magic.mgc on Debian), which may be missing or belong to another
libmagic version on the user's machine. A compiled database only works with the libmagic that
wrote it, so the bundle always points the bundled library at the bundled file; a database the
user set in MAGIC for their own `file` command is not ours to trust. Spawned worker processes
inherit the variable.
"""

import os
import sys


def _use_bundled_magic_database() -> None:
    database = os.path.join(sys._MEIPASS, "libmagic", "magic.mgc")
    if os.path.isfile(database):  # python-magic-bin on Windows brings and finds its own copy instead
        os.environ["MAGIC"] = database


_use_bundled_magic_database()
