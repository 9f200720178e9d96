"""Desktop GUI (PySide6): the only layer that imports Qt."""
