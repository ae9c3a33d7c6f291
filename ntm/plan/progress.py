"""The 2020 plan measured for a period: every row of the targets table with its status, and the lists the
steering committee asks for (the six communes, districts without an advanced commune, sponsors whose
communes gained nothing, department plans, the two district reviews, merged communes to re-evaluate).

Targets are data (targets, target_status_rules); this module only knows what each *measure* counts
(ntm.targets.MEASURES). Scope codes are official codes: a commune code is resolved to the unit version
carrying it on the day the target took effect, then followed through the 2020 reform by lineage.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb
import pandas as pd

from ntm.data import registry
from ntm.data.unit_history import lineage_graph
from ntm.locale.i18n import in_lang, t, unit_type
from ntm.measures import metrics, queries, recognitions
from ntm.plan import targets

GROUP_ORDER = list(registry.PLAN_2020_GROUPS)  # the directives of Letter 417, in the letter's order
ILLUSTRATIVE = "illustrative"


@dataclass(frozen=True)
class PlanReport:
    """Everything the plan page draws, for one period (frames have *_vi / *_en text columns)."""

    period_id: str
    baseline_period_id: str | None
    targets: pd.DataFrame
    rules: pd.DataFrame
    named_communes: pd.DataFrame
    advanced: pd.DataFrame
    sponsors: pd.DataFrame
    departments: pd.DataFrame
    district_reviews: pd.DataFrame
    merged: pd.DataFrame
    illustrative: bool
    before_baseline: bool = False  # the period viewed comes before the plan's baseline
    problems: list[str] = field(default_factory=list)


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _text(row: pd.Series, key: str) -> str | None:
    """A text cell, None when the column is missing or the cell empty (older target files lack columns)."""
    value = row.get(key)
    return None if value is None or pd.isna(value) or value == "" else str(value)


class _Data:
    """Frames read once per report; per-period frames on first use."""

    def __init__(self, con: duckdb.DuckDBPyConnection, period_id: str):
        self.con = con
        self.periods = metrics.periods(con).set_index("period_id")
        if period_id not in self.periods.index:
            raise KeyError(f"Không có kỳ báo cáo '{period_id}'")
        units = queries.units(con)
        units["valid_from"] = units["valid_from"].map(_day)
        units["valid_to"] = units["valid_to"].map(_day)
        self.units = units
        self.unit = units.set_index("unit_id")
        self.lineage = queries.lineage(con)
        self.next_units = lineage_graph(self.lineage)
        districts = queries.districts(con)  # of the period's province: the districts its plan names
        self.districts = districts[districts["province_id"] == self.periods.loc[period_id, "province_id"]]
        self.district_name = dict(zip(self.districts.district_code, self.districts.district_short))
        self.recognitions = queries.all_recognitions(con)
        self.targets = queries.targets(con)
        self.rules = queries.status_rules(con)
        self.sponsors = queries.sponsors(con)
        self._cache: dict = {}
        self.illustrative = False

    def _once(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def as_of(self, period: str) -> date:
        return _day(self.periods.loc[period, "as_of_date"])

    def scores(self, period: str) -> pd.DataFrame:
        def make():
            s = metrics.commune_scores(self.con, metrics.Scope(period)).set_index("unit_id")
            self.illustrative |= bool(s["illustrative"].any())
            return s

        return self._once(("scores", period), make)

    def status(self, period: str) -> pd.DataFrame:
        return self._once(("status", period), lambda: metrics.scope_status(self.con, metrics.Scope(period)))

    def ids(self, period: str) -> frozenset[str]:
        """The period's communes, as a set for look-ups."""
        return self._once(("ids", period), lambda: frozenset(self.scores(period).index))

    def n_criteria(self, period: str) -> int:
        s = self.scores(period)
        return int(s["n_criteria"].max()) if len(s) else 0

    def unit_in(self, period: str, unit_id: str) -> str | None:
        """The unit itself or what it became, among the period's communes."""
        return targets.successors(self.next_units, [unit_id], self.ids(period)).get(unit_id)

    def pairs(self, baseline: str, period: str) -> dict[str, str]:
        return self._once(
            ("pairs", baseline, period),
            lambda: targets.successors(self.next_units, list(self.scores(baseline).index), self.ids(period)),
        )

    def gains(self, baseline: str, period: str) -> pd.DataFrame:
        return self._once(
            ("gains", baseline, period),
            lambda: targets.criteria_gains(self.pairs(baseline, period), self.status(baseline), self.status(period)),
        )

    def district_set(self, period: str) -> str | None:
        return queries.district_set(self.con, period)

    def district_criteria(self, set_id: str) -> pd.DataFrame:
        return self._once(("dcrit", set_id), lambda: queries.district_criteria(self.con, set_id))

    def advanced_counts(self, day: date) -> pd.DataFrame:
        return self._once(("adv", day), lambda: targets.advanced_by_district(self.recognitions, day))

    def merged(self, year: int) -> pd.DataFrame:
        return self._once(
            ("merged", year), lambda: targets.merged_recognised(self.units, self.lineage, self.recognitions, year)
        )

    def criteria_names(self, period: str) -> pd.DataFrame:
        return self._once(
            ("crit", period), lambda: metrics.criteria_table(self.con, period).set_index("criterion_code")
        )


# ---- one function per measure: (data, target row, period, baseline) -> (Measurement, scope, district) ----


@dataclass(frozen=True)
class Measured:
    measurement: targets.Measurement
    scope_vi: str
    scope_en: str
    district_code: str | None = None
    problem: str | None = None
    unit_id: str | None = None  # the commune a commune-scoped target resolves to


def _m(base, current, goal, row) -> targets.Measurement:
    return targets.Measurement(base, current, float(goal), row["direction"])


def _whole_base(d: _Data, row, period, baseline, of_base) -> Measured:
    """A province-wide (or national) measure taken on every commune of the period's base."""

    def value(p):
        s = d.scores(p) if p else None
        return of_base(s, p) if s is not None and len(s) else None

    return Measured(
        _m(value(baseline), value(period), row["value"], row), t("all_districts", "vi"), t("all_districts", "en")
    )


def _pct_communes_ntm(d: _Data, row, period, baseline) -> Measured:
    return _whole_base(d, row, period, baseline, lambda s, _: float(s["meets_standard"].mean() * 100))


def _ntm_communes(d: _Data, row, period, baseline) -> Measured:
    """Communes holding an NTM recognition on the period's date: what a plan's 'xã đạt chuẩn' counts (a review
    may find a recognised commune below the standard today)."""

    def holders(s, p):
        return float(len(recognitions.holders(list(s.index), d.recognitions, d.lineage, d.as_of(p))))

    return _whole_base(d, row, period, baseline, holders)


def _pct_communes_ntm_modern(d: _Data, row, period, baseline) -> Measured:
    """Share of the base recognised NTM hiện đại by the period's date (no data until such a recognition exists)."""
    modern = d.recognitions[d.recognitions["level"] == targets.MODERN_LEVEL]

    def share(s, p):
        if modern.empty:
            return None
        held = targets.recognised_by(modern, d.as_of(p), (targets.MODERN_LEVEL,))
        return float(s.index.isin(held["unit_id"]).mean() * 100)

    return _whole_base(d, row, period, baseline, share)


def _commune_of(d: _Data, row) -> str | None:
    day = _day(row["valid_from"]) or _day(row["deadline"])
    return targets.unit_at(d.units, row["scope_code"], day)


def _meets_standard(d: _Data, row, period, baseline) -> Measured:
    anchor = _commune_of(d, row)
    if anchor is None:
        return Measured(
            _m(None, None, 1, row),
            row["scope_code"],
            row["scope_code"],
            problem=f"mã xã '{row['scope_code']}' không có trong danh mục đơn vị",
        )
    u = d.unit.loc[anchor]
    district = d.district_name.get(u.district_code, u.district_code)
    scope_vi, scope_en = (
        f"{unit_type(u.unit_type, lg).capitalize()} {u.unit_name} ({district})" for lg in ("vi", "en")
    )

    def met(p):
        if p is None:
            return None
        now = d.unit_in(p, anchor)
        return None if now is None else float(d.scores(p).loc[now, "met_count"])

    goal = d.n_criteria(period) * float(row["value"])
    return Measured(_m(met(baseline), met(period), goal, row), scope_vi, scope_en, u.district_code, unit_id=anchor)


def _advanced_communes(d: _Data, row, period, baseline) -> Measured:
    code = row["scope_code"]
    if code not in d.district_name:
        return Measured(_m(None, None, row["value"], row), code, code, problem=f"mã huyện '{code}' không tồn tại")

    def count(p):
        return float(d.advanced_counts(d.as_of(p))["advanced"].get(code, 0))

    return Measured(
        _m(count(baseline) if baseline else None, count(period), row["value"], row),
        d.district_name[code],
        d.district_name[code],
        code,
    )


def _sponsor_table(d: _Data, baseline: str, period: str) -> pd.DataFrame:
    since = pd.to_datetime(d.sponsors["valid_from"]).fillna(pd.Timestamp.min)
    active = d.sponsors[since <= pd.Timestamp(d.as_of(baseline))]
    d.illustrative |= bool((active["provenance"] == ILLUSTRATIVE).any())
    ids = [u for u in dict.fromkeys(active["unit_id"]) if u in d.scores(baseline).index]
    pairs = targets.successors(d.next_units, ids, d.ids(period))
    gained = targets.criteria_gained(pairs, d.scores(baseline)["met_count"], d.scores(period)["met_count"])
    return gained.merge(active[["unit_id", "agency", "agency_en"]], on="unit_id")


def _communes_gaining_min_criteria(d: _Data, row, period, baseline) -> Measured:
    scope_vi, scope_en = t("scope_sponsored", "vi"), t("scope_sponsored", "en")
    if baseline is None or d.as_of(period) < d.as_of(baseline):
        return Measured(_m(None, None, 0, row), scope_vi, scope_en)
    table = _sponsor_table(d, baseline, period).drop_duplicates("unit_id")
    need = float(row["value"])
    return Measured(
        _m(float((need <= 0) * len(table)), float((table["gained"] >= need).sum()), len(table), row), scope_vi, scope_en
    )


def _communes_gaining_criterion(d: _Data, row, period, baseline) -> Measured:
    code = row["scope_code"]
    names = d.criteria_names(period)
    if code not in names.index:
        return Measured(
            _m(None, None, row["value"], row), code, code, problem=f"tiêu chí '{code}' không có trong bộ tiêu chí"
        )
    c = names.loc[code]
    scope_vi = f"{code}. {c.name_vi} — {c.department}"
    scope_en = f"{code}. {c.name_en} — {in_lang(c, 'department', 'en')}"
    if baseline is None or d.as_of(period) < d.as_of(baseline):
        return Measured(_m(None, None, row["value"], row), scope_vi, scope_en)
    gains = d.gains(baseline, period)
    return Measured(_m(0.0, float((gains["criterion_code"] == code).sum()), row["value"], row), scope_vi, scope_en)


def district_checklist(d: _Data, period: str, district: str) -> pd.DataFrame | None:
    """QĐ 558 criteria of one district in a period, plus the condition that every commune meets the standard."""
    return d._once(("checklist", period, district), lambda: _district_checklist(d, period, district))


def _district_checklist(d: _Data, period: str, district: str) -> pd.DataFrame | None:
    set_id = d.district_set(period)
    if set_id is None:
        return None
    crit = d.district_criteria(set_id)
    status = queries.district_status(d.con, period, set_id)
    status = status[status["district_code"] == district]
    if status.empty:
        return None
    d.illustrative |= bool((status["provenance"] == ILLUSTRATIVE).any())
    items = targets.district_checklist(crit[crit["code"] != "cond"], status).assign(kind="criterion")
    kind = d.districts.set_index("district_code").loc[district, "district_type"]
    cond = crit[crit["indicator_code"] == ("A" if kind == "huyện" else "B")]  # QĐ 558: A district, B town/city
    s = d.scores(period)
    s = s[s["district_code"] == district]
    condition = {
        "code": "cond",
        "kind": "condition",
        "indicators": len(s),
        "indicators_met": int(s["meets_standard"].sum()),
        "name_vi": (f"{cond['name_vi'].iloc[0]}: " if len(cond) else "") + t("all_communes_condition", "vi"),
        "name_en": (f"{cond['name_en'].iloc[0]}: " if len(cond) else "") + t("all_communes_condition", "en"),
        "met": bool(len(s)) and bool(s["meets_standard"].all()),
    }
    return pd.concat([items, pd.DataFrame([condition])], ignore_index=True)


def _district_standard(d: _Data, row, period, baseline) -> Measured:
    code = row["scope_code"]
    if code not in d.district_name:
        return Measured(_m(None, None, 1, row), code, code, problem=f"mã huyện '{code}' không tồn tại")

    def met(p):
        items = district_checklist(d, p, code) if p else None
        return None if items is None else (float(items["met"].fillna(False).astype(bool).sum()), len(items))

    now, base = met(period), met(baseline)
    goal = now[1] if now else (base[1] if base else 1)
    return Measured(
        _m(base[0] if base else None, now[0] if now else None, goal * float(row["value"]), row),
        d.district_name[code],
        d.district_name[code],
        code,
    )


def merged_table(d: _Data, year: int, period: str) -> pd.DataFrame:
    """Merged communes recognised before merging, with how they stand in the period."""
    return d._once(("merged_table", year, period), lambda: _merged_table(d, year, period))


def _merged_table(d: _Data, year: int, period: str) -> pd.DataFrame:
    merged = d.merged(year)
    base = d.ids(period)
    n = d.n_criteria(period)
    rows = []
    for r in merged.itertuples(index=False):
        present = [r.unit_id] if r.unit_id in base else [p for p in r.predecessors if p in base]
        met = targets.criteria_met_jointly(d.status(period), present)
        u = d.unit.loc[r.unit_id]
        names = lambda ids: ", ".join(d.unit.loc[i, "unit_name"] for i in ids)  # noqa: E731
        rows.append(
            {
                "unit_id": r.unit_id,
                "unit_code": u.unit_code,
                "unit_name": u.unit_name,
                "district_code": u.district_code,
                "district_name": d.district_name.get(u.district_code),
                "effective_date": r.effective_date,
                "predecessors": names(r.predecessors),
                "recognised": ", ".join(f"{d.unit.loc[i, 'unit_name']} ({y})" for i, y in r.recognised),
                "measured_on": names(present),
                "met_count": met,
                "n_criteria": n,
                "meets_standard": None if met is None else met == n,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "unit_id",
            "unit_code",
            "unit_name",
            "district_code",
            "district_name",
            "effective_date",
            "predecessors",
            "recognised",
            "measured_on",
            "met_count",
            "n_criteria",
            "meets_standard",
        ],
    )


def _pct_meeting_standard(d: _Data, row, period, baseline) -> Measured:
    year = _day(row["deadline"]).year

    def pct(p):
        if p is None:
            return None
        table = merged_table(d, year, p)
        known = table["meets_standard"].dropna()
        return float(known.astype(bool).mean() * 100) if len(known) else None

    n = len(d.merged(year))
    return Measured(
        _m(pct(baseline), pct(period), row["value"], row), t("scope_merged", "vi", n=n), t("scope_merged", "en", n=n)
    )


MEASURE_FUNCTIONS = {
    "pct_communes_ntm": _pct_communes_ntm,
    "ntm_communes": _ntm_communes,
    "pct_communes_ntm_modern": _pct_communes_ntm_modern,
    "meets_standard": _meets_standard,
    "advanced_communes": _advanced_communes,
    "communes_gaining_min_criteria": _communes_gaining_min_criteria,
    "communes_gaining_criterion": _communes_gaining_criterion,
    "district_standard": _district_standard,
    "pct_meeting_standard": _pct_meeting_standard,
}
assert set(MEASURE_FUNCTIONS) == set(targets.MEASURES)


# ---- the report ---------------------------------------------------------------------------------


REPORT_COLUMNS = (
    "target_id",
    "target_group",
    "measure",
    "unit_key",
    "label_vi",
    "label_en",
    "scope_type",
    "scope_code",
    "scope_vi",
    "scope_en",
    "district_code",
    "unit_id",
    "value",
    "baseline",
    "current",
    "goal",
    "attainment",
    "progress",
    "expected",
    "status",
    "status_vi",
    "status_en",
    "colour",
    "icon",
    "baseline_period_id",
    "deadline",
    "source",
    "source_en",
    "source_status",
    "provenance",
    "value_qualifier",
)
"""The columns of a plan report's table, one per key of a measured target (an empty plan keeps them)."""


def _evaluate(d: _Data, row: pd.Series, period: str, problems: list[str]) -> dict:
    baseline = _text(row, "baseline_period_id")
    if baseline is not None and baseline not in d.periods.index:
        problems.append(f"Mục tiêu '{row['target_id']}': kỳ gốc '{baseline}' không có trong periods.csv")
        baseline = None
    measured = MEASURE_FUNCTIONS[row["measure"]](d, row, period, baseline)
    if measured.problem:
        problems.append(f"Tệp targets.csv, mục tiêu '{row['target_id']}': {measured.problem}")
    m = measured.measurement
    as_of, deadline = d.as_of(period), _day(row["deadline"])
    start = d.as_of(baseline) if baseline else (_day(row["valid_from"]) or as_of)
    in_force = as_of >= start and (_day(row["valid_from"]) is None or as_of >= _day(row["valid_from"]))
    known = pd.notna(m.goal)  # a target whose value no document gives yet is measured, never judged
    prog, expected = (targets.progress(m) if known else None), targets.elapsed(as_of, start, deadline)
    rule = targets.matching_rule(
        d.rules, in_force=in_force, prog=prog, expected=expected, deadline_passed=as_of >= deadline
    )
    if _text(row, "provenance") == ILLUSTRATIVE:
        d.illustrative = True
    return {
        "target_id": row["target_id"],
        "target_group": _text(row, "target_group"),
        "measure": row["measure"],
        "unit_key": targets.MEASURES[row["measure"]],
        "label_vi": _text(row, "label_vi") or row["measure"],
        "label_en": _text(row, "label_en") or row["measure"],
        "scope_type": row["scope_type"],
        "scope_code": row["scope_code"],
        "scope_vi": measured.scope_vi,
        "scope_en": measured.scope_en,
        "district_code": measured.district_code,
        "unit_id": measured.unit_id,
        "value": float(row["value"]),
        "baseline": m.baseline,
        "current": m.current,
        "goal": m.goal,
        "attainment": targets.attainment(m) if known else None,
        "progress": prog,
        "expected": expected if in_force else None,
        "status": rule["status"],
        "status_vi": rule["label_vi"],
        "status_en": rule["label_en"],
        "colour": rule["colour"],
        "icon": rule["icon"],
        "baseline_period_id": baseline,
        "deadline": deadline,
        "source": row["source"],
        "source_en": in_lang(row, "source", "en"),
        "source_status": _text(row, "source_status"),
        "provenance": _text(row, "provenance"),
        "value_qualifier": _text(row, "value_qualifier"),
    }


def _ordered(targets_frame: pd.DataFrame) -> pd.DataFrame:
    rank = {g: i for i, g in enumerate(GROUP_ORDER)}
    key = targets_frame["target_group"].map(lambda g: rank.get(g, len(rank)))
    return targets_frame.assign(_k=key).sort_values(["_k", "target_id"], kind="stable").drop(columns="_k")


def plan_targets(all_targets: pd.DataFrame, period: pd.Series) -> pd.DataFrame:
    """The targets measured in a period: those of the period's plan (targets.plan_id = periods.plan_id, both
    blank in a dataset without plans) whose scope is the country, the period's province, or a place or
    criterion inside it (the Letter 417 plan's districts, communes and criteria)."""
    plan = _text(period, "plan_id") or ""
    same_plan = all_targets.get("plan_id", pd.Series(None, index=all_targets.index)).fillna("") == plan
    province = _text(period, "province_id")
    elsewhere = (all_targets["scope_type"] == "province") & (all_targets["scope_code"] != province)
    return all_targets[same_plan & ~(elsewhere & (province is not None))]


def report(con: duckdb.DuckDBPyConnection, period_id: str) -> PlanReport:
    """Measure every target of the period's plan and build the lists of the plan page (whole province).

    Kept with the queries it reads (ntm.measures.memo: per version of the database file): the plan page, the plan
    slides and the PDF of one period then measure the plan once, not once each (0,2 s a time)."""
    return queries.MEMO.get(con, ("plan_report", period_id), lambda: _report(con, period_id), copy=copy.deepcopy)


def _report(con: duckdb.DuckDBPyConnection, period_id: str) -> PlanReport:
    d = _Data(con, period_id)
    problems: list[str] = []
    if d.rules.empty:
        raise ValueError("Chưa có quy tắc đánh giá (tệp data/target_status_rules.csv trống hoặc thiếu).")
    measured = plan_targets(d.targets, d.periods.loc[period_id])
    rows = [_evaluate(d, r, period_id, problems) for _, r in _ordered(measured).iterrows()]
    table = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(REPORT_COLUMNS))
    baselines = table["baseline_period_id"].dropna() if len(table) else pd.Series(dtype=str)
    baseline = baselines.mode().iloc[0] if len(baselines) else None
    return PlanReport(
        period_id,
        baseline,
        table,
        d.rules,
        named_communes=_named(d, table, period_id),
        advanced=_advanced_table(d, table, period_id),
        sponsors=_sponsors(d, table, period_id, baseline),
        departments=(
            table[table["measure"] == "communes_gaining_criterion"].reset_index(drop=True) if len(table) else table
        ),
        district_reviews=_reviews(d, table, period_id),
        merged=_merged(d, table, period_id),
        illustrative=d.illustrative,
        problems=problems,
        before_baseline=baseline is not None and d.as_of(period_id) < d.as_of(baseline),
    )


def _named(d: _Data, table: pd.DataFrame, period: str) -> pd.DataFrame:
    """The named communes: criteria met at baseline and now, and the names of the criteria still missing."""
    rows = []
    names = d.criteria_names(period)
    status = d.status(period)
    for r in table[table["measure"] == "meets_standard"].itertuples(index=False):
        now = d.unit_in(period, r.unit_id) if r.unit_id else None
        missing = status[(status["unit_id"] == now) & ~status["met"]]["criterion_code"].tolist() if now else []
        missing = sorted(missing, key=lambda c: names.loc[c, "sort_order"] if c in names.index else 99)
        rows.append(
            {
                "target_id": r.target_id,
                "unit_code": r.scope_code,
                "scope_vi": r.scope_vi,
                "scope_en": r.scope_en,
                "district_code": r.district_code,
                "met_base": r.baseline,
                "met_now": r.current,
                "n_criteria": r.goal,
                "missing_vi": "; ".join(f"{c}. {names.loc[c, 'name_vi']}" for c in missing),
                "missing_en": "; ".join(f"{c}. {names.loc[c, 'name_en']}" for c in missing),
                "status": r.status,
                "status_vi": r.status_vi,
                "status_en": r.status_en,
                "colour": r.colour,
                "icon": r.icon,
            }
        )
    return pd.DataFrame(rows)


def _advanced_table(d: _Data, table: pd.DataFrame, period: str) -> pd.DataFrame:
    """Every district: advanced and model communes by the period's date against its target."""
    day = d.as_of(period)
    counts = d.advanced_counts(day)
    rec = targets.recognised_by(d.recognitions, day, targets.ADVANCED_LEVELS)
    d.illustrative |= bool((rec["provenance"] == ILLUSTRATIVE).any())
    per_target = (
        table[table["measure"] == "advanced_communes"].set_index("scope_code") if len(table) else pd.DataFrame()
    )
    rows = []
    for code, name in d.district_name.items():
        mine = rec[rec["district_code"] == code].sort_values(["unit_name", "level"])
        target = per_target.loc[code] if code in per_target.index else None
        rows.append(
            {
                "district_code": code,
                "district_name": name,
                "advanced": int(counts["advanced"].get(code, 0)),
                "model": int(counts["model"].get(code, 0)),
                "goal": None if target is None else target["goal"],
                "status": None if target is None else target["status"],
                "status_vi": None if target is None else target["status_vi"],
                "status_en": None if target is None else target["status_en"],
                "icon": None if target is None else target["icon"],
                "colour": None if target is None else target["colour"],
                "communes": list(zip(mine["unit_name"], mine["level"], targets.effective_dates(mine).dt.date)),
            }
        )
    columns = ["district_code", "district_name", "advanced", "model", "goal", "status", "status_vi", "status_en"]
    return pd.DataFrame(rows, columns=[*columns, "icon", "colour", "communes"])  # no district: none after 2025


def _sponsors(d: _Data, table: pd.DataFrame, period: str, baseline: str | None) -> pd.DataFrame:
    """Each sponsoring agency and commune: criteria at baseline and now, and whether it reached the target."""
    cols = [
        "agency",
        "agency_en",
        "unit_id",
        "unit_code",
        "unit_name",
        "district_code",
        "district_name",
        "successor_name",
        "met_base",
        "met_now",
        "gained",
        "reached",
    ]
    if baseline is None or d.as_of(period) < d.as_of(baseline):
        return pd.DataFrame(columns=cols)
    goal = table.loc[table["measure"] == "communes_gaining_min_criteria", "value"]
    need = float(goal.iloc[0]) if len(goal) else 1.0
    out = _sponsor_table(d, baseline, period)
    u = d.unit.loc[out["unit_id"]]
    out = out.assign(
        unit_code=u["unit_code"].values,
        unit_name=u["unit_name"].values,
        district_code=u["district_code"].values,
        district_name=[d.district_name.get(c) for c in u["district_code"]],
        successor_name=[
            None if s == b else d.unit.loc[s, "unit_name"] for b, s in zip(out["unit_id"], out["successor_id"])
        ],
        reached=out["gained"] >= need,
    )
    return out[cols].sort_values(["reached", "agency", "unit_name"]).reset_index(drop=True)


def _reviews(d: _Data, table: pd.DataFrame, period: str) -> pd.DataFrame:
    frames = []
    for r in table[table["measure"] == "district_standard"].itertuples(index=False):
        items = district_checklist(d, period, r.scope_code)
        if items is None:
            items = pd.DataFrame([{"code": None, "kind": "no_data", "met": None}])
        frames.append(
            items.assign(
                target_id=r.target_id,
                district_code=r.scope_code,
                district_name=d.district_name.get(r.scope_code),
                status=r.status,
                status_vi=r.status_vi,
                status_en=r.status_en,
                icon=r.icon,
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _merged(d: _Data, table: pd.DataFrame, period: str) -> pd.DataFrame:
    rows = table[table["measure"] == "pct_meeting_standard"]
    if rows.empty:
        return pd.DataFrame()
    return merged_table(d, rows["deadline"].iloc[0].year, period)


def restrict(rep: PlanReport, districts: tuple[str, ...]) -> PlanReport:
    """The report limited to some districts; province-wide rows (no district) are kept."""
    if not districts:
        return rep

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "district_code" not in frame:
            return frame
        return frame[frame["district_code"].isna() | frame["district_code"].isin(districts)].reset_index(drop=True)

    return replace(
        rep,
        targets=keep(rep.targets),
        named_communes=keep(rep.named_communes),
        advanced=keep(rep.advanced),
        sponsors=keep(rep.sponsors),
        district_reviews=keep(rep.district_reviews),
        merged=keep(rep.merged),
    )
