"""AppTest of the presentation page (Trình chiếu): moving through the slides, the figures on them, the exports."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ntm.locale import fmt
from ntm.measures import metrics
from ntm.outputs import slides
from tests.conftest import open_page


def _open(bundled_db, **state) -> AppTest:
    at = open_page("pages/present.py", **state)
    assert not at.exception, at.exception
    return at


def _title(at: AppTest) -> str:
    return at.title[0].value


@pytest.fixture(scope="module")
def titles(bundled_con):
    return slides.build_deck(bundled_con, metrics.Scope("2020-02")).titles()


def test_next_and_previous_move_through_the_slides(bundled_db, titles):
    at = _open(bundled_db)
    assert _title(at) == titles[0] == "Báo cáo tiến độ xây dựng nông thôn mới"
    assert at.button(key="prev_slide").disabled
    at.button(key="next_slide").click().run()
    assert _title(at) == titles[1] == "Kết quả chính"
    assert [m.value for m in at.metric] == ["52/134", "38,8%", "+10,8", "14,1"]
    at.button(key="next_slide").click().run()
    assert _title(at) == titles[2]
    assert len(at.get("plotly_chart")) == 1
    at.button(key="prev_slide").click().run()
    assert _title(at) == titles[1]


def test_every_slide_states_period_scope_and_provenance_and_the_last_stops(bundled_db, titles):
    at = _open(bundled_db)
    for i, title in enumerate(titles, start=1):
        assert _title(at) == title
        captions = [c.value for c in at.caption]
        stamp = "Kỳ báo cáo: Tháng 02/2020 (Công văn 417) · Phạm vi: Toàn tỉnh · Số liệu đến ngày: 07/02/2020"
        assert stamp in captions
        assert any(
            c.startswith("Nguồn: Công văn 417/UBND-NLN") and c.endswith(f"Trang {i}/{len(titles)}") for c in captions
        )
        if i < len(titles):
            at.button(key="next_slide").click().run()
    assert _title(at) == titles[-1] and at.button(key="next_slide").disabled
    assert any("Dữ liệu minh họa" in w.value for w in at.warning)


def test_go_to_a_slide_directly(bundled_db, titles):
    at = _open(bundled_db)
    at.selectbox(key="slide_no").set_value(titles.index("Xếp hạng huyện, thị xã, thành phố")).run()
    table = at.table[0].value
    assert table.iloc[-1].tolist() == ["", "Cộng", "", "134", "52", "38,8%", "14,1", "+10,8", "+2,4"]


def test_slides_follow_the_district_filter(bundled_db, bundled_con):
    scope = metrics.Scope("2020-02", ("086", "089"))
    s = metrics.summary(bundled_con, scope)
    at = _open(bundled_db, districts=["086", "089"])
    at.button(key="next_slide").click().run()
    assert [m.value for m in at.metric] == [
        f"{s.recognised}/{s.base}",
        fmt.percent(s.pct),
        fmt.signed(s.gap_points),
        fmt.number(s.avg_criteria),
    ]
    assert any("Phạm vi: Bảo Thắng, Văn Bàn" in c.value for c in at.caption)


def test_a_filter_change_that_shortens_nothing_keeps_the_slide_in_range(bundled_db):
    at = _open(bundled_db)
    at.selectbox(key="slide_no").set_value(5).run()
    at.session_state["period_id"] = "2015-12"
    at.run()
    assert not at.exception
    assert at.selectbox(key="slide_no").value == 5
    assert any("Cuối năm 2015" in c.value for c in at.caption)


def test_english_slides(bundled_db):
    at = _open(bundled_db, lang="en")
    at.button(key="next_slide").click().run()
    assert _title(at) == "Headline results"
    assert [m.value for m in at.metric] == ["52/134", "38.8%", "+10.8", "14.1"]


@pytest.mark.parametrize("kind", ["pptx", "pdf"])
def test_build_then_download(bundled_db, kind):
    at = _open(bundled_db)
    assert not at.get("download_button")
    at.button(key=f"build_{kind}").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Tải tệp PowerPoint" if kind == "pptx" else "Tải báo cáo PDF"]
    assert any(c.value.startswith("Đã tạo xong trong") for c in at.caption)
    # A new filter makes the file stale: the download disappears until it is built again.
    at.session_state["districts"] = ["084"]
    at.run()
    assert not at.get("download_button")
