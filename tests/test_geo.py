"""geo/: boundaries joined to unit versions by code, approximate outlines, classes, tooltips, offline
HTML, escaping, the static PNG. Expected values come from ../shared/geo/SOURCE.md, the lineage file
data/unit_lineage_sapa_2020.csv and Letter 417 (seed), not from the code under test."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pandas as pd
import pytest
import shapely

from geo import choropleth, encoded, folium_map, layers, static_map
from ntm.data import config, db, validate
from ntm.measures import metrics
from ntm.measures.metrics import Scope
from tests import map_xss

# Letter 417 §1a: the six communes to reach the standard in 2020 (GSO codes from laocai_units_2020.csv)
LETTER_417_TARGETS = {"02917", "02707", "02686", "02980", "03070", "02752"}


def _base(con, period):
    return set(db.query(con, "SELECT unit_id FROM period_units WHERE period_id = $p", {"p": period})["unit_id"])


# ---- layers and the join by code ---------------------------------------------------------------


def test_each_period_uses_the_layer_its_data_names(bundled_con):
    layer_of = {p: layers.period_layer(bundled_con, p) for p in ["2015-12", "2016-12", "2019-12", "2020-02", "2020-12"]}
    assert layer_of == {
        "2015-12": "2019",
        "2016-12": "2019",
        "2019-12": "2019",
        "2020-02": "2020_approx",
        "2020-12": "2020_approx",
    }
    assert set(validate.BOUNDARY_LAYERS) == set(layers.LAYERS)


@pytest.mark.parametrize("period", ["2015-12", "2016-12", "2019-12", "2020-02", "2020-12"])
def test_every_unit_of_the_period_has_an_outline(bundled_con, period):
    g = layers.period_geometry(bundled_con, period)
    assert set(g.units["unit_id"]) == _base(bundled_con, period)
    assert len(g.units) == len(_base(bundled_con, period))  # one outline per unit, no duplicates
    assert g.missing == [] and g.unmatched_features == []
    assert g.units.geometry.is_valid.all() and not g.units.geometry.is_empty.any()
    assert len(g.districts) == 9


def test_features_join_unit_versions_by_code(bundled_con):
    b = layers.load_boundaries("2020_approx")
    unit_of = layers.feature_units(bundled_con, b)
    assert unit_of["02746"] == "02746-2020"  # Cốc San: same code, the version in TP Lào Cai since 2020
    assert unit_of["02659"] == "02659-2020"  # Thống Nhất: phường -> xã in the GSO 2020 list
    assert unit_of["02641"] == "02641-2020"  # P. Lào Cai absorbed P. Phố Mới
    assert unit_of["03010"] == "03010"  # Sa Pa feature without a 2020 code: its 2019 unit
    assert unit_of["02752"] == "02752"  # Pha Long: unchanged
    b19 = layers.load_boundaries("2019")
    unit19 = layers.feature_units(bundled_con, b19)
    assert len(unit19) == 164 and unit19.notna().all()
    assert (unit19.index == unit19.values).all()  # 2019 feature key = 2019 unit id


def test_new_sapa_communes_are_drawn_from_their_predecessors(bundled_con):
    g = layers.period_geometry(bundled_con, "2020-12").units.set_index("unit_id")
    b = layers.load_boundaries("2020_approx").communes.set_index("feature_key")
    # data/unit_lineage_sapa_2020.csv: Ngũ Chỉ Sơn = Bản Khoang + Tả Giàng Phình; Hoàng Liên = San Sả Hồ + Lao Chải
    for unit, parts in {
        "03004-2020": ["03004", "03007"],
        "03019-2020": ["03019", "03028"],
        "03043-2020": ["03034", "03043"],
    }.items():
        union = shapely.union_all(list(b.loc[parts, "geometry"]))
        assert shapely.equals_exact(shapely.normalize(g.loc[unit, "geometry"]), shapely.normalize(union), 1e-9)
        assert g.loc[unit, "approximate"] and g.loc[unit, "approx_reason"] == layers.FROM_PREDECESSORS
    new = {"03004-2020", "03019-2020", "03022-2020", "03037-2020", "03043-2020", "03052-2020"}
    assert set(g.index[g["approx_reason"] == layers.FROM_PREDECESSORS]) == new
    # the four Sa Pa xã that kept their unit: the source keeps the old outline, flagged boundary_exact=false
    for unit in ["03010", "03013", "03040", "03046"]:
        assert g.loc[unit, "approx_reason"] == layers.NOT_EXACT


def test_periods_up_to_2019_are_exact_and_2020_flags_what_is_not(bundled_con):
    assert not layers.period_geometry(bundled_con, "2019-12").units["approximate"].any()
    feb = layers.period_geometry(bundled_con, "2020-02").units.set_index("unit_id")
    # Letter 417 counts Sa Pa by its 17 former xã: all drawn with the old, approximate outlines
    sapa = db.query(
        bundled_con,
        "SELECT pu.unit_id FROM period_units pu JOIN units u USING (unit_id) "
        "WHERE pu.period_id = '2020-02' AND u.district_code = '088'",
    )["unit_id"]
    assert len(sapa) == 17 and feb.loc[sapa, "approximate"].all()
    # xã Si Ma Cai (02809) is still a xã in the letter's base: drawn as the TT Si Ma Cai it became
    assert feb.loc["02809", "approx_reason"] == layers.FROM_SUCCESSOR
    assert not feb.loc["02752", "approximate"]


def test_boundaries_are_cached_rounded_and_ignored_by_git():
    b = layers.load_boundaries("2019")
    cached = list(config.GEO_CACHE_DIR.glob("2019-*.parquet"))
    assert cached, "the simplified layer is cached under geo/cache/"
    coords = shapely.get_coordinates(b.communes.geometry.values)
    assert abs(coords * 1e5 - (coords * 1e5).round()).max() < 1e-6  # 5 decimals
    assert len(b.communes) == 164 and len(b.districts) == 9
    ignored = subprocess.run(["git", "check-ignore", "-q", str(cached[0])], cwd=config.ROOT)
    assert ignored.returncode == 0


def test_unknown_layer_in_periods_file_is_reported_in_vietnamese():
    frame = pd.read_csv(config.DATA_DIR / "periods.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "boundary_layer"] = "2021"
    problems = validate.check(frame, validate.SCHEMAS["periods.csv"], "periods.csv")
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [("periods.csv", 3, "boundary_layer", "2021")]
    assert "không nằm trong danh sách cho phép" in str(problems[0])


# ---- classes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values,expected",
    [
        ([12.3, 16.8], [12, 13, 14, 15, 16, 17]),
        ([0, 71.4], [0, 20, 40, 60, 80]),
        ([10, 80], [0, 20, 40, 60, 80]),
        ([0, 100], [0, 20, 40, 60, 80, 100]),
        ([0.3, 0.9], [0.2, 0.4, 0.6, 0.8, 1.0]),
        ([5, 5], [5, 5]),
    ],
)
def test_nice_breaks(values, expected):
    assert choropleth.nice_breaks(values) == pytest.approx(expected)


def test_class_of_puts_bounds_in_the_upper_class_and_the_top_in_the_last():
    breaks = [0, 20, 40, 60, 80]
    assert [choropleth.class_of(v, breaks) for v in (0, 19.9, 20, 79.9, 80)] == [0, 0, 1, 3, 3]
    assert choropleth.class_of(None, breaks) is None


def _frame(con, period, kind="criteria_met", districts=(), **kw):
    return choropleth.build_frame(con, Scope(period, districts), kind, **kw)


def test_criteria_met_classes_are_the_bands_of_the_data(bundled_con):
    f = _frame(bundled_con, "2020-02")
    counts = {c.label: c.count for c in f.classes}
    assert counts["19 tiêu chí"] == 52  # Letter 417: 52/134 communes meet the standard
    assert sum(counts.values()) == 134
    assert counts["Không có số liệu"] == 0
    bands = metrics.bands(bundled_con, Scope("2020-02"))
    assert [counts[b] for b in bands["label_vi"]] == bands["communes"].tolist()


def test_status_layer_names_the_letter_417_targets(bundled_con):
    f = _frame(bundled_con, "2020-02", "ntm_status")
    targets = set(f.units.loc[f.units["class_key"] == "target", "unit_code"])
    assert targets == LETTER_417_TARGETS  # none of the six met the standard in Feb 2020
    assert {c.key: c.count for c in f.classes} == {"recognised": 52, "target": 6, "not_yet": 76, "no_data": 0}
    assert any("năm 2020" in c.label for c in f.classes)
    before = _frame(bundled_con, "2019-12", "ntm_status")  # the letter came later: no target class yet
    assert "target" not in {c.key for c in before.classes}
    end = _frame(bundled_con, "2020-12", "ntm_status")
    assert {c.key: c.count for c in end.classes}["recognised"] == 61  # 61/127 at the end of 2020


def test_tooltip_names_the_missing_criteria(bundled_con):
    f = _frame(bundled_con, "2020-02").units.set_index("unit_id")
    unmet = db.query(
        bundled_con,
        "SELECT cs.criterion_code, c.name_vi FROM commune_status cs JOIN criteria c "
        "ON c.criterion_code = cs.criterion_code AND c.set_id = 'QD1980_2016' "
        "WHERE cs.period_id = '2020-02' AND cs.unit_id = '02752' AND NOT cs.met "
        "ORDER BY c.sort_order",
    )
    tip = f.loc["02752", "tip"]
    assert "Pha Long" in tip and "Mường Khương" in tip
    met = 19 - len(unmet)
    assert f"Tiêu chí đạt: {met}/19" in tip
    assert (
        f"Còn thiếu ({len(unmet)}): " + "; ".join(f"{c}. {n}" for c, n in zip(unmet.criterion_code, unmet.name_vi))
        in tip
    )
    assert "Xã phấn đấu đạt chuẩn năm 2020" in tip  # status in words, not colour alone


def test_criterion_layer_counts_match_the_achievement_table(bundled_con):
    ach = metrics.criteria_achievement(bundled_con, Scope("2020-12")).set_index("criterion_code")
    f = _frame(bundled_con, "2020-12", "criterion", criterion="10")
    counts = {c.key: c.count for c in f.classes}
    assert counts["met"] == ach.loc["10", "communes_met"] and counts["met"] + counts["not_met"] == 127
    codes, labels, least = choropleth.criterion_choices(bundled_con, Scope("2020-12"))
    assert least == ach.sort_values(["communes_met", "sort_order"]).index[0] and len(codes) == 19


@pytest.mark.parametrize("kind,column", [("district_pct", "pct"), ("district_avg", "avg_criteria")])
def test_district_layers_colour_each_district_by_its_figure(bundled_con, kind, column):
    f = _frame(bundled_con, "2020-02", kind)
    table = metrics.district_table(bundled_con, Scope("2020-02")).set_index("district_code")
    values = table[column].tolist()
    breaks = choropleth.nice_breaks(values)
    if column == "pct":  # the 28% target of 02/2020 (targets.csv) is a class bound
        breaks = choropleth.with_break_at(breaks, 28)
    for d, v in table[column].items():
        keys = set(f.units.loc[f.units["district_code"] == d, "class_key"])
        assert keys == {f"class_{choropleth.class_of(v, breaks)}"}
    assert sum(c.count for c in f.classes) == 9
    assert f.districts.set_index("district_code").loc["089", "value_text"]


def test_choosing_districts_dims_the_rest_and_zooms_to_them(bundled_con):
    f = _frame(bundled_con, "2020-02", districts=("089",))
    inside = f.units[f.units["in_scope"]]
    assert set(inside["district_code"]) == {"089"} and len(f.units) == 134
    assert sum(c.count for c in f.classes) == len(inside)
    minx, miny, maxx, maxy = inside.total_bounds
    assert f.bounds == pytest.approx((minx, miny, maxx, maxy)) and f.dimmed


# ---- folium HTML: offline and escaped -----------------------------------------------------------


def _html(frame) -> str:
    m = folium_map.build_map(frame)
    return m.get_root().render()


def test_map_html_loads_nothing_from_outside(bundled_con):
    html = _html(_frame(bundled_con, "2020-12"))
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    sheets = re.findall(r"<link[^>]*\shref=\"([^\"]+)\"", html)
    assert scripts == ["/app/static/leaflet/leaflet.js"]  # no jQuery, Bootstrap, awesome-markers, d3
    assert sheets == ["/app/static/leaflet/leaflet.css"]
    assert (config.ROOT / "static/leaflet/leaflet.js").exists() and (
        config.ROOT / "static/leaflet/images/layers.png"
    ).exists()


def test_template_syntax_in_a_name_reaches_the_map_as_text(bundled_con):
    """Rendered scripts join the page as text: branca used to read each one again as a jinja template."""
    f = _frame(bundled_con, "2020-02")
    f.units.loc[f.units.index[0], "tip"] = "{{ 7 * 7 }} {% if true %}x{% endif %}"
    html = _html(f)
    assert "{{ 7 * 7 }} {% if true %}x{% endif %}" in html and '"tip": "49' not in html


def test_a_frame_serialises_its_outlines_once_and_every_map_of_it_sends_the_same(bundled_con):
    f = _frame(bundled_con, "2026-06")
    first, second = _html(f), _html(f)
    strip = lambda h: re.sub(r"_[0-9a-f]{32}", "", h)  # noqa: E731 (element ids differ per map)
    assert strip(first) == strip(second)
    assert set(f.drawn) >= {"communes", "districts", "background", "labels"}
    features = json.loads(f.drawn["communes"])
    assert len(features["features"]) == len(f.units) == 89
    assert f.drawn["communes"] in first  # the serialised text itself is what the page holds


def test_borders_send_an_edge_two_squares_share_once():
    left = shapely.box(0, 0, 1, 1)
    right = shapely.box(1, 0, 2, 1)
    lines = layers.borders([left, right])
    # 8 unit edges drawn as two outlines, the shared one (x = 1) twice: 7 as borders
    assert lines.length == pytest.approx(7.0)
    assert shapely.equals(lines, shapely.union_all([left.boundary, right.boundary]))
    assert layers.borders([]) is None


@pytest.mark.parametrize("period, districts", [("2026-06", ()), ("2026-06", ("086", "137")), ("2020-02", ("089",))])
def test_the_page_map_draws_the_same_district_lines_with_fewer_points(bundled_con, period, districts):
    f = _frame(bundled_con, period, districts=districts)
    drawn = dict(f.district_borders)
    for chosen in (True, False):
        outlines = f.districts.loc[f.districts["in_scope"] == chosen, "geometry"]
        if outlines.empty:
            assert chosen not in drawn
            continue
        whole = shapely.union_all(outlines.boundary.values)
        # every vertex kept as it was (no new point, none rounded): the lines lie on the outlines and cover them
        assert shapely.hausdorff_distance(drawn[chosen], whole) < 1e-9
        assert set(map(tuple, shapely.get_coordinates(drawn[chosen]))) == set(
            map(tuple, shapely.get_coordinates(outlines.values))
        )
        sent, before = shapely.get_num_coordinates(drawn[chosen]), shapely.get_num_coordinates(outlines.values).sum()
        assert sent <= before  # as many where no two outlines touch (086 of Lào Cai, 137 of Yên Bái)
        if len(outlines) > 2:
            assert sent < before  # neighbours: each shared border once
    assert list(drawn) == ([False, True] if districts else [True])  # the chosen ones drawn last, on top


def test_only_commune_polygons_are_interactive(bundled_con):
    f = _frame(bundled_con, "2020-12")
    html = _html(f)
    assert html.count('"unit_id": "') == 127
    assert html.count('interactive": false') >= 2  # wards/towns and district outlines never take a click


@pytest.fixture(scope="module")
def xss_con(tmp_path_factory):
    path = map_xss.build_db(tmp_path_factory.mktemp("xss"))
    con = db.connect(path)
    yield con
    con.close()


def _unjson(text: str) -> str:
    """Undo the \\u003c-style escapes folium's tojson applies, to see the HTML the browser will parse."""
    return text.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&").replace("\\u0027", "'")


def test_names_are_escaped_in_tooltips_labels_and_legend(xss_con):
    f = choropleth.build_frame(xss_con, Scope("2020-02"), "ntm_status")
    row = f.units.set_index("unit_id").loc[map_xss.UNIT]
    assert row["unit_name"] == map_xss.EVIL
    assert map_xss.ESCAPED in row["tip"] and map_xss.EVIL not in row["tip"]
    assert row["label"] == map_xss.ESCAPED
    html = _unjson(_html(f))
    assert map_xss.ESCAPED in html
    assert "<img src=x" not in html


def test_static_png_draws_the_same_layers(bundled_con, tmp_path):
    buf = io.BytesIO()
    data = static_map.render_png(bundled_con, Scope("2020-12"), "ntm_status", buf)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and buf.getvalue() == data
    path = tmp_path / "map.png"
    static_map.render_png(bundled_con, Scope("2020-02", ("088", "089")), "district_pct", path, lang="en")
    from PIL import Image

    with Image.open(path) as img:
        assert img.size == (1800, 1125)  # 12 x 7.5 in at 150 dpi
    for kind in choropleth.LAYER_KINDS:  # every layer draws; a small picture is enough to say so
        assert static_map.render_png(bundled_con, Scope("2019-12"), kind, dpi=30)[:4] == b"\x89PNG"


def test_period_without_a_layer_has_no_map(mini_con):
    assert choropleth.build_frame(mini_con, Scope("2019-12")) is None
    with pytest.raises(ValueError, match="chưa có lớp ranh giới"):
        static_map.render_png(mini_con, Scope("2019-12"))


def test_legend_lists_every_class_with_its_count(bundled_con):
    f = _frame(bundled_con, "2020-12")
    legend = folium_map.legend_html(f)
    for c in f.classes:
        assert f'{c.label} <span class="n">({c.count})</span>' in legend
    assert "ranh giới gần đúng (18)" in legend  # 10 Sa Pa xã + 8 partial transfers in the 2020 layer
    json.dumps(legend)  # plain string


def test_an_encoded_polyline_is_googles_and_decodes_back():
    """The example of Google's description of the algorithm: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453)."""
    points = [(-120.2, 38.5), (-120.95, 40.7), (-126.453, 43.252)]  # (lng, lat), as GeoJSON writes them
    assert encoded.encode_line(points) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert encoded.decode_line("_p~iF~ps|U_ulLnnqC_mqNvxq`@") == [list(p) for p in points]
    assert encoded.encoded({"type": "Point", "coordinates": [104.1, 22.3]}) == {
        "type": "Point",
        "coordinates": [104.1, 22.3],
    }


@pytest.mark.parametrize("period", ["2020-02", "2026-06"])
def test_the_map_sends_every_outline_encoded_and_exactly(bundled_con, period):
    """Each commune of the map's script decodes to its outline's coordinates, point for point (5 decimals both), and
    the page is much smaller for it (the browser tests draw and click the decoded polygons)."""
    f = _frame(bundled_con, period)
    m = folium_map.build_map(f)
    page = m.get_root().render()
    assert "window.ntm_decode = function" in page and page.count("_add(window.ntm_decode(") == 3
    sent = json.loads(f.drawn["communes"])["features"]
    assert [s["id"] for s in sent] == f.units["unit_id"].tolist()
    for s, geometry in zip(sent, f.units.geometry):
        exact = layers.geo_interface(geometry)
        rings = s["geometry"]["encoded"] if exact["type"] == "MultiPolygon" else [s["geometry"]["encoded"]]
        shapes = exact["coordinates"] if exact["type"] == "MultiPolygon" else [exact["coordinates"]]
        for polygon, expected in zip(rings, shapes, strict=True):
            assert [encoded.decode_line(r) for r in polygon] == expected
    assert len(page) < 160_000  # 253 KB (2020-02) and 278 KB (2026-06) with the coordinates written out


def test_a_tooltip_names_the_communes_area_under_the_scopes_grouping(bundled_con):
    """Districts end on 30/06/2025: a 2026 commune's tooltip names its former district or former province, with the
    grouping's own word (data), never 'Huyện'."""
    tip = lambda scope: _frame(bundled_con, scope.period_id, districts=scope.areas).units.tip  # noqa: E731
    assert tip(Scope("2020-02")).str.contains("<br>Huyện: ").all()
    assert tip(Scope("2026-06")).str.contains("<br>Huyện cũ: ").all()
    by_province = choropleth.build_frame(bundled_con, Scope("2026-06", grouping="former_province")).units.tip
    assert set(by_province.str.extract(r"<br>Tỉnh cũ: ([^<]+)<br>")[0]) == {"Lào Cai (cũ)", "Yên Bái (cũ)"}
