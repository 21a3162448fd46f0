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
               "retention_rate", "programmes", "classes")
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
    known_members = bool(len(ceval)) and ceval["is_member"].astype(str).str.lower().isin(["true", "1"]).any()
    scope_key = "province_" if province else ""
    if len(ceval):
        # Pivot once (a group can hold thousands of college × indicator rows).
        ev = ceval.dropna(subset=["college_code"])
        value = ev.pivot_table(index="college_code", columns="indicator", values="value", aggfunc="first")
        rank = ev.pivot_table(index="college_code", columns="indicator", values="rank", aggfunc="first")
        # Per college: its first non-empty name, the first row's real/member flags, its statuses.
        head = ev.drop_duplicates("college_code").set_index("college_code").sort_index()
        named = ev[ev["college_name"].notna() & (ev["college_name"].astype(str) != "")].drop_duplicates("college_code")
        with_status = ev[ev["status"].isin(STATUSES)]
        status_of = {c: sorted(set(v)) for c, v in with_status.groupby("college_code")["status"].unique().items()}
        first = pd.DataFrame({
            "name": head.index.map(dict(zip(named["college_code"], named["college_name"]))),
            "real": head["is_real"].astype(str).str.lower().isin(["true", "1"]).to_numpy(),
            "member": (~head["is_member"].astype(str).str.lower().isin(["false", "0"])).to_numpy(),
            "status": [status_of.get(c, []) for c in head.index]}, index=head.index)
        # The group's lead (named by the registry from public sources) leads a group of which it is
        # a member even when the member list is unknown; then members, then the other colleges
        # that offer the group's majors.
        is_lead = [bool(lead) and bool(r) and n == lead for r, n in zip(first["real"], first["name"])]
        order = [0 if ld else 1 if bool(mb) else 2 for ld, mb in zip(is_lead, first["member"])]
        first = first.assign(_o=order, _lead=is_lead).sort_values(["_o"], kind="stable")
        values = value.reindex(columns=indicators).to_dict("index")
        ranks = rank.reindex(columns=indicators).to_dict("index")
        for code, name, real, member, status, _, is_lead_ in first.itertuples():
            st = set(status) or {"official" if real else "synthetic"}
            statuses |= st
            kind = m("eval.real") if real else m("eval.synthetic")
            # In the province report a member is a college of any group.
            role = (m("eval.lead") if is_lead_ else m(f"eval.{scope_key}member") if member
                    else m(f"eval.{scope_key}nonmember") if known_members else m(f"eval.{scope_key}offering"))
            row = [code, name if isinstance(name, str) and name else code, f"{role} · {kind}", [x for x in STATUSES if x in st]]
            v_of, r_of = values.get(code, {}), ranks.get(code, {})
            for ind in indicators:
                v, r = v_of.get(ind), r_of.get(ind)
                row.append((None if missing(v) else v, None if missing(r) else r))
            rows.append(row)
    cols = [(m("col.college_code"), "code"), (m("col.college"), "text"), (m("col.data_kind"), "text"),
            (m("col.status"), "status")]
    for ind in indicators:
        cols.append((m.get(f"indicator.{ind}", ind), "num_rank" if ind in _COUNT_INDICATORS else "pct_rank"))
    unknown = "" if known_members else "_unknown"
    t = add(make_table("college_eval", m(f"eval.{scope_key}table{unknown}"), cols, rows,
                       statuses=statuses, m=m, note=m(f"eval.{scope_key}note{unknown}")))
    return {"table": t, "indicators": [m.get(f"indicator.{i}", i) for i in indicators]}

