"""Step 9: caution flags (Cedefop "use with caution"), with thresholds from ``[flags]``.

Cell flags (one per group × scenario × class × year and reason) mark gap rows resting on few
observations or wide intervals; group flags explain what could not be assessed (no member
colleges, no postings, no forecast) instead of failing.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.settings import RuleBook

FLAG_COLUMNS = schema.column_names("mart_flags")
MESSAGES = {
    "small_employment": ("该专业类对应的职业层次从业人员约{value:,.0f}人，少于{threshold:,.0f}人，预测请谨慎使用。",
                         "About {value:,.0f} vocational-level workers behind this class, fewer than {threshold:,.0f}: use with caution."),
    "wide_interval_zero_point": ("岗位需求的点预测为0，但80%区间上限为{upper:,.0f}人：需求不确定。",
                                 "The point forecast of openings is 0, but the 80 % interval reaches {upper:,.0f}: demand is uncertain."),
    "wide_interval": ("岗位需求80%区间宽度为点预测的{value:.0%}，超过{threshold:.0%}。",
                      "The 80 % interval of openings is {value:.0%} of the point forecast, wider than {threshold:.0%}."),
    "few_postings": ("近期指标仅基于{value:.0f}条去重招聘信息（少于{threshold:.0f}条）。",
                     "Recent indicators rest on {value:.0f} unique postings (fewer than {threshold:.0f})."),
    "indicators_other_region": ("本地招聘信息不足，近期指标采用{other}地区数据。",
                                "Too few local postings: recent indicators come from region {other}."),
    "no_postings": ("无招聘数据，近期状况未评估。", "No postings: recent conditions not assessed."),
    "few_graduates": ("供给比率基于{value:.0f}名毕业生（少于{threshold:.0f}名），已向上层比率收缩。",
                      "Supply rates rest on {value:.0f} graduates (fewer than {threshold:.0f}); shrunk towards the class/overall rate."),
    "no_graduate_data": ("无毕业生去向数据，使用默认比率（假设）。", "No graduate outcomes: default rates (assumptions) used."),
    "no_recent_signals": ("无近期状况信号，评级仅依据预测缺口。", "No recent-condition signal: the rating rests on the projected gap alone."),
    "projected_enrollment": ("该年部分供给按招生规模稳定推算（无对应年份招生数据）。", "Part of the supply this year assumes a stable intake (no enrollment count for that cohort)."),
    "capacity_estimate": ("部分供给按专业布点×每点招生数估算（假设）。", "Part of the supply is programmes × intake per programme (an assumption)."),
    "no_members": ("该集团无成员院校名单，供给记为0，缺口为需求上限。", "The group lists no member colleges: supply counts as 0 and the gap is an upper bound."),
    "members_from_register": ("集团无成员院校名单，供给按专业目录备案中开设本集团专业的{value:.0f}所院校（布点×每点招生数）估算。",
                              "No member list: supply uses the {value:.0f} colleges the MOE register shows offering the group's majors (programmes × intake)."),
    "field_from_register": ("供给口径与全省需求一致：除成员院校外，还包括专业目录备案中开设本集团专业的其他{value:.0f}所院校（布点×每点招生数估算，非成员）。",
                            "Supply covers the same field as the province-wide demand: besides the members, the {value:.0f} other colleges the MOE register shows offering the group's majors (programmes × intake, estimated; not members)."),
    "no_supply": ("成员院校在该专业类无招生或布点。", "No member college enrols or registers programmes in this class."),
    "no_demand": ("无该集团专业类的行业就业预测或人员配置数据，需求未计算。",
                  "No industry forecast or staffing rows reach this group's classes: demand not computed."),
    "unmapped_employment": ("{value:.0%}的就业人员所在行业缺少人员配置系数，未计入需求。",
                            "{value:.0%} of employment sits in industries without staffing rows and is left out of demand."),
    "no_employment_forecast": ("该地区无行业就业预测。", "No industry employment forecast for this region."),
    "no_employment_history": ("该地区无历史就业数据。", "No employment history for this region."),
    "short_forecast": ("行业预测仅覆盖{value:.0f}年。", "Industry forecasts cover only {value:.0f} years."),
    "no_forecast_interval": ("行业预测无区间，需求区间退化为点预测。", "Industry forecasts carry no intervals: demand intervals collapse to the point."),
    "sensitive_to_supply": ("若每个专业点招生数减半或加倍，评级将改变：评级依赖供给规模假设。",
                            "The rating changes if intake per programme is halved or doubled: it rests on the supply-size assumption."),
    "sensitive_to_exit_rate": ("若更替率（退休与其他退出）下调或上调两成，评级将改变：评级依赖更替需求假设。",
                               "The rating changes if the exit rates behind replacement demand are 20 % lower or higher: it rests on the replacement assumption."),
    "coverage_limited": ("该专业类主要对应城镇单位统计覆盖不足的行业（私营、个体或农村就业为主），需求被低估，不宜仅据缺口压减。",
                         "This class works mostly in sections that urban-unit statistics cover poorly (private, individual or rural work): demand is understated, so the gap alone never justifies a cut."),
    "uncertain_interval": ("岗位需求很不确定：80%区间上限超过点预测的3倍，仅宜表述为区间范围。",
                           "Openings are very uncertain: the upper 80 % bound exceeds 3× the point, so only the range should be quoted."),
    "synthetic_on_real_dropped": ("发现标注为合成、却对应真实院校代码{college}的{table}记录，已剔除。",
                                  "Synthetic {table} rows keyed to the real college code {college} were dropped."),
}
SEVERITY = {"members_from_register": "caution", "field_from_register": "caution", "no_members": "warning", "no_demand": "warning", "no_postings": "caution", "synthetic_on_real_dropped": "warning",
            "no_employment_forecast": "warning", "no_employment_history": "warning"}


def flag_row(flag: str, *, group_id: str = "", scope: str = "cell", region_code: str = "", scenario: str = "",
             major_class: str = "", year: float = np.nan, value: float = np.nan, threshold: float = np.nan,
             **fmt: object) -> dict:
    """One flag record with its Chinese and English message."""
    zh, en = MESSAGES[flag]
    ctx = {"value": value, "threshold": threshold, **fmt}
    return {"group_id": group_id, "scope": scope, "region_code": region_code, "scenario": scenario,
            "major_class": major_class, "year": year, "flag": flag, "severity": SEVERITY.get(flag, "caution"),
            "value": value, "threshold": threshold,
            "message_zh": _FMT.format(zh, **ctx), "message_en": _FMT.format(en, **ctx)}


class _Safe(string.Formatter):
    """Missing numbers print as "—" rather than "nan"."""

    def format_field(self, value: object, format_spec: str) -> str:
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            return "—"
        return super().format_field(value, format_spec)


_FMT = _Safe()


def cell_flags(gap: pd.DataFrame, demand: pd.DataFrame, supply: pd.DataFrame, book: RuleBook) -> pd.DataFrame:
    """Flags on gap cells; returns flag rows (the caller also joins the codes into ``gap.flags``)."""
    if gap.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    f = book.thresholds["flags"]
    emp = dict(zip(zip(demand["region_code"], demand["scenario"], demand["major_class"], demand["year"]),
                   demand["employment_persons"]))
    basis = (supply.groupby(["major_class", "year"])["basis"].agg(set).to_dict() if len(supply) else {})
    out = []
    for r in gap.itertuples(index=False):
        key = dict(group_id=r.group_id, region_code=r.region_code, scenario=r.scenario, major_class=r.major_class, year=r.year)
        e = emp.get((r.region_code, r.scenario, r.major_class, r.year), np.nan)
        if np.isfinite(e) and e < f["min_employment_persons"]:
            out.append(flag_row("small_employment", value=float(e), threshold=f["min_employment_persons"], **key))
        width = (r.openings_hi_80 - r.openings_lo_80) / r.openings if r.openings > 0 else (np.inf if r.openings_hi_80 > 0 else 0.0)
        uncertain = not getattr(r, "interval_informative", True)
        if width > f["max_interval_width"]:
            row = flag_row("wide_interval", value=float(width), threshold=f["max_interval_width"], **key)
            if not np.isfinite(width):  # a zero point: a width "of the point" means nothing, say what is known
                zh, en = MESSAGES["wide_interval_zero_point"]
                row.update(value=np.nan, message_zh=_FMT.format(zh, upper=r.openings_hi_80),
                           message_en=_FMT.format(en, upper=r.openings_hi_80))
            elif uncertain:
                # One band, one flag: the caution tables listed "区间过宽" and "需求区间过宽" for every
                # such cell; the width's message now also says that only the range can be quoted.
                zh, en = MESSAGES["uncertain_interval"]
                row.update(message_zh=row["message_zh"] + zh, message_en=row["message_en"] + " " + en)
            uncertain = False
            out.append(row)
        if r.indicator_region and r.indicator_region != r.region_code:
            out.append(flag_row("indicators_other_region", other=r.indicator_region, **key))
        if not np.isfinite(r.postings_unique):
            out.append(flag_row("no_postings", **key))
        elif r.postings_unique < f["min_postings"]:
            out.append(flag_row("few_postings", value=float(r.postings_unique), threshold=f["min_postings"], **key))
        if not (np.isfinite(r.n_graduates) and r.n_graduates > 0):
            out.append(flag_row("no_graduate_data", **key))
        elif r.n_graduates < f["min_graduates"]:
            out.append(flag_row("few_graduates", value=float(r.n_graduates), threshold=f["min_graduates"], **key))
        if r.n_recent_signals == 0:
            out.append(flag_row("no_recent_signals", **key))
        for code, on in (("sensitive_to_supply", getattr(r, "sensitive_to_supply", False)),
                         ("sensitive_to_exit_rate", getattr(r, "sensitive_to_exit_rate", False)),
                         ("coverage_limited", getattr(r, "coverage_limited", False)),
                         ("uncertain_interval", uncertain)):
            if bool(on):
                out.append(flag_row(code, **key))
        b = basis.get((r.major_class, r.year), set())
        if not b:
            out.append(flag_row("no_supply", **key))
        for code in ("projected_enrollment", "capacity_estimate"):
            if code in b:
                out.append(flag_row(code, **key))
    return pd.DataFrame(out, columns=FLAG_COLUMNS)


def attach_flags(gap: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """Write the ';'-joined flag codes of each cell into ``gap.flags``."""
    if gap.empty:
        return gap
    cells = flags[flags["scope"] == "cell"]
    if cells.empty:
        return gap.assign(flags="")
    codes = cells.groupby(["group_id", "scenario", "major_class", "year"])["flag"].agg(lambda s: ";".join(sorted(set(s))))
    keys = list(zip(gap["group_id"], gap["scenario"], gap["major_class"], gap["year"]))
    return gap.assign(flags=[codes.get(k, "") for k in keys])
