"""A hand-made plan dataset on top of tests/mini.py: one target per measure, expected statuses by hand.

Units (from mini): Huyện An 001: 00001 Bản Xen, 00002 Thanh Bình; Huyện Bình 002: 00004 Thanh Bình,
00005 Đông + 00006 Tây -> 00005-2020 Đông Tây (merged 01/03/2020). Criteria set SET3 (3 criteria).

Periods: 2019-12 (31/12/2019) · 2020-01 baseline (01/01/2020) · 2020-05 (01/05/2020) · 2020-12 (31/12/2020).
Deadline of the plan targets 30/08/2020: 01/01 -> 01/05 is 121 days, 01/05 -> 30/08 is 121 days, so at
2020-05 exactly half the time is used (expected = 0,5); at 2020-12 the deadline has passed.

    criteria 1 2 3       2020-01   2020-05   2020-12
      00001 Bản Xen        111       111       111
      00002 Thanh Bình     110       111       111
      00004 Thanh Bình     100       100       110
      00005 Đông           111        -         -
      00006 Tây            000        -         -
      00005-2020 Đông Tây   -        110       111

Rules (as bundled): achieved if progress >= 100%; off track once the deadline has passed; before it, on track
if progress >= expected - 10 points, at risk if >= expected - 30 points, else off track.

Expected, worked out by hand (progress = (now - baseline) / (goal - baseline); lead = progress - expected):

  central_share   share >= 50%, no baseline (from 0), valid 01/01/2016:
                  2020-01 2/5 = 40%: progress 0,8; expected 1461/1703 = 0,858; lead -0,058 -> on_track
                  2020-05 2/4 = 50% -> achieved
  named_00004     criteria 1 -> 1 (goal 3): 2020-05 progress 0, lead -0,5 -> off_track;
                  2020-12 2/3 after the deadline -> off_track; 2020-01 lead 0 -> on_track; 2019-12 -> not_in_force
  named_00002     same name, other code: 2 -> 3 at 2020-05 -> achieved
  advanced_001    00001 nâng cao 15/04/2020: 2020-05 1/1 -> achieved
  advanced_002    goal 2; 00005-2020 nâng cao 20/11/2020: 2020-05 0 -> off_track; 2020-12 1/2 -> off_track
  sponsored       00004 (1 -> 1, 2020-05), 00006 -> Đông Tây (0 -> 2): 1/2 gained >= 1, progress 0,5, lead 0
                  -> on_track; 2020-12: +1 and +3 -> 2/2 achieved
  dept_c1 (1)     2020-05: Đông Tây meets 1, Tây did not -> 1 -> achieved
  dept_c2 (2)     2020-05: Đông Tây -> 1/2, progress 0,5, lead 0 -> on_track; 2020-12: + 00004 -> 2 achieved
  dept_c3 (4)     2020-05: 00002 -> 1/4, progress 0,25, lead -0,25 -> at_risk; 2020-12: + Đông Tây -> 2/4 off_track
  review_001      criteria 1 (ind. 1) and 2 (ind. 2.1, 2.2) + all communes: 2020-01 1 met, 2 not (2.2),
                  00002 misses criterion 3 -> 1/3; 2020-05 3/3 -> achieved
  review_002      no district criteria reported -> no_data
  merged          Đông Tây (Đông recognised 2019, before 01/03/2020): 2020-01 measured on Đông and Tây
                  jointly: 0 criteria -> 0%; 2020-05 2/3 -> 0%, lead -0,5 -> off_track; 2020-12 3/3 -> achieved
"""

from __future__ import annotations

from pathlib import Path

from tests import mini

STATUS = {
    "2019-12": {"00001": "111", "00002": "110", "00004": "100", "00005": "111", "00006": "000"},
    "2020-01": {"00001": "111", "00002": "110", "00004": "100", "00005": "111", "00006": "000"},
    "2020-05": {"00001": "111", "00002": "111", "00004": "100", "00005-2020": "110"},
    "2020-12": {"00001": "111", "00002": "111", "00004": "110", "00005-2020": "111"},
}
DEADLINE = "2020-08-30"
PLAN = f"2020-01-01,{DEADLINE},higher_is_better,test letter,confirmed"


def _target(tid, scope_type, code, measure, value, group, baseline="2020-01", valid_plan=PLAN):
    return f"{tid},{scope_type},{code},{measure},{value},,{valid_plan},{group},{tid},{tid},{baseline},confirmed"


FILES = {
    "data/periods.csv": """period_id,label_vi,label_en,as_of_date,criteria_set_id,base_note_vi,base_note_en,source
2019-12,Cuối năm 2019,End of 2019,2019-12-31,SET3,,,test
2020-01,Kỳ gốc,Baseline,2020-01-01,SET3,,,test
2020-05,Giữa kỳ,Midway,2020-05-01,SET3,,,test
2020-12,Cuối năm 2020,End of 2020,2020-12-31,SET3,,,test
""",
    "data/criteria_sets.csv": """set_id,level,name_vi,name_en,legal_basis,valid_from,valid_to,source,source_status
SET3,xã,Bộ thử 3 tiêu chí,Test set of 3 criteria,test,2016-01-01,2020-12-31,test,test
DSET,huyện,Bộ thử tiêu chí huyện,Test district set,test,2016-01-01,2020-12-31,test,test
""",
    "data/targets.csv": "\n".join(
        [
            "target_id,scope_type,scope_code,measure,value,unit,valid_from,deadline,direction,source,source_status,"
            "target_group,label_vi,label_en,baseline_period_id,provenance",
            _target(
                "central_share",
                "province",
                "99",
                "pct_communes_ntm",
                50,
                "province_share",
                baseline="",
                valid_plan=f"2016-01-01,{DEADLINE},higher_is_better,test letter,confirmed",
            ),
            _target("named_00004", "commune", "00004", "meets_standard", 1, "named_communes"),
            _target("named_00002", "commune", "00002", "meets_standard", 1, "named_communes"),
            _target("advanced_001", "district", "001", "advanced_communes", 1, "advanced_per_district"),
            _target("advanced_002", "district", "002", "advanced_communes", 2, "advanced_per_district"),
            _target("sponsored", "sponsored_communes", "99", "communes_gaining_min_criteria", 1, "sponsored_gain"),
            _target("dept_c1", "criterion", "1", "communes_gaining_criterion", 1, "department_plan"),
            _target("dept_c2", "criterion", "2", "communes_gaining_criterion", 2, "department_plan"),
            _target("dept_c3", "criterion", "3", "communes_gaining_criterion", 4, "department_plan"),
            _target("review_001", "district", "001", "district_standard", 1, "district_review"),
            _target("review_002", "district", "002", "district_standard", 1, "district_review"),
            _target("merged", "merged_recognised_communes", "99", "pct_meeting_standard", 100, "merged_reevaluation"),
        ]
    )
    + "\n",
    "data/target_status_rules.csv": """rule_order,status,label_vi,label_en,colour,icon,applies_when,min_progress_pct,min_lead_pct,rule_vi,rule_en
1,not_in_force,Chưa áp dụng,Not in force,#999999,○,not_in_force,,,Chưa áp dụng.,Not in force.
2,no_data,Chưa có số liệu,No data,#999999,○,no_data,,,Chưa có số liệu.,No data.
3,achieved,Đã đạt,Achieved,#009E73,✔,any,100,,Đạt ({min_progress_pct}%).,Achieved ({min_progress_pct}%).
4,off_track,Không đạt,Off track,#D55E00,✖,after_deadline,,,Quá hạn chưa đạt.,Deadline passed.
5,on_track,Đúng tiến độ,On track,#0072B2,●,before_deadline,,-10,Chậm không quá {min_lead_pct} điểm %.,At most {min_lead_pct} points behind.
6,at_risk,Có nguy cơ,At risk,#E69F00,▲,before_deadline,,-30,Chậm không quá {min_lead_pct} điểm %.,At most {min_lead_pct} points behind.
7,off_track,Chậm tiến độ,Off track,#D55E00,✖,before_deadline,,,Chậm hơn nữa.,Further behind.
""",
    "data/district_criteria.csv": """set_id,code,indicator_code,name_vi,name_en,requirement_vi,requirement_en,threshold,source,source_status,notes
DSET,1,1,Quy hoạch,Planning,,,Đạt,test,test,
DSET,2,2.1,Giao thông,Transport,,,Đạt,test,test,
DSET,2,2.2,Giao thông,Transport,,,Đạt,test,test,
DSET,cond,A,Điều kiện huyện,District condition,100% xã,100% communes,100%,test,test,
DSET,cond,B,Điều kiện thị xã,Town condition,100% xã,100% communes,100%,test,test,
""",
    "data/district_criteria_status.csv": """period_id,district_code,set_id,indicator_code,met,provenance
2020-01,001,DSET,1,1,illustrative
2020-01,001,DSET,2.1,1,illustrative
2020-01,001,DSET,2.2,0,illustrative
2020-05,001,DSET,1,1,illustrative
2020-05,001,DSET,2.1,1,illustrative
2020-05,001,DSET,2.2,1,illustrative
2020-12,001,DSET,1,1,illustrative
2020-12,001,DSET,2.1,1,illustrative
2020-12,001,DSET,2.2,1,illustrative
""",
    "data/advanced_recognitions.csv": """unit_id,unit_code,level,year,decision_no,decision_date,provenance,source
00001,00001,NTM nâng cao,2020,,2020-04-15,illustrative,
00005-2020,00005,NTM nâng cao,2020,,2020-11-20,illustrative,
""",
}

EXPECTED = {  # (target, period) -> status, from the docstring
    ("central_share", "2020-01"): "on_track",
    ("central_share", "2020-05"): "achieved",
    ("named_00004", "2019-12"): "not_in_force",
    ("named_00004", "2020-01"): "on_track",
    ("named_00004", "2020-05"): "off_track",
    ("named_00004", "2020-12"): "off_track",
    ("named_00002", "2020-05"): "achieved",
    ("advanced_001", "2020-05"): "achieved",
    ("advanced_002", "2020-05"): "off_track",
    ("advanced_002", "2020-12"): "off_track",
    ("sponsored", "2020-01"): "on_track",
    ("sponsored", "2020-05"): "on_track",
    ("sponsored", "2020-12"): "achieved",
    ("dept_c1", "2020-05"): "achieved",
    ("dept_c2", "2020-05"): "on_track",
    ("dept_c2", "2020-12"): "achieved",
    ("dept_c3", "2020-05"): "at_risk",
    ("dept_c3", "2020-12"): "off_track",
    ("review_001", "2020-05"): "achieved",
    ("review_002", "2020-05"): "no_data",
    ("merged", "2020-01"): "on_track",
    ("merged", "2020-05"): "off_track",
    ("merged", "2020-12"): "achieved",
}


def _status_csv() -> str:
    lines = ["period_id,unit_id,unit_code,criterion_code,met,provenance"]
    for period, units in STATUS.items():
        for unit, bits in units.items():
            lines += [f"{period},{unit},{unit[:5]},{i},{bit},illustrative" for i, bit in enumerate(bits, start=1)]
    return "\n".join(lines) + "\n"


def _base_csv() -> str:
    lines = ["period_id,unit_id,unit_code"] + [f"{p},{u},{u[:5]}" for p, units in STATUS.items() for u in units]
    return "\n".join(lines) + "\n"


def write(root: Path) -> tuple[Path, Path]:
    """The mini dataset with the plan files above; returns (reference dir, data dir)."""
    ref, data = mini.write(root)
    files = {**FILES, "data/commune_status.csv": _status_csv(), "data/period_units.csv": _base_csv()}
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return ref, data
