"""The headline sparkline: an SVG line of the history, carried by an <img> the page shows inline."""

import base64
import re

from ntm.figures import sparkline


def test_the_line_runs_from_the_lowest_to_the_highest_value_with_a_dot_on_the_last():
    markup = sparkline.svg([20, 28, 52, 52], "Xu hướng")
    points = re.search(r'points="([^"]+)"', markup).group(1).split()
    # 4 points over 160 - 2 * 3 px: x = 3, 54.3, 105.7, 157; y: 20 at the bottom (36 - 3), 52 at the top (3)
    assert points == ["3.0,33.0", "54.3,25.5", "105.7,3.0", "157.0,3.0"]
    assert '<circle cx="157.0" cy="3.0"' in markup


def test_nothing_to_draw_under_two_values():
    assert sparkline.svg([14.1], "x") is None
    assert sparkline.img([None, 14.1], "x") is None


def test_the_img_carries_the_svg_and_its_label_as_alt_text():
    tag = sparkline.img([1, 2], 'Xu hướng: 1 → 2 <"a">')
    assert tag.startswith('<img src="data:image/svg+xml;base64,') and 'width="160" height="36"' in tag
    assert 'alt="Xu hướng: 1 → 2 &lt;&quot;a&quot;&gt;"' in tag
    data = re.search(r"base64,([^\"]+)", tag).group(1)
    assert base64.b64decode(data).decode() == sparkline.svg([1, 2], 'Xu hướng: 1 → 2 <"a">')
