"""The poverty report as tables and headline figures for people (Vietnamese first, English second)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ntm.figures.tables import Col, Sheet
from ntm.locale import fmt
from ntm.locale.i18n import column_in_lang, local, status_word, t
from ntm.plan.poverty import PovertyReport, known_on, published_rate_decimals, resources_table, standard_of_year


def _rate(value, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else fmt.percent(value, published_rate_decimals(value), lang)


def _int(value, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else fmt.integer(int(value), lang)


def _headed(lang: str, columns: dict[str, object]) -> pd.DataFrame:
    """A table whose columns are given by header key (translated here) in the order shown."""
    return pd.DataFrame({t(key, lang): values for key, values in columns.items()})


def headline(rep: PovertyReport, lang: str) -> list[dict]:
    """The rate, near-poor rate and change since the previous year on the same standard, as known on the period's
    date: of the chosen districts where the data has them by district, else of the whole province, said so."""
    area = area_headline(rep, lang)
    if area:
        return area
    prov = known_on(rep.province, rep.as_of)
    if prov.empty:
        return []
    last = prov.iloc[-1]
    where = f" — {t('all_districts', lang)}"
    out = [
        {
            "label": t("pov_rate", lang, year=int(last["year"])) + where,
            "value": _rate(last["poverty_rate_pct"], lang),
            "help": t("pov_households", lang, n=_int(last["poor_households"], lang)),
        }
    ]
    if pd.notna(last["near_poor_rate_pct"]):
        out.append(
            {
                "label": t("pov_near_rate", lang, year=int(last["year"])) + where,
                "value": _rate(last["near_poor_rate_pct"], lang),
                "help": t("pov_households", lang, n=_int(last["near_poor_households"], lang)),
            }
        )
    same = prov[(prov["standard_vi"] == last["standard_vi"]) & (prov["year"] < last["year"])]
    if len(same):
        prev = same.iloc[-1]
        change = last["poverty_rate_pct"] - prev["poverty_rate_pct"]
        out.append(
            {
                "label": t("pov_change", lang, year=int(prev["year"])) + where,
                "value": f"{fmt.signed(change, 2, lang)} {t('points', lang)}",
                "help": f"{_rate(prev['poverty_rate_pct'], lang)} → {_rate(last['poverty_rate_pct'], lang)}",
            }
        )
    return out


def area_headline(rep: PovertyReport, lang: str) -> list[dict]:
    """The headline of the chosen districts from the district figures known on the period's date (sums of
    households: the rate of the area, not an average of rates); [] for the whole province or no such figure."""
    known = known_on(rep.districts, rep.as_of)
    if rep.area is None or known.empty:
        return []
    years = known.groupby("year")[["households", "poor_households", "near_poor_households"]].sum(min_count=1)
    standard = standard_of_year(rep.standards, pd.Series(years.index, index=years.index))
    year = int(years.index.max())
    mark = f" ({t('pov_illustrative_mark', lang)})" if rep.districts_illustrative else ""
    where = f" — {rep.area[1] if lang == 'en' else rep.area[0]}{mark}"
    last = years.loc[year]
    rate = 100 * last["poor_households"] / last["households"]
    out = [
        {
            "label": t("pov_rate", lang, year=year) + where,
            "value": fmt.percent(rate, 1, lang),
            "help": t("pov_households", lang, n=_int(last["poor_households"], lang)),
        }
    ]
    if pd.notna(last["near_poor_households"]):
        near = 100 * last["near_poor_households"] / last["households"]
        out.append(
            {
                "label": t("pov_near_rate", lang, year=year) + where,
                "value": fmt.percent(near, 1, lang),
                "help": t("pov_households", lang, n=_int(last["near_poor_households"], lang)),
            }
        )
    same = [y for y in years.index if y < year and standard[y] == standard[year]]
    if same:
        prev = years.loc[max(same)]
        before = 100 * prev["poor_households"] / prev["households"]
        out.append(
            {
                "label": t("pov_change", lang, year=int(max(same))) + where,
                "value": f"{fmt.signed(rate - before, 1, lang)} {t('points', lang)}",
                "help": f"{fmt.percent(before, 1, lang)} → {fmt.percent(rate, 1, lang)}",
            }
        )
    return out


@dataclass(frozen=True)
class Numbers:
    """A table of the page as numbers: its rows and columns (field, header as shown, kind). The screen words the
    numbers as the page always has (published rates with their decimals, households with thousands separators); the
    page's workbook writes them as numbers, so an office can sum and sort what it downloads."""

    raw: pd.DataFrame
    cols: list[tuple[str, str, str]]  # field, header, kind: rate (published), pct, int, text

    def shown(self, lang: str) -> pd.DataFrame:
        words = {"rate": _rate, "pct": _pct, "int": _int, "text": lambda v, lang: v}
        return pd.DataFrame({h: [words[k](v, lang) for v in self.raw[f]] for f, h, k in self.cols})

    def sheet(self, title: str) -> Sheet:
        excel = {"rate": "pct2", "pct": "pct", "int": "int", "text": "text"}
        return Sheet(title, self.raw, [Col(f, h, excel[k], literal=True) for f, h, k in self.cols])


def _pct(value, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else fmt.percent(value, 1, lang)


def province_numbers(rep: PovertyReport, lang: str) -> Numbers:
    """The province's published series, a row per year."""
    prov = rep.province
    source = (
        column_in_lang(prov, "source", lang) + " (" + prov["source_status"].map(lambda s: status_word(s, lang)) + ")"
    )
    raw = pd.DataFrame(
        {
            "year": prov["year"].astype(str),
            "standard": prov[local("standard", lang)],
            "rate": prov["poverty_rate_pct"],
            "poor": prov["poor_households"],
            "near_rate": prov["near_poor_rate_pct"],
            "near_poor": prov["near_poor_households"],
            "source": source,
        }
    )
    keys = ("col_year", "col_standard", "col_rate", "col_poor_hh", "col_near_rate", "col_near_poor_hh", "col_source")
    kinds = ("text", "text", "rate", "int", "rate", "int", "text")
    return Numbers(raw, [(f, t(k, lang), kind) for f, k, kind in zip(raw.columns, keys, kinds)])


def province_display(rep: PovertyReport, lang: str) -> pd.DataFrame:
    return province_numbers(rep, lang).shown(lang)


def poor_district_names(rep: PovertyReport, status: str) -> list[str]:
    return rep.poor_districts.loc[rep.poor_districts["list_status"] == status, "district_name"].tolist()


def poor_district_codes(rep: PovertyReport, status: str = "remaining") -> set[str]:
    return set(rep.poor_districts.loc[rep.poor_districts["list_status"] == status, "district_code"])


def district_numbers(rep: PovertyReport, lang: str) -> Numbers | None:
    """One row per district: households, poor (each year) and near-poor households, rates, 30a mark, criterion 11;
    None without district figures."""
    d = rep.districts
    if d.empty:
        return None
    remaining = poor_district_codes(rep)
    years = sorted(d["year"].unique())
    first = d[d["year"] == years[-1]].set_index("district_code")
    names = [
        f"{n} ({t('pov_30a_mark', lang)})" if c in remaining else n for c, n in zip(first.index, first["district_name"])
    ]
    raw = {"district": names, "households": first["households"].tolist()}
    cols = [("district", t("col_district", lang), "text"), ("households", t("col_households", lang), "int")]
    for y in years:
        rows = d[d["year"] == y].set_index("district_code").reindex(first.index)
        raw[f"poor_{y}"], raw[f"rate_{y}"] = rows["poor_households"].tolist(), rows["rate_pct"].tolist()
        cols += [
            (f"poor_{y}", f"{t('col_poor_hh', lang)} {y}", "int"),
            (f"rate_{y}", f"{t('col_rate', lang)} {y}", "pct"),
        ]
    raw["near_poor"], raw["near_rate"] = first["near_poor_households"].tolist(), first["near_rate_pct"].tolist()
    cols += [
        ("near_poor", f"{t('col_near_poor_hh', lang)} {years[-1]}", "int"),
        ("near_rate", f"{t('col_near_rate', lang)} {years[-1]}", "pct"),
    ]
    if rep.criterion is not None and len(rep.criterion_by_district):
        link = rep.criterion_by_district.set_index("district_code").reindex(first.index)
        raw["c11"] = ["—" if pd.isna(b) else f"{int(m)}/{int(b)}" for m, b in zip(link["met"], link["base"])]
        cols.append(("c11", t("col_c11_met", lang) + f" ({rep.criterion['code']})", "text"))
    return Numbers(pd.DataFrame(raw), cols)


def district_display(rep: PovertyReport, lang: str) -> pd.DataFrame:
    numbers = district_numbers(rep, lang)
    return pd.DataFrame() if numbers is None else numbers.shown(lang)


def totals_check(rep: PovertyReport, lang: str) -> str | None:
    """District sums against the published province totals of the latest year with both."""
    prov = rep.province.dropna(subset=["poor_households"])
    if prov.empty or rep.district_totals.empty:
        return None
    last = prov.iloc[-1]
    sums = rep.district_totals.set_index("year")
    if last["year"] not in sums.index:
        return None
    s = sums.loc[last["year"]]
    return t(
        "pov_total_check",
        lang,
        year=int(last["year"]),
        poor=_int(s["poor_households"], lang),
        near=_int(s["near_poor_households"], lang),
        ppoor=_int(last["poor_households"], lang),
        pnear=_int(last["near_poor_households"], lang),
    )


def criterion_display(rep: PovertyReport, lang: str) -> pd.DataFrame:
    link = rep.criterion_by_district
    fields = {"col_district": "district_name", "col_base": "base", "col_c11_met": "met", "col_c11_missing": "missing"}
    return _headed(lang, {key: link[field] for key, field in fields.items()})


def criterion_summary(rep: PovertyReport, lang: str) -> str:
    link = rep.criterion_by_district
    return t(
        "pov_c11_summary",
        lang,
        met=int(link["met"].sum()),
        base=int(link["base"].sum()),
        missing=int(link["missing"].sum()),
        code=rep.criterion["code"],
    )


def missing_display(rep: PovertyReport, lang: str) -> pd.DataFrame:
    m = rep.criterion_missing
    return _headed(
        lang,
        {
            "col_code": m["unit_code"],
            "col_commune": m["unit_name"],
            "col_district": m["district_name"],
            "col_criteria_met": [f"{int(a)}/{int(b)}" for a, b in zip(m["met_count"], m["n_criteria"])],
        },
    )


def resources_numbers(frame: pd.DataFrame, year: int, lang: str) -> Numbers | None:
    """District × source in million VND, with totals (row and column); None without resources that year."""
    wide = resources_table(frame, year, lang)
    if wide.empty:
        return None
    wide[t("col_total", lang)] = wide.sum(axis=1)
    wide.loc[t("col_total", lang)] = wide.sum(axis=0)
    wide = wide.round().astype("int64").rename_axis(t("col_district", lang)).reset_index()
    kinds = ["text"] + ["int"] * (len(wide.columns) - 1)
    return Numbers(wide, [(str(c), str(c), k) for c, k in zip(wide.columns, kinds)])


def resources_display(frame: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """District × source in million VND (Vietnamese thousands separators), with totals."""
    numbers = resources_numbers(frame, year, lang)
    return pd.DataFrame() if numbers is None else numbers.shown(lang)


def resource_years(frame: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in frame["year"].unique())


def resources_illustrative(frame: pd.DataFrame) -> bool:
    return bool((frame["provenance"] == "illustrative").any())


def standards_note(rep: PovertyReport, lang: str) -> str | None:
    """The poverty standards of the series, each with its years and legal basis: the series breaks at each change
    (e.g. NĐ 351/2025 from 2027), so the page says where two rates are not comparable."""
    std = rep.standards
    if std is None or len(std) < 2:
        return None
    items = "; ".join(
        f"{r.first_year}–{r.last_year}: {getattr(r, local('label', lang))} ({r.legal_basis})"
        for r in std.itertuples(index=False)
    )
    return t("pov_standards_note", lang, items=items)
