"""The PowerPoint deck built from the bundled data, read back with python-pptx.

The whole-province figures of Letter 417 (52/134 communes = 38,8%; 38,8 - 28 = +10,8 points; 14,1
criteria per commune) are the published ones; a district-filtered deck must carry the figures ntm.metrics
gives for the same filter.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu

from geo import static_map
from ntm.locale import fmt
from ntm.locale.i18n import t
from ntm.measures import analysis, metrics
from ntm.outputs import fonts, slides
from ntm.outputs import pptx as deck
from ntm.outputs import sections as slide_sections
from tests.cli import run_cli

EXPECTED_KEYS = [
    "title",
    "kpis",
    "district_chart",
    "league",
    "map",
    "plan",
    "target_gap",
    "candidates",
    "bands",
    "criteria_chart",
    "weak_criteria",
    "poverty",
    "poverty_districts",
    "notes",
]


def _build(con, scope: metrics.Scope, lang: str = "vi"):
    content = slides.build_deck(con, scope, lang, issued=date(2020, 2, 10), map_png=static_map.slide_picture)
    buffer = io.BytesIO()
    n = deck.build_pptx(content, buffer)
    buffer.seek(0)
    return content, Presentation(buffer), n


def _texts(slide) -> list[str]:
    """Every text on a slide: text boxes and table cells."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def _table_rows(slide_list) -> list[list[str]]:
    """The body rows (header left out) of every table on these slides, in order."""
    return [
        [c.text for c in r.cells]
        for s in slide_list
        for sh in s.shapes
        if sh.has_table
        for r in list(sh.table.rows)[1:]
    ]


def _slide_titled(prs, title: str):
    matches = [s for s in prs.slides if title in _texts(s)]
    assert matches, f"no slide titled {title!r}"
    return matches[0]


@pytest.fixture(scope="module")
def province(bundled_con):
    return _build(bundled_con, metrics.Scope("2020-02"))


def test_deck_is_16_9_with_one_slide_per_section(province):
    content, prs, n = province
    assert (round(Emu(prs.slide_width).inches, 3), round(Emu(prs.slide_height).inches, 3)) == (13.333, 7.5)
    keys = [s.key for s in content.slides]
    assert [k for k in keys if k in EXPECTED_KEYS] == EXPECTED_KEYS  # in this order, others may sit between
    assert n == len(prs.slides) >= 8
    for s in content.slides:
        assert any(s.title in text for text in _texts(_slide_titled(prs, s.title)))


def test_title_slide_states_province_period_filters_date_and_provenance(province):
    _, prs, _ = province
    text = "\n".join(_texts(prs.slides[0]))
    for expected in (
        "Tỉnh Lào Cai",
        "Báo cáo tiến độ xây dựng nông thôn mới",
        "Tháng 02/2020 (Công văn 417)",
        "Phạm vi: Toàn tỉnh",
        "Số liệu đến ngày: 07/02/2020",
        "Ngày lập: 10/02/2020",
        "Công văn 417/UBND-NLN",
        "dữ liệu minh họa",
    ):
        assert expected in text


def test_headline_slide_has_the_letter_417_figures(province):
    _, prs, _ = province
    texts = _texts(_slide_titled(prs, "Kết quả chính"))
    for value in ("52/134", "38,8%", "+10,8", "14,1"):
        assert value in texts
    assert "Số xã trong kỳ thay đổi do sáp nhập: 143 → 134" in "\n".join(texts)


def test_every_content_slide_carries_period_scope_and_provenance(province):
    content, prs, n = province
    for i, slide in enumerate(list(prs.slides)[1:], start=2):
        text = "\n".join(_texts(slide))
        assert content.context.stamp() in text
        assert "Nguồn: Công văn 417/UBND-NLN ngày 07/02/2020" in text
        assert f"Trang {i}/{n}" in text


def test_league_table_is_native_ranked_lit_and_its_total_row_is_the_headline(province, bundled_con):
    _, prs, _ = province
    table = next(sh.table for sh in _slide_titled(prs, "Xếp hạng huyện, thị xã, thành phố").shapes if sh.has_table)
    rows = [[c.text for c in r.cells] for r in table.rows]
    league = analysis.league(bundled_con, metrics.Scope("2020-02")).table
    assert rows[0][:3] == ["Hạng mức đạt", "Huyện", "Đèn tín hiệu"]
    assert [r[1] for r in rows[1:-1]] == league["district_name"].tolist() and len(rows) == 1 + 9 + 1
    assert [r[0] for r in rows[1:-1]] == [str(r) for r in league["rank_level"]]
    # 52/134 communes, 38,8%, 14,1 criteria, +10,8 points over 28%, +2,4 points since 52/143 = 36,4%.
    assert rows[-1] == ["", "Cộng", "", "134", "52", "38,8%", "14,1", "+10,8", "+2,4"]
    assert sum(int(r[4]) for r in rows[1:-1]) == 52 and sum(int(r[3]) for r in rows[1:-1]) == 134
    # TX Sa Pa: 3/17 = 17,6%, under 28 - 10 = 18%: red, written and coloured (never colour alone).
    sapa = next(i for i, r in enumerate(rows) if r[1] == "TX Sa Pa")
    assert rows[sapa][2] == "Đỏ" and rows[sapa][5] == "17,6%"
    red = analysis.traffic_lights(bundled_con).set_index("light").loc["red", "colour"]
    assert table.cell(sapa, 2).fill.fore_color.rgb == RGBColor.from_string(slide_sections.tint(red).lstrip("#"))


def test_what_it_takes_slide_for_end_2015(bundled_con):
    """End of 2015: 20/143 communes; 28% of 143 = 40,04 -> 41 needed, 21 more by 31/12/2020, i.e. over
    1.827 days = 5,0 years about 4,2 a year."""
    _, prs, _ = _build(bundled_con, metrics.Scope("2015-12"))
    texts = _texts(_slide_titled(prs, "Cần gì để đạt mục tiêu"))
    assert {"20/143", "41", "21 xã", "4,2 xã/năm"} <= set(texts)
    lists = [s for s in prs.slides if any(x.startswith("Các xã gần đạt chuẩn nhất") for x in _texts(s))]
    assert len(lists) >= 2 and "Các xã gần đạt chuẩn nhất (tiếp)" in _texts(lists[1])
    rows = _table_rows(lists)
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert sum(r[-1] == "✓" for r in rows) == 21  # the 21 closest are marked
    assert all(int(r[3]) < 19 for r in rows)  # none meets the standard yet


def test_district_chart_is_a_native_chart_with_the_same_values(province, bundled_con):
    _, prs, _ = province
    slide = _slide_titled(prs, "Tỷ lệ xã đạt chuẩn theo huyện")
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    plot = chart.plots[0]
    table = metrics.district_table(bundled_con, metrics.Scope("2020-02")).set_index("district_name")
    got = dict(zip(plot.categories, plot.series[0].values))
    assert got == pytest.approx(table["pct"].to_dict())
    assert chart.value_axis.maximum_scale == 135
    # Target line label drawn over the chart, as on screen.
    assert "Mục tiêu 28%" in _texts(slide)


def test_district_filter_gives_the_metrics_of_that_district(bundled_con):
    scope = metrics.Scope("2020-02", ("089",))
    content, prs, _ = _build(bundled_con, scope)
    s = metrics.summary(bundled_con, scope)
    expected = [f"{s.recognised}/{s.base}", fmt.percent(s.pct), fmt.signed(s.gap_points), fmt.number(s.avg_criteria)]
    assert expected != ["52/134", "38,8%", "+10,8", "14,1"]
    texts = _texts(_slide_titled(prs, "Kết quả chính"))
    assert all(v in texts for v in expected)
    assert "Phạm vi: Văn Bàn" in "\n".join(_texts(prs.slides[0]))
    table = next(sh.table for sh in _slide_titled(prs, "Xếp hạng huyện, thị xã, thành phố").shapes if sh.has_table)
    # its rank in the province: 8/21 = 38,1% after TP Lào Cai 100%, Bảo Thắng 81,8% and Bảo Yên 62,5%
    assert [c.text for c in table.rows[1].cells][:2] == ["4", "Văn Bàn"] and len(table.rows) == 3


def test_english_deck(bundled_con):
    _, prs, _ = _build(bundled_con, metrics.Scope("2020-02"), "en")
    texts = _texts(_slide_titled(prs, "Headline results"))
    assert {"52/134", "38.8%", "+10.8", "14.1"} <= set(texts)


def test_first_period_has_no_target_and_no_previous(bundled_con):
    content, prs, _ = _build(bundled_con, metrics.Scope("2015-12"))
    texts = _texts(_slide_titled(prs, "Kết quả chính"))
    assert "20/143" in texts and t("no_prev") in "\n".join(texts) and t("no_target") in "\n".join(texts)


def test_every_character_of_the_deck_is_in_the_font_it_names(province):
    """DejaVu Sans must carry every Vietnamese letter the deck uses (ư, ơ, ạ, ỷ, ộ ...)."""
    _, prs, _ = province
    names, chars = set(), set()
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = (
                [shape.text_frame]
                if shape.has_text_frame
                else [c.text_frame for r in shape.table.rows for c in r.cells]
                if shape.has_table
                else []
            )
            for tf in frames:
                for p in tf.paragraphs:
                    for r in p.runs:
                        names.add(r.font.name)
                        chars |= set(r.text)
    assert names == {deck.FONT} == {"DejaVu Sans"}
    cmap = TTFont(fonts.font_file("DejaVuSans.ttf"))["cmap"].getBestCmap()
    assert {"ư", "ơ", "ạ", "ỷ", "ộ", "đ"} <= chars
    assert sorted(ch for ch in chars if ord(ch) not in cmap and ch not in "\n\v") == []


def test_a_long_table_continues_on_the_next_slide_with_its_header():
    ctx = slides.Context(
        metrics.Scope("x"), "vi", "Kỳ thử", date(2020, 1, 1), "Toàn tỉnh", "nguồn thử", False, None, date(2020, 1, 2)
    )
    rows = tuple((f"Xã {i}", str(i)) for i in range(1, 31))
    table = slides.Table(("Xã", "Số"), rows, (False, True))
    prs_bytes = io.BytesIO()
    n = deck.build_pptx(slides.Deck(ctx, (slides.Slide("long", "Danh sách xã", (table,)),)), prs_bytes)
    prs = Presentation(io.BytesIO(prs_bytes.getvalue()))
    assert n == 3 == len(prs.slides)  # 12 + 12 + 6 rows
    tables = [next(sh.table for sh in s.shapes if sh.has_table) for s in prs.slides]
    assert [len(tb.rows) for tb in tables] == [13, 13, 7]
    assert all(tb.cell(0, 0).text == "Xã" for tb in tables)
    assert [tb.cell(r, 0).text for tb in tables for r in range(1, len(tb.rows))] == [r[0] for r in rows]
    assert "Danh sách xã (tiếp)" in _texts(prs.slides[1])


def _cli(*args, env_db):
    return run_cli(*args, env={"NTM_DB": str(env_db)})


def test_cli_deck_writes_the_same_deck(bundled_db, tmp_path):
    out = tmp_path / "van-ban.pptx"
    run = _cli("deck", "--period", "2020-02", "--district", "089", "--out", str(out), env_db=bundled_db)
    assert run.returncode == 0, run.stderr
    assert f"Đã ghi {out}" in run.stdout
    prs = Presentation(str(out))
    assert "Phạm vi: Văn Bàn" in "\n".join(_texts(prs.slides[0]))


def test_cli_refuses_an_unknown_period_or_district_and_writes_nothing(bundled_db, tmp_path):
    out = tmp_path / "x.pptx"
    run = _cli("deck", "--period", "2021-12", "--out", str(out), env_db=bundled_db)
    assert run.returncode == 2 and "không có kỳ báo cáo '2021-12'" in run.stderr
    run = _cli("deck", "--period", "2020-02", "--district", "999", "--out", str(out), env_db=bundled_db)
    assert run.returncode == 2 and "không có mã huyện 999" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_map_slide_is_the_picture_geo_draws(province, bundled_con):
    from geo import static_map

    _, prs, _ = province
    pictures = [sh for sh in _slide_titled(prs, "Bản đồ nông thôn mới theo xã").shapes if sh.shape_type == 13]
    assert len(pictures) == 1
    expected, caption = static_map.slide_picture(
        bundled_con, metrics.Scope("2020-02"), slide_sections.MAP_KIND, dpi=120
    )
    assert pictures[0].image.blob == expected
    # the notes under the map are text on the slide (readable at 14 pt), not shrunk inside the picture
    texts = _texts(_slide_titled(prs, "Bản đồ nông thôn mới theo xã"))
    assert " · ".join(caption) in texts and any("minh họa" in line for line in caption)


def test_plan_slides_count_every_target_and_list_those_off_track(bundled_con):
    from ntm.figures import plan_tables
    from ntm.plan import progress as plan

    _, prs, _ = _build(bundled_con, metrics.Scope("2020-12"))
    rep = plan.report(bundled_con, "2020-12")
    counts = plan_tables.status_counts(rep, "vi")
    table = next(
        sh.table for sh in _slide_titled(prs, "Kế hoạch 2020: Các mục tiêu và trạng thái").shapes if sh.has_table
    )
    header = [c.text for c in table.rows[0].cells]
    total = [c.text for c in table.rows[len(table.rows) - 1].cells]
    assert header[2:] == [f"{r.icon} {r.label}" for r in counts.itertuples()]
    assert total == ["Cộng", str(len(rep.targets)), *[str(n) for n in counts["targets"]]]
    off = rep.targets[~rep.targets["status"].isin(slide_sections.SETTLED)]
    assert len(off) > 0
    lists = [s for s in prs.slides if any(x.startswith("Mục tiêu cần chú ý") for x in _texts(s))]
    rows = _table_rows(lists)
    assert len(rows) == len(off)
    assert {r[-1] for r in rows} <= {f"{i} {lbl}" for i, lbl in zip(off["icon"], off["status_vi"])}


def test_poverty_slide_has_the_rate_known_in_the_period_and_a_native_line_chart(province):
    _, prs, _ = province
    slide = _slide_titled(prs, "Giảm nghèo")
    # 02/2020: the latest published rate is the end-2019 one, 11,46% (the end-2020 8,2% comes later)
    assert "11,46%" in _texts(slide) and "8,2%" not in _texts(slide)
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == ["2011", "2019", "2020"]


def test_every_slide_has_its_title_in_the_title_placeholder_and_speaker_notes(province):
    content, prs, _ = province
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else None for s in prs.slides]
    assert None not in titles
    assert titles[0] == content.slides[0].title
    headline = next(s for s in prs.slides if s.shapes.title.text_frame.text == content.slides[1].title)
    notes = headline.notes_slide.notes_text_frame.text
    # the presenter reads the headline figures of Letter 417 and the provenance in the notes pane
    assert "52/134" in notes and "38,8%" in notes and "14,1" in notes and content.context.provenance() in notes
    assert all(s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip() for s in list(prs.slides)[1:])


def test_no_text_in_the_deck_is_smaller_than_14_pt(province):
    _, prs, _ = province
    sizes = []
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for r in shape.table.rows for c in r.cells]
            sizes += [r.font.size.pt for f in frames for p in f.paragraphs for r in p.runs if r.font.size]
            if shape.has_chart:
                sizes.append(shape.chart.font.size.pt)
    assert sizes and min(sizes) >= 14
