"""Acceptance regressions: what an analyst, a secretariat and cron hit on a fresh workspace.

Each test names the bug it guards. Small fixtures only (tests/data/ingest/real, tests/data/
forecast, files written into tmp_path); no full forecast or demo runs.
"""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

from talentcast.cli import main

DATA = Path(__file__).parent / "data"
REAL = DATA / "ingest" / "real"
SERIES = DATA / "forecast" / "henan_employment_10k_2009-2017.csv"
HEADER_ZH = ["岗位名称", "公司名称", "薪资", "工作地点", "学历要求", "发布日期"]
ROWS_ZH = [
    ["Java开发工程师", "合成样例科技有限公司", "8千-1.2万/月", "郑州-金水区", "大专", "2024-03-01"],
    ["护士", "合成样例医院", "5000-7000元/月", "洛阳", "中专", "2024-03-02"],
    ["数控车床操作工", "合成样例机械厂", "6-8千/月", "新乡", "高中", "2024-03-05"],
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    code = 0
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def gbk_csv(path: Path, header: list[str] = HEADER_ZH, rows: list[list[str]] = ROWS_ZH) -> Path:
    pd.DataFrame(rows, columns=header).to_csv(path, index=False, encoding="gbk")
    return path


# --------------------------------------------------------------------------- ingest


def test_statistics_file_with_no_recognisable_records_is_an_error_and_not_recorded(workspace, capsys):
    """Bug: a postings CSV ingested as statistics read 0 rows, was recorded as ingested (so
    refresh skipped it for ever) and exited 0."""
    src = REAL / "51job_subset.csv"
    code, _, err = run(capsys, "ingest", "statistics", src, "--workspace", workspace)
    assert code == 3
    assert err.startswith("Error: ") and "no statistics records found" in err and "51job_subset.csv" in err
    code, out, _ = run(capsys, "status", "--workspace", workspace, "--json")
    assert code == 0 and json.loads(out)["files_ingested"] == 0


def test_one_unreadable_file_gives_one_error_with_one_hint(workspace, tmp_path, capsys):
    """Bug: the message repeated a preamble and printed two 'Hint:' lines."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "ingest", "postings", empty, "--workspace", workspace)
    assert code == 3
    assert err.count("Error:") == 1 and err.count("Hint:") == 1
    assert "empty.csv: file is empty" in err and "file(s) could not be ingested" not in err


def test_partial_ingest_lists_each_bad_file_and_shows_the_good_ones(workspace, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    good = gbk_csv(tmp_path / "good.csv")
    code, out, err = run(capsys, "ingest", "postings", empty, good, binary, "--workspace", workspace)
    assert code == 3
    assert "2 file(s) could not be ingested" in err and "1 other file(s) went in" in err
    assert "  - " in err and "empty.csv" in err and "binary.csv" in err
    assert "good.csv" in out and "ingested" in out  # the committed file's accounting is shown


def test_second_ingest_adds_nothing_and_says_why(workspace, tmp_path, capsys):
    """Bug: a re-ingest printed a table of zeros without saying the file was skipped."""
    src = gbk_csv(tmp_path / "jobs.csv")
    code, out, _ = run(capsys, "ingest", "postings", src, "--workspace", workspace, "--json")
    first = json.loads(out)
    assert code == 0
    for f in first["files"]:
        assert f["rows_read"] == f["rows_accepted"] + f["rows_quarantined"] == 3
    code, out, _ = run(capsys, "ingest", "postings", src, "--workspace", workspace)
    assert code == 0 and "skipped: already ingested" in out and "same content" in out
    code, out, _ = run(capsys, "ingest", "postings", src, "--workspace", workspace, "--json")
    again = json.loads(out)
    assert again["rows_accepted"] == 0 and again["files"][0]["status"] == "already_ingested"


def test_note_row_under_a_postings_sheet_is_quarantined_not_accepted(workspace, tmp_path, capsys):
    """Bug: "注：数据来源 …" under an XLSX export was accepted as a posting titled with the note."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])  # leading blank row
    ws.append(HEADER_ZH)
    for r in ROWS_ZH:
        ws.append(r)
    ws.append(["注：数据来源 某招聘网站（合成样例），仅供参考"])
    path = tmp_path / "blank_note.xlsx"
    wb.save(path)
    code, out, err = run(capsys, "ingest", "postings", path, "--workspace", workspace, "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["rows_read"] == 4 and rep["rows_accepted"] == 3
    assert rep["quarantined_by_reason"] == {"note_row": 1}
    from talentcast.lake import Lake

    titles = set(Lake(workspace / "lake").read("postings")["title"])
    assert not any(str(t).startswith("注") for t in titles)


def test_gbk_chinese_headers_formula_and_script_cells(workspace, tmp_path, capsys):
    rows = [*ROWS_ZH, ["=cmd|' /C calc'!A0", "合成样例", "5千", "郑州", "大专", "2024-03-09"],
            ["<script>alert(1)</script>护士", "合成样例医院", "5千", "洛阳", "中专", "2024-03-09"]]
    src = gbk_csv(tmp_path / "gbk.csv", rows=rows)
    code, out, err = run(capsys, "ingest", "postings", src, "--workspace", workspace, "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["rows_read"] == 5 and rep["rows_accepted"] == 4 and rep["quarantined_by_reason"] == {"unsafe_content": 1}


def test_workspace_column_map_applies_only_where_the_column_exists(workspace, tmp_path, capsys):
    """Bug: [ingest.map] title = "招聘岗位名" made every other postings file (zhaopin JSON) fail."""
    cfg = workspace / "talentcast.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('# title = "岗位名称"', 'title = "招聘岗位名"'), encoding="utf-8")
    renamed = gbk_csv(tmp_path / "renamed.csv", header=["招聘岗位名", *HEADER_ZH[1:]])
    code, out, err = run(capsys, "ingest", "postings", renamed, REAL / "zhaopin_chengdu_it.json.gz", "--workspace", workspace, "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert [f["status"] for f in rep["files"]] == ["ingested", "ingested"]
    assert rep["files"][0]["rows_accepted"] == 3 and rep["files"][1]["rows_accepted"] > 0
    # a --map flag stays strict: the file's columns are named in the error
    code, _, err = run(capsys, "ingest", "postings", REAL / "51job_subset.csv", "--map", "title=岗位名称", "--workspace", workspace)
    assert code == 2 and "no column '岗位名称'" in err and "jobName" in err


def test_map_hint_names_the_real_toml_table(workspace, tmp_path, capsys):
    src = gbk_csv(tmp_path / "odd.csv", header=["招聘岗位名", *HEADER_ZH[1:]])
    code, _, err = run(capsys, "ingest", "postings", src, "--workspace", workspace)
    assert code == 3 and "--map title=" in err and "[ingest.map]" in err and "[ingest.postings.map]" not in err


# --------------------------------------------------------------------------- forecast, marts


def test_analysis_treats_a_never_ingested_table_as_absent():
    """Bug: `forecast` on a workspace without enrollment failed: "analysis input 'enrollment'
    lacks column(s) ['college_code', …]" (the lake reader returns a frame with no columns)."""
    from talentcast.analysis.inputs import AnalysisInputs

    base = dict(employment=pd.DataFrame(), staffing=pd.DataFrame(), vocational_share=pd.DataFrame())
    inputs = AnalysisInputs(**base, enrollment=pd.DataFrame(), graduates=pd.DataFrame())
    df = inputs.frame("enrollment", ["college_code", "major_code", "year"])
    assert df.empty and {"college_code", "major_code", "year"} <= set(df.columns)
    with pytest.raises(Exception, match="lacks column"):
        AnalysisInputs(**base, enrollment=pd.DataFrame({"x": [1]})).frame("enrollment", ["college_code"])


def test_forecast_for_one_group_keeps_the_other_groups_rows(tmp_path, mart_frame):
    """Bug: `forecast --group health` replaced every per-group mart with health's rows only,
    so later reports of every other group (and the province) had no data."""
    from talentcast.lake import Lake
    from talentcast.workflows import _merge_group_rows

    lake = Lake(tmp_path / "lake")
    old = mart_frame("mart_gap", [{"group_id": g, "major_class": c, "score": v}
                                  for g, c, v in [("health", "5202", 1.0), ("tourism", "5401", 2.0), ("province", "5202", 3.0)]])
    with lake.transaction() as tx:
        tx.replace("mart_gap", old)
    new = mart_frame("mart_gap", [{"group_id": "health", "major_class": "5202", "score": 9.0}])
    merged = _merge_group_rows(lake, "mart_gap", new, ["health"])
    assert sorted(merged["group_id"]) == ["health", "province", "tourism"]
    assert merged.loc[merged["group_id"] == "health", "score"].tolist() == [9.0]
    assert _merge_group_rows(lake, "mart_gap", new, None) is new  # --all replaces everything
    assert set(merged.columns) == set(lake.read("mart_gap").columns)
    no_group = pd.DataFrame({"industry_code": ["C"]})
    assert _merge_group_rows(lake, "mart_employment", no_group, ["health"]) is no_group


def test_forecast_summary_names_groups_and_major_classes(monkeypatch):
    """Bug: `forecast` printed "health " and "5202  (strong_shortage)": names were missing."""
    import talentcast.analysis as analysis
    from talentcast.config import Settings
    from talentcast.flow import summarise

    fake = [{"group_id": "health", "top_shortages": [{"major_class": "5202", "rating": "strong_shortage"}], "top_surpluses": []}]
    monkeypatch.setattr(analysis, "summary_by_group", lambda marts: [dict(g) for g in fake])
    out = summarise({}, Settings())
    g = out["groups"][0]
    assert g["name_zh"] == "河南省医药卫生骨干职业教育集团"
    assert g["top_shortages"][0]["name"] == "护理类"


def test_relative_scenario_flag_is_read_from_the_current_directory(tmp_path, monkeypatch):
    """Bug: `--workspace W --scenario plan.toml` looked for W/plan.toml, not ./plan.toml."""
    from talentcast.config import load_settings

    monkeypatch.chdir(tmp_path)
    ws = tmp_path / "ws"
    ws.mkdir()
    assert load_settings(ws, {"scenario": "plan.toml"}, environ={}).scenario == Path("plan.toml")
    (ws / "talentcast.toml").write_text('[forecast]\nscenario = "plan.toml"\n', encoding="utf-8")
    assert load_settings(ws, {}, environ={}).scenario == ws / "plan.toml"


def test_bad_flag_value_names_the_flag(workspace, capsys):
    code, _, err = run(capsys, "report", "--format", "docx", "--workspace", workspace)
    assert code == 2 and "--format 'docx' is not valid" in err
    from talentcast.config import load_settings

    with pytest.raises(Exception, match="must be a whole number"):
        load_settings(workspace, environ={"TALENTCAST_HORIZON": "abc"})


def test_missing_marts_error_is_short(workspace, capsys):
    code, _, err = run(capsys, "report", "--workspace", workspace)
    assert code == 4 and "has no forecast marts yet" in err and "mart_college_eval" not in err


# --------------------------------------------------------------------------- forecast-series, backtest


def test_forecast_series_errors_name_the_file_series_and_rows(tmp_path, capsys):
    """Bug: errors said "input:" instead of the file; rich turned "410000:A:" into an emoji."""
    rows = SERIES.read_text(encoding="utf-8").splitlines()
    dup = tmp_path / "dup.csv"
    dup.write_text("\n".join([rows[0], rows[1], rows[1], *rows[2:]]) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "forecast-series", "--input", dup, "--horizon", "2", "--output", tmp_path / "o.csv")
    assert code == 3
    assert "dup.csv" in err and "series 410000:A: period 2009 appears more than once (rows 1, 2)" in err
    assert "line 6 of a CSV" in err  # says how rows are counted
    bad = tmp_path / "bad.csv"
    bad.write_text("series_id,period,value\ns1,2001,1\ns1,2002,x1\ns1,2003,3\n", encoding="utf-8")
    code, _, err = run(capsys, "backtest", "--input", bad)
    assert code == 3 and "bad.csv" in err and "series s1 row 2: value 'x1' is not a number" in err
    missing = tmp_path / "missing.csv"
    missing.write_text("series_id,period\ns1,2001\n", encoding="utf-8")
    code, _, err = run(capsys, "forecast-series", "--input", missing, "--output", tmp_path / "o.csv")
    assert code == 3 and "missing.csv: missing column(s) value" in err


def test_forecast_series_horizon_must_be_positive(tmp_path, capsys):
    code, _, err = run(capsys, "forecast-series", "--input", SERIES, "--horizon", "0", "--output", tmp_path / "o.csv")
    assert code == 2 and "Usage:" in err and "--horizon" in err


def test_forecast_series_parquet_round_trip_and_backtest_table(tmp_path, capsys):
    out = tmp_path / "fc.parquet"
    code, stdout, err = run(capsys, "forecast-series", "--input", SERIES, "--horizon", "3", "--output", out, "--json")
    assert code == 0, err
    fc = pd.read_parquet(out)
    assert list(fc.columns) == ["series_id", "period", "mean", "lo_80", "hi_80", "lo_95", "hi_95", "model"]
    assert json.loads(stdout)["series"] == fc["series_id"].nunique() == 20
    code, stdout, _ = run(capsys, "backtest", "--input", SERIES, "--horizon", "1")
    assert code == 0 and "ensemble" in stdout and "nan" not in stdout  # no-interval cells print "–"


# --------------------------------------------------------------------------- crosswalk, reference


def test_classify_reads_gbk_csv_and_reports_bad_inputs(workspace, tmp_path, capsys):
    """Bug: classify assumed UTF-8 (GBK exports failed), an empty file crashed with exit 70,
    and a missing file was reported as a "corrupt or truncated gzip"."""
    src = gbk_csv(tmp_path / "posts.csv")
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "crosswalk", "classify", "--input", src, "--output", out, "--workspace", workspace)
    assert code == 0, err
    got = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert got.loc[got["岗位名称"] == "护士", "major_class"].tolist() == ["5202"]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "crosswalk", "classify", "--input", empty, "--output", out, "--workspace", workspace)
    assert code == 3 and "file is empty" in err
    code, _, err = run(capsys, "crosswalk", "classify", "--input", tmp_path / "nope.csv", "--output", out, "--workspace", workspace)
    assert code == 3 and "file not found" in err and "gzip" not in err


def test_crosswalk_show_table_keeps_codes_and_names_readable(workspace, capsys):
    code, out, err = run(capsys, "crosswalk", "show", "--industry", "C38", "--workspace", workspace)
    assert code == 0, err
    assert "4603 自动化类" in out and "38 电气机械和器材制造业" in out
    assert "row(s)" in out


def test_unknown_code_hint_points_to_the_cli_search(capsys):
    code, _, err = run(capsys, "reference", "show", "industries", "C99")
    assert code == 1 and "closest:" in err and "talentcast reference search" in err


# --------------------------------------------------------------------------- status, refresh


def test_status_shows_absolute_workspace_and_next_step(workspace, capsys, monkeypatch):
    monkeypatch.chdir(workspace)
    code, out, _ = run(capsys, "status")
    assert code == 0 and f"Workspace {workspace.resolve()}" in out and "talentcast forecast" in out


def test_refresh_ingests_the_good_files_and_fails_on_the_bad_one(workspace, monkeypatch, capsys):
    """Bug: one unreadable raw file stopped refresh before the other kinds were ingested, so a
    single bad statistics file blocked every nightly run."""
    (workspace / "data" / "raw" / "statistics" / "broken.csv").write_bytes(b"")
    shutil.copy(REAL / "51job_subset.csv", workspace / "data" / "raw" / "postings" / "51job_subset.csv")
    code, _, err = run(capsys, "refresh", "--quiet", "--workspace", workspace)
    assert code == 3 and "broken.csv: file is empty" in err and "the other files were ingested" in err
    from talentcast.lake import Lake

    assert Lake(workspace / "lake").row_count("postings") == 200
    last = json.loads((workspace / "logs" / "talentcast.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert last["status"] == "error" and last["exit_code"] == 3 and last["files_ingested"] == 1


def test_refresh_quiet_logs_no_info_lines(workspace, monkeypatch, capsys, caplog):
    """Bug: `refresh --quiet` (cron) still wrote the INFO step lines to stderr."""
    from talentcast import workflows

    monkeypatch.setattr(workflows, "forecast", lambda settings, **kw: None)
    monkeypatch.setattr(workflows, "report", lambda settings, **kw: [])
    shutil.copy(REAL / "51job_subset.csv", workspace / "data" / "raw" / "postings" / "51job_subset.csv")
    caplog.set_level(logging.DEBUG, logger="talentcast.test_unused")
    root = logging.getLogger()
    before = root.level
    try:
        code, out, err = run(capsys, "refresh", "--quiet", "--workspace", workspace)
        assert code == 0, err
        assert out == "" and err == ""
        assert not [r for r in caplog.records if r.name.startswith("talentcast") and r.levelno < logging.WARNING]
        code, out, err = run(capsys, "refresh", "--quiet", "--workspace", workspace)  # nothing new
        assert (code, out, err) == (0, "", "")
    finally:
        root.setLevel(before)


def test_forecast_unknown_group_fails_first_naming_the_closest(workspace, capsys):
    """Bug: `forecast --group helth` ran the employment forecast first, then failed listing all ids."""
    code, _, err = run(capsys, "forecast", "--group", "helth", "--workspace", workspace)
    assert code == 1 and "unknown group id 'helth'; closest: health" in err
    assert "the lake has no statistics" not in err  # checked before any data is touched


def test_reference_search_without_hits_says_so(capsys):
    code, out, _ = run(capsys, "reference", "search", "majors", "zzzqqq")
    assert code == 0 and "No majors match 'zzzqqq'" in out


def test_report_year_outside_the_forecast_is_an_error():
    """Bug: `report --year 2035` (forecast 2022–2026) wrote an empty report and exited 0."""
    from talentcast.errors import ConfigError
    from talentcast.workflows import _check_report_year

    marts = {"mart_demand": pd.DataFrame({"year": [2022, 2023, 2026]})}
    _check_report_year(marts, 2026)
    with pytest.raises(ConfigError, match=r"--year 2035 is outside the forecast in the lake \(2022–2026\)"):
        _check_report_year(marts, 2035)
    with pytest.raises(ConfigError):
        _check_report_year(marts, 2010)


def test_report_year_other_than_the_rated_window_is_an_error():
    """`report --year 2028` on marts rated over 2027–2031 labelled 2027–2031 totals "2028–2031"."""
    from talentcast.errors import ConfigError
    from talentcast.workflows import _check_report_year

    years = [2022, 2026, 2027, 2031]
    gap = pd.DataFrame({"year": years, "cum_years": [1, 5, 1, 5]})  # window from 2027; 2022–2026 before it
    marts = {"mart_demand": pd.DataFrame({"year": years}), "mart_gap": gap}
    _check_report_year(marts, 2027)
    with pytest.raises(ConfigError, match=r"rates the window from 2027 \(the 2026 edition\)") as err:
        _check_report_year(marts, 2028)
    assert "--edition 2027" in err.value.hint


def test_graduates_with_a_major_outside_the_catalogue_do_not_break_the_analysis():
    """Bug: a graduates row whose major is not in the 2021 catalogue is ingested with
    major_code null (as documented); `forecast` then died with "major code 'None' is not a
    2021-catalogue class or major code", naming no file or row."""
    from talentcast.analysis.inputs import AnalysisInputs

    grads = pd.DataFrame({"college_code": ["1", "2"], "major_code": ["460301", None], "year": [2023, 2023], "graduates": [10, 5]})
    base = dict(employment=pd.DataFrame(), staffing=pd.DataFrame(), vocational_share=pd.DataFrame())
    got = AnalysisInputs(**base, graduates=grads).frame("graduates", ["college_code", "major_code", "year", "graduates"])
    assert got["major_code"].tolist() == ["460301"]


def test_series_errors_print_plain_values_and_backtest_says_when_horizon_is_cut(tmp_path, capsys):
    """Bugs: "period np.float64(2001.5)"; `backtest --horizon 20` on 9-year series silently
    evaluated only 1–8."""
    frac = tmp_path / "frac.csv"
    frac.write_text("series_id,period,value\na,2001.5,1\n", encoding="utf-8")
    code, _, err = run(capsys, "forecast-series", "--input", frac, "--output", tmp_path / "o.csv")
    assert code == 3 and "period 2001.5 is not an integer year" in err and "np.float64" not in err
    short = tmp_path / "short.csv"
    short.write_text("series_id,period,value\n" + "".join(f"s,{2000 + i},{10 + i % 3}\n" for i in range(6)), encoding="utf-8")
    code, out, err = run(capsys, "backtest", "--input", short, "--horizon", "9")
    assert code == 0, err
    assert "Only horizons 1–" in out and "too short for 9" in out


def test_init_defaults_to_talentcast_workspace_like_every_other_command(tmp_path, capsys, monkeypatch):
    """Bug: with TALENTCAST_WORKSPACE set, `init` created the workspace in the current
    directory while `status` etc. looked in $TALENTCAST_WORKSPACE."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TALENTCAST_WORKSPACE", str(tmp_path / "envws"))
    code, _, _ = run(capsys, "init")
    assert code == 0 and (tmp_path / "envws" / "talentcast.toml").is_file()
    assert not (tmp_path / "talentcast.toml").exists()
    code, out, _ = run(capsys, "init")
    assert code == 0 and "nothing created" in out
    code, out, _ = run(capsys, "status")
    assert code == 0 and str(tmp_path / "envws") in out


def test_group_and_all_together_is_an_error(workspace, capsys):
    code, _, err = run(capsys, "report", "--group", "health", "--all", "--workspace", workspace)
    assert code == 2 and "--group and --all contradict each other" in err


def test_forecast_without_the_regions_statistics_says_what_to_ingest(workspace, capsys):
    """Bug: with only national statistics in the lake, `forecast` died with
    "unexpected KeyError: 'industry_code'" (exit 70)."""
    code, _, err = run(capsys, "ingest", "statistics", REAL / "nbs_employment_by_section_2010-2021.xlsx", "--workspace", workspace)
    assert code == 0, err
    code, _, err = run(capsys, "forecast", "--workspace", workspace)
    assert code == 4, err
    assert "no employment statistics for region 410000" in err and "100000" in err and "KeyError" not in err


def test_classify_xlsx_output_keeps_formula_like_titles_as_text(workspace, tmp_path, capsys):
    """Bug: `crosswalk classify --output x.xlsx` wrote a title "=cmd|' /C calc'!A0" as a live formula."""
    openpyxl = pytest.importorskip("openpyxl")
    src = tmp_path / "posts.csv"
    pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "护士"]}).to_csv(src, index=False)
    out = tmp_path / "out.xlsx"
    code, _, err = run(capsys, "crosswalk", "classify", "--input", src, "--output", out, "--workspace", workspace)
    assert code == 0, err
    cell = openpyxl.load_workbook(out).active["A2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"
