"""Settings precedence: defaults < talentcast.toml < TALENTCAST_* env < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentcast.config import DEFAULT_CONFIG_TOML, Settings, load_settings, parse_mappings, read_config_file
from talentcast.errors import ConfigError


def test_defaults_without_file(tmp_path):
    s = load_settings(tmp_path, environ={})
    assert s == Settings(workspace=tmp_path)
    assert s.horizon == 5 and s.lang == "zh" and s.region == "410000"


def test_file_beats_defaults_env_beats_file_flags_beat_env(tmp_path):
    (tmp_path / "talentcast.toml").write_text('[forecast]\nhorizon = 7\n[report]\nlang = "en"\nformats = ["md"]\n', encoding="utf-8")
    assert load_settings(tmp_path, environ={}).horizon == 7
    env = {"TALENTCAST_HORIZON": "3"}
    s = load_settings(tmp_path, environ=env)
    assert s.horizon == 3 and s.lang == "en" and s.formats == ("md",)
    s = load_settings(tmp_path, {"horizon": 2, "lang": None}, environ=env)
    assert s.horizon == 2 and s.lang == "en"


def test_workspace_from_env(tmp_path):
    s = load_settings(None, environ={"TALENTCAST_WORKSPACE": str(tmp_path)})
    assert s.workspace == tmp_path


def test_default_config_file_is_valid_and_matches_defaults(tmp_path):
    (tmp_path / "talentcast.toml").write_text(DEFAULT_CONFIG_TOML, encoding="utf-8")
    assert load_settings(tmp_path, environ={}) == Settings(workspace=tmp_path)


def test_unknown_key_is_named(tmp_path):
    path = tmp_path / "talentcast.toml"
    path.write_text("[forecast]\nhorizn = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting \[forecast\] horizn"):
        read_config_file(path)


def test_bad_toml_names_file(tmp_path):
    path = tmp_path / "talentcast.toml"
    path.write_text("[forecast\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="talentcast.toml: not valid TOML"):
        load_settings(tmp_path, environ={})


@pytest.mark.parametrize(
    "env, message",
    [({"TALENTCAST_HORIZON": "soon"}, "horizon"), ({"TALENTCAST_LANG": "fr"}, "lang"), ({"TALENTCAST_FORMATS": "html,docx"}, "docx")],
)
def test_bad_env_value_names_setting_and_origin(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(tmp_path, environ=env)
    assert "environment TALENTCAST_" in str(info.value)


def test_column_map_merges_file_and_flags(tmp_path):
    (tmp_path / "talentcast.toml").write_text('[ingest.map]\ntitle = "岗位名称"\ncompany = "公司"\n', encoding="utf-8")
    s = load_settings(tmp_path, {"column_map": {"company": "企业名称"}}, environ={})
    assert dict(s.column_map) == {"title": "岗位名称", "company": "企业名称"}


def test_parse_mappings():
    assert parse_mappings(["title=岗位名称", " salary = 薪资 "]) == {"title": "岗位名称", "salary": "薪资"}
    with pytest.raises(ConfigError, match="FIELD=COLUMN"):
        parse_mappings(["title"])


def test_relative_scenario_resolves_in_workspace(tmp_path):
    (tmp_path / "talentcast.toml").write_text('[forecast]\nscenario = "scenarios/plan.toml"\n', encoding="utf-8")
    assert load_settings(tmp_path, environ={}).scenario == tmp_path / "scenarios" / "plan.toml"


def test_provincial_new_entrant_totals_reach_the_supply_calibration(tmp_path):
    """[supply] intake_totals (file) or TALENTCAST_INTAKE_TOTALS (env) → the analysis calibrates the intake to them."""
    from talentcast.flow import analysis_settings_for

    (tmp_path / "talentcast.toml").write_text("[supply]\nintake_totals = { 2019 = 480000, 2020 = 500000 }\n", encoding="utf-8")
    s = load_settings(tmp_path, environ={})
    assert s.intake_totals == {2019: 480000.0, 2020: 500000.0}
    assert analysis_settings_for(s).intake_totals == {2019: 480000.0, 2020: 500000.0}
    assert analysis_settings_for(s).intake_per_programme is None  # one default: the packaged table's "*" row
    env = load_settings(tmp_path, environ={"TALENTCAST_INTAKE_TOTALS": "2021=510000,2022=520000"})
    assert env.intake_totals == {2021: 510000.0, 2022: 520000.0}
    with pytest.raises(ConfigError, match="intake_totals"):
        load_settings(tmp_path, environ={"TALENTCAST_INTAKE_TOTALS": "2021=many"})
    (tmp_path / "talentcast.toml").write_text("[supply]\nintake_totals = { 2019 = -5 }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="positive"):
        load_settings(tmp_path, environ={})


def test_posting_cap_resolves_like_every_setting(tmp_path):
    assert load_settings(tmp_path, environ={}).posting_cap == 50.0
    (tmp_path / "talentcast.toml").write_text("[crosswalk]\nposting_cap = 120\n", encoding="utf-8")
    assert load_settings(tmp_path, environ={}).posting_cap == 120.0
    assert load_settings(tmp_path, environ={"TALENTCAST_POSTING_CAP": "10"}).posting_cap == 10.0
    with pytest.raises(ConfigError, match="posting_cap"):
        load_settings(tmp_path, environ={"TALENTCAST_POSTING_CAP": "-1"})
