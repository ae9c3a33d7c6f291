"""The overview's headline as a test reads it: label → value, change (and note, help) of each card.

The cards are one st.html block (ntm/figures/headline.py); read() finds it in an AppTest, parse() in any HTML
(a ForwardMsg's html body: tests/st_session.py), VALUES / CARDS in a real browser (Playwright's page.evaluate).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from ntm.figures.headline import MARK


@dataclass
class Shown:
    label: str
    value: str
    delta: str | None = None
    way: str | None = None  # up, down or flat: the badge's class
    note: str | None = None
    help: str | None = None


FIELDS = {"ntm-card-label": "label", "ntm-card-value": "value", "ntm-card-delta": "delta", "ntm-card-note": "note"}


class _Cards(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cards: list[dict] = []
        self.field: list[str | None] = []  # per open element: the field its text goes to

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "ntm-card" in classes:
            self.cards.append({})
        field = next((FIELDS[c] for c in classes if c in FIELDS), None)
        if field == "delta":
            self.cards[-1]["way"] = next(c[4:] for c in classes if c in ("ntm-up", "ntm-down", "ntm-flat"))
        if "ntm-card-help" in classes:
            self.cards[-1]["help"] = a.get("aria-label")
        if "ntm-card-arrow" in classes or "ntm-card-help" in classes:
            field = "skip"
        elif field is None and self.field:
            field = self.field[-1]  # text in a child element belongs to its parent's field
        if tag not in ("img", "br"):
            self.field.append(field)

    def handle_endtag(self, tag):
        if tag not in ("img", "br") and self.field:
            self.field.pop()

    def handle_data(self, data):
        field = self.field[-1] if self.field else None
        if field and field != "skip" and self.cards:
            self.cards[-1][field] = self.cards[-1].get(field, "") + data


def parse(body: str) -> list[Shown]:
    """The cards in an HTML text, in order; [] when it holds none."""
    if MARK not in body:
        return []
    reader = _Cards()
    reader.feed(body)
    return [Shown(**{k: v.strip() if isinstance(v, str) else v for k, v in c.items()}) for c in reader.cards]


def cards(at) -> list[Shown]:
    """The headline cards of an AppTest run."""
    return [card for h in at.get("html") for card in parse(h.proto.body)]


def read(at) -> dict[str, tuple[str, str | None]]:
    """label → (value, change) of the headline cards of an AppTest run."""
    return {c.label: (c.value, c.delta) for c in cards(at)}


def values(at) -> list[str]:
    return [c.value for c in cards(at)]


# In a browser: the cards' values and labels (their boxes and overflow in tests/test_browser_leader.py).
VALUE = ".ntm-card-value"
LABEL = ".ntm-card-label"


def shown_values(page) -> list[str]:
    """The headline values a browser shows, in order (Playwright page)."""
    return [text.strip() for text in page.locator(VALUE).all_inner_texts()]
