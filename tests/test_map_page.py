"""AppTest of the map page (Bản đồ): the payload sent to the browser, every layer, the details panel."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import choropleth
from ntm.data import config, db
from tests import map_xss
from tests.conftest import open_page

PERIODS = ["2015-12", "2016-12", "2019-12", "2020-02", "2020-12"]
PAYLOAD_LIMIT = 400_000  # bytes of map data sent to the browser for the whole province (issue 3)


def _map(**state) -> AppTest:
    return open_page("pages/map.py", timeout=90, **state)


def _payload(at: AppTest) -> tuple[dict, int]:
    comps = at.get("component_instance")
    assert len(comps) == 1 and comps[0].proto.component_name == "streamlit_folium.st_folium"
    return json.loads(comps[0].proto.json_args), len(comps[0].proto.json_args.encode())


def _unit_ids(script: str) -> list[str]:
    return re.findall(r'"unit_id": "([^"]+)"', script)


@pytest.mark.parametrize("period", PERIODS)
def test_payload_holds_every_unit_of_the_period(bundled_db, bundled_con, period):
    at = _map(period_id=period)
    assert not at.exception
    args, size = _payload(at)
    base = db.query(bundled_con, "SELECT unit_id FROM period_units WHERE period_id = $p", {"p": period})["unit_id"]
    ids = _unit_ids(args["script"])
    assert sorted(ids) == sorted(base)  # each unit once, none missing, none extra
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css"]
    assert "https://" not in json.dumps(args) and "http://" not in json.dumps(args)
    assert args["returned_objects"] == ["last_active_drawing"]  # only clicks rerun the script
    assert size < PAYLOAD_LIMIT


@pytest.mark.parametrize("kind", choropleth.LAYER_KINDS)
def test_each_layer_choice_draws_without_exception(bundled_db, kind):
    at = _map(period_id="2020-02")
    at.radio(key="map_kind").set_value(kind).run()
    assert not at.exception
    args, size = _payload(at)
    assert len(_unit_ids(args["script"])) == 134 and size < PAYLOAD_LIMIT
    title = {
        "criteria_met": "Số tiêu chí đạt (134 xã)",
        "ntm_status": "Trạng thái đạt chuẩn NTM (134 xã)",
        "criterion": "(134 xã)",
        "district_pct": "Tỷ lệ xã đạt chuẩn của huyện (9 huyện)",
        "district_avg": "Bình quân tiêu chí/xã của huyện (9 huyện)",
    }[kind]
    assert title in args["script"]  # the legend of the chosen layer is drawn


def test_criterion_layer_opens_on_the_criterion_met_least(bundled_db, bundled_con):
    from ntm.measures import metrics

    ach = metrics.criteria_achievement(bundled_con, metrics.Scope("2020-02"))
    least = ach.sort_values(["communes_met", "sort_order"]).iloc[0]
    at = _map(period_id="2020-02", map_kind="criterion")
    assert not at.exception
    box = at.selectbox(key="map_criterion")
    assert box.value == least["criterion_code"] and len(box.options) == 19
    at.selectbox(key="map_criterion").set_value("1").run()
    args, _ = _payload(at)
    assert "Tiêu chí 1. Quy hoạch (134 xã)" in args["script"]


def test_end_2020_says_which_outlines_are_approximate(bundled_db):
    at = _map(period_id="2020-12")
    assert not at.exception
    approximate = [e for e in at.expander if e.label.startswith("Ranh giới")]  # (the other: why illustrative)
    assert len(approximate) == 1
    label = approximate[0].label
    assert label.startswith("Ranh giới gần đúng (18 đơn vị")
    for name in ("Ngũ Chỉ Sơn", "Mường Bo", "Hoàng Liên", "Cốc San"):
        assert name in label
    reasons = approximate[0].dataframe[0].value
    assert len(reasons) == 18
    row = reasons[reasons.iloc[:, 0] == "Ngũ Chỉ Sơn"].iloc[0, 1]
    assert "Bản Khoang" in row and "Tả Giàng Phình" in row  # data/unit_lineage_sapa_2020.csv


def test_the_approximate_outlines_named_are_those_of_the_chosen_district(bundled_db):
    # Sa Pa (088) at end-2020: the ten xã of data/unit_lineage_sapa_2020.csv (its phường are not in the base)
    at = _map(period_id="2020-12", districts=["088"])
    assert not at.exception
    (approximate,) = [e for e in at.expander if e.label.startswith("Ranh giới")]
    assert approximate.label.startswith("Ranh giới gần đúng (10 đơn vị")
    names = set(approximate.dataframe[0].value.iloc[:, 0])
    assert names == {
        "Ngũ Chỉ Sơn", "Trung Chải", "Tả Phìn", "Hoàng Liên", "Thanh Bình",
        "Mường Hoa", "Tả Van", "Mường Bo", "Bản Hồ", "Liên Minh",
    }  # fmt: skip
    assert "Cốc San" not in approximate.label  # TP Lào Cai's, named only when TP Lào Cai is chosen


def test_selected_commune_shows_criteria_and_history(bundled_db):
    at = _map(period_id="2020-02", map_unit="03070")
    assert not at.exception
    assert at.subheader[0].value == "Tân Thượng \\(xã\\)"  # names are escaped markdown
    facts = [m.value for m in at.markdown if not m.value.startswith("**Dữ liệu minh họa")][0]
    assert "Văn Bàn" in facts and "Xã phấn đấu đạt chuẩn năm 2020, chưa đạt" in facts
    criteria, history = (d.value for d in at.dataframe[-2:])
    assert len(criteria) == 19
    assert history.iloc[:, 0].tolist() == [
        "Cuối năm 2015",
        "Cuối năm 2016",
        "Cuối năm 2019",
        "Tháng 02/2020 (Công văn 417)",
        "Cuối năm 2020",
    ]


def test_click_hint_before_any_selection_and_english_labels(bundled_db):
    at = _map(lang="en")
    assert not at.exception
    assert "Criteria met" in at.radio(key="map_kind").options
    assert any("Click a commune" in i.value for i in at.info)


def test_period_without_boundaries_says_so(mini_db, monkeypatch):
    from ntm.data import build

    monkeypatch.setenv("NTM_DB", str(mini_db))
    # the mini dataset is not built from data/: keep the app from replacing it as "stale"
    monkeypatch.setattr(build, "ensure_database", lambda db=None: db or config.db_path())
    at = _map(period_id="2019-12")
    assert not at.exception
    assert any("chưa có lớp ranh giới" in i.value for i in at.info)
    assert not at.get("component_instance")


def test_injected_name_reaches_the_browser_escaped(tmp_path, monkeypatch):
    for key, value in map_xss.env(map_xss.build_db(tmp_path)).items():
        monkeypatch.setenv(key, value)
    at = _map(period_id="2020-02", map_unit=map_xss.UNIT)
    assert not at.exception
    args, _ = _payload(at)
    script = args["script"].replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    assert map_xss.ESCAPED in script and "<img src=x" not in script
    assert at.subheader[0].value.startswith("\\<img src=x onerror=alert\\(1\\)\\>")  # markdown-escaped: shown as text
