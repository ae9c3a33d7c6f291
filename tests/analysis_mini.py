"""The mini dataset of tests/mini.py plus a hand-made traffic-light rule, for the analysis tests (issue 4).

The rule here is not the bundled one, so the expected lights are worked out from these lines alone:
green when the share meeting the standard is at or above the target (28% in the mini targets), amber
down to 30 points below it, red under that.

Hand-worked figures used by the tests (from the tests/mini.py table):

  2019-12  An   (001): base 2, 1 meets (Bản Xen) -> 50,0%, avg 5/2 = 2,5, gap +22,0 -> green
           Bình (002): base 3, 1 meets (Đông)    -> 33,3%, avg 4/3 = 1,3, gap +5,3  -> green
  2020-12  An  : base 2, 2 meet -> 100,0%, avg 3,0, gap +72,0, change +50,0 points, +0,5 criteria -> green
           Bình: base 2 (Thanh Bình 110, Đông Tây 110), 0 meet -> 0,0%, avg 2,0, gap -28,0,
                 change -33,3 points, +0,7 criteria -> amber (-28 >= -30)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ntm.data import build
from tests import mini

LIGHTS_CSV = """light,sort_order,label_vi,label_en,colour,min_gap_points,source
green,1,Xanh,Green,#009E73,0,quy ước thử
amber,2,Vàng,Amber,#E69F00,-30,quy ước thử
red,3,Đỏ,Red,#D55E00,,quy ước thử
"""


def _rename_in_csv(path: Path, column: str, old: str, new: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row[column] == old:
            row[column] = new
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def build_mini(root: Path, lights: bool = True, rename: dict[str, str] | None = None) -> Path:
    """Write the mini dataset under root (with the light rule unless lights=False), build it, return the DB.

    rename maps a commune name to another in both reference catalogues (e.g. a name that looks like a formula).
    """
    ref, data = mini.write(root)
    if lights:
        (data / "traffic_lights.csv").write_text(LIGHTS_CSV, encoding="utf-8")
    for old, new in (rename or {}).items():
        _rename_in_csv(ref / "geo" / "communes_in_source.csv", "commune_name", old, new)
        _rename_in_csv(ref / "reference" / "laocai_units_2020.csv", "unit_name", old, new)
    path = root / "mini_analysis.duckdb"
    build.build(path, data, ref)
    return path
