"""Every command has help with an example; errors print `Error: …` and exit non-zero."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from talentcast.cli import app, main

runner = CliRunner()
COMMANDS = [
    ["init"], ["ingest"], ["forecast"], ["forecast-series"], ["backtest"], ["report"], ["refresh"], ["groups"],
    ["status"], ["demo"], ["crosswalk"], ["crosswalk", "classify"], ["crosswalk", "evaluate"], ["crosswalk", "show"],
    ["crosswalk", "export"], ["reference", "show"], ["reference", "search"],
]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_every_command_has_help(cmd):
    result = runner.invoke(app, [*cmd, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    if cmd not in (["crosswalk"], ["reference"]):
        assert "Example: talentcast" in result.output


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "talentcast", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "talentcast" in proc.stdout


def test_init_creates_layout(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--json"])
    assert result.exit_code == 0, result.output
    created = json.loads(result.output)["created"]
    for sub in ("data/raw/statistics", "data/raw/postings", "data/raw/graduates", "data/raw/enrollment", "lake", "models", "reports", "talentcast.toml"):
        assert any(c.endswith(sub) for c in created), sub


def test_error_is_one_line_without_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["status", "--workspace", str(tmp_path / "nowhere")])
    assert info.value.code != 0
    captured = capsys.readouterr()
    assert "Error:" in captured.err and "not a talentcast workspace" in captured.err
    assert "Traceback" not in captured.err


def test_bad_setting_in_env_is_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TALENTCAST_HORIZON", "0")
    with pytest.raises(SystemExit) as info:
        main(["status", "--workspace", str(tmp_path)])
    assert info.value.code == 2
    assert "horizon" in capsys.readouterr().err


def test_debug_shows_traceback(tmp_path):
    from talentcast.errors import WorkspaceError

    with pytest.raises(WorkspaceError):
        main(["--debug", "status", "--workspace", str(tmp_path / "nowhere")])


def test_reference_show_and_unknown_code(capsys):
    result = runner.invoke(app, ["reference", "show", "industries", "C38", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["name"].startswith("电气机械")
    with pytest.raises(SystemExit) as info:
        main(["reference", "show", "industries", "C99"])
    assert info.value.code != 0
    assert "closest" in capsys.readouterr().err


def test_reference_search():
    result = runner.invoke(app, ["reference", "search", "majors", "护理", "--json"])
    assert result.exit_code == 0
    assert any(h["code"] == "5202" for h in json.loads(result.output))


def test_forecast_series_reports_flags(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text("series_id,period,value\na,2019,10\na,2020,12\nc,2010,3\nc,2011,3\nc,2012,3\nc,2013,3\n", encoding="utf-8")
    result = runner.invoke(app, ["forecast-series", "-i", str(src), "-o", str(tmp_path / "f.csv"), "--horizon", "2", "--json"])
    assert result.exit_code == 0, result.output
    flags = json.loads(result.output)["flags"]
    assert flags["too_short"] == ["a"] and flags["constant"] == ["c"]


def test_export_to_an_existing_file_is_a_usage_error_naming_it(tmp_path):
    """`crosswalk export` writes a directory: a file at that path is refused before any work,
    not reported as an unexpected error."""
    existing = tmp_path / "staffing.csv"
    existing.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["crosswalk", "export", "--output", str(existing), "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert "staffing.csv" in result.output and "is a file" in result.output
    assert existing.read_text(encoding="utf-8") == "x"
