"""Boundary layers read from the reference folder, simplified once, cached in geo/cache/ (git-ignored),
and joined to the database's unit versions by official code, never by name.

Which layer a period uses is data (``periods.boundary_layer``), and so are the area outlines drawn over it for
each grouping (``area_layers``: former districts or former provinces over the 2025 layer), joined by code. A
unit of a period's base that has no feature of its own in that layer gets the best geometry there is, and is
flagged approximate:
the union of its predecessors (lineage edges into it, e.g. the new Sa Pa xã of 2020), else the
feature of the unit it continues as (xã Si Ma Cai, February 2020). Features the source itself marks
``boundary_exact = false`` are approximate too.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.encoded import encoded
from ntm.data import config
from ntm.measures import queries

SIMPLIFY_TOLERANCE = 0.0005  # degrees (~50 m): the source is already coarse, this only trims noise
PRECISION = 1e-5  # coordinates rounded to 5 decimals (~1 m): smaller payload, same picture
CACHE_VERSION = "4"  # bump when the processing below changes (4: outlines kept encoded)

# reasons a unit's outline is approximate (keys of i18n texts approx_*)
NOT_EXACT, FROM_PREDECESSORS, FROM_SUCCESSOR = "not_exact", "from_predecessors", "from_successor"


@dataclass(frozen=True)
class LayerSpec:
    """Where a layer's files are and how its features name units."""

    name: str
    communes_file: str
    districts_files: tuple[str, ...]  # the (former) districts drawn over the communes
    district_key: str  # district code column of the districts files
    feature_key: str  # a unit_id of the database (2019 GSO code)
    current_code: str | None  # if set and filled: the code of the unit version in force on `vintage`
    exact_flag: str | None  # boolean column, false where the source could not draw the unit exactly
    vintage: date | None = None  # the day the layer's current codes refer to (codes are re-used later)


LAYERS = {
    "2019": LayerSpec(
        "2019",
        "laocai_communes.geojson",
        ("laocai_districts.geojson",),
        "district_code",
        feature_key="commune_code",
        current_code=None,
        exact_flag=None,
    ),
    "2020_approx": LayerSpec(
        "2020_approx",
        "laocai_communes_2020_approx.geojson",
        ("laocai_districts_2020_approx.geojson",),
        "district_code_2020",
        feature_key="unit_key",
        current_code="code_2020",
        exact_flag="boundary_exact",
        vintage=date(2020, 3, 1),
    ),
    "yenbai_2019": LayerSpec(
        "yenbai_2019",
        "yenbai_communes.geojson",
        ("yenbai_districts.geojson",),
        "district_code",
        feature_key="commune_code",
        current_code=None,
        exact_flag=None,
    ),
    # the 99 units of 01/07/2025, outlines put together from 2019 polygons; the former districts of both old
    # provinces drawn over them (their 2019 outlines)
    "2025": LayerSpec(
        "2025",
        "laocai2025_communes.geojson",
        ("laocai_districts.geojson", "yenbai_districts.geojson"),
        "district_code",
        feature_key="new_code",
        current_code="new_code",
        exact_flag="boundary_exact",
        vintage=date(2025, 7, 1),
    ),
}


@dataclass(frozen=True)
class Boundaries:
    """One layer, normalised: communes (feature_key, current_code, exact, geometry) and districts."""

    layer: str
    communes: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame


@dataclass(frozen=True)
class PeriodGeometry:
    """The outlines a period's map draws.

    units: one row per unit of the period's base that has a geometry (unit_id, approximate, reason).
    missing: base units with no geometry at all (drawn nowhere; the page lists them).
    background: features of the layer no base unit uses (phường, thị trấn): drawn grey, not clickable.
    """

    period_id: str
    layer: str
    units: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    background: gpd.GeoDataFrame
    missing: list[str] = field(default_factory=list)
    unmatched_features: list[str] = field(default_factory=list)


def _source_paths(spec: LayerSpec, ref: Path) -> list[Path]:
    paths = [ref / "geo" / f for f in (spec.communes_file, *spec.districts_files)]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(
                f"Không tìm thấy tệp ranh giới {p}. "
                "Đặt biến NTM_REF_DIR trỏ tới thư mục chứa 'geo/' (mặc định ../shared)."
            )
    return paths


def _cache_file(spec: LayerSpec, paths: list[Path]) -> Path:
    digest = hashlib.sha256(f"{CACHE_VERSION}|{SIMPLIFY_TOLERANCE}|{PRECISION}".encode())
    for p in paths:
        digest.update(p.read_bytes())
    return config.GEO_CACHE_DIR / f"{spec.name}-{digest.hexdigest()[:12]}.parquet"


def _tidy(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Coverage-preserving simplification (shared borders stay shared), then 5-decimal coordinates."""
    simplified = shapely.coverage_simplify(geoms.values, SIMPLIFY_TOLERANCE)
    return gpd.GeoSeries(shapely.set_precision(simplified, PRECISION), index=geoms.index, crs=geoms.crs)


def borders(outlines) -> shapely.Geometry | None:
    """The edges of polygons (outlines) as lines, each edge once: two neighbours share theirs (the simplification
    keeps shared borders shared), so drawing the polygons' outlines sends each border twice. Same vertices,
    nothing rounded, merged into as few lines as the edges allow; None for no polygon."""
    rings = shapely.get_rings(shapely.get_parts(np.asarray(outlines, dtype=object)))
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    if not len(coords):
        return None
    same_ring = ring_of[1:] == ring_of[:-1]
    a, b = coords[:-1][same_ring], coords[1:][same_ring]
    forward = (a[:, 0] < b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] <= b[:, 1]))
    edges = np.unique(np.where(forward[:, None], np.hstack([a, b]), np.hstack([b, a])), axis=0)
    edges = edges[(edges[:, 0] != edges[:, 2]) | (edges[:, 1] != edges[:, 3])]  # a repeated vertex draws nothing
    return shapely.line_merge(shapely.multilinestrings(shapely.linestrings(edges.reshape(-1, 2, 2))))


def geo_interface(g) -> dict:
    """g.__geo_interface__ with its coordinates as lists made by numpy: shapely builds the tuples point by point. The
    same numbers, so the same JSON; other kinds as shapely gives them."""
    kind = g.geom_type
    if g.is_empty:
        return g.__geo_interface__
    if kind == "Polygon":
        return {"type": kind, "coordinates": _rings(g)}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [_rings(part) for part in g.geoms]}
    if kind == "LineString":
        return {"type": kind, "coordinates": np.asarray(g.coords).tolist()}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [np.asarray(part.coords).tolist() for part in g.geoms]}
    return g.__geo_interface__


def _rings(polygon) -> list:
    return [np.asarray(ring.coords).tolist() for ring in (polygon.exterior, *polygon.interiors)]


def geometry_json(g) -> str:
    """A geometry's GeoJSON as the map sends it (outlines encoded, geo.encoded; sorted keys): made once when a layer
    is simplified and kept with it on disk, so a map only splices it in (serialising the merged province's outlines
    on every new map cost its first run a twentieth). Encoded characters need no escaping inside a <script>."""
    return json.dumps(encoded(geo_interface(g)), sort_keys=True)


def _read_sources(spec: LayerSpec, paths: list[Path]) -> gpd.GeoDataFrame:
    """The files of a layer in one frame (kind = commune / district), simplified and rounded."""
    com = gpd.read_file(paths[0])
    dis = pd.concat([gpd.read_file(p)[[spec.district_key, "geometry"]] for p in paths[1:]], ignore_index=True)
    exact = com[spec.exact_flag].astype(bool) if spec.exact_flag else True
    current = com[spec.current_code] if spec.current_code else None
    communes = gpd.GeoDataFrame(
        {
            "kind": "commune",
            "feature_key": com[spec.feature_key].astype(str).str.zfill(5),
            "current_code": current.map(lambda c: str(c).zfill(5) if isinstance(c, str) and c else None)
            if current is not None
            else None,
            "exact": exact,
            "geometry": _tidy(com.geometry),
        },
        crs="EPSG:4326",
    )
    communes["geojson"] = [geometry_json(g) for g in communes.geometry]  # the units' outlines, as maps send them
    districts = gpd.GeoDataFrame(
        {
            "kind": "district",
            "feature_key": dis[spec.district_key].astype(str).str.zfill(3),
            "current_code": None,
            "exact": True,
            "geometry": _tidy(dis.geometry),
        },
        crs="EPSG:4326",
    )
    return pd.concat([communes, districts], ignore_index=True)


def _write_cache(frame: gpd.GeoDataFrame, cache: Path) -> None:
    """Best effort: a read-only checkout still draws maps, it just simplifies again next start."""
    tmp = cache.with_name(f"{cache.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(tmp)
        os.replace(tmp, cache)  # atomic: a concurrent reader never sees half a file
    except OSError:
        tmp.unlink(missing_ok=True)


@lru_cache(maxsize=8)
def _boundaries(layer: str, ref: str) -> Boundaries:
    spec = LAYERS[layer]
    paths = _source_paths(spec, Path(ref))
    cache = _cache_file(spec, paths)
    if cache.exists():
        frame = gpd.read_parquet(cache)
    else:
        frame = _read_sources(spec, paths)
        _write_cache(frame, cache)
    communes = frame[frame["kind"] == "commune"].drop(columns="kind").reset_index(drop=True)
    districts = frame[frame["kind"] == "district"][["feature_key", "geometry"]]
    districts = districts.rename(columns={"feature_key": "district_code"}).reset_index(drop=True)
    return Boundaries(layer, communes, districts)


def load_boundaries(layer: str, ref: Path | None = None) -> Boundaries:
    """A layer by name (see LAYERS), from the cache when its sources have not changed."""
    if layer not in LAYERS:
        raise KeyError(f"Lớp ranh giới '{layer}' không tồn tại. Các lớp: {', '.join(LAYERS)}")
    return _boundaries(layer, str((ref or config.ref_dir()).resolve()))


def period_layer(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The boundary layer a period is drawn with (None: the period has no map)."""
    rows = queries.period_layer(con, period_id)
    if rows.empty:
        raise KeyError(f"Không có kỳ báo cáo '{period_id}'")
    value = rows.iloc[0, 0]
    return value if isinstance(value, str) and value else None


def feature_units(con: duckdb.DuckDBPyConnection, boundaries: Boundaries) -> pd.Series:
    """unit_id of each commune feature (index = feature_key); NaN where no unit version matches.

    A feature carrying a current code maps to the unit version with that code in force on the layer's
    vintage day (codes are re-used: 02680 is a 2020 xã and a 2025 xã); otherwise its key is a unit_id.
    """
    units = queries.units(con)
    spec = LAYERS[boundaries.layer]
    day = pd.Timestamp(spec.vintage) if spec.vintage else None
    starts, ends = pd.to_datetime(units["valid_from"]), pd.to_datetime(units["valid_to"])
    in_force = (starts.isna() | (starts <= day)) & (ends.isna() | (ends >= day)) if day else ends.isna()
    current = units[in_force].drop_duplicates("unit_code").set_index("unit_code")["unit_id"]
    known = set(units["unit_id"])
    com = boundaries.communes
    has_code = com["current_code"].notna().any()
    by_code = com["current_code"].map(current) if has_code else pd.Series(None, index=com.index)
    by_key = com["feature_key"].where(com["feature_key"].isin(known))
    unit_id = by_code.where(com["current_code"].notna(), by_key)
    return pd.Series(unit_id.values, index=com["feature_key"].values, name="unit_id")


@lru_cache(maxsize=16)
def _area_outlines(files: tuple[str, ...], key: str, ref: str) -> gpd.GeoDataFrame:
    paths = [Path(ref) / "geo" / f for f in files]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(
                f"Không tìm thấy tệp ranh giới {p}. "
                "Đặt biến NTM_REF_DIR trỏ tới thư mục chứa 'geo/' (mặc định ../shared)."
            )
    spec = LayerSpec(f"areas-{key}", files[0], files[1:], key, key, None, None)
    cache = _cache_file(spec, paths)
    if cache.exists():
        return gpd.read_parquet(cache)
    frame = pd.concat([gpd.read_file(p)[[key, "geometry"]] for p in paths], ignore_index=True)
    out = gpd.GeoDataFrame(
        {"district_code": frame[key].astype(str).str.strip(), "geometry": _tidy(frame.geometry)}, crs="EPSG:4326"
    )
    _write_cache(out, cache)
    return out


def area_outlines(
    con: duckdb.DuckDBPyConnection, boundaries: Boundaries, grouping: str, ref: Path | None = None
) -> gpd.GeoDataFrame:
    """The outlines of the areas of a grouping over a layer (district_code = the area's id): the files data names
    for the layer and grouping (area_layers), else the layer's own district outlines."""
    rows = queries.area_layer(con, boundaries.layer, grouping)
    keys = set(rows["area_key"])
    if rows.empty or len(keys) != 1:
        return boundaries.districts
    return _area_outlines(tuple(rows["file"]), keys.pop(), str((ref or config.ref_dir()).resolve()))


def period_geometry(
    con: duckdb.DuckDBPyConnection, period_id: str, ref: Path | None = None, grouping: str | None = None
) -> PeriodGeometry | None:
    """The outlines of every unit of the period's base, by code, with the approximate ones flagged, and the
    outlines of the areas of the grouping (default: the period's)."""
    layer = period_layer(con, period_id)
    if layer is None:
        return None
    b = load_boundaries(layer, ref)
    areas = area_outlines(con, b, grouping or queries.default_grouping(con, period_id), ref)
    com = b.communes.assign(unit_id=feature_units(con, b).values)
    base = queries.period_base(con, period_id)
    geom_of = dict(zip(com["unit_id"].dropna(), com.loc[com["unit_id"].notna(), "geometry"]))
    exact_of = dict(zip(com["unit_id"].dropna(), com.loc[com["unit_id"].notna(), "exact"]))
    json_of = dict(zip(com["unit_id"].dropna(), com.loc[com["unit_id"].notna(), "geojson"]))
    lineage = queries.lineage(con)
    rows, missing, used = [], [], set()
    for unit in base:
        if unit in geom_of:
            rows.append((unit, geom_of[unit], not exact_of[unit], None if exact_of[unit] else NOT_EXACT, json_of[unit]))
            used.add(unit)
            continue
        preds = [u for u in lineage.loc[lineage["to_unit_id"] == unit, "from_unit_id"] if u in geom_of]
        succ = [
            u
            for u in lineage.loc[(lineage["from_unit_id"] == unit) & (lineage["kind"] == "continues_as"), "to_unit_id"]
            if u in geom_of
        ]
        if preds:
            union = shapely.union_all([geom_of[u] for u in preds])
            rows.append((unit, union, True, FROM_PREDECESSORS, geometry_json(union)))
            used.update(preds)
        elif succ:
            rows.append((unit, geom_of[succ[0]], True, FROM_SUCCESSOR, json_of[succ[0]]))
            used.add(succ[0])
        else:
            missing.append(unit)
    units = gpd.GeoDataFrame(
        rows,
        columns=["unit_id", "geometry", "approximate", "approx_reason", "geojson"],
        geometry="geometry",
        crs="EPSG:4326",
    )
    background = com[~com["unit_id"].isin(used)][["feature_key", "geometry", "geojson"]].reset_index(drop=True)
    unmatched = com.loc[com["unit_id"].isna(), "feature_key"].tolist()
    return PeriodGeometry(period_id, layer, units, areas, background, missing, unmatched)
