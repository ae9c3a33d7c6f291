"""The poverty report as tables and headline figures for people (Vietnamese first, English second)."""

from __future__ import annotations

import pandas as pd

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


def province_display(rep: PovertyReport, lang: str) -> pd.DataFrame:
    prov = rep.province
    return _headed(
        lang,
        {
            "col_year": prov["year"].astype(str),
            "col_standard": prov[local("standard", lang)],
            "col_rate": [_rate(v, lang) for v in prov["poverty_rate_pct"]],
            "col_poor_hh": [_int(v, lang) for v in prov["poor_households"]],
            "col_near_rate": [_rate(v, lang) for v in prov["near_poor_rate_pct"]],
            "col_near_poor_hh": [_int(v, lang) for v in prov["near_poor_households"]],
            "col_source": column_in_lang(prov, "source", lang)
            + " ("
            + prov["source_status"].map(lambda s: status_word(s, lang))
            + ")",
        },
    )


def poor_district_names(rep: PovertyReport, status: str) -> list[str]:
    return rep.poor_districts.loc[rep.poor_districts["list_status"] == status, "district_name"].tolist()


def poor_district_codes(rep: PovertyReport, status: str = "remaining") -> set[str]:
    return set(rep.poor_districts.loc[rep.poor_districts["list_status"] == status, "district_code"])


def district_display(rep: PovertyReport, lang: str) -> pd.DataFrame:
    """One row per district: households, poor (each year) and near-poor households, rates, 30a mark, criterion 11."""
    d = rep.districts
    if d.empty:
        return pd.DataFrame()
    remaining = poor_district_codes(rep)
    years = sorted(d["year"].unique())
    first = d[d["year"] == years[-1]].set_index("district_code")
    out = pd.DataFrame(
        {
            t("col_district", lang): [
                f"{n} ({t('pov_30a_mark', lang)})" if c in remaining else n
                for c, n in zip(first.index, first["district_name"])
            ]
        }
    )
    out[t("col_households", lang)] = [_int(v, lang) for v in first["households"]]
    for y in years:
        rows = d[d["year"] == y].set_index("district_code").reindex(first.index)
        out[f"{t('col_poor_hh', lang)} {y}"] = [_int(v, lang) for v in rows["poor_households"]]
        out[f"{t('col_rate', lang)} {y}"] = [fmt.percent(v, 1, lang) for v in rows["rate_pct"]]
    out[f"{t('col_near_poor_hh', lang)} {years[-1]}"] = [_int(v, lang) for v in first["near_poor_households"]]
    out[f"{t('col_near_rate', lang)} {years[-1]}"] = [
        "—" if pd.isna(v) else fmt.percent(v, 1, lang) for v in first["near_rate_pct"]
    ]
    if rep.criterion is not None and len(rep.criterion_by_district):
        link = rep.criterion_by_district.set_index("district_code").reindex(first.index)
        out[t("col_c11_met", lang) + f" ({rep.criterion['code']})"] = [
            "—" if pd.isna(b) else f"{int(m)}/{int(b)}" for m, b in zip(link["met"], link["base"])
        ]
    return out


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


def resources_display(frame: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """District × source in million VND (Vietnamese thousands separators), with totals."""
    wide = resources_table(frame, year, lang)
    if wide.empty:
        return pd.DataFrame()
    wide[t("col_total", lang)] = wide.sum(axis=1)
    wide.loc[t("col_total", lang)] = wide.sum(axis=0)
    shown = wide.apply(lambda col: [fmt.integer(int(round(v)), lang) for v in col])
    return shown.rename_axis(t("col_district", lang)).reset_index()


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
