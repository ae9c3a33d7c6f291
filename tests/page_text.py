"""The texts a page shows in AppTest, read one way by the tests that check them (one language; plain text)."""

from __future__ import annotations

from collections.abc import Iterator

# every kind of element whose value, label, body, help or placeholder a reader sees as text (markdown included)
TEXT_KINDS = (
    "title",
    "header",
    "subheader",
    "caption",
    "markdown",
    "warning",
    "info",
    "success",
    "error",
    "metric",
    "expander",
    "tabs",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "button",
    "text_input",
    "number_input",
    "date_input",
)
TEXT_ATTRS = ("value", "label", "body", "help", "placeholder")


def element_texts(at) -> Iterator[tuple[str, str, str]]:
    """(kind, attribute, text) of every text the page's elements of TEXT_KINDS show."""
    for kind in TEXT_KINDS:
        for el in at.get(kind):
            for attr in TEXT_ATTRS:
                text = getattr(el, attr, None)
                if isinstance(text, str):
                    yield kind, attr, text
