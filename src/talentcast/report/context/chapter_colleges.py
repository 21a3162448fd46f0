"""Chapter: the member colleges — evaluation indicators, the lead first, then members, then others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import STATUSES, make_table, missing
from talentcast.report.formatting import Messages


def build(scope: Scope) -> dict[str, Any]:
    """The college chapter (evaluation table and the indicators it shows)."""
    return college_table(scope.college_eval, scope.m, scope.add,
                         lead=scope.group.lead_institution if scope.group else "", province=scope.province)


_EVAL_ORDER = ("alignment_enrollment", "alignment", "enrollment_share_shortage", "enrollment_share_surplus",
               "programme_share_shortage", "programme_share_surplus", "employment_rate", "counterpart_rate",
               "retention", "programmes", "classes")
_COUNT_INDICATORS = ("programmes", "classes", "opened_growing_since_2021")


def college_table(ceval: pd.DataFrame, m: Messages, add: Callable[[dict[str, Any]], dict[str, Any]],
                  lead: str = "", province: bool = False) -> dict[str, Any]:
    # Indicators nobody has a value for (e.g. graduate outcomes of real colleges) are left out.
    present = set(ceval.loc[ceval["value"].notna(), "indicator"].dropna())
    indicators = [i for i in _EVAL_ORDER if i in present] + sorted(present - set(_EVAL_ORDER))
    rows = []
    statuses: set[str] = set()
    # Without a member list (no group's members are public) nobody is called a non-member: the
    # table lists the colleges offering the field's majors, the lead marked where it is known.
    known = bool(len(ceval)) and ceval["is_member"].astype(str).str.lower().isin(["true", "1"]).any()
    scope_key = "province_" if province else ""
    if len(ceval):
        # Pivot once (a group can hold thousands of college × indicator rows).
        ev = ceval.dropna(subset=["college_code"])
        value = ev.pivot_table(index="college_code", columns="indicator", values="value", aggfunc="first")
        rank = ev.pivot_table(index="college_code", columns="indicator", values="rank", aggfunc="first")
        first = ev.groupby("college_code", sort=True).agg(
            name=("college_name", lambda x: next((v for v in x if v), None)),
            real=("is_real", lambda x: str(x.iloc[0]).lower() in ("true", "1")),
            member=("is_member", lambda x: str(x.iloc[0]).lower() not in ("false", "0")),
            status=("status", lambda x: sorted({v for v in x.dropna() if v in STATUSES})))
        # The group's lead (named by the registry from public sources) leads a group of which it is
        # a member even when the member list is unknown; then members, then the other colleges
        # that offer the group's majors.
        is_lead = [bool(lead) and bool(r) and n == lead for r, n in zip(first["real"], first["name"])]
        order = [0 if ld else 1 if bool(mb) else 2 for ld, mb in zip(is_lead, first["member"])]
        first = first.assign(_o=order, _lead=is_lead).sort_values(["_o"], kind="stable")
        for code, f in first.iterrows():
            st = set(f["status"]) or {"official" if f["real"] else "synthetic"}
            statuses |= st
            kind = m("eval.real") if f["real"] else m("eval.synthetic")
            # In the province report a member is a college of any group.
            role = (m("eval.lead") if f["_lead"] else m(f"eval.{scope_key}member") if f["member"]
                    else m(f"eval.{scope_key}nonmember") if known else m(f"eval.{scope_key}offering"))
            row = [code, f["name"] or code, f"{role} · {kind}", [x for x in STATUSES if x in st]]
            for ind in indicators:
                v = value.at[code, ind] if ind in value.columns and code in value.index else None
                r = rank.at[code, ind] if ind in rank.columns and code in rank.index else None
                row.append((None if missing(v) else v, None if missing(r) else r))
            rows.append(row)
    cols = [(m("col.college_code"), "code"), (m("col.college"), "text"), (m("col.data_kind"), "text"),
            (m("col.status"), "status")]
    for ind in indicators:
        cols.append((m.get(f"indicator.{ind}", ind), "num_rank" if ind in _COUNT_INDICATORS else "pct_rank"))
    unknown = "" if known else "_unknown"
    t = add(make_table("college_eval", m(f"eval.{scope_key}table{unknown}"), cols, rows,
                       statuses=statuses, m=m, note=m(f"eval.{scope_key}note{unknown}")))
    return {"table": t, "indicators": [m.get(f"indicator.{i}", i) for i in indicators]}

