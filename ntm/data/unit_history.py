"""Unit versions of every followed province, from the 2019 catalogue to today, with their lineage.

Three reforms sit in the reference folder and data/: the 2020 commune mergers of each old province (its
2020 catalogue lists the former units), the 2024 mergers (data/unit_changes_2024.csv, a curated list citing
the notes of the catalogues) and the 2025 provincial merger (the code crosswalk). Units are joined across
reforms by code, and across 2025 only through the crosswalk, never by name: names repeat (two Thanh Bình)
and the new units take the names and codes of old ones.

Ids follow ntm.data.units: the code while a unit keeps its name, type and district, ``<code>-<year>`` once a
reform makes the code name a different unit. Every unit of the merged province is a new version (its
province changed and it has no district): ``<code>-<year of the merger>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ntm.data import config, national_units, provinces
from ntm.data.areas import GROUPING_KIND, build_areas
from ntm.data.units import UNIT_TYPES, build_unit_tables, district_type, read_csv, short_district
from ntm.locale.text import nfc

CHANGES_2024_FILE = "unit_changes_2024.csv"
UNIT_COLUMNS = [
    "unit_id",
    "unit_code",
    "unit_name",
    "unit_type",
    "province_id",
    "district_code",
    "valid_from",
    "valid_to",
]
LINEAGE_COLUMNS = ["from_unit_id", "to_unit_id", "kind", "effective_date", "status", "note"]
DISTRICT_COLUMNS = ["district_code", "district_name", "district_short", "district_type", "province_id", "valid_to"]


@dataclass(frozen=True)
class UnitHistory:
    """Everything the database needs about places through time (see docs in the module above)."""

    provinces: pd.DataFrame
    districts: pd.DataFrame
    units: pd.DataFrame
    lineage: pd.DataFrame
    areas: pd.DataFrame
    unit_areas: pd.DataFrame


def _date(value) -> date | None:
    if value is None or value == "" or pd.isna(value):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _status(text: str) -> str:
    """'reported (plan; ...)' -> 'reported': the mark without its explanation."""
    return text.split(" ", 1)[0].split("(", 1)[0] or "confirmed"


class _Versions:
    """Unit versions and lineage edges under construction (rows keyed by unit_id)."""

    def __init__(self) -> None:
        self.units: dict[str, dict] = {}
        self.edges: list[dict] = []

    def add(self, **row) -> None:
        if row["unit_id"] in self.units:
            raise ValueError(f"Trùng mã phiên bản đơn vị {row['unit_id']}")
        self.units[row["unit_id"]] = row

    def link(self, src: str, dst: str, kind: str, effective: date, status: str, note: str = "") -> None:
        self.edges.append(
            {
                "from_unit_id": src,
                "to_unit_id": dst,
                "kind": kind,
                "effective_date": effective,
                "status": status,
                "note": note,
            }
        )

    def open_version(self, province_id: str, code: str) -> str:
        """Id of the version of a code still open (no end date) in a province."""
        found = [
            u
            for u, r in self.units.items()
            if r["unit_code"] == code and r["province_id"] == province_id and r["valid_to"] is None
        ]
        if len(found) != 1:
            raise ValueError(f"Mã {code} (tỉnh {province_id}): {len(found)} phiên bản đang hiệu lực, cần đúng 1")
        return found[0]

    def codes(self) -> set[str]:
        return {r["unit_code"] for r in self.units.values()}


def _from_2019_catalogue(v: _Versions, ref: Path, data_dir: Path) -> pd.DataFrame:
    """The province with a 2019 catalogue (units.py, ids unchanged); returns its districts."""
    tables = build_unit_tables(ref, data_dir)
    codes = read_csv(ref / config.UNITS_2020_FILE)["province_code"].unique()
    if len(codes) != 1:
        raise ValueError(f"{config.UNITS_2020_FILE}: cần đúng một mã tỉnh, có {list(codes)}")
    province_id = codes[0]
    for r in tables.units.to_dict("records"):
        dates = {"valid_from": _date(r["valid_from"]), "valid_to": _date(r["valid_to"])}
        v.add(**{**r, "province_id": province_id, **dates})
    for e in tables.lineage.to_dict("records"):
        v.link(e["from_unit_id"], e["to_unit_id"], e["kind"], _date(e["effective_date"]), e["status"], e["note"])
    return tables.districts.assign(province_id=province_id)


def _from_former_rows(v: _Versions, path: Path) -> pd.DataFrame:
    """A province whose 2020 catalogue lists its former units (status 'former ...'); returns its districts.

    A current unit whose code also has a former row is a new version (moved district, changed type);
    a former row whose code is gone was merged into the unit its note names by code."""
    src = read_csv(path)
    src = src.assign(
        unit_code=src.unit_code.str.zfill(5),
        district_code=src.district_code.str.zfill(3),
        unit_name=src.unit_name.map(nfc),
        unit_type=src.unit_type.str.lower().map(UNIT_TYPES),
    )
    former = src[src.status.str.startswith("former")]
    current = src[src.status == "current_2020"]
    former_codes = set(former.unit_code)
    ids: dict[str, str] = {}
    for r in former.itertuples(index=False):
        v.add(
            unit_id=r.unit_code,
            unit_code=r.unit_code,
            unit_name=r.unit_name,
            unit_type=r.unit_type,
            province_id=r.province_code,
            district_code=r.district_code,
            valid_from=None,
            valid_to=_date(r.valid_to),
        )
    for r in current.itertuples(index=False):
        start = _date(r.valid_from)
        unit_id = f"{r.unit_code}-{start.year}" if r.unit_code in former_codes else r.unit_code
        ids[r.unit_code] = unit_id
        v.add(
            unit_id=unit_id,
            unit_code=r.unit_code,
            unit_name=r.unit_name,
            unit_type=r.unit_type,
            province_id=r.province_code,
            district_code=r.district_code,
            valid_from=start if r.unit_code in former_codes else None,
            valid_to=None,
        )
    for r in former.itertuples(index=False):
        effective = _date(r.valid_to) + timedelta(days=1)
        if r.unit_code in ids:
            v.link(r.unit_code, ids[r.unit_code], "continues_as", effective, _status(r.note_status), r.notes)
            continue
        named = [c for c in re.findall(r"\((\d{5})\)", r.notes) if c in ids]
        if len(named) != 1:
            raise ValueError(f"{path.name}: không xác định được đơn vị nhận sáp nhập của mã {r.unit_code}")
        v.link(r.unit_code, ids[named[0]], "merged_into", effective, _status(r.note_status), r.notes)
    rows = src.drop_duplicates("district_code")[["district_code", "district", "province_code"]]
    return pd.DataFrame(
        {
            "district_code": rows.district_code,
            "district_name": rows.district.map(nfc),
            "province_id": rows.province_code,
        }
    )


def _apply_changes(v: _Versions, changes: pd.DataFrame) -> None:
    """Mergers and renames between the 2020 catalogues and the 2025 merger (data/unit_changes_2024.csv).

    Renames first (they create the versions that merged units flow into), then mergers and dissolutions."""
    order = {"continues_as": 0, "merged_into": 1, "dissolved": 2}
    for r in sorted(changes.itertuples(index=False), key=lambda r: order[r.kind]):
        start = _date(r.effective_date)
        src = v.open_version(r.province_id, r.from_code)
        old = v.units[src]
        old["valid_to"] = start - timedelta(days=1)
        note = f"{r.legal_basis}; {r.source}"
        if r.kind == "continues_as":
            v.add(
                unit_id=r.to_unit_id,
                unit_code=r.to_code,
                unit_name=nfc(r.to_name),
                unit_type=r.to_type,
                province_id=r.province_id,
                district_code=old["district_code"],
                valid_from=start,
                valid_to=None,
            )
        if r.kind in ("continues_as", "merged_into"):
            if r.to_unit_id not in v.units:
                raise ValueError(f"{CHANGES_2024_FILE}: không có phiên bản đơn vị {r.to_unit_id}")
            v.link(src, r.to_unit_id, r.kind, start, r.status, note)


def _apply_merger(
    v: _Versions, crosswalk: pd.DataFrame, new_units: pd.DataFrame, prov: pd.DataFrame, gone: dict[tuple[str, str], str]
) -> None:
    """The provincial merger: every unit open on its eve flows, by code, into its unit of the crosswalk.

    gone: (province, code) of units that ended before the merger -> the code that absorbed them ('' when
    not known). An absorbed unit must reach the same new unit as its absorber (checked); one with no known
    absorber gets an inferred edge straight to the unit the crosswalk puts it in (by polygon overlap)."""
    succ = {p: provinces.successor(prov, p) for p in crosswalk.old_province_code.unique()}
    if len(set(succ.values())) != 1 or None in succ.values():
        raise ValueError(f"{config.CROSSWALK_2025_FILE}: các tỉnh cũ phải cùng hợp nhất vào một tỉnh")
    new_province = next(iter(succ.values()))
    start = prov.set_index("province_id").loc[new_province, "valid_from"]
    eve = start - timedelta(days=1)
    old_codes = v.codes()
    new_id = {}
    for r in new_units.itertuples(index=False):
        code = r.new_code.zfill(5)
        new_id[code] = f"{code}-{start.year}" if code in old_codes else code
        type_word = r.new_type.strip()
        v.add(
            unit_id=new_id[code],
            unit_code=code,
            unit_name=nfc(r.new_name[len(type_word) :]),
            unit_type=UNIT_TYPES[type_word.lower()],
            province_id=new_province,
            district_code=None,
            valid_from=start,
            valid_to=None,
        )
    target = dict(zip(zip(crosswalk.old_province_code, crosswalk.old_code), crosswalk.new_code))
    for code, rows in crosswalk.groupby("new_code"):
        keys = list(zip(rows.old_province_code, rows.old_code))
        at_eve = [k for k in keys if k not in gone]
        kind = "continues_as" if len(at_eve) == 1 else "merged_into"
        for key, source in zip(keys, rows.source):
            province_id, old_code = key
            if key not in gone:
                v.link(v.open_version(province_id, old_code), new_id[code], kind, start, "confirmed", source)
            elif gone[key]:
                if target.get((province_id, gone[key])) != code:
                    raise ValueError(
                        f"{config.CROSSWALK_2025_FILE}: mã {old_code} và đơn vị nhận nó ({gone[key]}) "
                        "không về cùng một đơn vị mới"
                    )
            else:
                ended = [
                    u for u, x in v.units.items() if x["unit_code"] == old_code and x["province_id"] == province_id
                ]
                v.link(ended[-1], new_id[code], "merged_into", start, "inferred", source)
    for row in v.units.values():
        if row["province_id"] in succ and row["valid_to"] is None:
            row["valid_to"] = eve


def _districts(frames: list[pd.DataFrame], units: pd.DataFrame) -> pd.DataFrame:
    """Districts of every old province; each ends with the last of its unit versions."""
    dist = pd.concat([f[["district_code", "district_name", "province_id"]] for f in frames]).drop_duplicates(
        "district_code"
    )
    dist["district_short"] = dist.district_name.map(short_district)
    dist["district_type"] = dist.district_name.map(district_type)
    last = (
        units.dropna(subset=["district_code"])
        .groupby("district_code")["valid_to"]
        .agg(lambda s: None if s.isna().any() else max(s))
    )
    dist["valid_to"] = dist.district_code.map(last)
    return dist[DISTRICT_COLUMNS].sort_values("district_code").reset_index(drop=True)


def build_unit_history(
    ref: Path | None = None, data_dir: Path | None = None, followed: list[str] | None = None
) -> UnitHistory:
    """Provinces, districts, unit versions, lineage and areas of the followed provinces (default: the data file
    or NTM_PROVINCES). A pure function of the reference folder and data/."""
    data_dir = data_dir or config.DATA_DIR
    everything = all_units(ref, data_dir)
    return restrict(everything, followed or provinces.followed_province_ids(data_dir, everything.provinces))


def all_units(ref: Path | None = None, data_dir: Path | None = None) -> UnitHistory:
    """Every province data/provinces.csv knows, through every reform, before choosing the followed ones.

    Without data/provinces.csv (a dataset of one province, as before issue 11) only the 2019 and 2020
    catalogues are read, and the province is the one they name."""
    ref = ref or config.ref_dir()
    data_dir = data_dir or config.DATA_DIR
    national = national_units.catalogue(data_dir)
    if national:  # a national dataset names the reference file listing every unit of the country
        return UnitHistory(*national_units.from_crosswalk(ref, data_dir, national))
    v = _Versions()
    district_frames = [_from_2019_catalogue(v, ref, data_dir)]
    if not (data_dir / provinces.PROVINCES_FILE).exists():
        prov = provinces.from_catalogue(district_frames[0].province_id.iloc[0])
    else:
        prov = provinces.read_provinces(data_dir)
        district_frames.append(_from_former_rows(v, ref / config.YENBAI_UNITS_2020_FILE))
        changes = pd.read_csv(data_dir / CHANGES_2024_FILE, dtype=str, keep_default_na=False)
        _apply_changes(v, changes)
        crosswalk = read_csv(ref / config.CROSSWALK_2025_FILE)
        crosswalk = crosswalk.assign(old_code=crosswalk.old_code.str.zfill(5), new_code=crosswalk.new_code.str.zfill(5))
        gone = {
            (r.province_id, r.from_code): r.to_code for r in changes.itertuples(index=False) if r.kind != "continues_as"
        }
        _apply_merger(v, crosswalk, read_csv(ref / config.UNITS_2025_FILE), prov, gone)

    units = pd.DataFrame(list(v.units.values()), columns=UNIT_COLUMNS)
    lineage = pd.DataFrame(v.edges, columns=LINEAGE_COLUMNS)
    districts = _districts(district_frames, units)
    areas, unit_areas = build_areas(prov, districts, units, lineage)
    return UnitHistory(prov, districts, units, lineage, areas, unit_areas)


def restrict(history: UnitHistory, followed: list[str]) -> UnitHistory:
    """The places of the followed provinces only: their units and the lineage between them, their districts,
    and the areas their units fall in (former districts and provinces included)."""
    prov, districts, units, lineage = history.provinces, history.districts, history.units, history.lineage
    areas, unit_areas = history.areas, history.unit_areas
    missing = [p for p in followed if not units.province_id.eq(p).any()]
    if missing:
        raise ValueError(f"Tỉnh theo dõi không có đơn vị hành chính nào trong danh mục: {', '.join(missing)}")
    keep = units.province_id.isin(followed)
    units = units[keep].sort_values(["province_id", "district_code", "unit_code", "unit_id"], na_position="last")
    kept = set(units.unit_id)
    lineage = lineage[lineage.from_unit_id.isin(kept) & lineage.to_unit_id.isin(kept)]
    unit_areas = unit_areas[unit_areas.unit_id.isin(kept)]
    areas = areas[
        areas.set_index(["area_kind", "area_id"]).index.isin(
            unit_areas.assign(area_kind=unit_areas.grouping.map(GROUPING_KIND))
            .set_index(["area_kind", "area_id"])
            .index
        )
    ]
    return UnitHistory(
        provinces=prov[prov.province_id.isin(followed)].reset_index(drop=True),
        districts=districts[districts.province_id.isin(followed)].reset_index(drop=True),
        units=units.reset_index(drop=True),
        lineage=lineage.reset_index(drop=True),
        areas=areas.reset_index(drop=True),
        unit_areas=unit_areas.reset_index(drop=True),
    )


def in_force(units: pd.DataFrame, day: date) -> pd.DataFrame:
    """The unit versions valid on a day (a blank start or end is open)."""
    started = units.valid_from.isna() | (units.valid_from <= day)
    return units[started & (units.valid_to.isna() | (units.valid_to >= day))]


def lineage_graph(lineage: pd.DataFrame) -> dict[str, list[str]]:
    """The units each unit became, from lineage edges (a loop: a groupby of lists took 30 times longer); made once by
    a caller that follows many units."""
    out: dict[str, list[str]] = {}
    for a, b in zip(lineage["from_unit_id"], lineage["to_unit_id"]):
        out.setdefault(a, []).append(b)
    return out


def successors_on(units: pd.DataFrame, lineage: pd.DataFrame, unit_ids, day: date) -> dict[str, set[str]]:
    """For each unit id, the versions in force on `day` its lineage leads to (itself when it is in force)."""
    nxt = lineage_graph(lineage)
    alive = set(in_force(units, day).unit_id)
    out = {}
    for start in unit_ids:
        seen, todo, found = set(), [start], set()
        while todo:
            u = todo.pop()
            if u in seen:
                continue
            seen.add(u)
            if u in alive:
                found.add(u)
            else:
                todo += nxt.get(u, [])
        out[start] = found
    return out
