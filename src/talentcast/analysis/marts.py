"""The analysis stage end to end: ``run_analysis`` → marts, ``summary_by_group`` → CLI lines.

Pure: DataFrames in, DataFrames out. The workflow reads the lake, calls :func:`run_analysis`
and replaces the marts in one lake transaction.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.college_eval import evaluate_colleges, prepare_programmes, synthetic_on_real
from talentcast.analysis.demand import (
    TOTAL_COLUMNS,
    compute_demand,
    demand_totals,
    industry_coefficients,
    split_to_majors,
)
from talentcast.analysis.flags import FLAG_COLUMNS, attach_flags, cell_flags, flag_row
from talentcast.analysis.gap import GAP_COLUMNS, compute_gap, withhold_ratings
from talentcast.analysis.indicators import compute_indicators
from talentcast.analysis.levels import apply_level_split, coverage_limited_classes, higher_share, load_coverage_sections
from talentcast.analysis.inputs import (
    ENROLLMENT_COLUMNS,
    GRADUATES_COLUMNS,
    POSTINGS_COLUMNS,
    PROGRAMMES_COLUMNS,
    AnalysisInputs,
    GroupSpec,
    Member,
    classes_of,
    coerce_group,
    reporting_class,
)
from talentcast.analysis.settings import RATING_ZH, AnalysisSettings
from talentcast.analysis.suggestions import (
    SHORTAGE_COLUMNS,
    SUGGESTION_COLUMNS,
    apply_rules,
    evidence_row,
    headline_rows,
    shortage_list,
)
from talentcast.analysis.supply import (
    calibrate_intake,
    compute_supply,
    drop_synthetic_on_real,
    estimate_rates,
    intake_table,
    supply_assumptions,
)
from talentcast.errors import ConfigError, TalentcastError
from talentcast.reference import PROVINCE_GROUP

MART_COLUMNS = {m: schema.column_names(m) for m in (
    "mart_demand", "mart_demand_major", "mart_indicators", "mart_supply",
    "mart_gap", "mart_suggestions", "mart_shortage_list", "mart_college_eval",
    "mart_flags", "mart_demand_total", "mart_supply_assumptions",
)}
#: Pseudo-group holding every made-up sample college (``Member.synthetic``) and its made-up
#: numbers, apart from the real groups: a synthetic number never changes a real group's or
#: the province's rating, suggestion, sentence or total.
SAMPLE_GROUP = "sample"
SAMPLE_GROUP_NAME = "合成样本院校（演示用，非真实数据）"


def _group_classes(group: GroupSpec, universe: set[str]) -> list[str]:
    """Classes of a group's field among those with demand, supply or programmes."""
    return sorted(c for c in universe if group.covers(c))


def _programme_counts(programmes: pd.DataFrame | None, capacity: pd.DataFrame | None) -> tuple[dict[str, float], int | None]:
    """Province 专业布点 per class in the latest register year: distinct college × major pairs
    from the register, else Σ n_colleges of mart_capacity."""
    if programmes is not None and len(programmes):
        pr = programmes.dropna(subset=["major_code"])
        if "status" in pr.columns:
            pr = pr[pr["status"].astype(str) != "synthetic"]
        if len(pr):
            yr = pd.to_numeric(pr["year"], errors="coerce")
            latest = int(yr.max())
            now = pr[yr == latest].drop_duplicates(["college_code", "major_code"])
            codes = now["major_code"].astype(str)
            ok = codes.str.len().ge(4) & codes.str[:4].str.isdigit()
            return codes[ok].map(reporting_class).value_counts().astype(float).to_dict(), latest
    if capacity is not None and len(capacity) and {"major_class", "year", "n_colleges"} <= set(capacity.columns):
        yr = pd.to_numeric(capacity["year"], errors="coerce")
        now = capacity[yr == yr.max()]
        cls = classes_of(now["major_class"].astype(str))
        return now.groupby(cls)["n_colleges"].sum().astype(float).to_dict(), int(yr.max())
    return {}, None


def run_analysis(inputs: AnalysisInputs, settings: AnalysisSettings | None = None,
                 groups: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Compute demand, indicators, supply, gap and ratings, suggestions, college evaluation
    and caution flags for the chosen groups.

    Args:
        inputs: DataFrames (see :class:`AnalysisInputs`).
        settings: Knobs; defaults when None.
        groups: Group ids to compute (``"province"`` names the pseudo-group of every class,
            supplied by every registry member and, by default, every registered college);
            all registry groups plus ``"province"`` when None.

    Returns:
        Marts by name (MART_COLUMNS): mart_demand, mart_demand_major, mart_indicators, mart_supply, mart_gap,
        mart_suggestions, mart_shortage_list, mart_college_eval, mart_flags.

    Raises:
        ConfigError: an unknown group id or bad settings/rule book.
        ValidationError: malformed inputs (names the table and rows).
        TalentcastError: the internal guard found a synthetic value on a real college.
    """
    settings = settings or AnalysisSettings()
    book = settings.rule_book()
    from talentcast.analysis.plan import priorities_by_class

    plan = priorities_by_class(settings.plan_priorities())
    exit_rates = settings.exit_rate_table()
    registry_all = [coerce_group(g) for g in inputs.group_entries()]
    real_codes = inputs.real_college_codes(registry_all)
    registry, sample = split_sample_members(registry_all)
    by_id = {g.id: g for g in registry}
    pseudo = {PROVINCE_GROUP: GroupSpec(id=PROVINCE_GROUP, name="全省")}
    province_members = tuple({m.code: m for g in registry for m in g.members}.values())
    if sample is not None:
        pseudo[SAMPLE_GROUP] = sample
    if groups:
        unknown = [g for g in groups if g not in by_id and g not in pseudo]
        if unknown:
            raise ConfigError(f"unknown group id(s) {unknown}", hint=f"known: {sorted(by_id) + sorted(pseudo)}")
        chosen = [by_id[g] if g in by_id else pseudo[g] for g in groups]
    else:
        chosen = registry + list(pseudo.values())
    flags: list[dict] = []

    # Step 4: demand for every region and scenario once; groups take their classes.
    employment = inputs.frame("employment", ["region_code", "industry_code", "year", "kind", "mean"])
    coef = industry_coefficients(inputs.frame("staffing", ["industry_code", "major_class", "share"]),
                                 inputs.frame("vocational_share", ["industry_code", "v"]),
                                 staffing_section=inputs.staffing_section,
                                 division_weights=inputs.division_weights, employment=employment)
    kept: dict = {}
    demand, dflags = compute_demand(employment, coef, exit_rates, settings, keep=kept)
    for r in dflags.itertuples(index=False):
        flags.append(flag_row(r.flag, scope="region", region_code=r.region_code, scenario=r.scenario,
                              value=float(r.value) if pd.notna(r.value) else np.nan))
    # Step 5.
    indicators = compute_indicators(inputs.frame("postings", POSTINGS_COLUMNS), book.t("flags", "min_postings"))
    # Like for like: 高职 openings are compared with 高职 supply (中职 openings kept beside).
    if settings.split_levels:
        demand = apply_level_split(demand, higher_share(indicators, settings.region), kept)
    limited = coverage_limited_classes(employment, coef, settings.region,
                                       set(load_coverage_sections(settings.coverage_sections_path)["section"]))
    # Step 6 inputs, with synthetic rows on real colleges removed (and flagged).
    enrollment, drop_e = drop_synthetic_on_real(inputs.frame("enrollment", ENROLLMENT_COLUMNS), real_codes, "enrollment")
    graduates, drop_g = drop_synthetic_on_real(inputs.frame("graduates", GRADUATES_COLUMNS), real_codes, "graduates")
    for r in pd.concat([drop_e, drop_g]).itertuples(index=False):
        flags.append(flag_row("synthetic_on_real_dropped", scope="college", table=r.table, college=str(r.college_code)))
    programmes = prepare_programmes(inputs.frame("programmes", PROGRAMMES_COLUMNS))
    rates_all = estimate_rates(graduates, enrollment, settings)
    real_grads = graduates[graduates["status"].astype(str) != "synthetic"] if len(graduates) else graduates
    real_enr = enrollment[enrollment["status"].astype(str) != "synthetic"] if len(enrollment) else enrollment
    rates_real = estimate_rates(real_grads, real_enr, settings)
    prov_prog, _ = _programme_counts(programmes, inputs.capacity)
    real_register = programmes[programmes["status"].astype(str) != "synthetic"] if "status" in programmes.columns else programmes
    totals = pd.DataFrame({"year": list(settings.intake_totals), "new_students": list(settings.intake_totals.values())})
    intake = calibrate_intake(intake_table(settings), real_register, totals)
    class_names = {reporting_class(k): v for k, v in dict(inputs.class_names).items()}
    if not class_names:
        class_names = _catalogue_class_names()
    college_names = {}
    if inputs.colleges is not None and len(inputs.colleges):
        code_col = "moe_code" if "moe_code" in inputs.colleges.columns else "college_code"
        if code_col in inputs.colleges.columns and "name" in inputs.colleges.columns:
            college_names = dict(zip(inputs.colleges[code_col].astype(str), inputs.colleges["name"].astype(str)))

    demand_major = split_to_majors(demand, programmes)
    universe = set(demand["major_class"]) | set(prov_prog)
    province = settings.region
    out = {k: [] for k in MART_COLUMNS}
    out["mart_indicators"].append(indicators)
    latest_register = _latest_register_pairs(programmes)
    for g in chosen:
        is_sample = g.id == SAMPLE_GROUP
        if g.id == PROVINCE_GROUP:
            classes = sorted(universe)
        elif is_sample:
            homes = [x for x in registry_all if any(m.synthetic for m in x.members)]
            classes = sorted(c for c in universe if any(h.covers(c) for h in homes))
        else:
            classes = _group_classes(g, universe)
        dg = demand[demand["major_class"].isin(classes)]
        if dg.empty:
            flags.append(flag_row("no_demand", scope="group", group_id=g.id))
        out["mart_demand"].append(dg.assign(group_id=g.id))
        out["mart_demand_major"].append(demand_major[demand_major["major_class"].isin(classes)].assign(group_id=g.id))
        out["mart_demand_total"].append(demand_totals(g.id, classes, demand, kept))
        years = sorted(dg.loc[dg["region_code"] == province, "year"].unique().tolist())
        if g.id not in pseudo and not g.members:
            flags.append(flag_row("no_members", scope="group", group_id=g.id))
        if g.id not in pseudo and (indicators.empty or not indicators["major_class"].isin(classes).any()):
            flags.append(flag_row("no_postings", scope="group", group_id=g.id))
        base, from_register = (g, 0) if is_sample else supply_base(g, registry, programmes, classes, settings, college_names)
        if from_register:
            flag = "field_from_register" if (g.members and g.id != PROVINCE_GROUP) else "members_from_register"
            flags.append(flag_row(flag, scope="group", group_id=g.id, value=float(from_register)))
        supply = compute_supply(base, classes, years, enrollment, programmes, rates_all, rates_real, real_codes, settings, intake)
        out["mart_supply"].append(supply)
        # Graduate outcomes of made-up colleges move only the sample group's ratings.
        class_rates = rates_all["class"] if is_sample else rates_real["class"]
        gap = compute_gap(g.id, province, classes, demand, supply, indicators, class_rates, book,
                          fallback_region=settings.indicator_fallback_region, sensitivity=settings.supply_sensitivity,
                          first_year=settings.first_year, exit_sensitivity=settings.exit_rate_sensitivity)
        if len(gap):
            gap["coverage_limited"] = gap["major_class"].isin(limited)
        gap = withhold_ratings(gap)
        cf = cell_flags(gap, demand, supply, book)
        gap = attach_flags(gap, cf)
        out["mart_gap"].append(gap)
        flags.extend(cf.to_dict("records"))
        head = headline_rows(gap)
        group_prog = (_group_programme_counts(base, supply, latest_register, settings.first_year)
                      if g.id != PROVINCE_GROUP else prov_prog)
        n_members = len(base.members)
        evidence = [evidence_row(h, class_names, group_prog, prov_prog, n_members, book, plan) for _, h in head.iterrows()]
        sugg = apply_rules(evidence, book)
        out["mart_suggestions"].append(sugg)
        out["mart_shortage_list"].append(shortage_list(evidence, book, sugg))
        if g.id not in pseudo or g.id == PROVINCE_GROUP:
            base_head = head[head["scenario"] == "baseline"] if len(head) else head
            # The province ranks every college against all the others; its "members" are the
            # colleges of any group (the province report's own reading of 成员).
            who = replace(g, members=province_members) if g.id == PROVINCE_GROUP else g
            out["mart_college_eval"].append(evaluate_colleges(who, classes, base_head, enrollment, graduates, programmes,
                                                              real_codes, settings.eval_base_year, college_names))
    out["mart_flags"].append(pd.DataFrame(flags, columns=FLAG_COLUMNS))
    out["mart_supply_assumptions"].append(supply_assumptions(intake, rates_real, settings))
    marts = {}
    for name, parts in out.items():
        parts = [p for p in parts if p is not None and len(p)]
        cols = MART_COLUMNS[name]
        marts[name] = pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
    bad = synthetic_on_real(marts)
    if len(bad):
        raise TalentcastError(f"internal guard: {len(bad)} synthetic value(s) on real colleges in {sorted(set(bad['mart']))}",
                              hint="report this as a bug; no mart was written")
    return marts


def split_sample_members(registry: list[GroupSpec]) -> tuple[list[GroupSpec], GroupSpec | None]:
    """Take made-up sample colleges out of the real groups into the ``sample`` pseudo-group.

    The demo adds synthetic member colleges to real groups (no real member list has been
    published). Left there, their made-up enrolments and outcomes would change the real
    group's supply, ratings and sentences; apart, the real groups are computed from real
    inputs only and the sample group shows what the method does with member data.

    Returns:
        (the groups without synthetic members, the sample group or None when there is none).
    """
    from dataclasses import replace

    real, sample = [], {}
    for g in registry:
        for m in g.members:
            if m.synthetic:
                sample.setdefault(m.code, m)
        real.append(replace(g, members=tuple(m for m in g.members if not m.synthetic)))
    if not sample:
        return real, None
    return real, GroupSpec(id=SAMPLE_GROUP, name=SAMPLE_GROUP_NAME, members=tuple(sample.values()))


def _catalogue_class_names() -> dict[str, str]:
    """专科 class names from the reference catalogue, or none when it is unavailable (the
    rationales then show codes only)."""
    try:
        from talentcast.reference import majors

        cat = majors("higher_vocational")
        frame = getattr(cat, "frame", None)
        df = frame() if callable(frame) else frame
        if isinstance(df, pd.DataFrame) and {"code", "level", "name"} <= set(df.columns):
            cls = df[df["level"] == "class"]
            return dict(zip(cls["code"].astype(str), cls["name"].astype(str)))
        return {c.code: c.name for c in cat if getattr(c, "level", "") == "class"}
    except Exception:  # noqa: BLE001 - names are cosmetic; never fail the analysis for them
        return {}


def supply_base(group: GroupSpec, registry: list[GroupSpec], programmes: pd.DataFrame, classes: list[str],
                settings: AnalysisSettings, college_names: dict[str, str]) -> tuple[GroupSpec, int]:
    """The colleges whose entrants count as a group's supply.

    A group's own member list when it has one. The ``province`` pseudo-group takes every
    registry member once. Where no member list exists and ``supply_when_no_members`` is
    ``"register"`` (default), the real colleges that the latest MOE register shows offering a
    major of the group's field stand in (by 2025 every vocational college is to join a
    group, and a major class belongs to one group): an assumption, flagged
    ``members_from_register``; these colleges are not called members anywhere. With
    ``"field"`` the register's colleges are added beside a member list too (flagged
    ``field_from_register``), so that supply covers the same field as the province-wide demand.

    Returns:
        (group with the effective members, number of colleges taken from the register).
    """
    from dataclasses import replace

    members: dict[str, Member] = {}
    pool = [m for x in registry for m in x.members] if group.id == PROVINCE_GROUP else list(group.members)
    for m in pool:
        members.setdefault(m.code, m)
    added = 0
    field = settings.supply_when_no_members == "field"
    if (field or settings.supply_when_no_members == "register") and (field or group.id == PROVINCE_GROUP or not group.members) and len(programmes):
        # Every register year: graduates of a forecast year entered under an earlier register,
        # and compute_supply keeps each college only where the cohort's register lists it.
        now = programmes[programmes["major_class"].isin(set(classes))].sort_values("year")
        for code in sorted(now["college_code"].unique()):
            if code not in members:
                members[code] = Member(code, college_names.get(code, ""), False)
                added += 1
        if "college_name" in now.columns:
            names = dict(zip(now["college_code"], now["college_name"].astype(str)))
            members = {c: (replace(m, name=names.get(c, "")) if not m.name else m) for c, m in members.items()}
    if group.id != PROVINCE_GROUP and group.members and not field:
        added = 0
    return replace(group, members=tuple(members.values())), added


def _latest_register_pairs(programmes: pd.DataFrame | None) -> pd.DataFrame:
    """College × major pairs of the latest register year (strings), computed once per run."""
    if programmes is None or not len(programmes):
        return pd.DataFrame({"college_code": pd.Series(dtype=str), "major_code": pd.Series(dtype=str)})
    yr = pd.to_numeric(programmes["year"].astype(str), errors="coerce")
    pr = programmes.loc[yr == yr.max(), ["college_code", "major_code"]].dropna(subset=["major_code"])
    return pr.astype(str).drop_duplicates().reset_index(drop=True)


def _group_programme_counts(group: GroupSpec, supply: pd.DataFrame, latest_register: pd.DataFrame,
                            first_year: int | None = None) -> dict[str, float]:
    """Programmes per class that the group's colleges offer now: distinct college × major of
    the latest register year, among the group's members and the colleges its supply counts.

    What is offered now decides expand against establish. Counting a programme that closed
    years ago because its last students still graduate in the window read as "offered": the
    rules then said "only 0 programmes province-wide: add programmes and expand intake" (公安管理类)
    or "expand intake" of a major no college registers any more (邮政类). A college × major
    counts if it is in the latest register, or if the college reports enrolment for it that
    supplies the window (from ``first_year``): counted students are an offer too.
    """
    colleges = {m.code for m in group.members}
    pairs: set[tuple[str, str]] = set()
    if len(supply):
        colleges |= set(supply["college_code"].astype(str))
        s = supply[supply["basis"].astype(str) != "capacity_estimate"] if "basis" in supply.columns else supply
        if first_year is not None and "year" in s.columns:
            s = s[(pd.to_numeric(s["year"], errors="coerce") >= first_year) & (pd.to_numeric(s["entrants"], errors="coerce") > 0)]
        pairs |= set(zip(s["college_code"].astype(str), s["major_code"].astype(str)))
    if len(latest_register):
        pr = latest_register[latest_register["college_code"].isin(colleges)]
        pairs |= set(zip(pr["college_code"], pr["major_code"]))
    counts: dict[str, float] = {}
    for _, major in pairs:
        try:
            c = reporting_class(major)
        except TalentcastError:
            continue
        counts[c] = counts.get(c, 0.0) + 1.0
    return counts


def _json_num(v: object) -> float | None:
    """A float for JSON output; NaN/inf become None (``json.dumps`` would write bare NaN)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def summary_by_group(marts: dict[str, pd.DataFrame], top_n: int = 5, scenario: str = "baseline") -> list[dict]:
    """Per group: top shortages and surpluses at the horizon, counts of suggestions and flags.

    Returns:
        ``[{"group_id", "horizon_year", "n_classes", "ratings": {rating: n}, "top_shortages":
        [{major_class, rating, rating_zh, cum_openings, cum_supply, cum_gap_ratio, drivers}],
        "top_surpluses": [...], "actions": {action: n}, "n_flags": n, "group_flags": [codes],
        "openings": [{year, openings, lo_80, hi_80, lo_95, hi_95, expansion, replacement,
        interval_informative}]}]`` — ``openings`` is the group's total over its classes in the
        province, with intervals from the simulated totals (mart_demand_total).
    """
    gap = marts.get("mart_gap", pd.DataFrame(columns=GAP_COLUMNS))
    gap = gap[gap["scenario"] == scenario] if len(gap) else gap
    sugg = marts.get("mart_suggestions", pd.DataFrame(columns=SUGGESTION_COLUMNS))
    sl = marts.get("mart_shortage_list", pd.DataFrame(columns=SHORTAGE_COLUMNS))
    fl = marts.get("mart_flags", pd.DataFrame(columns=FLAG_COLUMNS))
    ids = list(dict.fromkeys(list(marts.get("mart_demand", pd.DataFrame(columns=["group_id"]))["group_id"])
                             + list(gap["group_id"]) + list(fl.loc[fl["scope"] == "group", "group_id"])))
    head = headline_rows(gap) if len(gap) else gap
    tot = marts.get("mart_demand_total", pd.DataFrame(columns=TOTAL_COLUMNS))
    tot = tot[tot["scenario"] == scenario] if len(tot) else tot
    res = []
    for gid in ids:
        h = head[head["group_id"] == gid] if len(head) else head

        def pick(df: pd.DataFrame) -> list[dict]:
            return [{"major_class": r.major_class, "rating": r.rating, "rating_zh": RATING_ZH.get(r.rating, r.rating),
                     "cum_openings": _json_num(r.cum_openings), "cum_supply": _json_num(r.cum_supply),
                     "cum_gap_ratio": _json_num(r.cum_gap_ratio), "drivers": r.drivers, "flags": r.flags}
                    for r in df.itertuples()]

        # The shortage list is the one ranking of shortages (absolute gap, floor of openings).
        short = sl[(sl["group_id"] == gid) & (sl["scenario"] == scenario)].sort_values("rank") if len(sl) else sl
        surp = h[h["rating"].isin(["strong_surplus", "moderate_surplus"])].sort_values(["score", "cum_gap"])
        s = sugg[(sugg["group_id"] == gid) & (sugg["scenario"] == scenario)] if len(sugg) else sugg
        f = fl[fl["group_id"] == gid] if len(fl) else fl
        res.append({
            "group_id": gid,
            "horizon_year": int(h["year"].max()) if len(h) else None,
            "n_classes": int(len(h)),
            "ratings": {k: int(v) for k, v in h["rating"].value_counts().items()} if len(h) else {},
            "top_shortages": pick(short.head(top_n)),
            "top_surpluses": pick(surp.head(top_n)),
            "actions": {k: int(v) for k, v in s["action"].value_counts().items()} if len(s) else {},
            "n_flags": int(len(f)),
            "group_flags": sorted(set(f.loc[f["scope"] == "group", "flag"])) if len(f) else [],
            "openings": [{"year": int(r.year), "openings": _json_num(r.openings), "lo_80": _json_num(r.openings_lo_80),
                          "hi_80": _json_num(r.openings_hi_80), "lo_95": _json_num(r.openings_lo_95),
                          "hi_95": _json_num(r.openings_hi_95), "expansion": _json_num(r.expansion),
                          "replacement": _json_num(r.replacement), "interval_informative": bool(r.interval_informative)}
                         for r in (tot[tot["group_id"] == gid].sort_values("year").itertuples() if len(tot) else [])],
        })
    return res
