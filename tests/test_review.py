"""Expert review (issue 17 item 3): export → decide → apply → marts show it; decisions survive a
new forecast, go stale when their evidence moves, and a bad workbook applies nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from talentcast import flow, workflows
from talentcast.analysis.review import (
    DECISION_COLUMNS,
    REVIEW_STATUS_ZH,
    export_sheet,
    merge_decisions,
    material_change,
    overlay,
    parse_sheet,
    review_items,
)
from talentcast.analysis.gap import GAP_COLUMNS
from talentcast.analysis.settings import load_rules
from talentcast.analysis.suggestions import apply_rules, evidence_row, shortage_list
from talentcast.config import load_settings
from talentcast.errors import InputFileError, ValidationError

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

BOOK = load_rules()
H = 5
# group, class, rating, cumulative openings, supply, expansion (persons over H years)
CELLS = [("health", "5202", "strong_shortage", 40000.0, 8000.0, 20000.0),
         ("health", "5204", "strong_surplus", 3000.0, 12000.0, -1500.0),
         ("province", "5202", "strong_shortage", 40000.0, 8000.0, 20000.0)]


def fake_marts(openings_5202: float = 40000.0) -> dict[str, pd.DataFrame]:
    """The three marts review reads, built by the real rule functions from headline cells."""
    rows = []
    for g, c, rating, o, s, x in CELLS:
        o = openings_5202 if c == "5202" else o
        rows.append({"group_id": g, "region_code": "410000", "scenario": "baseline", "major_class": c, "year": 2029,
                     "horizon": H, "cum_years": H, "rating": rating, "score": 2.0 if "shortage" in rating else -2.0, "cum_openings": o,
                     "cum_supply": s, "cum_gap": o - s, "cum_gap_ratio": (o - s) / o, "cum_expansion": x,
                     "in_province_rate": 0.8, "counterpart_rate": 0.8, "employment_rate": 0.9,
                     "postings_growth_vs_avg": 0.0, "salary_growth_vs_avg": 0.0, "drivers": "", "flags": "",
                     "status": "estimated", "demand_status": "estimated", "indicator_region": "410000"})
    gap = pd.DataFrame(rows)
    # The columns review does not read, as the lake's spec of mart_gap wants them.
    yearly = {"openings": "cum_openings", "openings_lo_80": "cum_openings", "openings_hi_80": "cum_openings",
              "cum_openings_lo_80": "cum_openings", "cum_openings_hi_80": "cum_openings", "supply": "cum_supply",
              "supply_gross": "cum_supply", "cum_supply_gross": "cum_supply", "gap": "cum_gap",
              "gap_ratio": "cum_gap_ratio", "expansion": "cum_expansion"}
    gap = gap.assign(**{k: gap[v] for k, v in yearly.items()}, replacement=0.0, projected_score=2.0, recent_score=0.0,
                     n_recent_signals=0, postings_unique=0.0, n_graduates=0.0, cum_supply_estimated=gap["cum_supply"],
                     rating_supply_low=gap["rating"], rating_supply_high=gap["rating"], sensitive_to_supply=False,
                     rating_exit_low=gap["rating"], rating_exit_high=gap["rating"], sensitive_to_exit_rate=False,
                     interval_informative=True, coverage_limited=False, rating_withheld="", openings_secondary=0.0, higher_share=1.0)[GAP_COLUMNS]
    evidence = [evidence_row(h, {"5202": "护理类", "5204": "中医药类"}, {"5202": 10.0, "5204": 20.0},
                             {"5202": 40.0, "5204": 30.0}, 5, BOOK) for _, h in gap.iterrows()]
    sugg = apply_rules(evidence, BOOK)
    return {"mart_gap": gap, "mart_suggestions": sugg, "mart_shortage_list": shortage_list(evidence, BOOK, sugg)}


@pytest.fixture
def forecasting(workspace, monkeypatch):
    """`workflows.forecast` for real, with the method replaced by fake_marts(state["openings"])."""
    state = {"openings": 40000.0}
    monkeypatch.setattr(flow, "compute_marts", lambda lake, settings, groups=None, progress=None: fake_marts(state["openings"]))
    monkeypatch.setattr(flow, "summarise", lambda marts, settings: {})
    settings = load_settings(workspace)
    workflows.forecast(settings)
    return settings, state


def _mart(settings, name):
    return workflows._lake(settings).read(name)


def _row(df, group, cls, rule=None):
    sel = (df["group_id"] == group) & (df["major_class"] == cls)
    if rule:
        sel &= df["rule_id"] == rule
    return df[sel & (df.get("scenario", "baseline") == "baseline")].iloc[0]


def test_every_rating_and_suggestion_is_in_the_export(forecasting, tmp_path):
    settings, _ = forecasting
    res = workflows.review_export(settings, tmp_path / "review.xlsx")
    sheet = pd.read_excel(tmp_path / "review.xlsx", sheet_name="review", dtype=str)
    sugg = _mart(settings, "mart_suggestions")
    assert res["rows"] == len(sheet) == len(CELLS) + len(sugg)
    assert (sheet["kind"] == "rating").sum() == len(CELLS)
    assert set(zip(sugg["group_id"], sugg["major_class"], sugg["rule_id"])) <= set(
        zip(sheet["group_id"], sheet["major_class"], sheet["rule_id"]))
    assert {"decision", "reason", "evidence", "cum_openings", "cum_gap", "review_status"} <= set(sheet.columns)
    assert sheet["decision"].isna().all() and set(sheet["review_status"]) == {"first_pass"}


def _edit_workbook(settings, xlsx, edit):
    """Export the review workbook to ``xlsx``, let ``edit`` change its review sheet, save it back;
    returns what ``edit`` returned."""
    workflows.review_export(settings, xlsx)
    sheet = pd.read_excel(xlsx, sheet_name="review", dtype=str)
    result = edit(sheet)
    sheet.to_excel(xlsx, sheet_name="review", index=False)
    return result


def test_round_trip_reject_with_reason_survives_forecast_and_goes_stale(forecasting, tmp_path):
    settings, state = forecasting
    xlsx = tmp_path / "review.xlsx"
    def reject_nursing(sheet: pd.DataFrame) -> str:
        pick = (sheet["group_id"] == "health") & (sheet["major_class"] == "5202") & (sheet["kind"] == "suggestion")
        sheet.loc[pick, ["decision", "reason"]] = ["reject", "省内护理岗位已饱和，见卫健委2024年统计"]
        return sheet.loc[pick, "rule_id"].iloc[0]

    rule = _edit_workbook(settings, xlsx, reject_nursing)

    res = workflows.review_apply(settings, xlsx)
    assert res["applied"] == 1 and res["rejected"] == 1
    row = _row(_mart(settings, "mart_suggestions"), "health", "5202", rule)
    assert (row["review_status"], row["review_reason"], bool(row["stale"])) == (
        "rejected", "省内护理岗位已饱和，见卫健委2024年统计", False)
    assert REVIEW_STATUS_ZH[row["review_status"]] == "专家否决"
    other = _row(_mart(settings, "mart_suggestions"), "province", "5202", rule)
    assert other["review_status"] == "first_pass"  # keyed by group

    workflows.forecast(settings)  # a second forecast, same inputs
    row = _row(_mart(settings, "mart_suggestions"), "health", "5202", rule)
    assert (row["review_status"], bool(row["stale"])) == ("rejected", False)
    assert "reject" in set(pd.read_excel(workflows.review_export(settings, xlsx)["path"], sheet_name="review",
                                         dtype=str)["decision"].dropna())  # the next export shows the decision

    state["openings"] = 60000.0  # a changed input moves the evidence by 50 %
    workflows.forecast(settings)
    row = _row(_mart(settings, "mart_suggestions"), "health", "5202", rule)
    assert (row["review_status"], row["review_reason"], bool(row["stale"])) == (
        "rejected", "省内护理岗位已饱和，见卫健委2024年统计", True)


def test_a_rating_decision_shows_on_the_shortage_list(forecasting, tmp_path):
    settings, _ = forecasting
    xlsx = tmp_path / "r.xlsx"
    def accept_rating(sheet: pd.DataFrame) -> None:
        pick = (sheet["group_id"] == "province") & (sheet["rule_id"] == "RATING") & (sheet["major_class"] == "5202")
        sheet.loc[pick, ["decision", "reason"]] = ["accept", ""]

    _edit_workbook(settings, xlsx, accept_rating)
    workflows.review_apply(settings, xlsx)
    sl = _mart(settings, "mart_shortage_list")
    assert _row(sl, "province", "5202")["review_status"] == "accepted"
    assert _row(sl, "health", "5202")["review_status"] == "first_pass"


@pytest.mark.parametrize(("column", "value", "message"), [
    ("group_id", "no_such_group", "row 3 .*unknown group 'no_such_group'"),
    ("major_class", "9999", "row 3 .*class '9999' is not assessed"),
    ("rule_id", "NO-SUCH-RULE", "row 3 .*no rating or suggestion with rule 'NO-SUCH-RULE'"),
    ("decision", "maybe", "row 3 .*decision 'maybe' is not one of accept, reject, modify"),
    ("reason", "", "row 3 .*a reject needs a reason"),
])
def test_a_bad_workbook_names_the_row_and_applies_nothing(forecasting, tmp_path, column, value, message):
    settings, _ = forecasting
    xlsx = tmp_path / "bad.xlsx"
    def one_good_row_then_a_bad_one(sheet: pd.DataFrame) -> None:
        sheet.loc[0, ["decision", "reason"]] = ["accept", ""]  # a good row before the bad one …
        sheet.loc[1, ["decision", "reason"]] = ["reject", "理由"]
        sheet.loc[1, column] = value

    _edit_workbook(settings, xlsx, one_good_row_then_a_bad_one)
    before = _mart(settings, "mart_suggestions")
    with pytest.raises(ValidationError, match=message) as exc:
        workflows.review_apply(settings, xlsx)
    assert "no decision was applied" in str(exc.value)
    assert not workflows.review_decisions_file(settings).exists()  # … is not applied either
    pd.testing.assert_frame_equal(_mart(settings, "mart_suggestions"), before)


def test_unreadable_or_foreign_files_are_named(forecasting, tmp_path):
    settings, _ = forecasting
    with pytest.raises(InputFileError, match="not found"):
        workflows.review_apply(settings, tmp_path / "missing.xlsx")
    (tmp_path / "x.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputFileError, match="x.xlsx"):
        workflows.review_apply(settings, tmp_path / "x.xlsx")
    pd.DataFrame({"a": [1]}).to_excel(tmp_path / "other.xlsx", sheet_name="review", index=False)
    with pytest.raises(ValidationError, match="lacks column"):
        workflows.review_apply(settings, tmp_path / "other.xlsx")


# ---------------------------------------------------------------- pure parts


def test_material_change_thresholds():
    rel, floor = BOOK.t("review", "stale_relative_change"), BOOK.t("review", "stale_min_persons")
    snap = {"rating": "strong_shortage", "action": "expand", "cum_openings": 10000.0, "cum_supply": 2000.0, "cum_gap": 8000.0}
    assert not material_change(snap, dict(snap), BOOK)
    big = 10000.0 * rel
    assert material_change(snap, {**snap, "cum_openings": 10000.0 + big}, BOOK)
    assert not material_change(snap, {**snap, "cum_openings": 10000.0 + big - 1}, BOOK)
    # Small classes: a 50 % move of fewer than stale_min_persons people is noise.
    small = {**snap, "cum_openings": 100.0, "cum_supply": 20.0, "cum_gap": 80.0}
    assert not material_change(small, {**small, "cum_supply": 20.0 + floor - 1}, BOOK)
    assert material_change(small, {**small, "cum_supply": 20.0 + floor}, BOOK)
    assert material_change(snap, {**snap, "rating": "moderate_shortage"}, BOOK)


def test_modify_and_a_later_decision_replace_the_earlier_one():
    marts = fake_marts()
    items = review_items(marts)
    sheet = export_sheet(marts)
    assert tuple(sheet.loc[0, ["group_id", "major_class", "rule_id"]]) == ("health", "5202", "RATING")  # ratings first
    sheet.loc[0, ["decision", "reason"]] = ["modify", "评级应为较紧缺"]
    first = parse_sheet(sheet, items)
    assert list(first.columns) == DECISION_COLUMNS
    out = overlay(marts, first, BOOK)
    assert (_row(out["mart_shortage_list"], "health", "5202")[["review_status", "review_reason"]].tolist()
            == ["modified", "评级应为较紧缺"])
    sheet.loc[0, ["decision", "reason"]] = ["accept", ""]
    merged = merge_decisions(first, parse_sheet(sheet, items))
    assert len(merged) == 1 and merged["decision"].iloc[0] == "accept"
    assert _row(overlay(marts, merged, BOOK)["mart_shortage_list"], "health", "5202")["review_status"] == "accepted"


def test_duplicate_decisions_for_one_item_are_an_error():
    marts = fake_marts()
    sheet = export_sheet(marts)
    sheet = pd.concat([sheet, sheet.iloc[[0]]], ignore_index=True)
    sheet.loc[[0, len(sheet) - 1], "decision"] = "accept"
    with pytest.raises(ValidationError, match=rf"row {len(sheet) + 1} .*decided again \(first at row 2\)"):
        parse_sheet(sheet, review_items(marts))


def test_cli_review_export_and_apply(forecasting, tmp_path, capsys):
    from talentcast.cli import main

    settings, _ = forecasting
    ws = str(settings.workspace)
    xlsx = tmp_path / "cli.xlsx"
    main(["review", "export", "--output", str(xlsx), "--workspace", ws])
    assert "review apply" in capsys.readouterr().out
    sheet = pd.read_excel(xlsx, sheet_name="review", dtype=str)
    sheet.loc[0, ["decision", "reason"]] = ["reject", "理由"]
    sheet.loc[1, ["decision", "reason"]] = ["sure", ""]
    sheet.to_excel(xlsx, sheet_name="review", index=False)
    with pytest.raises(SystemExit) as exc:
        main(["review", "apply", str(xlsx), "--workspace", ws])
    assert exc.value.code == ValidationError.exit_code
    assert "cli.xlsx row 3" in capsys.readouterr().err
    sheet.loc[1, "decision"] = "accept"
    sheet.to_excel(xlsx, sheet_name="review", index=False)
    main(["review", "apply", str(xlsx), "--workspace", ws])
    assert "applied 2 decision(s)" in capsys.readouterr().out
