"""A MapFrame drawn with folium, working on a closed network.

folium normally pulls leaflet, jQuery, Bootstrap and awesome-markers from CDNs and tiles from a tile
server; st_folium waits for every script, so one blocked URL leaves a blank box. Here leaflet comes
from the repo (static/leaflet, served at /app/static/leaflet), nothing else is loaded, there are no
tiles, and the legend is plain HTML (a branca colormap would pull d3 from a CDN).

Only commune polygons are interactive (class leaflet-interactive): one per unit of the period's base.
Wards/towns and district outlines are drawn with interactive=false, so they never catch a click.
"""

from __future__ import annotations

import html
import json

import folium
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.template import Template
from folium.utilities import JsCode, get_obj_in_upper_tree
from jinja2.utils import htmlsafe_json_dumps

from geo.choropleth import NO_DATA_FILL, MapFrame
from geo.encoded import DECODER_JS, encoded
from geo.layers import geo_interface, geometry_json
from ntm.locale.i18n import t

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
HEIGHT = 620
COMMUNE_LABEL_ZOOM = 10  # commune names appear from this zoom (district names always)


class OfflineMap(folium.Map):
    """folium.Map that loads leaflet from this server and nothing else."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


CSS = """
<style>
.leaflet-container { background: #ffffff; font-family: "DejaVu Sans", Arial, sans-serif; }
.ntm-tip { width: max-content; max-width: 320px; white-space: normal; font-size: 12px; line-height: 1.35; }
.ntm-label { background: none; border: none; white-space: nowrap; pointer-events: none;
  text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff; }
.ntm-label span { display: inline-block; transform: translate(-50%, -50%); text-align: center; }
.ntm-label.district { font-size: 13px; font-weight: bold; color: #111; }
.ntm-label.district.dim { color: #888; }
.ntm-label.commune { font-size: 10.5px; color: #222; display: none; }
.ntm-show-communes .ntm-label.commune { display: block; }
.ntm-show-communes .ntm-label.district { opacity: 0.55; }
.ntm-legend { background: rgba(255,255,255,0.94); padding: 6px 9px; border-radius: 4px; font-size: 11.5px;
  line-height: 1.4; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 280px; color: #111; }
.ntm-legend .ntm-legend-title { font-weight: bold; margin-bottom: 4px; }
.ntm-legend .sw { display: inline-block; width: 18px; height: 12px; margin-right: 6px; vertical-align: -1px;
  border: 1px solid #666; }
.ntm-legend .n { color: #555; }
.ntm-legend .note { margin-top: 4px; color: #333; }
/* A clicked commune takes focus: no black box around it (the selection outline says which one is chosen);
   a keyboard user still sees the focused commune, by a thick blue edge. */
.leaflet-interactive:focus { outline: none; }
.leaflet-interactive:focus-visible { stroke: #0072B2; stroke-width: 4px; stroke-opacity: 1; }
</style>
"""

# The "no data" hatch (SVG pattern) lives once in the document; leaflet's SVG paths refer to it by id.
HATCH = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="ntm-no-data" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="2"/>'
    "</pattern></defs></svg>"
)


class Script(MacroElement):
    """Raw JavaScript run after the map exists (the map's variable name is substituted for MAP)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self._name = "Script"
        self.code = code

    def render(self, **kwargs) -> None:
        _add_script_as_text(self, kwargs)


class _Text(Element):
    """Text already rendered, joining the page as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def _add_script_as_text(element: MacroElement, kwargs: dict) -> None:
    """An element's rendered script added to the page as text. branca wraps each rendered script in a new jinja
    template, so the whole GeoJSON (200 KB for the merged province) was lexed again twice per run, and a '{{' in a
    name would have been read as template code."""
    script = element._template.module.__dict__["script"]
    element.get_root().script.add_child(_Text(script(element, kwargs)), name=element.get_name())


class Outlines(folium.GeoJson):
    """A GeoJSON layer whose features carry their own style, serialised once per frame and told its bounds.

    folium's GeoJson serialises its data on every render (st_folium renders twice per run) and finds its bounds by
    walking every coordinate in Python; together that cost more than the rest of the map's drawing and grew with the
    outlines. The template is folium's for this case (no style function, highlight, marker or link)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        function {{ this.get_name() }}_onEachFeature(feature, layer) {
            {%- if this.on_each_feature %}
            ({{ this.on_each_feature }})(feature, layer);
            {%- endif %}
        };
        var {{ this.get_name() }} = L.geoJson(null, {
                onEachFeature: {{ this.get_name() }}_onEachFeature,
            ...{{ this.options | tojavascript }}
        });
        function {{ this.get_name() }}_add (data) {
            {{ this.get_name() }}
                .addData(data);
        }
            {{ this.get_name() }}_add(window.ntm_decode({{ this.geojson }}));
        {{ this.get_name() }}.setStyle(function(feature) {return feature.properties.style;});
        {% endmacro %}
        """
    )

    def __init__(self, geojson: str, bounds: list[list[float | None]], **kwargs):
        super().__init__({"type": "FeatureCollection", "features": []}, **kwargs)
        self.geojson = geojson  # already serialised (geojson_text)
        self._bounds = bounds

    def _get_self_bounds(self) -> list[list[float | None]]:
        return self._bounds

    def render(self, **kwargs) -> None:
        """folium's GeoJson and Layer render steps (parent map, add-to-map statement), then the script as text."""
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)
        if self.show:
            self.add_child(
                ElementAddToElement(element_name=self.get_name(), element_parent_name=self._parent.get_name()),
                name=self.get_name() + "_add",
            )
        _add_script_as_text(self, kwargs)
        for child in self._children.values():
            child.render(**kwargs)


def _bounds(gdf) -> list[list[float | None]]:
    """[[south, west], [north, east]] of a frame's geometries, as folium gives bounds (None for no geometry)."""
    if gdf.empty:
        return [[None, None], [None, None]]
    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
    return [[miny, minx], [maxy, maxx]]


def geojson_text(data: dict) -> str:
    """GeoJSON as folium's templates write data: JSON with sorted keys and <, >, & and ' escaped, safe inside a <script>."""
    return str(htmlsafe_json_dumps(data, sort_keys=True))


def _once(frame: MapFrame, name: str, make):
    """What the map derives from a frame, made once per frame (frames are cached and shared; folium only reads it)."""
    if name not in frame.drawn:
        frame.drawn[name] = make(frame)
    return frame.drawn[name]


def _layer(frame: MapFrame, name: str, geojson, geometry, **options) -> Outlines:
    """One of the frame's layers (not in the layer control): its GeoJSON text made once per frame (geojson: the
    frame's text, or a dict to write), its bounds told."""

    def text(f: MapFrame) -> str:
        made = geojson(f)
        return made if isinstance(made, str) else geojson_text(made)

    return Outlines(
        _once(frame, name, text),
        _bounds(geometry(frame)),
        name=name,
        control=False,
        **options,
    )


def _js_string(text: str) -> str:
    """A JSON string literal safe inside <script> (no '</' sequence)."""
    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/")


def _unit_style(r) -> dict:
    if r.in_scope:
        style = {"fillColor": r.color, "fillOpacity": 0.85, "color": "#4d4d4d", "weight": 0.7}
    else:
        style = {"fillColor": r.color, "fillOpacity": 0.18, "color": "#bdbdbd", "weight": 0.5}
    if r.approximate:
        style["dashArray"] = "4 3"
        style["weight"] = 1.2
    return style


def _features(frame: MapFrame) -> str:
    """The communes of the base, clickable: their outlines with the tip and style each gets."""
    return _collection(
        _geometry_texts(frame.units),
        [
            {
                "id": r.unit_id,
                "properties": {"unit_id": r.unit_id, "tip": r.tip, "style": _unit_style(r)},
                "type": "Feature",
            }
            for r in frame.units.itertuples(index=False)
        ],
    )


def _plain(gdf, style_of) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"style": style_of(r)}, "geometry": geo_interface(r.geometry)}
            for r in gdf.itertuples(index=False)
        ],
    }


def _geometry_texts(gdf) -> list[str]:
    """Each row's geometry as the map sends it (outlines encoded, geo.encoded): as kept with its layer
    (layers.geometry_json), else written now."""
    kept = gdf["geojson"] if "geojson" in gdf.columns else [None] * len(gdf)
    return [text if isinstance(text, str) else geometry_json(g) for text, g in zip(kept, gdf.geometry)]


def _collection(geometries: list[str], features: list[dict]) -> str:
    """geojson_text() of a FeatureCollection whose geometries are already written: the same text, as json writes
    keys sorted ("geometry" before "id", "properties" and "type") with the same separators."""
    parts = [f'{{"geometry": {g}, {geojson_text(rest)[1:]}' for g, rest in zip(geometries, features)]
    return '{"features": [' + ", ".join(parts) + '], "type": "FeatureCollection"}'


def _district_borders(frame: MapFrame) -> dict:
    """The district outlines as lines, each border once (MapFrame.district_borders): chosen ones dark and thick."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "style": {
                        "fill": False,
                        "color": "#1a1a1a" if chosen else "#9e9e9e",
                        "weight": 2.2 if chosen else 1.2,
                    }
                },
                "geometry": encoded(geo_interface(lines)),
            }
            for chosen, lines in frame.district_borders
        ],
    }


def _background(frame: MapFrame) -> str:
    """Wards and towns: white, thin grey edge, not clickable."""
    style = {"fillColor": "#ffffff", "fillOpacity": 1, "color": "#bbbbbb", "weight": 0.5}
    return _collection(
        _geometry_texts(frame.background), [{"properties": {"style": style}, "type": "Feature"}] * len(frame.background)
    )


def legend_html(frame: MapFrame) -> str:
    """The legend as HTML; every label is escaped."""
    e = html.escape
    rows = [f'<div class="ntm-legend-title">{e(frame.legend_title)}</div>']
    for c in frame.classes:
        fill = NO_DATA_FILL if c.hatch else c.color
        swatch = (
            f'<svg class="sw" width="18" height="12"><rect width="18" height="12" fill="{fill}"/></svg>'
            if c.hatch
            else f'<span class="sw" style="background:{c.color}"></span>'
        )
        rows.append(f'<div data-class="{e(c.key)}">{swatch}{e(c.label)} <span class="n">({c.count})</span></div>')
    if len(frame.background):
        rows.append(
            f'<div><span class="sw" style="background:#ffffff;border-color:#bbb"></span>'
            f"{e(t('map_background', frame.lang))}</div>"
        )
    if len(frame.approximate):
        rows.append(
            f'<div class="note"><span class="sw" style="background:#fff;border:1.5px dashed #333"></span>'
            f"{e(t('map_approx_legend', frame.lang))} ({len(frame.approximate)})</div>"
        )
    if frame.dimmed:
        rows.append(f'<div class="note">{e(t("map_dimmed_legend", frame.lang))}</div>')
    return "".join(rows)


def _labels(frame: MapFrame) -> list[list]:
    out = []
    for r in frame.districts.itertuples(index=False):
        p = r.geometry.representative_point()
        text = r.label + (f"<br>{html.escape(r.value_text)}" if r.value_text else "")
        out.append([round(p.y, 5), round(p.x, 5), text, "district" + ("" if r.in_scope else " dim")])
    for r in frame.units.itertuples(index=False):
        if r.in_scope:
            p = r.geometry.representative_point()
            out.append([round(p.y, 5), round(p.x, 5), r.label, "commune"])
    return out


def build_map(frame: MapFrame) -> folium.Map:
    """The folium map of a frame: background, communes, district outlines, labels, legend, view."""
    minx, miny, maxx, maxy = frame.bounds
    m = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=9,
        tiles=None,
        control_scale=True,
        zoom_snap=0.5,
        zoom_delta=0.5,
        keyboard=False,
    )  # a focused map scrolls the page under the pointer: clicks got lost
    m.get_root().header.add_child(Element(CSS))
    Script(DECODER_JS).add_to(m)  # before the layers, which hand it their outlines
    if len(frame.background):
        _layer(frame, "background", _background, lambda f: f.background, interactive=False).add_to(m)
    _layer(
        frame,
        "communes",
        _features,
        lambda f: f.units,
        on_each_feature=JsCode("""
            function(feature, layer) {
                layer.bindTooltip(feature.properties.tip, {sticky: true, className: 'ntm-tip'});
                layer.on('mouseover', function() { layer.setStyle({weight: 2.5, color: '#000000'}); });
                layer.on('mouseout', function() { layer.setStyle(feature.properties.style); });
            }"""),
    ).add_to(m)
    _layer(frame, "districts", _district_borders, lambda f: f.districts, interactive=False).add_to(m)
    name = m.get_name()
    labels = _once(frame, "labels", lambda f: json.dumps(_labels(f), ensure_ascii=False).replace("</", "<\\/"))
    Script(f"""
        if (!document.getElementById('ntm-no-data')) {{ document.body.insertAdjacentHTML('beforeend', {_js_string(HATCH)}); }}
        (function() {{
            var labels = {labels};
            var group = L.layerGroup();
            labels.forEach(function(l) {{
                L.marker([l[0], l[1]], {{interactive: false, keyboard: false,
                    icon: L.divIcon({{className: 'ntm-label ' + l[3], html: '<span>' + l[2] + '</span>', iconSize: null}})}}).addTo(group);
            }});
            group.addTo({name});
            function toggle() {{
                var c = {name}.getContainer();
                if ({name}.getZoom() >= {COMMUNE_LABEL_ZOOM}) {{ c.classList.add('ntm-show-communes'); }}
                else {{ c.classList.remove('ntm-show-communes'); }}
            }}
            {name}.on('zoomend', toggle);
            var legend = L.control({{position: 'bottomleft'}}), legendBox;
            legend.onAdd = function() {{
                var div = L.DomUtil.create('div', 'ntm-legend');
                div.innerHTML = {_js_string(legend_html(frame))};
                L.DomEvent.disableClickPropagation(div);
                legendBox = div;
                return div;
            }};
            legend.addTo({name});
            // The view keeps the communes clear of the legend (bottom left): the bounds are fitted with the
            // legend's width kept free on the left, or its height at the bottom, whichever zooms in more. A legend
            // taller or wider than half the map keeps only half of it free.
            var bounds = L.latLngBounds([[{miny}, {minx}], [{maxy}, {maxx}]]);
            function fit() {{
                var size = {name}.getSize();
                if (size.x < 50 || size.y < 50) {{ return false; }}
                var w = Math.min(legendBox.offsetWidth + 18, size.x / 2), h = Math.min(legendBox.offsetHeight + 18, size.y / 2);
                var zBeside = {name}.getBoundsZoom(bounds, false, L.point(w + 8, 16));
                var zAbove = {name}.getBoundsZoom(bounds, false, L.point(16, h + 8));
                if (!isFinite(zBeside) || !isFinite(zAbove)) {{ return false; }}
                {name}.fitBounds(bounds, zBeside >= zAbove
                    ? {{paddingTopLeft: [w, 8], paddingBottomRight: [8, 8]}}
                    : {{paddingTopLeft: [8, 8], paddingBottomRight: [8, h]}});
                toggle();
                return true;
            }}
            // A frame not laid out yet (no size: its column or tab still being drawn) is fitted once it has one;
            // fitted at no size, Leaflet would get no finite zoom and draw nothing.
            if (!fit()) {{
                var watch = new ResizeObserver(function() {{
                    {name}.invalidateSize(false);
                    if (fit()) {{ watch.disconnect(); }}
                }});
                watch.observe({name}.getContainer());
            }}
        }})();
    """).add_to(m)
    return m


def selection_layer(frame: MapFrame, unit_id: str | None) -> folium.FeatureGroup | None:
    """A thick outline around the selected commune, sent as a feature group so the map is not rebuilt
    (st_folium keys the map on its main script only). Not interactive: it never takes a click."""
    chosen = frame.units[frame.units["unit_id"] == unit_id] if unit_id else frame.units.iloc[0:0]
    if chosen.empty:
        return None
    group = folium.FeatureGroup(name="selected", control=False)
    folium.GeoJson(
        _plain(chosen, lambda r: {"fill": False, "color": "#000000", "weight": 4}), interactive=False
    ).add_to(group)
    return group
