"""One language at a time: no string of the interface catalogue or of the data in the other language on any
page, slide or PDF page.

Every page is opened in Vietnamese and in English on the bundled data; every text element it shows is checked
against the catalogue (ntm/locale/i18n.py): a Vietnamese page shows no English catalogue text, and the reverse.
Data text is checked too: an English page (and the English deck and PDF) shows no Vietnamese word once the proper
names (communes, districts, provinces) and document numbers (QĐ 558/QĐ-TTg) are left out; a Vietnamese one shows
none of the English texts the data writes beside its Vietnamese ones (sources, notes, departments) and no English
decimal percentage (13.9%).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from io import BytesIO

import pandas as pd
import pytest
from pptx import Presentation

from ntm.data import config
from ntm.locale.i18n import TEXT
from ntm.measures import metrics
from ntm.outputs import pdf, pptx, slides
from pages.ui.nav import PAGE_SPECS
from tests import headline
from tests.conftest import open_page
from tests.page_text import TEXT_KINDS, element_texts

PAGES = [path for path, *_ in PAGE_SPECS]  # every page of a province's database, in menu order


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
    out = [text for _, _, text in element_texts(at)]
    for kind in TEXT_KINDS:
        for el in at.get(kind):
            for opt in getattr(el, "options", None) or ():
                out.append(str(opt))
    for df in at.dataframe:
        out += [str(c) for c in df.value.columns]
    for card in headline.cards(at):  # the overview's cards, drawn as HTML
        out += [text for text in (card.label, card.value, card.delta, card.note, card.help) if text]
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


# ---- data text ---------------------------------------------------------------------------------------------------

VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
# names of documents and their parts: QĐ 558/QĐ-TTg, NQ 13/NQ-HĐND, KH-BCĐ, §1đ (Vietnamese lists run a, b, c, d, đ)
DOCUMENT_CODE = re.compile(r"\S*[A-ZĐ]{2,}\S*|§\S+")
ENGLISH_DECIMAL = re.compile(r"\d+\.\d+ ?%")  # 13.9%: Vietnamese writes 13,9%
# (data file, English column, its Vietnamese counterpart): texts the data writes in both languages
BILINGUAL = [
    ("published_figures.csv", "source_en", "source_vi"),
    ("published_figures.csv", "notes_en", "notes_vi"),
    ("periods.csv", "source_en", "source_vi"),
    ("criterion_owner.csv", "department_en", "lead_department_province"),
    ("criterion_owner.csv", "supporting_units_en", "supporting_units"),
    ("criterion_owner.csv", "status_en", "status_vi"),
    ("agency_names.csv", "name_en", "name_vi"),
    ("targets.csv", "source_en", "source"),
    ("traffic_lights.csv", "source_en", "source"),
    ("poverty_province.csv", "source_en", "source"),
    ("poor_districts.csv", "source_en", "source"),
    ("recognitions.csv", "source_en", "source"),
]


def _english_data_texts() -> set[str]:
    """English texts of the data that differ from their Vietnamese ones (12 characters and more)."""
    out = set()
    for file, en, vi in BILINGUAL:
        frame = pd.read_csv(config.DATA_DIR / file, dtype=str, keep_default_na=False)
        out |= {e for e, v in zip(frame[en], frame[vi]) if e != v and len(e) >= 12}
    return out


@pytest.fixture(scope="module")
def proper_names(bundled_con) -> list[str]:
    """Names of places as the data writes them, longest first (a longer name holds shorter ones)."""
    names: set[str] = set()
    for sql in (
        "SELECT unit_name FROM units",
        "SELECT district_name FROM districts UNION SELECT district_short FROM districts",
        "SELECT name_vi FROM areas UNION SELECT short_vi FROM areas UNION SELECT name_en FROM areas",
        "SELECT name_vi FROM provinces UNION SELECT name_en FROM provinces",
        "SELECT alias FROM unit_aliases",
    ):
        names |= {r[0] for r in bundled_con.sql(sql).fetchall() if r[0]}
    return sorted(names, key=len, reverse=True)


def vietnamese_words(text: str, proper_names: list[str]) -> list[str]:
    """Words of text written in Vietnamese, once place names and document numbers are left out."""
    for name in proper_names:
        text = text.replace(name, " ")
    text = DOCUMENT_CODE.sub(" ", text)
    return sorted({w for w in re.split(r"[\s,;:()\"'/·—–-]+", text) if VIETNAMESE.search(w)})


def english_leaks(text: str) -> list[str]:
    """English data texts and English decimal percentages on a Vietnamese page."""
    return sorted(e for e in _english_data_texts() if e in text) + ENGLISH_DECIMAL.findall(text)


def _shown(at) -> str:
    """Every text a page shows: elements and the cells of its tables."""
    out = _texts(at)
    for df in at.dataframe:
        frame = df.value if isinstance(df.value, pd.DataFrame) else pd.DataFrame(df.value)
        out += [str(v) for col in frame.columns for v in frame[col] if isinstance(v, str)]
    return "\n".join(out)


def _check(text: str, lang: str, proper_names: list[str]) -> list[str]:
    return vietnamese_words(text, proper_names) if lang == "en" else english_leaks(text)


def test_the_checks_find_what_they_look_for():
    """The leaks of issue 13, found; proper names and document numbers, not."""
    names = ["Bảo Thắng", "Lào Cai"]
    assert vietnamese_words("Trì Quang (xã)", names) == ["Trì", "xã"]
    assert vietnamese_words("Official Letter 417/UBND-NLN of 07/02/2020 §1đ (QĐ 558/QĐ-TTg), Bảo Thắng", names) == []
    assert vietnamese_words("Sở Giao thông vận tải", names) == ["Sở", "thông", "tải", "vận"]
    assert english_leaks("Official Letter 417/UBND-NLN of 07/02/2020 (the letter itself)") == [
        "Official Letter 417/UBND-NLN of 07/02/2020 (the letter itself)"
    ]
    assert english_leaks("ven.vn 31/12/2015 (20/143 = 13.9%)") == ["13.9%"]
    assert english_leaks("20/143 = 13,9%; 14.322 hộ nghèo") == []


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("vi", "Công văn 417/UBND-NLN ngày 07/02/2020 (chính văn bản)"),
        ("en", "Official Letter 417/UBND-NLN of 07/02/2020 (the letter itself)"),
    ],
)
def test_the_published_figure_names_its_source_in_the_page_language(bundled_db, monkeypatch, lang, expected):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page("pages/overview.py", lang=lang)
    assert expected in _shown(at)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_data_text_of_the_other_language(bundled_db, monkeypatch, proper_names, page, lang):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page(page, lang=lang)
    assert not at.exception
    assert _check(_shown(at), lang, proper_names) == []


# The periods whose notes and sources the issue found in the other language, on the pages that show them
PERIOD_PAGES = ["pages/overview.py", "pages/poverty.py", "pages/present.py"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("period_id", ["2015-12", "2019-12", "2020-12", "2026-06"])
@pytest.mark.parametrize("page", PERIOD_PAGES)
def test_no_data_text_of_the_other_language_in_other_periods(
    bundled_db, monkeypatch, proper_names, page, period_id, lang
):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page(page, lang=lang, period_id=period_id)
    assert not at.exception
    assert _check(_shown(at), lang, proper_names) == []


def _deck_text(deck: slides.Deck) -> str:
    buffer = BytesIO()
    pptx.build_pptx(deck, buffer)
    prs = Presentation(BytesIO(buffer.getvalue()))
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(out)


def _pdf_text(deck: slides.Deck, path) -> str:
    pdf.build_pdf(deck, path)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("period_id", ["2015-12", "2020-02", "2020-12"])
def test_deck_and_pdf_in_one_language(bundled_con, proper_names, tmp_path, period_id, lang):
    deck = slides.build_deck(bundled_con, metrics.Scope(period_id), lang, issued=date(2020, 2, 7))
    text = _deck_text(deck)
    published = pd.read_csv(config.DATA_DIR / "published_figures.csv", dtype=str, keep_default_na=False)
    source = published.set_index("period_id").loc[period_id, f"source_{lang}"]
    assert source in text  # the notes slide names the published figure's source, in the deck's language
    assert _check(text, lang, proper_names) == []
    if shutil.which("pdftotext"):
        # pdftotext breaks long lines: lines are joined again before texts are looked for
        text = " ".join(_pdf_text(deck, tmp_path / "r.pdf").split())
        assert _check(text, lang, proper_names) == []


def test_the_commune_card_says_unit_type_and_departments_in_the_page_language(bundled_con):
    from ntm.measures.commune_card import commune_card

    vi, en = (commune_card(bundled_con, "2020-02", "02935", lang) for lang in ("vi", "en"))  # Trì Quang, Bảo Thắng
    assert (vi.title, en.title) == ("Trì Quang (xã)", "Trì Quang (commune)")
    owners = dict(zip(en.criteria.iloc[:, 0], en.criteria.iloc[:, 2]))
    assert owners["2. Transport"] == "Department of Transport"  # criterion_owner.csv, department_en
    assert dict(zip(vi.criteria.iloc[:, 0], vi.criteria.iloc[:, 2]))["2. Giao thông"] == "Sở Giao thông vận tải"
