"""One language at a time: no string of the interface catalogue in the other language on any page.

Every page is opened in Vietnamese and in English on the bundled data; every text element it shows is checked
against the catalogue (ntm/locale/i18n.py): a Vietnamese page shows no English catalogue text, and the reverse.
Names from the data (communes, districts, departments) are proper nouns and are not catalogue text.
"""

from __future__ import annotations

import re

import pytest

from ntm.locale.i18n import TEXT
from tests.conftest import open_page

PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/districts.py",
    "pages/communes.py",
    "pages/criteria.py",
    "pages/target_gap.py",
    "pages/plan.py",
    "pages/poverty.py",
    "pages/data.py",
    "pages/present.py",
]


def _fixed(text: str) -> str:
    """The catalogue text without its {placeholders} and markdown: the part a page shows as it is."""
    return max(re.split(r"\{[^}]*\}|\*\*|\n", text), key=len).strip()


def _catalogue(lang: str) -> set[str]:
    """Texts that exist only in lang (long enough to mean something: 12 characters and more)."""
    i = 0 if lang == "vi" else 1
    other = 1 - i
    return {
        _fixed(pair[i])
        for pair in TEXT.values()
        if _fixed(pair[i]) != _fixed(pair[other]) and len(_fixed(pair[i])) >= 12
    }


def _texts(at) -> list[str]:
    out = []
    for kind in (
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
        "button",
        "selectbox",
        "multiselect",
        "radio",
        "checkbox",
        "text_input",
        "number_input",
        "tabs",
    ):
        for el in at.get(kind):
            for attr in ("value", "label", "body", "help", "placeholder"):
                v = getattr(el, attr, None)
                if isinstance(v, str):
                    out.append(v)
            for opt in getattr(el, "options", None) or ():
                out.append(str(opt))
    for df in at.dataframe:
        out += [str(c) for c in df.value.columns]
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_text_of_the_other_language(bundled_db, monkeypatch, page, lang):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page(page, lang=lang)
    assert not at.exception
    foreign = _catalogue("en" if lang == "vi" else "vi")
    shown = "\n".join(_texts(at))
    leaks = sorted(f for f in foreign if f in shown)
    assert leaks == []
