"""What a map shows, independent of how it is drawn: each commune's class and colour, the legend (class
bounds and counts), escaped tooltips and labels, the dimmed districts, the approximate outlines.

folium_map (the page) and static_map (PNG for reports and slides) both draw a MapFrame, so the two
pictures cannot disagree. Every text that ends up in HTML is escaped here, once.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from geo import layers
from ntm.figures.palette import BLUE, ORANGE, VERMILION
from ntm.figures.palette import MAP_GREY as GREY
from ntm.locale import fmt
from ntm.locale.i18n import local, t
from ntm.measures import commune_card as cards
from ntm.measures import metrics, queries
from ntm.measures.analysis import band_of

LAYER_KINDS = ("criteria_met", "ntm_status", "criterion", "district_pct", "district_avg")
DISTRICT_KINDS = ("district_pct", "district_avg")

# ColorBrewer YlGnBu, light -> dark: safe for colour-blind readers and readable in grey print.
SEQUENTIAL = {
    1: ["#2c7fb8"],
    2: ["#a1dab4", "#2c7fb8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
# Categories take the Okabe–Ito colours of ntm.figures.palette; status is also spelled out in legend and tooltip.

NO_DATA_FILL = "url(#ntm-no-data)"  # an SVG hatch pattern defined by folium_map; static_map hatches it
NO_DATA_KEY = "no_data"


@dataclass(frozen=True)
class MapClass:
    """One legend entry: key, label (plain text, not escaped), colour, how many units it holds."""

    key: str
    label: str
    color: str
    count: int = 0
    hatch: bool = False


@dataclass
class MapFrame:
    """Everything a map of one layer, period and scope needs. units: one row per unit of the base."""

    period_id: str
    kind: str
    lang: str
    title: str
    legend_title: str
    classes: list[MapClass]
    units: gpd.GeoDataFrame  # unit_id, name, district, class_key, color, in_scope, approximate, tip, label...
    districts: gpd.GeoDataFrame  # district_code, district_name, in_scope, label, geometry
    background: gpd.GeoDataFrame  # features no base unit uses (wards, towns)
    bounds: tuple[float, float, float, float]  # of the chosen districts' units (minx, miny, maxx, maxy)
    layer: str
    approximate: pd.DataFrame  # unit_id, unit_name, reason_text
    missing_geometry: list[str] = field(default_factory=list)
    illustrative: bool = False
    dimmed: bool = False
    # what a drawing derives from the frame (GeoJSON, labels), kept with it: frames are cached and shared by runs
    drawn: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def district_borders(self) -> list[tuple[bool, shapely.Geometry]]:
        """(in_scope, lines) of the district outlines, each border once per look, the dimmed ones first so that a
        border of a chosen district is drawn as the chosen one's: what the page's map sends (a merged province's
        18 outlines sent as polygons held every shared border twice). The map keeps its GeoJSON in `drawn`."""
        out = []
        for in_scope in (False, True):
            lines = layers.borders(self.districts.loc[self.districts["in_scope"] == in_scope, "geometry"].values)
            if lines is not None:
                out.append((in_scope, lines))
        return out


# ---- class bounds -----------------------------------------------------------------------------


def palette(k: int) -> list[str]:
    """k sequential colours, light to dark."""
    if k not in SEQUENTIAL:
        raise ValueError(f"Không có bảng màu cho {k} lớp (tối đa {max(SEQUENTIAL)})")
    return SEQUENTIAL[k]


def nice_breaks(values: list[float], k: int = 5) -> list[float]:
    """Round class bounds covering values in at most k equal classes (steps 1, 2, 2.5, 5 x 10^n).

    [12.3, 16.8] -> [12, 13, 14, 15, 16, 17]; [0, 71.4] -> [0, 20, 40, 60, 80]. One value -> [v, v].
    """
    vals = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not vals:
        return []
    lo, hi = min(vals), max(vals)
    if hi == lo:
        return [lo, hi]
    raw = (hi - lo) / k
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        step = m * mag
        if step < raw * (1 - 1e-9):
            continue
        start = math.floor(lo / step + 1e-9) * step
        n = max(1, math.ceil((hi - start) / step - 1e-9))
        if n <= k:
            return [round(start + i * step, 9) for i in range(n + 1)]
    raise AssertionError("unreachable: a step of 100 x magnitude always fits")


def with_break_at(breaks: list[float], at: float | None) -> list[float]:
    """breaks with `at` (the target) added when it falls inside them: no class then holds areas below the target
    and areas meeting it ([20, 40, 60] at 28 -> [20, 28, 40, 60]), as the overview's green and amber bars part."""
    if at is None or len(breaks) < 2 or not breaks[0] < at < breaks[-1] or at in breaks:
        return breaks
    return sorted([*breaks, at])


def class_of(value: float | None, breaks: list[float]) -> int | None:
    """Index of the class holding value: [b0, b1), [b1, b2), ..., [b(n-1), bn] (last one closed)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or not breaks:
        return None
    if len(breaks) == 2 and breaks[0] == breaks[1]:
        return 0
    for i in range(len(breaks) - 1):
        if value < breaks[i + 1] or i == len(breaks) - 2:
            return i
    return None


def _interval_labels(breaks: list[float], lang: str, formatter) -> list[str]:
    if len(breaks) == 2 and breaks[0] == breaks[1]:
        return [formatter(breaks[0])]
    out = []
    for i in range(len(breaks) - 1):
        key = "map_between_last" if i == len(breaks) - 2 else "map_between"
        out.append(t(key, lang, lo=formatter(breaks[i]), hi=formatter(breaks[i + 1])))
    return out


def _short(value: float, lang: str) -> str:
    """12 -> '12', 12.5 -> '12,5' (class bounds are round numbers)."""
    return fmt.integer(int(value), lang) if float(value).is_integer() else fmt.number(value, 1, lang)


# ---- the frame ---------------------------------------------------------------------------------


def _names(con: duckdb.DuckDBPyConnection, unit_ids: list[str]) -> dict[str, str]:
    units = queries.units(con)
    rows = units[units["unit_id"].isin(unit_ids)]
    return dict(zip(rows["unit_id"], rows["unit_name"]))


def _approx_texts(con, geometry: layers.PeriodGeometry, lang: str) -> dict[str, str]:
    """Why each approximate unit is approximate, naming the units its outline was taken from."""
    lineage = queries.lineage(con)
    units = geometry.units[geometry.units["approximate"]]
    names = _names(con, list(lineage["from_unit_id"]) + list(lineage["to_unit_id"]))
    out = {}
    for unit, reason in zip(units["unit_id"], units["approx_reason"]):
        if reason == layers.FROM_PREDECESSORS:
            src = lineage.loc[lineage["to_unit_id"] == unit, "from_unit_id"]
        elif reason == layers.FROM_SUCCESSOR:
            src = lineage.loc[(lineage["from_unit_id"] == unit) & (lineage["kind"] == "continues_as"), "to_unit_id"]
        else:
            out[unit] = t("map_approx_not_exact", lang)
            continue
        out[unit] = t(f"map_approx_{reason}", lang, names=", ".join(names.get(u, u) for u in src))
    return out


def _criteria_names(criteria: pd.DataFrame, lang: str) -> dict[str, str]:
    col = local("name", lang)
    return {c: f"{c}. {n}" for c, n in zip(criteria["criterion_code"], criteria[col])}


def build_frame(
    con: duckdb.DuckDBPyConnection,
    scope: metrics.Scope,
    kind: str = "criteria_met",
    criterion: str | None = None,
    lang: str = "vi",
) -> MapFrame | None:
    """The map of one layer kind for a scope. All communes of the period are drawn; communes outside the
    chosen districts are dimmed and the view zooms to the chosen ones. None when the period has no layer."""
    if kind not in LAYER_KINDS:
        raise ValueError(f"Lớp bản đồ '{kind}' không tồn tại. Các lớp: {', '.join(LAYER_KINDS)}")
    geometry = layers.period_geometry(con, scope.period_id, grouping=scope.grouping)
    if geometry is None:
        return None
    period = scope.period_id
    scores = metrics.commune_scores(con, metrics.Scope(period, (), scope.grouping))  # every commune, with its area
    area = area_label(con, scope, lang)
    criteria = metrics.criteria_table(con, period)
    status = cards.period_status(con, period)
    targets = cards.target_communes(con, period)
    crit_names = _criteria_names(criteria, lang)
    if kind == "criterion":
        criterion = criterion or (criteria["criterion_code"].iloc[0] if len(criteria) else None)
        if criterion not in set(criteria["criterion_code"]):
            raise ValueError(f"Tiêu chí '{criterion}' không có trong bộ tiêu chí của kỳ {period}")

    units = scores.merge(geometry.units, on="unit_id", how="inner")
    units = gpd.GeoDataFrame(units, geometry="geometry", crs="EPSG:4326")
    in_area = units["area_id"].isin(scope.areas) if scope.areas else True
    units["in_scope"] = in_area & (units["group_no"].isin(scope.groups) if scope.groups else True)
    units["status"] = cards.ntm_status(units, targets).values
    missing = cards.missing_criteria(status, criteria, units["unit_id"].tolist())
    units["missing"] = units["unit_id"].map(missing)

    classes, class_key = _classify(kind, units, scores, status, criteria, targets, con, period, criterion, lang)
    units["class_key"] = class_key
    colour = {c.key: (NO_DATA_FILL if c.hatch else c.color) for c in classes}
    units["color"] = units["class_key"].map(colour)
    counted = units[units["in_scope"]]
    if kind in DISTRICT_KINDS:
        per_district = counted.drop_duplicates("area_id")["class_key"].value_counts()
    else:
        per_district = counted["class_key"].value_counts()
    classes = [MapClass(c.key, c.label, c.color, int(per_district.get(c.key, 0)), c.hatch) for c in classes]

    district_figures = metrics.district_rows(scores, None).set_index("district_code")
    approx = _approx_texts(con, geometry, lang)
    units["approx_text"] = units["unit_id"].map(approx)
    units["tip"] = [
        _tooltip(r, kind, crit_names, criterion, targets, district_figures, lang, area)
        for r in units.itertuples(index=False)
    ]
    units["label"] = units["unit_name"].map(html.escape)

    districts = _districts(con, geometry, scope)
    districts["value_text"] = _district_values(kind, districts["district_code"], district_figures, lang)
    chosen = units[units["in_scope"]] if scope.areas or scope.groups else units
    bounds = tuple(chosen.total_bounds) if len(chosen) else tuple(units.total_bounds)
    n_units = len(units[units["in_scope"]])
    legend_values = {"n": len(districts[districts["in_scope"]]) if kind in DISTRICT_KINDS else n_units}
    if kind == "criterion":
        row = criteria.set_index("criterion_code").loc[criterion]
        legend_values.update(code=criterion, name=row[local("name", lang)])
    in_scope = set(units.loc[units["in_scope"], "unit_id"])
    approx = {u: text for u, text in approx.items() if u in in_scope}  # the list names the chosen areas' units
    approx_table = pd.DataFrame(
        {
            "unit_id": list(approx),
            "unit_name": units.set_index("unit_id")["unit_name"].reindex(list(approx)).tolist(),
            "reason_text": list(approx.values()),
        }
    )
    return MapFrame(
        period_id=period,
        kind=kind,
        lang=lang,
        title=layer_title(kind, area, lang),
        legend_title=t(f"map_legend_area_{kind[len('district_') :]}", lang, area=area, **legend_values)
        if area and kind in DISTRICT_KINDS
        else t(f"map_legend_{kind}", lang, **legend_values),
        classes=classes,
        units=units,
        districts=districts,
        background=geometry.background,
        bounds=bounds,
        layer=geometry.layer,
        approximate=approx_table,
        missing_geometry=[_names(con, geometry.missing).get(u, u) for u in geometry.missing],
        illustrative=bool(scores["illustrative"].any()),
        dimmed=bool(scope.areas or scope.groups),
    )


def area_label(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi") -> str | None:
    """The name of the scope's areas when they are not districts ('Huyện cũ', 'Tỉnh cũ': the grouping's label,
    data), None for districts (the map keeps its district wording)."""
    grouping = metrics.grouping_of(con, scope)
    if grouping == queries.DEFAULT_GROUPING:
        return None
    offered = metrics.groupings(con, scope.period_id).set_index("grouping")
    label = offered[local("label", lang)].get(grouping) if grouping in offered.index else None
    return label if isinstance(label, str) and label else None


def layer_title(kind: str, area: str | None, lang: str = "vi") -> str:
    """The name of a layer kind; the area layers named by their areas (former districts, former provinces)."""
    if area and kind in DISTRICT_KINDS:
        return t(f"map_layer_area_{kind[len('district_') :]}", lang, area=area)
    return t(f"map_layer_{kind}", lang)


def _classify(kind, units, scores, status, criteria, targets, con, period, criterion, lang):
    """(legend classes, class key of each unit) for one layer kind."""
    no_data = MapClass(NO_DATA_KEY, t("map_no_data", lang), "#ffffff", hatch=True)
    has_data = units["reported_count"] > 0
    if kind == "criteria_met":
        bands = queries.bands(con, period)
        colours = list(reversed(palette(len(bands))))  # bands come best first: darkest first
        label = bands[local("label", lang)]
        classes = [MapClass(f"band_{o}", lbl, colours[i]) for i, (o, lbl) in enumerate(zip(bands["band_order"], label))]
        band = {m: band_of(m, bands) for m in set(units["met_count"])}  # a few distinct counts: each looked up once
        keys = [f"band_{band[m]}" if d else NO_DATA_KEY for m, d in zip(units["met_count"], has_data)]
        return classes + [no_data], keys
    if kind == "ntm_status":
        year = max(targets.values()) if targets else None
        classes = [MapClass(cards.RECOGNISED, t("map_status_recognised", lang), BLUE)]
        if targets:
            classes.append(MapClass(cards.TARGET, t("map_status_target", lang, year=year), ORANGE))
        classes.append(MapClass(cards.NOT_YET, t("map_status_not_yet", lang), GREY))
        return classes + [no_data], list(units["status"])
    if kind == "criterion":
        met = status[status["criterion_code"] == criterion].set_index("unit_id")["met"]
        classes = [MapClass("met", t("map_met", lang), BLUE), MapClass("not_met", t("map_not_met", lang), VERMILION)]
        keys = [NO_DATA_KEY if u not in met.index else ("met" if bool(met[u]) else "not_met") for u in units["unit_id"]]
        return classes + [no_data], keys
    table = metrics.district_rows(scores, None).set_index("district_code")
    column = "pct" if kind == "district_pct" else "avg_criteria"
    values = table[column].astype(float)
    breaks = nice_breaks(values.tolist())
    fmt_bound = (lambda v: f"{_short(v, lang)}%") if column == "pct" else (lambda v: _short(v, lang))
    target = metrics.target_for(con, period) if column == "pct" else None
    if target is not None:  # the period's target (data) is a class bound, and each label says which side it is
        breaks = with_break_at(breaks, target.pct)
    labels = _interval_labels(breaks, lang, fmt_bound)
    if target is not None:
        side = {True: "map_below_target", False: "map_meets_target"}
        below = [lo < target.pct for lo in breaks[:-1]]  # a class starts at or above the target, or ends by it
        goal = fmt_bound(target.pct)
        labels = [f"{lbl} · {t(side[b], lang, target=goal)}" for lbl, b in zip(labels, below)]
    colours = palette(len(labels))
    classes = [MapClass(f"class_{i}", lbl, colours[i]) for i, lbl in enumerate(labels)]
    by_district = {d: f"class_{class_of(v, breaks)}" for d, v in values.items()}
    keys = [by_district.get(d, NO_DATA_KEY) if ok else NO_DATA_KEY for d, ok in zip(units["area_id"], has_data)]
    return list(reversed(classes)) + [no_data], keys


def _area_line(r, area: str | None, lang: str) -> str:
    """The commune's area under the scope's grouping: 'Huyện: …' up to 06/2025, 'Huyện cũ: …' or 'Tỉnh cũ: …' after
    (area_label), never a district that no longer exists."""
    name = getattr(r, "area_name", None) if area else None
    if not isinstance(name, str) or not name:
        name = r.district_name
    return f"{area or t('map_tip_district', lang)}: {name}"


def _tooltip(r, kind, crit_names, criterion, targets, district_figures, lang, area=None) -> str:
    """The tooltip of one commune as HTML in which every piece of text is escaped."""
    e = html.escape
    lines = [
        f"<b>{e(r.unit_name)}</b> <small>({e(t('map_tip_code', lang))} {e(r.unit_code)})</small>",
        e(_area_line(r, area, lang)),
    ]
    if r.reported_count == 0:
        lines.append(e(t("map_no_data", lang)))
    else:
        lines.append(e(t("map_tip_criteria", lang, met=int(r.met_count), n=int(r.n_criteria))))
        lines.append(e(f"{t('map_tip_status', lang)}: {cards.status_text(r.status, targets.get(r.unit_id), lang)}"))
        if r.status == cards.RECOGNISED and r.unit_id in targets:
            lines.append(e(t("map_tip_target", lang, year=targets[r.unit_id])))
        if kind == "criterion":
            words = {"met": t("map_met", lang), "not_met": t("map_not_met", lang)}
            state = words.get(r.class_key, t("map_no_data", lang))
            lines.append(f"<b>{e(crit_names[criterion])}: {e(state)}</b>")
        if r.missing:
            names = "; ".join(crit_names.get(c, c) for c in r.missing)
            lines.append(e(f"{t('map_tip_missing', lang, k=len(r.missing))}: {names}"))
        else:
            lines.append(e(t("map_tip_none_missing", lang, n=int(r.n_criteria))))
    if kind in DISTRICT_KINDS and r.area_id in district_figures.index:
        d = district_figures.loc[r.area_id]
        text = (
            t(
                "map_tip_district_pct",
                lang,
                rec=int(d["recognised"]),
                base=int(d["base"]),
                pct=fmt.percent(d["pct"], lang=lang),
            )
            if kind == "district_pct"
            else t("map_tip_district_avg", lang, avg=fmt.number(d["avg_criteria"], lang=lang))
        )
        if area:  # the figure is the area's (a former district or province), not the commune's district's
            text = f"{area} {r.area_name}: {text.split(': ', 1)[1]}"
        lines.insert(2, f"<b>{e(text)}</b>")
    if isinstance(r.approx_text, str):
        lines.append(f"<i>{e(r.approx_text)}</i>")
    return "<br>".join(lines)


def _districts(con, geometry: layers.PeriodGeometry, scope: metrics.Scope) -> gpd.GeoDataFrame:
    names = metrics.districts(con, scope.period_id, scope.grouping)[["district_code", "district_short"]]
    names = names.rename(columns={"district_short": "district_name"})
    out = geometry.districts.merge(names, on="district_code", how="left")
    out["district_name"] = out["district_name"].fillna(out["district_code"])
    out["in_scope"] = out["district_code"].isin(scope.districts) if scope.districts else True
    out["label"] = out["district_name"].map(html.escape)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def _district_values(kind: str, codes: pd.Series, figures: pd.DataFrame, lang: str) -> list[str]:
    """The figure written under each district name on district layers ('' on commune layers)."""
    if kind not in DISTRICT_KINDS:
        return [""] * len(codes)
    column = "pct" if kind == "district_pct" else "avg_criteria"
    show = (lambda v: fmt.percent(v, lang=lang)) if column == "pct" else (lambda v: fmt.number(v, lang=lang))
    return [show(figures.loc[c, column]) if c in figures.index else "" for c in codes]


def criterion_choices(
    con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi"
) -> tuple[list[str], dict[str, str], str | None]:
    """(criterion codes in order, label of each with its share met, the one met least: the default to show)."""
    ach = metrics.criteria_achievement(con, scope)
    if ach.empty:
        return [], {}, None
    name = ach[local("name", lang)]
    labels = {c: f"{c}. {n} ({fmt.percent(p, lang=lang)})" for c, n, p in zip(ach["criterion_code"], name, ach["pct"])}
    least = ach.sort_values(["communes_met", "sort_order"]).iloc[0]["criterion_code"]
    return ach["criterion_code"].tolist(), labels, least
