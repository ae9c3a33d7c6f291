"""The A4 PDF report built from the bundled data, read back with poppler's pdftotext / pdfinfo / pdffonts
(poppler-utils, installed by `make test`): Vietnamese text intact, the Letter 417 figures, page numbers,
embedded fonts, and a long table that continues across pages with its header."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from geo import static_map
from ntm.locale import fmt
from ntm.measures import metrics
from ntm.outputs import pdf as report
from ntm.outputs import slides
from tests.cli import run_cli
from tests.conftest import IN_CI


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if IN_CI:
            pytest.fail(f"{tool} missing: the test command must install poppler-utils")
        pytest.skip(f"{tool} not installed (run `make test`)")
    return path


def _text(pdf, *args: str) -> str:
    return subprocess.run(
        [_poppler("pdftotext"), *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages(pdf) -> int:
    info = subprocess.run([_poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _build(con, scope, tmp_path, lang="vi", name="report.pdf"):
    content = slides.build_deck(con, scope, lang, issued=date(2020, 2, 7), map_png=static_map.slide_picture)
    out = tmp_path / name
    pages = report.build_pdf(content, out)
    return content, out, pages


@pytest.fixture(scope="module")
def province(bundled_con, tmp_path_factory):
    return _build(bundled_con, metrics.Scope("2020-02"), tmp_path_factory.mktemp("report"))


def test_report_text_has_diacritics_and_the_letter_417_figures(province):
    _, pdf, _ = province
    text = _text(pdf)
    for expected in (
        "Lào Cai",
        "nông thôn mới",
        "52/134",
        "38,8%",
        "+10,8",
        "14,1",
        "Mường Khương",
        "Bảo Thắng",
        "Số xã trong kỳ thay đổi do sáp nhập: 143 → 134",
    ):
        assert expected in text, expected


def test_illustrative_figures_get_the_mark_on_every_page_and_no_letterhead(province):
    """The bundled commune data is illustrative: no People's Committee letterhead, a DỮ LIỆU MINH HỌA mark."""
    content, pdf, pages = province
    assert content.context.illustrative
    for page in range(1, pages + 1):
        assert "DỮ LIỆU MINH HỌA" in _text(pdf, "-f", str(page), "-l", str(page))
    first = _text(pdf, "-f", "1", "-l", "1", "-layout")
    assert "ỦY BAN NHÂN DÂN" not in first and "Độc lập - Tự do - Hạnh phúc" not in first
    assert "BÁO CÁO" in first and "Kỳ báo cáo: Tháng 02/2020 (Công văn 417) · Phạm vi: Toàn tỉnh" in first


def test_title_block_in_the_provincial_style_when_no_figure_is_illustrative(tmp_path):
    ctx = slides.Context(
        metrics.Scope("2020-02"),
        "vi",
        "Tháng 02/2020",
        date(2020, 2, 7),
        "Toàn tỉnh",
        "Công văn 417/UBND-NLN",
        False,
        None,
        date(2020, 2, 7),
    )
    table = slides.Table(("Huyện", "Số xã"), (("Bảo Thắng", "14"),), (False, True))
    out = tmp_path / "real.pdf"
    report.build_pdf(slides.Deck(ctx, (slides.Slide("t", "Bảng", (table,)),)), out)
    first = _text(out, "-f", "1", "-l", "1", "-layout")
    lines = [ln.strip() for ln in first.splitlines() if ln.strip()]
    assert re.match(r"ỦY BAN NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", lines[0])
    assert re.match(r"TỈNH LÀO CAI\s+Độc lập - Tự do - Hạnh phúc", lines[1])
    assert lines[2] == "Lào Cai, ngày 07 tháng 02 năm 2020"
    assert lines[3] == "BÁO CÁO"
    assert "MINH HỌA" not in first


def test_the_footer_note_is_never_cut(province):
    content, pdf, pages = province
    words = content.context.provenance().split()
    text = " ".join(_text(pdf, "-f", str(pages), "-l", str(pages)).split())
    assert " ".join(words[-4:]) in text and "…" not in text


def test_every_page_is_numbered_and_carries_the_source(province):
    _, pdf, pages = province
    assert pages == _pages(pdf) >= 2
    for page in range(1, pages + 1):
        text = _text(pdf, "-f", str(page), "-l", str(page))
        assert f"Trang {page}/{pages}" in text
        assert "Nguồn: Công văn 417/UBND-NLN" in text


def test_every_font_is_embedded(province):
    _, pdf, _ = province
    listing = subprocess.run([_poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [ln.split() for ln in listing.splitlines()[2:]]
    fonts = {r[0].split("+")[-1]: r[-5] for r in rows}  # name -> emb column
    assert {"DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans", "DejaVuSans-Bold"} <= set(fonts)
    assert set(fonts.values()) == {"yes"}


def test_district_report_has_that_districts_metrics(bundled_con, tmp_path):
    scope = metrics.Scope("2020-02", ("086",))
    _, pdf, _ = _build(bundled_con, scope, tmp_path)
    s = metrics.summary(bundled_con, scope)
    text = _text(pdf)
    for value in (f"{s.recognised}/{s.base}", fmt.percent(s.pct), fmt.signed(s.gap_points), fmt.number(s.avg_criteria)):
        assert value in text
    assert "Phạm vi: Bảo Thắng" in text and "Mường Khương" not in text  # other districts left out


def test_a_long_table_splits_between_rows_and_repeats_its_header(tmp_path):
    ctx = slides.Context(
        metrics.Scope("x"), "vi", "Kỳ thử", date(2020, 1, 1), "Toàn tỉnh", "nguồn thử", False, None, date(2020, 1, 2)
    )
    rows = tuple((f"Xã số {i:03d}", f"Huyện {i % 9}", fmt.integer(i * 1000)) for i in range(1, 121))
    table = slides.Table(("Tên xã", "Huyện", "Dân số"), rows, (False, False, True))
    out = tmp_path / "long.pdf"
    pages = report.build_pdf(slides.Deck(ctx, (slides.Slide("long", "Danh sách xã", (table,)),)), out)
    assert pages >= 3
    seen = []
    for page in range(1, pages + 1):
        text = _text(out, "-f", str(page), "-l", str(page), "-layout")
        found = re.findall(r"Xã số (\d{3})\s+Huyện \d\s+([\d.]+)", text)
        if found:
            assert re.search(r"Tên xã\s+Huyện\s+Dân số", text), f"page {page} has rows but no header"
        seen += [(int(i), pop) for i, pop in found]
    # Every row exactly once, in order, each whole (name and figure on the same line).
    assert seen == [(i, fmt.integer(i * 1000)) for i in range(1, 121)]


def test_cli_report(bundled_db, tmp_path):
    env = {"NTM_DB": str(bundled_db)}
    out = tmp_path / "r.pdf"
    run = run_cli("report", "--period", "2020-12", "--lang", "en", "--out", str(out), env=env)
    assert run.returncode == 0, run.stderr
    text = _text(out)
    assert "ILLUSTRATIVE DATA" in text and "PEOPLE'S COMMITTEE" not in text and "61/127" in text and "48.0%" in text
