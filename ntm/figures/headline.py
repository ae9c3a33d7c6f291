"""The overview's four headline cards as plain HTML: drawn by the browser with the page's first paint.

st.metric's frontend code is loaded lazily, after the page's own: a fresh browser showed the cards' sparklines
(plain HTML) before their values. Cards written as HTML (label, value, change, note, sparkline) arrive and show
with the rest of the first paint (issue 14: headline first). Every text is escaped; the markup keeps to what
Streamlit's HTML sanitiser (DOMPurify, HTML profile) lets through: no SVG, no script, data- and aria- attributes
kept. The look (border, change badge green up, red down, grey flat) is static/ntm.css's.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Protocol

from ntm.figures import sparkline
from ntm.locale.i18n import t

MARK = "data-ntm-headline"  # on the cards' box: what tests and benches look for in the page


class Card(Protocol):
    """What a card shows (ntm.views.overview.Kpi)."""

    label: str
    value: str
    history: tuple[float, ...] | None
    delta: str | None
    flat: bool
    help: str | None
    breaks: tuple[int, ...]
    note: str | None


def direction(delta: str, flat: bool) -> str:
    """up, down or flat, as st.metric reads a change given as text: a leading minus is down."""
    if flat:
        return "flat"
    return "down" if delta.lstrip().startswith(("-", "\u2212")) else "up"


ARROWS = {"up": "\u2191", "down": "\u2193", "flat": ""}


def card(k: Card, lang: str = "vi") -> str:
    """One card: label (with its help mark), value, change badge, note and sparkline."""
    label = f'<div class="ntm-card-label">{html.escape(k.label)}</div>'
    if k.help:  # a mark that shows its text on hover or keyboard focus (static/ntm.css) and reads it aloud
        text = html.escape(k.help)
        label += f'<span class="ntm-card-help" tabindex="0" role="img" aria-label="{text}" data-help="{text}">?</span>'
    parts = [f'<div class="ntm-card-top">{label}</div>', f'<div class="ntm-card-value">{html.escape(k.value)}</div>']
    if k.delta:
        way = direction(k.delta, k.flat)
        arrow = f'<span class="ntm-card-arrow" aria-hidden="true">{ARROWS[way]}</span>' if ARROWS[way] else ""
        parts.append(f'<div class="ntm-card-delta ntm-{way}">{arrow}{html.escape(k.delta)}</div>')
    if k.note:
        parts.append(f'<div class="ntm-card-note">{html.escape(k.note)}</div>')
    picture = sparkline.img(list(k.history or ()), t("trend_of", lang, what=k.label), breaks=k.breaks)
    if picture:
        parts.append(f'<div class="ntm-card-spark">{picture}</div>')
    return '<div class="ntm-card">' + "".join(parts) + "</div>"


def cards(kpis: Sequence[Card], lang: str = "vi") -> str:
    """The cards side by side in one box (a grid: four across, two by two on a phone; static/ntm.css)."""
    return f'<div class="ntm-cards" {MARK}="{len(kpis)}">' + "".join(card(k, lang) for k in kpis) + "</div>"


def compact(kpis: Sequence[Card]) -> str:
    """The four figures in one line (label: value), shown above everything on a phone only (static/ntm.css)."""
    return (
        '<p class="ntm-headline-compact">'
        + " · ".join(f"{html.escape(k.label)}: <b>{html.escape(k.value)}</b>" for k in kpis)
        + "</p>"
    )
