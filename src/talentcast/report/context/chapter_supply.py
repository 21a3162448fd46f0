"""Chapter: supply — entrants by college and class, and the 布点 of the group's majors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from talentcast.reference import Group
from talentcast.report.context.mart_frames import column
from talentcast.report.context.scope import Names, Scope
from talentcast.report.context.tabulate import STATUSES, make_table, missing, split_list, statuses_of
from talentcast.report.formatting import Messages


def build(scope: Scope, supply_status: set[str]) -> dict[str, Any]:
    """The supply chapter; also returns colleges per class and majors per class for the cards."""
    assumptions_table(scope)
    return supply_tables(scope.supply, scope.marts["mart_capacity"], scope.group, scope.classes, scope.year,
                         scope.names, scope.m, scope.add, supply_status, scope.province, scope.groups, scope.region)


def supply_tables(supply: pd.DataFrame, capacity: pd.DataFrame, group: Group | None, classes: list[str], Y: int,
                    names: Names, m: Messages, add: Callable[[dict[str, Any]], dict[str, Any]],
                    supply_status: set[str], province: bool, groups: list[Group], region: str) -> dict[str, Any]:
    """Entrants by college and class, and the 布点 (which colleges may enrol in each major)."""
    member_names = {mb.code: mb.name for g in ([group] if group else groups) for mb in g.members}
    sY = supply[supply["year"] == Y]
    by_college = sY.groupby("college_code").agg(entrants=("entrants", "sum"), n_majors=("major_code", "nunique"))
    # A college's statuses as statuses_of gives them (its default for a college without a known one).
    known = sY[sY["status"].astype(str).isin(STATUSES)]
    status_of = {code: sorted(set(map(str, st))) for code, st in known.groupby("college_code")["status"].unique().items()}
    first = sY.drop_duplicates("college_code")
    ev_names = {c: n for c, n in zip(first["college_code"], first["college_name"]) if n}
    rows = []
    for code, entrants, n_majors in by_college.sort_values("entrants", ascending=False).itertuples():
        name = member_names.get(code) or ev_names.get(code) or code
        rows.append([code, name, n_majors, entrants, status_of.get(code, ["estimated"])])
    t_col = add(make_table("supply_colleges", m("supply.college_table_province" if province else "supply.college_table",
                                                 year=Y), [
        (m("col.college_code"), "code"), (m("col.college"), "text"), (m("col.n_majors"), "num"),
        (m("col.entrants"), "people"), (m("col.status"), "status")], rows, statuses=supply_status, m=m,
        unit=m("unit.people_year"),
        note=m("supply.college_note", n=sum(1 for mb in group.members if not mb.synthetic)) if group is not None and rows else ""))
    by_class = sY.groupby("major_class")["entrants"].sum()
    t_cls = add(make_table("supply_classes", m("supply.class_table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.entrants"), "people")],
        [[c, names.major(c), v] for c, v in by_class.sort_values(ascending=False).items()],
        statuses=supply_status, m=m))
    # 布点: which colleges may enrol in each major (MOE register), latest year not after Y.
    cap = capacity[capacity["major_class"].isin(classes)] if classes else capacity.iloc[0:0]
    levels = "level" in cap.columns and cap["level"].notna().any()
    class_rows = cap[cap["level"] == "class"] if levels else cap.iloc[0:0]
    if levels:  # the capacity mart also holds class and category totals
        cap = cap[cap["level"] == "major"]
    if "city_code" in cap.columns and (cap["city_code"] == region).any():  # use the province row, not the sum of cities
        cap = cap[cap["city_code"] == region]
        class_rows = class_rows[class_rows["city_code"] == region]
    cap_years = sorted(int(y) for y in cap["year"].dropna().unique())
    cap_year = max([y for y in cap_years if y <= Y] or cap_years or [None]) if cap_years else None
    capY = cap[cap["year"] == cap_year] if cap_year is not None else cap.iloc[0:0]
    lead = group.lead_institution if group else ""
    leads = {g.lead_institution for g in groups if g.lead_institution} if province else ({lead} if lead else set())
    cap_rows, capacity_by_class, majors_by_class = [], {}, {}
    per_major: dict[Any, list[Any]] = {}  # major → [colleges, n_colleges summed, any n given, class]
    for code, listed, n_col, cls in sorted(zip(capY["major_code"], capY["colleges"], capY["n_colleges"], capY["major_class"]),
                                           key=lambda r: str(r[0])):
        if missing(code):
            continue
        acc = per_major.setdefault(code, [set(), 0, False, cls])
        acc[0].update(split_list(listed))
        if not missing(n_col):
            acc[1] += n_col
            acc[2] = True
    for code, (college_set, n_sum, any_n, cls) in per_major.items():
        colleges = sorted(college_set)
        n = int(n_sum) if any_n else len(colleges)
        capacity_by_class[cls] = capacity_by_class.get(cls, 0) + n
        majors_by_class.setdefault(cls, []).append(code)
        shown = colleges if not province else []
        cap_rows.append([code, names.major(code), cls, n, [(c, c in leads) for c in shown]])
    if cap_year is not None and len(class_rows):  # colleges per class, not the sum over its majors
        rows_y = class_rows[class_rows["year"] == cap_year]
        for cls, n in zip(rows_y["major_class"], rows_y["n_colleges"]):
            capacity_by_class[cls] = int(n)
    first_major = supply.drop_duplicates("major_code")
    for code, cls in zip(first_major["major_code"], first_major["major_class"]):
        if not missing(code):
            lst = majors_by_class.setdefault(cls, [])
            if code not in lst:
                lst.append(code)
    cap_rows.sort(key=lambda r: (r[2], -r[3], r[0]))
    cols = [(m("col.major_code"), "code"), (m("col.major"), "text"), (m("col.class_code"), "code"),
            (m("col.n_colleges"), "num")]
    if not province:
        cols.append((m("col.colleges_offering"), "colleges"))
    t_cap = add(make_table("capacity", m("supply.capacity_table", year=cap_year or Y), cols,
                           [r if not province else r[:4] for r in cap_rows],
                           statuses=statuses_of(column(capY, "status"), "official") if cap_rows else set(), m=m,
                           note=(m("supply.capacity_note", lead=lead) if lead else m("supply.capacity_note_nolead"))
                           if not province else m("supply.capacity_note_province")))
    return {"view": {"colleges": t_col, "classes": t_cls, "capacity": t_cap, "capacity_year": cap_year,
                     "n_members": sum(1 for g in ([group] if group else groups) for mb in g.members if not mb.synthetic)},
            "capacity_by_class": capacity_by_class, "majors_by_class": majors_by_class}



#: The supply assumptions in the order a reader meets them (mart_supply_assumptions.parameter).
ASSUMPTIONS = ("intake_per_programme", "completion_rate", "further_study_rate", "in_province_rate",
               "cohort_register_rule", "supply_sensitivity_low", "supply_sensitivity_high", "exit_rate_sensitivity_low",
               "exit_rate_sensitivity_high")


def assumptions_table(scope: Scope) -> dict[str, Any] | None:
    """The assumptions the supply estimate used (issue 13: every report prints them), in words.

    The values come from ``mart_supply_assumptions`` (what the analysis used); the wording of
    each parameter and of where it comes from is the report's, in the report's language.
    """
    a = scope.marts.get("mart_supply_assumptions")
    if a is None or a.empty:
        return None
    m = scope.m
    a = a[a["major_class"].astype(str).isin(["*", *scope.classes])]
    rows = []
    uncalibrated = a[a["cohort_year"].isna()].set_index(["parameter", "major_class"])["value"]
    for p in [*ASSUMPTIONS, *sorted(set(a["parameter"]) - set(ASSUMPTIONS))]:
        for _, r in a[a["parameter"] == p].iterrows():
            cls = str(r["major_class"])
            v = r["value"]
            shown = ("—" if pd.isna(v) else f"{v:.0%}" if p.endswith("_rate") else f"×{v:g}" if "_sensitivity_" in p
                     else f"{v:.3g}")
            classes = m("assume.all_classes") if cls == "*" else f"{cls} {scope.cname(cls)}"
            source = m.get(f"assume.{p}_source", "")
            if pd.notna(r["cohort_year"]):  # a cohort's intake calibrated to a provincial total
                year = int(r["cohort_year"])
                classes = f"{classes} ({m('assume.cohort', year=year)})"
                source = m("assume.intake_per_programme_calibrated", year=year, factor=v / uncalibrated.get((p, cls), v))
            rows.append([m.get(f"assume.{p}", p), classes, shown, source])
    return scope.add(make_table("supply_assumptions", m("assume.table"), [
        (m("assume.col_parameter"), "text"), (m("assume.col_classes"), "text"), (m("assume.col_value"), "text"),
        (m("assume.col_source"), "text")], rows, statuses={"estimated"}, m=m))
