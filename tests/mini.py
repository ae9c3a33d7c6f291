"""A hand-made dataset small enough to work every figure out by hand.

Two districts, a 3-criterion set, two periods. Unit 00006 (Tây) merges into 00005 (Đông -> Đông Tây)
in 2020, so the base shrinks from 5 to 4 communes. Two communes share the name Thanh Bình.

    period 2019-12 (base 5)          criteria 1 2 3   met
      001 Huyện An   00001 Bản Xen            1 1 1   3  meets
      001 Huyện An   00002 Thanh Bình         1 1 0   2
      002 Huyện Bình 00004 Thanh Bình         1 0 0   1
      002 Huyện Bình 00005 Đông               1 1 1   3  meets
      002 Huyện Bình 00006 Tây                0 0 0   0
    -> 2/5 = 40,0%; average 9/5 = 1,8; gap to 28% = +12,0 points
       bands: 3 -> 2 communes, 1-2 -> 2, 0 -> 1; criterion 1 met by 4, 2 by 3, 3 by 2
       An: 1/2 = 50%, avg 2,5; Bình: 1/3 = 33,3%, avg 4/3 = 1,33

    period 2020-12 (base 4)
      00001 Bản Xen 1 1 1 (3) · 00002 Thanh Bình 1 1 1 (3) · 00004 Thanh Bình 1 1 0 (2) · 00005-2020 Đông Tây 1 1 0 (2)
    -> 2/4 = 50,0%; average 10/4 = 2,5; change: +0 communes, +10,0 points, +0,7 criteria, base 5 -> 4
"""

from __future__ import annotations

from pathlib import Path

STATUS = {
    "2019-12": {"00001": "111", "00002": "110", "00004": "100", "00005": "111", "00006": "000"},
    "2020-12": {"00001": "111", "00002": "111", "00004": "110", "00005-2020": "110"},
}

FILES = {
    "ref/geo/communes_in_source.csv": """district,district_code,commune,commune_type,commune_name,commune_code,commune_en,commune_id_src,district_id_src,code_2020,commune_2020,district_2020,change_2020
Huyện An,001,Xã Bản Xen,Xã,Bản Xen,00001,Ban Xen,1,1,00001,Xã Bản Xen,Huyện An,unchanged
Huyện An,001,Xã Thanh Bình,Xã,Thanh Bình,00002,Thanh Binh,2,1,00002,Xã Thanh Bình,Huyện An,unchanged
Huyện An,001,Thị trấn Phố,Thị trấn,Phố,00003,Pho,3,1,00003,Thị trấn Phố,Huyện An,unchanged
Huyện Bình,002,Xã Thanh Bình,Xã,Thanh Bình,00004,Thanh Binh,4,2,00004,Xã Thanh Bình,Huyện Bình,unchanged
Huyện Bình,002,Xã Đông,Xã,Đông,00005,Dong,5,2,00005,Xã Đông Tây,Huyện Bình,absorbed other unit(s); now Xã Đông Tây
Huyện Bình,002,Xã Tây,Xã,Tây,00006,Tay,6,2,00005,Xã Đông Tây,Huyện Bình,merged into Xã Đông Tây (00005)
""",
    "ref/reference/laocai_units_2020.csv": """province_code,district_code,district,unit_code,unit_name,unit_type,status,valid_from,valid_to,in_127_xa_2020,in_134_letter_base_inferred,notes,note_status,source
99,001,Huyện An,00001,Bản Xen,xã,current_2020,2020-03-01,,Y,Y,,,test
99,001,Huyện An,00002,Thanh Bình,xã,current_2020,2020-03-01,,Y,Y,,,test
99,001,Huyện An,00003,Phố,thị trấn,current_2020,2020-03-01,,N,N,,,test
99,002,Huyện Bình,00004,Thanh Bình,xã,current_2020,2020-03-01,,Y,Y,,,test
99,002,Huyện Bình,00005,Đông Tây,xã,current_2020,2020-03-01,,Y,Y,,,test
""",
    "data/unit_lineage_sapa_2020.csv": "from_code_2019,from_name_2019,to_code_2020,to_name_2020,kind,status,note\n",
    "data/periods.csv": """period_id,label_vi,label_en,as_of_date,criteria_set_id,base_note_vi,base_note_en,source_vi
2019-12,Cuối năm 2019,End of 2019,2019-12-31,SET3,,,test
2020-12,Cuối năm 2020,End of 2020,2020-12-31,SET3,,,test
""",
    "data/criteria_sets.csv": """set_id,level,name_vi,name_en,legal_basis,valid_from,valid_to,source,source_status
SET3,xã,Bộ thử 3 tiêu chí,Test set of 3 criteria,test,2016-01-01,2020-12-31,test,test
""",
    "data/criteria.csv": """set_id,code,name_vi,name_en,group_no,group,group_en,n_indicators,indicator_codes,source,source_status
SET3,1,Quy hoạch,Planning,I,Quy hoạch,Planning,1,1,test,test
SET3,2,Giao thông,Transport,II,Hạ tầng,Infrastructure,1,2,test,test
SET3,3,Thu nhập,Income,III,Kinh tế,Economy,1,3,test,test
""",
    "data/criteria_bands.csv": """set_id,band_order,label_vi,label_en,min_met,max_met
SET3,1,3 tiêu chí,3 criteria,3,3
SET3,2,1–2 tiêu chí,1–2 criteria,1,2
SET3,3,0 tiêu chí,0 criteria,0,0
""",
    "data/criterion_owner.csv": """set_id,criterion_code,criterion_vi,lead_department_province,supporting_units,central_ministry_guidance,status_vi
SET3,1,Quy hoạch,Sở Xây dựng,,,test
SET3,2,Giao thông,Sở Giao thông vận tải,,,test
SET3,3,Thu nhập,Sở Nông nghiệp và PTNT,,,test
""",
    "data/indicators.csv": """set_id,criterion_code,indicator_code,name_vi,name_en,unit,threshold_northern_mountains,comparator,threshold_general_national,source_status,source,notes
SET3,1,1,Có quy hoạch,Plan,bool,Đạt,==,Đạt,test,,
""",
    "data/recognitions.csv": """unit_id,unit_code,level,year,decision_no,decision_date,provenance,source
00001,00001,NTM,2018,12/QĐ-UBND,2018-12-20,confirmed,test source
00005,00005,NTM,2019,,,illustrative,
00002,00002,NTM,2020,,,illustrative,
""",
    "data/sponsors.csv": """unit_id,agency,valid_from,provenance
00004,Sở Tài chính,2020-01-01,illustrative
00006,Sở Y tế,2020-01-01,illustrative
""",
    "data/targets.csv": """target_id,scope_type,scope_code,measure,value,unit,valid_from,deadline,direction,source,source_status
central_share_2020,province,99,pct_communes_ntm,28,%,2016-01-01,2020-12-31,higher_is_better,test letter,confirmed
""",
    "data/published_figures.csv": """period_id,period,ntm_communes_cumulative,commune_base,pct_ntm,avg_criteria_per_commune,rural_income_mil_vnd,poverty_rate_pct,source_vi,status
2019-12,2019,2,5,40.0,1.8,,,test,confirmed
""",
}


def _status_csv() -> str:
    lines = ["period_id,unit_id,unit_code,criterion_code,met,provenance"]
    for period, units in STATUS.items():
        for unit, bits in units.items():
            for i, bit in enumerate(bits, start=1):
                lines.append(f"{period},{unit},{unit[:5]},{i},{bit},illustrative")
    return "\n".join(lines) + "\n"


def _base_csv() -> str:
    lines = ["period_id,unit_id,unit_code"]
    lines += [f"{p},{u},{u[:5]}" for p, units in STATUS.items() for u in units]
    return "\n".join(lines) + "\n"


def write(root: Path) -> tuple[Path, Path]:
    """Write the mini dataset under root; returns (reference dir, data dir)."""
    files = {**FILES, "data/commune_status.csv": _status_csv(), "data/period_units.csv": _base_csv()}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "ref", root / "data"
