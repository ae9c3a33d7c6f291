"""Maps at national scale: provinces of the country coloured by their share of xã meeting NTM, and the
communes of one province. Drawn offline with the same leaflet as the province map (geo.folium_map).

Outlines come from the reference folder only (config.ref_dir()): the 63 provinces of 2019 and the national
light commune layer (crude outlines, a stress-test layer). They are joined to the data by official code; a
province or commune after the 2025 merger is the union of its former ones, found through the code crosswalk,
never by name. Geometry is simplified and rounded so that the country stays under 1 MB and one province's
communes under 400 KB (bench/bench_national.py measures both).
"""

from __future__ import annotations

import html
import json
from datetime import date
from functools import lru_cache

import duckdb
import folium
import geopandas as gpd
import pandas as pd
from shapely import set_precision

from geo.choropleth import NO_DATA_FILL, class_of, nice_breaks, palette
from geo.folium_map import HATCH, OfflineMap, Script
from ntm.data import config, national_units
from ntm.locale import fmt
from ntm.measures import metrics, national

COMMUNES_GEO = "geo/vn_communes_2019_light.geojson"
PROVINCE_TOLERANCE = 0.01  # degrees (about 1 km): the country at one glance
COMMUNE_TOLERANCE = 0.002  # about 200 m: one province's communes
GRID = 1e-4  # coordinates rounded to 4 decimals (about 10 m)


def _tidy(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    geom = frame.geometry.simplify(tolerance, preserve_topology=True)
    return frame.set_geometry(set_precision(geom.values, GRID))


@lru_cache(maxsize=2)
def _crosswalk() -> pd.DataFrame:
    return national_units.read_crosswalk(config.ref_dir() / config.NATIONAL_CROSSWALK_FILE)


@lru_cache(maxsize=4)
def province_shapes(after_merger: bool) -> gpd.GeoDataFrame:
    """Province outlines keyed by province id: the 63 of 2019, or the 34 of 2025 as unions by the crosswalk."""
    gdf = gpd.read_file(config.ref_dir() / config.NATIONAL_PROVINCES_GEO)[["province_code", "geometry"]]
    gdf["province_code"] = gdf["province_code"].str.zfill(2)
    if after_merger:
        to_new = _crosswalk().drop_duplicates("old_province_code").set_index("old_province_code")["new_province_code"]
        gdf = gdf.assign(province_code=gdf["province_code"].map(to_new)).dissolve("province_code").reset_index()
        gdf["province_id"] = gdf["province_code"].map(national_units.new_province_id)
    else:
        gdf["province_id"] = gdf["province_code"]
    return _tidy(gdf, PROVINCE_TOLERANCE)


@lru_cache(maxsize=8)
def commune_shapes(province_code: str, after_merger: bool) -> gpd.GeoDataFrame:
    """Commune outlines of one province keyed by unit code (2019 codes; after the merger, unions by the
    crosswalk's old code -> new code). Codes the crosswalk does not know are left out (drawn as background)."""
    cw = _crosswalk()
    column = "new_province_code" if after_merger else "old_province_code"
    mine = cw[cw[column] == province_code]
    gdf = gpd.read_file(config.ref_dir() / COMMUNES_GEO, columns=["commune_code"])
    gdf = gdf[gdf["commune_code"].isin(set(mine["old_code"]))]
    if after_merger:
        to_new = mine.drop_duplicates("old_code").set_index("old_code")["new_code"]
        gdf = gdf.assign(unit_code=gdf["commune_code"].map(to_new)).dissolve("unit_code").reset_index()
    else:
        gdf = gdf.rename(columns={"commune_code": "unit_code"})
    return _tidy(gdf[["unit_code", "geometry"]], COMMUNE_TOLERANCE)


def _map(gdf: gpd.GeoDataFrame, values: pd.Series, tips: pd.Series, title: str, lang: str) -> folium.Map:
    """A choropleth of gdf (indexed like values, in %) with a plain-HTML legend, no tiles, nothing from a CDN."""
    breaks = nice_breaks(list(values.dropna()), 5) if values.notna().any() else [0, 100]
    colours = palette(max(len(breaks) - 1, 1))
    fills = [NO_DATA_FILL if pd.isna(v) else colours[class_of(v, breaks) or 0] for v in values]
    minx, miny, maxx, maxy = gdf.total_bounds
    m = OfflineMap(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=6, tiles=None, keyboard=False)
    features = json.loads(gdf.geometry.to_json(drop_id=True))["features"]
    for f, fill, tip in zip(features, fills, tips):
        f["properties"] = {"tip": tip, "fill": fill}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=None,
        control=False,
        tooltip=folium.GeoJsonTooltip(["tip"], labels=False),
    ).add_to(m)
    # after the layer, in the map's own script: run before the map exists, it stopped the script and nothing was drawn
    Script(
        f"if (!document.getElementById('ntm-no-data')) {{ document.body.insertAdjacentHTML('beforeend', "
        f"{json.dumps(HATCH)}); }}\n"
        f"{m.get_name()}.eachLayer(function(l) {{ if (l.feature) l.setStyle({{fillColor: l.feature.properties.fill,"
        " fillOpacity: 0.85, color: '#555', weight: 0.6}); });"
    ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    legend = "".join(
        f'<div><span style="background:{c};display:inline-block;width:14px;height:10px"></span> '
        f"{fmt.number(lo, 0, lang)}–{fmt.number(hi, 0, lang)}%</div>"
        for c, lo, hi in zip(colours, breaks[:-1], breaks[1:])
    )
    m.get_root().html.add_child(folium.Element(f'<div class="ntm-legend"><b>{html.escape(title)}</b>{legend}</div>'))
    return m


def province_map(con: duckdb.DuckDBPyConnection, day: date, title: str, lang: str = "vi") -> folium.Map:
    """Every province at a date, coloured by its share of xã meeting NTM (national.ranking), joined by code."""
    table = national.ranking(con, day, lang).table.set_index("district_code")
    gdf = province_shapes(day >= national_units.MERGER_DAY)
    pct = gdf["province_id"].map(table["pct"])
    tips = [
        html.escape(
            f"{table.loc[p, 'district_name']}: {table.loc[p, 'recognised']}/{table.loc[p, 'base']} "
            f"({fmt.percent(table.loc[p, 'pct'], 1, lang)})"
        )
        if p in table.index
        else ""
        for p in gdf["province_id"]
    ]
    return _map(gdf, pct, pd.Series(tips), title, lang)


def commune_map(con: duckdb.DuckDBPyConnection, period_id: str, title: str, lang: str = "vi") -> folium.Map | None:
    """The communes of one province's period, coloured by criteria met (% of the set), joined by code."""
    per = metrics.periods(con).set_index("period_id")
    if period_id not in per.index:
        return None
    province_id = per.loc[period_id, "province_id"]
    after = "-" in province_id
    scores = metrics.commune_scores(con, metrics.Scope(period_id)).set_index("unit_code")
    gdf = commune_shapes(province_id.split("-")[0], after)
    if gdf.empty:
        return None
    share = gdf["unit_code"].map(100 * scores["met_count"] / scores["n_criteria"].where(scores["n_criteria"] > 0))
    tips = [
        html.escape(f"{scores.loc[c, 'unit_name']}: {scores.loc[c, 'met_count']}/{scores.loc[c, 'n_criteria']}")
        if c in scores.index
        else ""
        for c in gdf["unit_code"]
    ]
    return _map(gdf, share, pd.Series(tips), title, lang)


def payload_bytes(m: folium.Map) -> int:
    """Size of the HTML document the browser receives for a map."""
    return len(m.get_root().render().encode())


def province_map_html(con: duckdb.DuckDBPyConnection, day: date, title: str, lang: str = "vi") -> str:
    """province_map() as the HTML document the browser receives (a string a page may cache and share)."""
    return province_map(con, day, title, lang).get_root().render()


def commune_map_html(con: duckdb.DuckDBPyConnection, period_id: str, title: str, lang: str = "vi") -> str | None:
    """commune_map() as the HTML document the browser receives, or None without outlines."""
    m = commune_map(con, period_id, title, lang)
    return None if m is None else m.get_root().render()
