"""Outlines as encoded polylines (Google's algorithm, 5 decimals): what the map page sends, decoded in the browser.

A coordinate pair written as JSON takes about twenty characters ("[104.12345, 22.12345], "); as an encoded polyline,
the difference from the previous point in a few printable characters, about five. The outlines are most of the
map's script, and streamlit-folium reads the whole script again on every run of the page (to key and to tidy it):
encoded, the merged province's map went from 278 KB to about 130 KB. The coordinates are already rounded to 5
decimals (geo.layers.PRECISION), so nothing is lost. The decoder is a few lines of JavaScript in the map itself: no
library, nothing fetched.

An encoded geometry is {"type": ..., "encoded": ...}: the nesting of "coordinates" with each ring or line a string.
"""

from __future__ import annotations

import numpy as np

FACTOR = 100_000  # 5 decimals, as the layers are rounded

# window.ntm_decode(collection): the features' encoded geometries given their coordinates back, in place; other
# geometries left as they are. On window: streamlit-folium runs feature groups in a script of their own.
DECODER_JS = """
window.ntm_decode = function(collection) {
    function line(s) {
        var points = [], i = 0, lat = 0, lng = 0;
        function next() {
            var b, shift = 0, v = 0;
            do { b = s.charCodeAt(i++) - 63; v |= (b & 31) << shift; shift += 5; } while (b >= 32);
            return (v & 1) ? ~(v >> 1) : (v >> 1);
        }
        while (i < s.length) { lat += next(); lng += next(); points.push([lng / 1e5, lat / 1e5]); }
        return points;
    }
    function walk(e) { return typeof e === 'string' ? line(e) : e.map(walk); }
    collection.features.forEach(function(f) {
        var g = f.geometry;
        if (g && g.encoded !== undefined) { g.coordinates = walk(g.encoded); delete g.encoded; }
    });
    return collection;
};
"""


def _number(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chars = []
    while value >= 0x20:
        chars.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chars.append(chr(value + 63))
    return "".join(chars)


def encode_line(coords) -> str:
    """A ring or line of (lng, lat) pairs as an encoded polyline (latitude first, as the algorithm writes it)."""
    points = np.rint(np.asarray(coords, dtype=float)[:, 1::-1] * FACTOR).astype(np.int64)
    deltas = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return "".join(_number(int(v)) for v in deltas.ravel())


def _encode(nested):
    """Each innermost list of points as a string; the lists around it kept."""
    if len(nested) and not isinstance(nested[0][0], (list, tuple)):
        return encode_line(nested)
    return [_encode(part) for part in nested]


def encoded(geometry: dict) -> dict:
    """A GeoJSON geometry (geo.layers.geo_interface) with its coordinates encoded; other kinds as they are."""
    if geometry.get("type") not in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        return geometry
    if not geometry["coordinates"]:
        return geometry
    return {"type": geometry["type"], "encoded": _encode(geometry["coordinates"])}


def decode_line(text: str) -> list[list[float]]:
    """The (lng, lat) pairs of an encoded polyline: what the browser's decoder does, for the tests."""
    values, value, shift = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        value |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    lat = np.cumsum(values[0::2]) / FACTOR
    lng = np.cumsum(values[1::2]) / FACTOR
    return [[float(x), float(y)] for x, y in zip(lng, lat)]
