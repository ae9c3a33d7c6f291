"""WCAG AA contrast, computed: every text colour of the palette on white, and the text the pages put on a cell
coloured by the data (traffic lights, target statuses), reach 4.5:1."""

from __future__ import annotations

import pandas as pd
import pytest

from ntm.data import config
from ntm.figures import palette


def test_contrast_formula_on_known_pairs():
    assert palette.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert palette.contrast("#0072B2", "#0072B2") == pytest.approx(1.0)


@pytest.mark.parametrize("colour", [palette.TEXT_GREY, palette.NAVY, "#000000"])
def test_text_colours_on_white(colour):
    assert palette.contrast(colour, palette.WHITE) >= palette.AA_TEXT


@pytest.mark.parametrize("file", ["traffic_lights.csv", "target_status_rules.csv"])
def test_text_on_every_colour_the_data_paints(file):
    colours = pd.read_csv(config.DATA_DIR / file, dtype=str)["colour"].unique()
    for colour in colours:
        assert palette.contrast(palette.text_on(colour), colour) >= palette.AA_TEXT, colour


def test_white_on_the_old_traffic_lights_failed():
    """What the issue measured: white text on the amber light is 2,25:1 — text_on picks black there."""
    assert palette.contrast("#FFFFFF", "#E69F00") == pytest.approx(2.25, abs=0.02)
    assert palette.text_on("#E69F00") == "#000000"
