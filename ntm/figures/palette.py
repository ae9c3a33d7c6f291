"""The one palette of the screen, the map, the deck and the PDF.

Series colours are Okabe–Ito (told apart by colour-blind readers too); the greys and navy are those of
the documents. Any colour a figure, a slide or a page uses comes from here, so they cannot drift apart.
"""

from __future__ import annotations

BLUE, ORANGE, GREEN, SKY, VERMILION = "#0072B2", "#E69F00", "#009E73", "#56B4E9", "#D55E00"
PURPLE, YELLOW = "#CC79A7", "#F0E442"
GROUP_COLOURS = [BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW]
"""Criterion groups, in group order."""

GREY = "#999999"  # a neutral series (e.g. a previous period)
MAP_GREY = "#C8C8C8"  # a map class that is neither good nor bad (not yet recognised)
NO_DATA = "#DDDDDD"  # a heatmap cell without a reported status
TEXT_GREY = "#595959"  # captions, stamps and footers: 7:1 on white
NAVY, LIGHT, WHITE, RULE = "#1F3864", "#F2F2F2", "#FFFFFF", "#BFBFBF"

AA_TEXT = 4.5
"""WCAG 2.1 AA: the least contrast ratio of normal-size text against its background."""


def luminance(colour: str) -> float:
    """Relative luminance of a #RRGGBB colour (WCAG 2.1 definition)."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """Contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on background (a cell coloured by the data, e.g. a traffic light)."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"
