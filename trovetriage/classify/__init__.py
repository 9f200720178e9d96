"""Classification engines (DESIGN §4): sensitivity detectors, credential parsers, victim attribution.

Pure functions over an item's text and metadata; the case facade stores what they return.
"""
