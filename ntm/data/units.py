"""Administrative units as dated versions, built from the two GSO catalogues in the reference folder.

GSO re-uses codes when units merge or are renamed (03022 was xã Bản Phùng in 2019 and is xã Thanh Bình
from 2020), so a code alone does not name a unit through time. A *unit version* does: its id is the code
when the unit kept its name, type and district, and ``<code>-2020`` when the 2020 reform made it a
different unit under a re-used code. Lineage edges record how 2019 units flow into 2020 ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ntm.data import config
from ntm.locale.text import fold, nfc

UNIT_TYPES = {"xã": "xã", "phường": "phường", "thị trấn": "thị trấn"}
NQ767_END = "2019-12-31"  # Sa Pa restructured (NQ 767/NQ-UBTVQH14), in force 01/01/2020
NQ896_END = "2020-02-29"  # commune mergers (NQ 896/NQ-UBTVQH14), in force 01/03/2020
SAPA_DISTRICT = "088"


class UnitTables(NamedTuple):
    """The units of the province with the 2019 catalogue, its districts and its 2020 lineage."""

    districts: pd.DataFrame
    units: pd.DataFrame
    lineage: pd.DataFrame


def read_csv(path: Path) -> pd.DataFrame:
    """A reference file as text columns, with a Vietnamese message naming NTM_REF_DIR when it is missing."""
    if not path.exists():
        raise FileNotFoundError(
            f"Không tìm thấy tệp tham chiếu {path}. Đặt biến NTM_REF_DIR trỏ tới thư mục chứa "
            f"'reference/' và 'geo/' (mặc định ../shared)."
        )
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def district_type(name: str) -> str:
    """'Thành phố Lào Cai' -> 'thành phố'; a name without a known prefix is a huyện."""
    for prefix in ("Thành phố", "Thị xã", "Huyện"):
        if name.startswith(prefix):
            return prefix.lower()
    return "huyện"


def short_district(name: str) -> str:
    """'Thành phố Lào Cai' -> 'TP Lào Cai' (not to be confused with the province), 'Huyện Bát Xát' -> 'Bát Xát'."""
    for prefix, short in (("Thành phố ", "TP "), ("Thị xã ", "TX "), ("Huyện ", "")):
        if name.startswith(prefix):
            return short + name[len(prefix) :]
    return name


def read_catalogues(ref: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2019 (164 units) and 2020 (152 units) GSO catalogues, normalised to one column set."""
    ref = ref or config.ref_dir()
    src19 = read_csv(ref / config.UNITS_2019_FILE)
    cat19 = pd.DataFrame(
        {
            "unit_code": src19["commune_code"].str.zfill(5),
            "unit_name": src19["commune_name"].map(nfc),
            "unit_type": src19["commune_type"].str.lower().map(UNIT_TYPES),
            "district_code": src19["district_code"].str.zfill(3),
            "code_2020": src19["code_2020"].str.strip(),
            "change_2020": src19["change_2020"],
        }
    )
    src20 = read_csv(ref / config.UNITS_2020_FILE)
    src20 = src20[src20["status"] == "current_2020"]
    cat20 = pd.DataFrame(
        {
            "unit_code": src20["unit_code"].str.zfill(5),
            "unit_name": src20["unit_name"].map(nfc),
            "unit_type": src20["unit_type"].str.lower().map(UNIT_TYPES),
            "district_code": src20["district_code"].str.zfill(3),
            "district_name": src20["district"].map(nfc),
            "in_127_xa_2020": src20["in_127_xa_2020"] == "Y",
        }
    ).reset_index(drop=True)
    return cat19.reset_index(drop=True), cat20


def _same_unit(a: pd.Series, b: pd.Series) -> bool:
    return (
        fold(a["unit_name"]) == fold(b["unit_name"])
        and a["unit_type"] == b["unit_type"]
        and a["district_code"] == b["district_code"]
    )


def build_unit_tables(ref: Path | None = None, data_dir: Path | None = None) -> UnitTables:
    """Unit versions, districts and lineage. Pure function of the reference files and data/."""
    data_dir = data_dir or config.DATA_DIR
    cat19, cat20 = read_catalogues(ref)
    by_code19 = {r.unit_code: r for r in cat19.itertuples(index=False)}

    rows: dict[str, dict] = {}
    for r in cat19.itertuples(index=False):
        rows[r.unit_code] = {
            "unit_id": r.unit_code,
            "unit_code": r.unit_code,
            "unit_name": r.unit_name,
            "unit_type": r.unit_type,
            "district_code": r.district_code,
            "valid_from": None,
            "valid_to": None,
        }
    id20: dict[str, str] = {}
    for r in cat20.itertuples(index=False):
        new = pd.Series(r._asdict())
        old = by_code19.get(r.unit_code)
        if old is not None and _same_unit(pd.Series(old._asdict()), new):
            id20[r.unit_code] = r.unit_code
            rows[r.unit_code]["unit_name"] = r.unit_name  # keep the current spelling ("Pha Long")
            continue
        unit_id = r.unit_code if old is None else f"{r.unit_code}-2020"
        id20[r.unit_code] = unit_id
        start = "2020-01-01" if r.district_code == SAPA_DISTRICT else "2020-03-01"
        rows[unit_id] = {
            "unit_id": unit_id,
            "unit_code": r.unit_code,
            "unit_name": r.unit_name,
            "unit_type": r.unit_type,
            "district_code": r.district_code,
            "valid_from": start,
            "valid_to": None,
        }

    lineage = _lineage(cat19, id20, data_dir)
    for edge in lineage.itertuples(index=False):
        if edge.from_unit_id != edge.to_unit_id:
            end = NQ767_END if rows[edge.from_unit_id]["district_code"] == SAPA_DISTRICT else NQ896_END
            rows[edge.from_unit_id]["valid_to"] = end
    units = pd.DataFrame(rows.values()).sort_values(["district_code", "unit_code", "unit_id"])
    units["valid_from"] = pd.to_datetime(units["valid_from"]).dt.date
    units["valid_to"] = pd.to_datetime(units["valid_to"]).dt.date

    dist = cat20.drop_duplicates("district_code")[["district_code", "district_name"]].copy()
    dist["district_type"] = dist["district_name"].map(district_type)
    dist["district_short"] = dist["district_name"].map(short_district)
    return UnitTables(dist.sort_values("district_code").reset_index(drop=True), units.reset_index(drop=True), lineage)


def _lineage(cat19: pd.DataFrame, id20: dict[str, str], data_dir: Path) -> pd.DataFrame:
    """Edges 2019 unit -> 2020 unit: GSO crosswalk outside Sa Pa, our curated (inferred) file inside it."""
    edges = []
    for r in cat19.itertuples(index=False):
        if r.district_code == SAPA_DISTRICT or not r.code_2020:
            continue
        target = id20[r.code_2020.zfill(5)]
        if target == r.unit_code:
            continue
        kind = "merged_into" if "merged into" in r.change_2020 else "continues_as"
        edges.append((r.unit_code, target, kind, "2020-03-01", "confirmed", r.change_2020))
    sapa = pd.read_csv(data_dir / "unit_lineage_sapa_2020.csv", dtype=str, keep_default_na=False)
    for r in sapa.itertuples(index=False):
        target = id20[r.to_code_2020]
        if target == r.from_code_2019:
            continue
        edges.append((r.from_code_2019, target, r.kind, "2020-01-01", r.status, r.note))
    frame = pd.DataFrame(edges, columns=["from_unit_id", "to_unit_id", "kind", "effective_date", "status", "note"])
    frame["effective_date"] = pd.to_datetime(frame["effective_date"]).dt.date
    return frame
