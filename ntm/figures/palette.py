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
