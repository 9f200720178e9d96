"""Colours of the sensitivity levels (DESIGN §4), derived from the live palette.

One hue per level, so a level looks the same in every view; the tints and text colours are
computed from the current palette and checked for WCAG contrast, so they stay readable in light
and dark themes instead of being tuned for one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from trovetriage.core.classification import Level

MIN_CONTRAST = 4.5
"""WCAG AA for normal text: below this a text colour is replaced by black or white."""

_HUES = {
    Level.PUBLIC: QColor(0x43, 0xA0, 0x47),  # green
    Level.INTERNAL: QColor(0x1E, 0x88, 0xE5),  # blue
    Level.CONFIDENTIAL: QColor(0xFD, 0xD8, 0x35),  # yellow
    Level.SECRET: QColor(0xFB, 0x8C, 0x00),  # orange
    Level.CRITICAL: QColor(0xE5, 0x39, 0x35),  # red
}


@dataclass(frozen=True)
class Swatch:
    """What a level control is painted with: fill, text on that fill, and an outline in the hue."""

    background: QColor
    text: QColor
    border: QColor


def level_label(level: int) -> str:
    """The level as investigators read it: number and canonical name ("3 SECRET")."""
    return f"{int(level)} {Level(level).name}"


def level_hue(level: int) -> QColor:
    """The saturated colour that identifies a level everywhere in the GUI."""
    return QColor(_HUES[Level(level)])


def relative_luminance(colour: QColor) -> float:
    """WCAG relative luminance (0 black .. 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1..21) of two opaque colours."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_text(background: QColor, preferred: QColor) -> QColor:
    """`preferred` if it is readable on `background`, else whichever of black and white reads better."""
    if contrast_ratio(background, preferred) >= MIN_CONTRAST:
        return QColor(preferred)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    return black if contrast_ratio(background, black) >= contrast_ratio(background, white) else white


def blend(base: QColor, hue: QColor, amount: float) -> QColor:
    """`base` moved `amount` (0..1) of the way towards `hue`."""
    return QColor.fromRgbF(base.redF() + (hue.redF() - base.redF()) * amount,
                           base.greenF() + (hue.greenF() - base.greenF()) * amount,
                           base.blueF() + (hue.blueF() - base.blueF()) * amount)


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark theme (its window colour is dark)."""
    return relative_luminance(palette.color(QPalette.ColorRole.Window)) < 0.3


def level_swatch(level: int, palette: QPalette, selected: bool) -> Swatch:
    """Colours for a level control: full hue when selected, a light tint of it otherwise.

    The unselected tint keeps the palette's button text when that stays readable, so an
    unselected row of levels still looks like part of the user's theme.
    """
    hue = level_hue(level)
    if selected:
        return Swatch(hue, readable_text(hue, QColor(0, 0, 0)), hue)
    button = palette.color(QPalette.ColorRole.Button)
    tint = blend(button, hue, 0.30 if is_dark(palette) else 0.22)
    return Swatch(tint, readable_text(tint, palette.color(QPalette.ColorRole.ButtonText)), hue)
