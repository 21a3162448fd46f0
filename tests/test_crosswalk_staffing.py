"""Vocational share v[i] and staffing matrix S[i, m] (talentcast.crosswalk.staffing)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from talentcast.crosswalk import staffing as st
from talentcast.crosswalk.platform_industries import map_platform_industries
from talentcast.errors import CodeError, ValidationError
from talentcast.reference import industries, majors

FIXTURE = Path(__file__).parent / "data" / "crosswalk_staffing" / "zhaopin_2019_beijing_subset.csv"


@pytest.fixture(scope="module")
def prior() -> pd.DataFrame:
    return st.read_staffing_prior()


@pytest.fixture(scope="module")
def vprior() -> pd.DataFrame:
    return st.read_vocational_share_prior()


# ------------------------------------------------------------------------- priors
def test_prior_covers_every_division_with_a_distribution_and_reasons(prior, vprior):
    divisions = {c.code for c in industries().level("division")}
    classes = {c.code for c in majors("higher_vocational").level("class")}
    assert len(divisions) == 97
    assert set(prior["industry_code"]) == divisions
    assert set(prior["major_class"]) <= classes
    sums = prior.groupby("industry_code")["weight"].sum()
    assert np.allclose(sums, 1.0)
    assert (prior.groupby("industry_code").size() >= 3).all()
    assert (prior["reasoning"].str.strip() != "").all()
    assert set(vprior["industry_code"]) == divisions
    assert vprior["v0"].between(0, 1, inclusive="neither").all()
    assert (vprior["reasoning"].str.strip() != "").all()


def test_prior_with_a_missing_division_is_rejected(prior):
    broken = prior[prior["industry_code"] != "38"]
    with pytest.raises(ValidationError, match=r"no prior for divisions \['38'\]"):
        st.validate_staffing_prior(broken)
    wrong = prior.copy()
    wrong.loc[wrong.index[0], "weight"] = 5
    with pytest.raises(ValidationError, match="sum to"):
        st.validate_staffing_prior(wrong)


# ------------------------------------------------------------------------- staffing
@pytest.mark.parametrize("alpha", [0.0, 1.0, 50.0])
def test_prior_alone_reproduces_itself(prior, alpha):
    s = st.staffing_matrix(prior, alpha=alpha)
    merged = s.merge(prior, on=["industry_code", "major_class"])
    assert len(merged) == len(prior) == len(s)
    assert np.allclose(merged["share"], merged["weight"])
    assert set(s["provenance"]) == {"prior"}
    assert (s[["n_postings", "n_graduates"]] == 0).all().all()


def test_each_row_sums_to_one_with_evidence(prior):
    rng = np.random.default_rng(7)
    divisions = [c.code for c in industries().level("division")]
    classes = [c.code for c in majors("higher_vocational").level("class")]
    counts = pd.DataFrame({
        "industry_code": rng.choice(divisions, 400),
        "major_class": rng.choice(classes, 400),
        "count": rng.gamma(1.0, 5.0, 400),
    })
    grads = counts.sample(100, random_state=1).assign(count=lambda d: d["count"].round())
    s = st.staffing_matrix(prior, posting_counts=counts, graduate_counts=grads, alpha=20)
    sums = s.groupby("industry_code")["share"].sum()
    assert len(sums) == 97 and np.allclose(sums, 1.0)
    assert (s["share"] >= 0).all()
    # evidence is kept per cell
    assert s["n_postings"].sum() == pytest.approx(counts["count"].sum())
    assert s["n_graduates"].sum() == pytest.approx(grads["count"].sum())


def test_posterior_is_the_dirichlet_formula(prior):
    counts = pd.DataFrame({"industry_code": ["C38", "38"], "major_class": ["4603", "5102"], "count": [30.0, 10.0]})
    grads = pd.DataFrame({"industry_code": ["38"], "major_class": ["460301"], "count": [20.0]})
    s = st.staffing_matrix(prior, posting_counts=counts, graduate_counts=grads, alpha=40, graduate_weight=0.5)
    row = s[s["industry_code"] == "38"].set_index("major_class")
    p38 = prior[prior["industry_code"] == "38"].set_index("major_class")["weight"]
    total = 40 + 30 + 10 + 0.5 * 20
    assert row.at["4603", "share"] == pytest.approx((40 * p38["4603"] + 30 + 0.5 * 20) / total)
    assert "5102" not in p38.index  # evidence may add a class the prior left out
    assert row.at["5102", "share"] == pytest.approx(10 / total)
    assert row.at["5102", "prior_share"] == 0
    assert row.at["4603", "n_postings"] == 30 and row.at["4603", "n_graduates"] == 20
    assert set(row["provenance"]) == {"posterior"}
    other = s[s["industry_code"] == "39"]
    assert set(other["provenance"]) == {"prior"}


def test_capped_postings_weigh_at_most_the_cap_and_keep_their_mix(prior):
    """1,000 ads all naming 5102 in division 38 move the prior as far as 50 observations would
    (an opportunistic sample's bias does not shrink with its size); graduates are not capped."""
    counts = pd.DataFrame({"industry_code": ["38", "38"], "major_class": ["5102", "4603"], "count": [800.0, 200.0]})
    grads = pd.DataFrame({"industry_code": ["38"], "major_class": ["460301"], "count": [30.0]})
    s = st.staffing_matrix(prior, posting_counts=counts, graduate_counts=grads, alpha=50, posting_cap=50)
    row = s[s["industry_code"] == "38"].set_index("major_class")
    p38 = prior[prior["industry_code"] == "38"].set_index("major_class")["weight"]
    total = 50 + 50 + 30
    assert row.at["5102", "share"] == pytest.approx(40 / total)  # 800 × 50/1000
    assert row.at["4603", "share"] == pytest.approx((50 * p38["4603"] + 10 + 30) / total)
    assert row.at["5102", "n_postings"] == 800  # the evidence column keeps the raw count
    uncapped = st.staffing_matrix(prior, posting_counts=counts, alpha=50)
    assert uncapped.set_index(["industry_code", "major_class"]).at[("38", "5102"), "share"] == pytest.approx(800 / 1050)
    few = counts.assign(count=[8.0, 2.0])  # under the cap: unchanged
    pd.testing.assert_frame_equal(st.staffing_matrix(prior, posting_counts=few, alpha=50, posting_cap=50),
                                  st.staffing_matrix(prior, posting_counts=few, alpha=50))
    with pytest.raises(ValidationError, match="posting_cap"):
        st.staffing_matrix(prior, posting_counts=counts, posting_cap=-1)


def test_vocational_share_cap_keeps_the_sample_share_at_capped_weight(vprior):
    p = pd.DataFrame({"industry_code": "39", "education": ["大专"] * 100 + ["本科"] * 300})
    v0 = float(vprior.set_index("industry_code").at["39", "v0"])
    out = st.vocational_share(vprior, p, strength=20, posting_cap=40).set_index("industry_code")
    assert out.at["39", "v"] == pytest.approx((20 * v0 + 40 * 0.25) / (20 + 40))
    assert out.at["39", "n_postings"] == 400


def test_strong_evidence_dominates_and_a_strong_prior_resists(prior):
    counts = pd.DataFrame({"industry_code": ["65"], "major_class": ["5307"], "count": [1e6]})
    weak = st.staffing_matrix(prior, posting_counts=counts, alpha=1)
    strong = st.staffing_matrix(prior, posting_counts=counts, alpha=1e9)
    w = weak[weak["industry_code"] == "65"].set_index("major_class")["share"]
    s = strong[strong["industry_code"] == "65"].set_index("major_class")
    assert w["5307"] > 0.999
    assert np.allclose(s["share"], s["prior_share"], atol=1e-3)


def test_overrides_win_and_are_recorded(prior):
    counts = pd.DataFrame({"industry_code": ["38"], "major_class": ["5102"], "count": [100.0]})
    ov = pd.DataFrame({"industry_code": ["C38", "38"], "major_class": ["4603", "460101"],
                       "share": [3.0, 1.0], "note": ["group survey 2025", ""]})
    s = st.staffing_matrix(prior, posting_counts=counts, alpha=10, overrides=ov)
    row = s[s["industry_code"] == "38"].set_index("major_class")
    assert row.at["4603", "share"] == pytest.approx(0.75)
    assert row.at["4601", "share"] == pytest.approx(0.25)
    assert row["share"].sum() == pytest.approx(1.0)
    assert row.at["5102", "share"] == 0 and row.at["5102", "n_postings"] == 100  # evidence still shown
    assert set(row["provenance"]) == {"override"}
    assert row["note"].str.contains("group survey 2025").all()
    untouched = st.staffing_matrix(prior, posting_counts=counts, alpha=10)
    a = s[s["industry_code"] != "38"].reset_index(drop=True)
    b = untouched[untouched["industry_code"] != "38"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_workspace_override_file_and_graduates_table_are_read(prior, tmp_path):
    path = tmp_path / "overrides" / "staffing.csv"
    path.parent.mkdir()
    pd.DataFrame({"industry_code": ["C36"], "major_class": ["4607"], "share": [1], "note": ["OEM survey"]}).to_csv(
        path, index=False, encoding="utf-8")
    grads = pd.DataFrame({"major_code": ["460701"], "destination_industries": ["C36:8;O81:2"]})
    s = st.staffing_matrix(prior, graduates=grads, overrides_path=path)
    row = s[s["industry_code"] == "36"].set_index("major_class")
    assert row.at["4607", "share"] == 1 and row.at["4607", "n_graduates"] == 8
    assert set(row["provenance"]) == {"override"} and "OEM survey" in row.at["4607", "note"]
    r81 = s[s["industry_code"] == "81"].set_index("major_class")
    assert r81.at["4607", "n_graduates"] == 2 and set(r81["provenance"]) == {"posterior"}
    # a missing override file means no overrides
    s2 = st.staffing_matrix(prior, graduates=grads, overrides_path=tmp_path / "none.csv")
    assert "override" not in set(s2["provenance"])


def test_synthetic_evidence_stays_labelled(prior, vprior):
    grads = pd.DataFrame({"major_code": ["460301", "510201"], "destination_industries": ["C38:12", "I65:3"],
                          "status": ["synthetic", "official"]})
    c = st.graduate_destination_counts(grads).set_index("industry_code")
    assert c.at["38", "n_synthetic"] == 12 and c.at["65", "n_synthetic"] == 0
    s = st.staffing_matrix(prior, graduates=grads)
    status = s.groupby("industry_code")["status"].agg(set)
    assert status["38"] == {"synthetic"} and status["65"] == {"estimated"} and status["01"] == {"estimated"}
    posts = pd.DataFrame({"industry_code": ["38", "39"], "education": ["大专", "大专"], "status": ["synthetic", ""]})
    v = st.vocational_share(vprior, posts).set_index("industry_code")["status"]
    assert v["38"] == "synthetic" and v["39"] == "estimated"


def test_bad_evidence_codes_are_named(prior):
    counts = pd.DataFrame({"industry_code": ["38", "Q99"], "major_class": ["4603", "4603"], "count": [1, 1]})
    with pytest.raises(ValidationError, match="Q99"):
        st.staffing_matrix(prior, posting_counts=counts)
    counts = pd.DataFrame({"industry_code": ["38"], "major_class": ["9999"], "count": [1]})
    with pytest.raises(ValidationError, match="9999"):
        st.staffing_matrix(prior, posting_counts=counts)


def test_graduate_destinations_are_parsed_to_class_counts():
    g = pd.DataFrame({
        "major_code": ["460301", "460301", "510201", "260301"],
        "destination_industries": ["C38:12;I65:4", "38:3", "A:5", "C34:2"],
    })
    c = st.graduate_destination_counts(g).set_index(["industry_code", "major_class"])["count"]
    assert c[("38", "4603")] == 15 and c[("65", "4603")] == 4
    assert c[("34", "4603")] == 2  # vocational-undergraduate class 2603 → its counterpart 4603
    assert c[[(d, "5102") for d in ("01", "02", "03", "04", "05")]].sum() == pytest.approx(5)
    with pytest.raises(ValidationError, match="not CODE:COUNT"):
        st.graduate_destination_counts(pd.DataFrame({"major_code": ["460301"], "destination_industries": ["C38=2"]}))


# ------------------------------------------------------------------------- vocational share
def test_vocational_share_without_postings_is_the_prior(vprior):
    v = st.vocational_share(vprior, pd.DataFrame(columns=["industry_code", "education"]))
    assert len(v) == 97
    assert np.allclose(v["v"], v["v_prior"]) and set(v["provenance"]) == {"prior"}


def test_vocational_share_beta_posterior_and_the_unlimited_rule(vprior):
    edu = ["大专"] * 30 + ["本科"] * 10 + ["学历不限"] * 20 + [None] * 7
    p = pd.DataFrame({"industry_code": "C39", "education": edu})
    v0 = float(vprior.set_index("industry_code").at["39", "v0"])
    out = st.vocational_share(vprior, p, strength=20, unlimited_vocational=0.25).set_index("industry_code")
    assert out.at["39", "n_postings"] == 60  # no-education postings are not evidence
    assert out.at["39", "n_vocational"] == pytest.approx(30 + 0.25 * 20)
    assert out.at["39", "v"] == pytest.approx((20 * v0 + 35) / (20 + 60))
    assert out.at["39", "provenance"] == "posterior"
    only_degree = pd.DataFrame({"industry_code": "65", "education": ["本科"] * 10000})
    assert st.vocational_share(vprior, only_degree).set_index("industry_code").at["65", "v"] < 0.01


def test_vocational_share_override_wins(vprior):
    p = pd.DataFrame({"industry_code": ["38"] * 5, "education": ["大专"] * 5})
    ov = pd.DataFrame({"industry_code": ["C38"], "v": [0.42], "note": ["provincial survey"]})
    out = st.vocational_share(vprior, p, overrides=ov).set_index("industry_code")
    assert out.at["38", "v"] == 0.42 and out.at["38", "provenance"] == "override"
    assert out.at["38", "note"] == "provincial survey" and out.at["38", "n_postings"] == 5


@pytest.mark.slow
def test_real_postings_flow_through_map_vshare_and_counts(vprior):
    postings = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).drop_duplicates("posting_id")
    mapped, _ = map_platform_industries(postings)
    long = st.postings_by_industry(postings, mapped)
    v = st.vocational_share(vprior, long).set_index("industry_code")
    same = st.vocational_share(vprior, postings, industry_links=mapped).set_index("industry_code")
    pd.testing.assert_frame_equal(v, same)
    assert v.loc["65", "n_postings"] > 50 and v.loc["65", "provenance"] == "posterior"
    assert v["n_postings"].sum() == pytest.approx(len(postings) - (postings["education"] == "").sum())
    # classified postings (labels here are illustrative, as a classifier would give them)
    classified = postings.assign(major_class=np.where(postings["file_category"] == "计算机硬件", "5101", "5102"))
    counts = st.posting_major_counts(classified, mapped)
    voc = st.vocational_weight(postings["education"]).fillna(0).sum()
    assert counts["count"].sum() == pytest.approx(voc)
    s = st.staffing_matrix(posting_counts=counts)
    assert np.allclose(s.groupby("industry_code")["share"].sum(), 1.0)
    # the same from the raw tables (as the pipeline calls it); duplicates are not evidence
    dup = classified.iloc[:5].assign(is_duplicate=True)
    raw = st.staffing_matrix(postings=pd.concat([classified.assign(is_duplicate=False), dup]), industry_links=mapped)
    pd.testing.assert_frame_equal(raw, s)


# ------------------------------------------------------------------------- sections
def test_section_aggregation_weights(prior, vprior):
    s = st.staffing_matrix(prior)
    eq = st.staffing_by_section(s)
    assert set(eq["industry_code"]) == {c.code for c in industries().level("section")}
    assert np.allclose(eq.groupby("industry_code")["share"].sum(), 1.0)
    assert set(eq["weight_basis"]) == {"equal"}
    a = eq[eq["industry_code"] == "A"].set_index("major_class")["share"]
    pa = prior[prior["industry_code"].isin(["01", "02", "03", "04", "05"])].groupby("major_class")["weight"].sum() / 5
    assert np.allclose(a.sort_index(), pa.sort_index())
    # Employment weights where known: divisions of D without a weight get 0.
    d = st.staffing_by_section(s, {"44": 3.0, "46": 1.0})
    dd = d[d["industry_code"] == "D"].set_index("major_class")["share"]
    assert "4404" not in dd.index  # only in division 45's prior
    assert dd["4301"] == pytest.approx(0.75 * 0.4)
    assert set(d.loc[d["industry_code"] == "D", "weight_basis"]) == {"employment"}


def test_section_with_vshare_keeps_demand_identity(prior, vprior):
    s = st.staffing_matrix(prior)
    v = st.vocational_share(vprior)
    emp = {"13": 10.0, "36": 40.0, "38": 25.0, "39": 60.0}
    sec = st.staffing_by_section(s, emp, vshare=v).query("industry_code == 'C'").set_index("major_class")["share"]
    v_c = float(st.vocational_share_by_section(v, emp).set_index("industry_code").at["C", "v"])
    e_c = sum(emp.values())
    vs = v.set_index("industry_code")["v"]
    direct = sum(e * vs[d] * s[(s["industry_code"] == d)].set_index("major_class")["share"].get("4603", 0.0)
                 for d, e in emp.items())
    assert e_c * v_c * sec["4603"] == pytest.approx(direct)


# ------------------------------------------------------------------------- show / export
@pytest.mark.slow
def test_show_accepts_both_code_forms_and_sections(prior):
    s = st.staffing_matrix(prior)
    a = st.show_staffing(s, industry="C38")
    b = st.show_staffing(s, industry="38")
    pd.testing.assert_frame_equal(a, b)
    assert set(a["industry_code"]) == {"38"} and a["share"].is_monotonic_decreasing
    assert (a["industry_name"] == "电气机械和器材制造业").all() and (a["reasoning"] != "").all()
    c = st.show_staffing(s, industry="C")
    assert c["industry_code"].nunique() == 31
    m = st.show_staffing(s, major_class="4603")
    assert set(m["major_class"]) == {"4603"} and len(m) > 10
    pd.testing.assert_frame_equal(m, st.show_staffing(s, major_class="460301"))
    cat = st.show_staffing(s, industry="38", major_class="46")
    assert set(cat["major_class"]) <= {"4601", "4602", "4603", "4604", "4605", "4606", "4607"} and len(cat) >= 2
    with pytest.raises(CodeError):
        st.show_staffing(s, industry="C99")


@pytest.mark.slow
def test_export_writes_csv_and_text_safe_xlsx(prior, vprior, tmp_path):
    ov = pd.DataFrame({"industry_code": ["05"], "major_class": ["4101"], "share": [1.0], "note": ["=HYPERLINK(\"x\")"]})
    s = st.staffing_matrix(prior, overrides=ov)
    v = st.vocational_share(vprior)
    paths = st.export_staffing(s, v, tmp_path / "out")
    assert [p.name for p in paths] == ["staffing.csv", "vocational_share.csv", "crosswalk.xlsx"]
    csv = pd.read_csv(paths[0], dtype=str, encoding="utf-8-sig")
    assert len(csv) == len(s) and "05" in set(csv["industry_code"])
    wb = openpyxl.load_workbook(paths[2])
    ws = wb["staffing"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    notes = [r[header.index("note")] for r in rows if r[header.index("note")].value]
    assert notes and all(c.data_type == "s" for c in notes)
    assert any(c.value.startswith("analyst override: =HYPERLINK") for c in notes)
    codes = {r[header.index("industry_code")].value for r in rows}
    assert "05" in codes and all(isinstance(x, str) for x in codes)
    assert wb["vocational_share"].max_row == 98
