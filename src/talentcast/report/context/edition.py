"""The edition: which year names the report, which years it forecasts, how old its data are."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.scope import Scope


def edition_facts(scope: Scope, edition: int, last: int) -> dict[str, Any]:
    """Edition year, forecast span, the newest official data and the years shown as estimates.

    The newest official employment figure of the report's region, and of any region (national
    statistics usually run further), say how old the data are; the years between the newest
    official figure and the edition are estimates (bridged or forecast), never data.
    """
    m = scope.m
    emp = scope.marts["mart_employment"]
    off = emp[(emp["kind"] == "history") & (emp["status"] == "official")]
    own = off[off["region_code"] == scope.region]["year"].dropna()
    any_year = off["year"].dropna()
    region_year = int(own.max()) if len(own) else None
    newest = int(any_year.max()) if len(any_year) else None
    first = scope.year
    text = [m("edition.span", edition=edition, first=first, last=last)]
    if region_year is not None:
        text.append(m("edition.data_region", year=region_year, age=edition - region_year))
    if newest is not None and newest != region_year:
        text.append(m("edition.data_other", year=newest))
    if region_year is not None and region_year + 1 <= edition:
        text.append(m("edition.estimates", first=region_year + 1, last=edition))
    joined = "".join(text)
    if not joined.endswith((".", "。")):
        joined += "." if scope.lang == "en" else "。"
    return {"year": edition, "first": first, "last": last, "data_year": region_year, "newest_year": newest,
            "text": joined}
