"""Text from the data is text everywhere: a database whose names, sources, sponsors, departments, bands and target
labels carry a markdown link, a markdown image, an <img> tag and <b> (tests/evil_text.py) is opened on every page,
drawn on the map, put in the deck, the PDF and an Excel table; nowhere does a link, an image or a tag survive."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from geo import choropleth, folium_map
from ntm.data import db
from ntm.figures import tables
from ntm.measures import metrics
from ntm.outputs import pdf as report
from ntm.outputs import pptx as pptx_deck
from ntm.outputs import slides
from tests import evil_text
from tests.conftest import open_page
from tests.page_text import element_texts
from tests.test_one_language import PAGES
from tests.test_report import _poppler

SCOPE = metrics.Scope("2020-02")
TAG = re.compile(r"<(img|b|a)\b", re.I)


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    """The database with the payload, the app pointed at it for this module only."""
    path = evil_text.build_db(tmp_path_factory.mktemp("evil"))
    with pytest.MonkeyPatch.context() as mp:
        for key, value in evil_text.env(path).items():
            mp.setenv(key, value)
        yield path


@pytest.fixture(scope="module")
def evil_con(evil_db):
    con = db.connect(evil_db)
    yield con
    con.close()


@pytest.fixture(scope="module")
def unit_id(evil_con):
    return evil_con.execute(
        "SELECT unit_id FROM units WHERE unit_code = ? ORDER BY valid_from DESC LIMIT 1", [evil_text.UNIT]
    ).fetchone()[0]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_payload_is_in_the_database(evil_con):
    """The test means something only if the names really carry the payload."""
    names = evil_con.execute("SELECT district_name FROM districts WHERE district_code = ?", [evil_text.DISTRICT])
    assert names.fetchone()[0].endswith(evil_text.PAYLOAD)
    agencies = [a for (a,) in evil_con.execute("SELECT agency FROM sponsors").fetchall()]
    assert agencies and all(a.endswith(evil_text.PAYLOAD) for a in agencies)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_payload_as_text(evil_db, unit_id, page):
    state = dict(period_id=SCOPE.period_id, an_drill_district=evil_text.DISTRICT, an_profile_unit=unit_id)
    at = open_page(page, **state, map_unit=unit_id)
    assert not at.exception
    shown, live = [], []
    for kind, attr, text in element_texts(at):
        shown.append(text)
        if evil_text.LIVE.search(text):
            live.append((kind, attr, text))
    for el in at.get("html"):
        assert "<img src=http://evil.example" not in el.proto.body and "<b>x</b>" not in el.proto.body
    for chart in at.get("plotly_chart"):
        for text in _strings(json.loads(chart.proto.spec)):
            shown.append(text)
            if "evil.example" in text and TAG.search(text):
                live.append(("plotly", "", text))
    assert live == []
    # the payload was there to be caught: escaped in markdown, or as it is in a chart or a table
    tables_text = " ".join(str(v) for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel())
    if page != "pages/data.py":
        assert "evil" in " ".join(shown) + tables_text


def test_the_map_tooltips_and_labels_escape_the_payload(evil_con):
    frame = choropleth.build_frame(evil_con, SCOPE, "criteria_met")
    html = folium_map.build_map(frame).get_root().render()
    assert "evil.example" in html  # the name is there ...
    assert "<img src=http://evil.example" not in html and "<b>x</b>" not in html  # ... as text


@pytest.fixture(scope="module")
def deck(evil_con):
    return slides.build_deck(evil_con, SCOPE, "vi", issued=date(2020, 2, 7))


def test_the_deck_has_the_payload_as_text_and_no_link(deck):
    assert not [s.key for s in deck.slides if s.key.startswith("skipped_")]
    out = io.BytesIO()
    pptx_deck.build_pptx(deck, out)
    with zipfile.ZipFile(out) as z:
        xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))
    assert "hlinkClick" not in xml and 'TargetMode="External"' not in xml
    assert "&lt;b&gt;x&lt;/b&gt;" in xml  # written as the characters, not as formatting


def test_the_pdf_has_the_payload_as_text_and_no_link(deck, tmp_path):
    path = tmp_path / "r.pdf"
    report.build_pdf(deck, path)
    data = path.read_bytes()
    assert b"/URI" not in data and b"/Link" not in data
    text = subprocess.run([_poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "<b>x</b>" in flat and "[link](http://evil.example)" in flat  # reportlab did not read them as markup


def test_an_excel_table_keeps_the_payload_as_text(evil_con):
    agencies = evil_con.execute("SELECT agency FROM sponsors LIMIT 3").df()
    agencies.loc[len(agencies)] = ['=HYPERLINK("http://evil.example","x")']
    sheet = tables.Sheet(evil_text.PAYLOAD, agencies, [tables.Col("agency", "an_col_sponsor")])
    book = load_workbook(io.BytesIO(tables.to_xlsx([sheet], [("Huyện", evil_text.PAYLOAD)], date(2020, 2, 7))))
    ws = book.active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.hyperlink is None for c in cells)
    assert all(c.data_type != "f" for c in cells)
    assert sum(str(c.value).endswith(evil_text.PAYLOAD) for c in cells) == 5  # title, filter, three agencies
