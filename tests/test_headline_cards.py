"""The overview's headline cards as HTML (ntm/figures/headline.py): what each card shows, escaped, and read back
as tests and benches read it (tests/headline.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ntm.figures import headline as cards_html
from tests import headline


@dataclass(frozen=True)
class K:  # the fields of ntm.views.overview.Kpi a card reads
    label: str
    value: str
    history: tuple[float, ...] | None = None
    delta: str | None = None
    flat: bool = False
    help: str | None = None
    breaks: tuple[int, ...] = ()
    note: str | None = None


LETTER = [  # Letter 417's cards, as the view writes them
    K("Xã đạt chuẩn NTM", "52/134", (20, 28, 52, 52), "0 xã", flat=True),
    K("Tỷ lệ xã đạt chuẩn", "38,8%", (14.0, 19.6, 36.4, 38.8), "+2,4 điểm %"),
    K("So với mục tiêu 28% (điểm %)", "+10,8", (-8.4, 8.4, 10.8), note="Hơn mức mục tiêu 14 xã"),
    K("Bình quân tiêu chí/xã", "14,1", (9.6, 10.7, 14.1, 14.1), "-0,1 tiêu chí"),
]


def test_four_cards_read_back_with_their_change_and_its_direction():
    shown = headline.parse(cards_html.cards(LETTER))
    assert [(c.label, c.value, c.delta, c.way, c.note) for c in shown] == [
        ("Xã đạt chuẩn NTM", "52/134", "0 xã", "flat", None),
        ("Tỷ lệ xã đạt chuẩn", "38,8%", "+2,4 điểm %", "up", None),
        ("So với mục tiêu 28% (điểm %)", "+10,8", None, None, "Hơn mức mục tiêu 14 xã"),
        ("Bình quân tiêu chí/xã", "14,1", "-0,1 tiêu chí", "down", None),
    ]


def test_the_box_is_marked_with_its_number_of_cards_and_each_card_has_its_sparkline():
    body = cards_html.cards(LETTER)
    assert body.startswith('<div class="ntm-cards" data-ntm-headline="4">')
    assert body.count('class="ntm-card"') == 4 and body.count("data:image/svg+xml;base64,") == 4
    assert 'alt="Xu hướng qua các kỳ: Xã đạt chuẩn NTM"' in body
    assert 'alt="Trend over the periods: Xã đạt chuẩn NTM"' in cards_html.cards(LETTER[:1], "en")


@pytest.mark.parametrize(
    "delta, flat, way, arrow",
    [("+24 xã", False, "up", "\u2191"), ("-1,2 điểm %", False, "down", "\u2193"), ("0 xã", True, "flat", None)],
)
def test_the_change_badge_is_green_up_red_down_grey_flat_without_arrow(delta, flat, way, arrow):
    body = cards_html.card(K("x", "1", delta=delta, flat=flat))
    assert f'<div class="ntm-card-delta ntm-{way}">' in body
    if arrow:
        assert f'<span class="ntm-card-arrow" aria-hidden="true">{arrow}</span>{delta}</div>' in body
    else:
        assert "ntm-card-arrow" not in body and f'<div class="ntm-card-delta ntm-flat">{delta}</div>' in body


def test_no_change_no_history_no_help_draws_only_label_and_value():
    body = cards_html.card(K("Xã đạt chuẩn NTM", "20/143", history=(20,)))  # one point: no line to draw
    assert body == (
        '<div class="ntm-card"><div class="ntm-card-top"><div class="ntm-card-label">Xã đạt chuẩn NTM</div></div>'
        '<div class="ntm-card-value">20/143</div></div>'
    )


def test_the_help_is_a_focusable_mark_named_by_its_text():
    body = cards_html.card(K("So với mục tiêu Trung ương", "—", help="Chưa có mục tiêu cho kỳ này"))
    assert (
        '<span class="ntm-card-help" tabindex="0" role="img" aria-label="Chưa có mục tiêu cho kỳ này" '
        'data-help="Chưa có mục tiêu cho kỳ này">?</span>'
    ) in body
    (card,) = headline.parse(cards_html.cards([K("So với mục tiêu Trung ương", "—", help="Chưa có mục tiêu")]))
    assert (card.label, card.help) == ("So với mục tiêu Trung ương", "Chưa có mục tiêu")


def test_every_text_is_escaped():
    evil = '<img src=x onerror=alert(1)> "q" & <b>'
    body = cards_html.cards([K(evil, evil, (1, 2), evil, help=evil, note=evil)])
    assert "<img src=x" not in body and "<b>" not in body and '"q"' not in body
    (card,) = headline.parse(body)
    assert card.label == card.value == card.delta == card.note == card.help == evil  # shown as typed


def test_the_phone_line_holds_the_four_figures_escaped():
    line = cards_html.compact(LETTER + [K("<b>x</b>", "1 & 2")])
    assert line.startswith('<p class="ntm-headline-compact">') and line.endswith("</p>")
    assert "Xã đạt chuẩn NTM: <b>52/134</b> · Tỷ lệ xã đạt chuẩn: <b>38,8%</b>" in line
    assert "&lt;b&gt;x&lt;/b&gt;: <b>1 &amp; 2</b>" in line
