"""A broken section costs one section, not the page or the file: the deck and the PDF put a visible note with a
reference number where it would have been, and a page section shows a short message with the number while the
rest of the page works (the traceback only in the server log)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from pptx import Presentation

from ntm.measures import metrics
from ntm.outputs import pdf as report
from ntm.outputs import pptx as pptx_deck
from ntm.outputs import slides
from ntm.outputs.slide_model import Image, Slide, Table, Text
from tests.test_report import _poppler

REF = re.compile(r"mã tham chiếu ([0-9A-F]{8})")


def _broken(con, ctx):
    raise KeyError("nhom_khong_co")  # what an unknown target group did to the deck before


@pytest.fixture()
def deck_without_league(bundled_con, monkeypatch):
    sections = [(key, _broken if key == "league" else builder) for key, builder in slides.SECTIONS]
    monkeypatch.setattr(slides, "SECTIONS", sections)
    return slides.build_deck(bundled_con, metrics.Scope("2020-02", ("083",)), "vi", issued=date(2020, 2, 7))


def _pptx_texts(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    return [shape.text_frame.text for s in prs.slides for shape in s.shapes if shape.has_text_frame]


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run([_poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_failing_section_becomes_a_note_in_the_deck(deck_without_league, caplog):
    keys = [s.key for s in deck_without_league.slides]
    assert [k for k in keys if k.startswith("skipped_")] == ["skipped_league"]  # only the broken one
    assert {"title", "kpis", "district_chart"} <= set(keys)  # the sections before and after are all there
    note = next(s for s in deck_without_league.slides if s.key == "skipped_league")
    text = note.items[0].lines[0]
    assert text.startswith("Phần «Xếp hạng huyện, thị xã, thành phố» không tạo được")
    ref = REF.search(text).group(1)
    logged = [r for r in caplog.get_records("setup") if ref in r.getMessage()]
    assert logged and logged[0].exc_info[0] is KeyError  # the traceback is in the log under the same number


def test_pptx_and_pdf_carry_the_note_and_the_other_sections(deck_without_league, tmp_path):
    pptx_out, pdf_out = io.BytesIO(), io.BytesIO()
    pptx_deck.build_pptx(deck_without_league, pptx_out)
    report.build_pdf(deck_without_league, pdf_out)
    texts = "\n".join(_pptx_texts(pptx_out.getvalue()))
    pdf = " ".join(_pdf_text(pdf_out.getvalue(), tmp_path).split())
    for shown in (texts, pdf):
        assert "Phần bị bỏ qua" in shown
        assert "Phần «Xếp hạng huyện, thị xã, thành phố» không tạo được" in " ".join(shown.split())
        assert "Kết quả chính" in shown and "Tỷ lệ xã đạt chuẩn theo huyện" in shown
        assert "Traceback" not in shown and "KeyError" not in shown


def test_a_slide_that_cannot_be_drawn_or_laid_out_is_left_out_with_a_note(deck_without_league, tmp_path):
    ctx = deck_without_league.context
    ok = Slide("ok", "Phần vẫn in", (Text(("dòng vẫn in",)),))
    broken = Slide("broken", "Ảnh hỏng", (Image(b"not a png"),))
    giant = Slide("giant", "Ô quá lớn", (Table(("a",), (("chữ " * 20000,),), (False,)),))
    deck = slides.Deck(ctx, (ok, broken, giant))
    pptx_out, pdf_out = io.BytesIO(), io.BytesIO()
    pptx_deck.build_pptx(deck, pptx_out)
    texts = _pptx_texts(pptx_out.getvalue())
    assert "Phần vẫn in" in texts and "Ảnh hỏng" not in texts
    assert sum("Phần «broken» không tạo được" in x for x in texts) == 1
    report.build_pdf(deck, pdf_out)  # before: reportlab's LayoutError for the giant cell
    pdf = " ".join(_pdf_text(pdf_out.getvalue(), tmp_path).split())
    assert "Phần vẫn in" in pdf and "dòng vẫn in" in pdf
    assert "Phần «broken» không tạo được" in pdf and "Ảnh hỏng" not in pdf
    assert "Phần «giant» không tạo được" in pdf and "chữ chữ chữ" not in pdf
