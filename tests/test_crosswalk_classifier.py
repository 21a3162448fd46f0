"""Tests of the posting → vocational major class classifier (knowledge base, model, review loop)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.crosswalk import classifier as C
from talentcast.crosswalk import classifier_evaluation as E
from talentcast.crosswalk import classifier_model as M
from talentcast.crosswalk import classifier_review as R
from talentcast.crosswalk import classifier_training as T
from talentcast.crosswalk.knowledge_base import (
    KeywordMatcher,
    expand_qualified,
    load_knowledge_base,
    synthetic_titles,
    undergraduate_to_class,
    weak_label_frame,
)
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.errors import CodeError, InputFileError, ValidationError
from talentcast.resources import resource_path

GOLD = Path(__file__).parent / "data" / "crosswalk" / "gold_postings.csv"
CATALOGUE_CANDIDATES = [
    resource_path("data") / "reference" / "vocational_majors_2021.csv",
]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def clf():
    return T.load_or_train_classifier(None)


@pytest.fixture(scope="module")
def small_clf():
    """A quickly trained model (synthetic titles + a few real ones), for training-path tests."""
    posts = pd.DataFrame({"title": ["java开发工程师", "销售代表", "会计", "平面设计师"], "description": ""})
    return T.train_classifier(posts)


# ---------------------------------------------------------------------------------------------
# Knowledge base


def test_kb_covers_all_97_classes_with_posts_and_keywords(kb):
    assert len(kb.classes) == 97
    assert all(c[:2] in {str(x) for x in range(41, 60)} for c in kb.classes)
    for code, c in kb.classes.items():
        assert c.name, code
        assert len(c.posts) >= 4, f"{code} {c.name}: too few posts"
        assert len(c.keywords) >= 4, f"{code} {c.name}: too few keywords"
        assert c.majors, f"{code}: no majors"
        assert c.notes


def test_kb_names_and_majors_match_the_catalogue(kb):
    path = next((p for p in CATALOGUE_CANDIDATES if p.exists()), None)
    if path is None:
        pytest.skip("catalogue CSV not available")
    cat = pd.read_csv(path, dtype=str, keep_default_na=False)
    hv = cat[cat["education_level"] == "higher_vocational_specialist"]
    classes = hv[hv["level"] == "class"]
    assert set(classes["code"]) == set(kb.classes)
    for row in classes.itertuples():
        assert kb.classes[row.code].name == row.name_zh
        majors = hv[(hv["level"] == "major") & (hv["parent_code"] == row.code)]
        assert [m for m, _ in kb.classes[row.code].majors] == majors["code"].tolist()


def test_undergraduate_classes_map_by_category(kb):
    assert undergraduate_to_class("2101", kb) == "4101"
    assert undergraduate_to_class("3102", kb) == "5102"
    assert undergraduate_to_class("510203", kb) == "5102"
    assert undergraduate_to_class("5102", kb) == "5102"
    assert len(kb.undergraduate) == 92
    with pytest.raises(CodeError):
        undergraduate_to_class("9999", kb)


def test_matcher_latin_terms_match_whole_words_only(kb):
    m = KeywordMatcher(kb)
    assert "ie" in m.terms_in("ie工程师")
    assert "ie" not in m.terms_in("client manager")
    assert "java" in m.terms_in("java开发")


def test_matcher_exclusions_and_specificity(kb):
    m = KeywordMatcher(kb)
    assert m.label("网络安全工程师")[0] == "5102"  # not 4209 安全类: excluded by 网络安全
    assert m.label("安全员")[0] == "4209"
    assert m.label("房产销售")[0] == "4407"  # longer, specific term beats 销售
    assert m.label("机械设计师")[0] == "4601"  # 机械设计 beats 设计师
    assert m.label("助理", "行政/后勤/文秘")[0] == "5904"  # vague title, family decides
    assert m.label("")[0] == ""


def test_qualified_posts_do_not_make_generic_titles_specific(kb):
    assert expand_qualified("QA专员（制药）") == "制药QA专员"
    m = KeywordMatcher(kb)
    assert m.label("QA专员")[0] != "4902"


def test_choose_major_only_when_unambiguous(kb):
    m = KeywordMatcher(kb)
    assert m.choose_major("5102", normalise_title("Java开发工程师")) == "510203"
    assert m.choose_major("5307", normalise_title("亚马逊运营")) == "530702"
    assert m.choose_major("5904", "文员") == "590401"  # single-major class
    assert m.choose_major("5102", "工程师") == ""  # no evidence


def test_synthetic_titles_are_seeded_labelled_and_cover_every_class(kb):
    a = synthetic_titles(kb, per_class=10, seed=1)
    b = synthetic_titles(kb, per_class=10, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["label"]) == set(kb.classes)
    assert (a["status"] == "synthetic").all()
    assert not a.equals(synthetic_titles(kb, per_class=10, seed=2))


def test_weak_label_frame_labels_repeated_titles_identically(kb):
    df = pd.DataFrame({"title": ["销售代表", "销售代表", "幼师", "xyz"], "description": ["", "", "", ""]})
    w = weak_label_frame(df, kb)
    assert w["weak_label"].tolist() == ["5306", "5306", "5701", ""]


def test_normalise_title_strips_decorations():
    assert normalise_title("网络工程师 （五险一金）190226") == "网络工程师"
    assert normalise_title("4.5K+视觉设计师助理") == "视觉设计师助理"
    assert normalise_title("Ｊａｖａ开发") == "java开发"
    assert normalise_title("5G工程师") == "5g工程师"
    assert normalise_title(None) == ""


# ---------------------------------------------------------------------------------------------
# Model


def test_packaged_model_is_small_and_loads(clf):
    path = resource_path("models") / M.MODEL_FILE
    assert path.exists()
    assert path.stat().st_size < 5_000_000
    assert len(clf.classes_) == 97


def test_predict_proba_rows_sum_to_one_and_top_k_is_sorted(clf):
    texts = [M.model_text("java开发工程师"), M.model_text("护士"), M.model_text("挖掘机司机")]
    p = clf.predict_proba(texts)
    assert p.shape == (3, 97)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    codes, probs = clf.top_k(texts, k=3)
    assert (np.diff(probs, axis=1) <= 1e-7).all()
    assert codes[0, 0] == "5102" and codes[1, 0] == "5202"
    assert all(len(set(row)) == 3 for row in codes)


def test_save_load_roundtrip_gives_same_probabilities(clf, tmp_path):
    path = clf.save(tmp_path / "m.npz")
    again = M.PostingClassifier.load(path)
    texts = [M.model_text("会计"), M.model_text("UI设计师")]
    np.testing.assert_allclose(again.predict_proba(texts), clf.predict_proba(texts), rtol=1e-5)
    assert again.threshold == clf.threshold and again.meta == clf.meta


@pytest.mark.slow
def test_training_is_deterministic(small_clf):
    posts = pd.DataFrame({"title": ["java开发工程师", "销售代表", "会计", "平面设计师"], "description": ""})
    again = T.train_classifier(posts)
    assert (again.coef != small_clf.coef).nnz == 0
    assert again.temperature == small_clf.temperature
    # synthetic titles alone make every class learnable
    assert len(small_clf.classes_) == 97


def test_choose_threshold_rule():
    conf = np.array([0.1] * 10 + [0.3] * 10 + [0.9] * 50)
    ok = np.array([False] * 10 + [False] * 4 + [True] * 6 + [True] * 50)
    # below 0.15: 10 rows all wrong; below 0.35: 20 rows, 30 % right -> still <= 50 %
    assert T.choose_threshold(conf, ok) == pytest.approx(0.9)  # below 0.9 still 6/20 right
    assert T.choose_threshold(np.array([0.9] * 5), np.array([True] * 5)) == M.DEFAULT_THRESHOLD


# ---------------------------------------------------------------------------------------------
# classify_frame / classify_file


def test_classify_frame_adds_columns_and_marks_non_vocational(clf):
    df = pd.DataFrame(
        {
            "title": ["Java开发工程师", "Java开发工程师", "护士", "资深算法研究员"],
            "education": ["大专", "本科", "中专", "博士"],
        }
    )
    out = C.classify_frame(df, classifier=clf)
    for col in C.OUTPUT_COLUMNS:
        assert col in out
    assert out["major_class"].iloc[0] == "5102" and out["major"].iloc[0] == "510203"
    assert out["is_vocational"].tolist() == [True, False, True, False]
    assert out["confidence"].between(0, 1).all()
    # identical titles classified identically (dedupe + map back)
    assert out.iloc[0][["major_class", "confidence"]].equals(out.iloc[1][["major_class", "confidence"]])
    assert len(out) == 4 and out.index.equals(df.index)


def test_classify_frame_threshold_makes_rows_unclassified(clf):
    df = pd.DataFrame({"title": ["销售代表", "的"]})
    out = C.classify_frame(df, classifier=clf, threshold=1.01)
    assert (out["classification_status"] == "unclassified").all()
    assert (out["major_class"] == "").all() and (out["major"] == "").all()
    assert out["major_class_2"].str.len().eq(4).all()


def test_classify_frame_requires_title_and_handles_empty(clf):
    with pytest.raises(ValidationError, match="title"):
        C.classify_frame(pd.DataFrame({"name": ["x"]}), classifier=clf)
    out = C.classify_frame(pd.DataFrame({"title": pd.Series([], dtype=str)}), classifier=clf)
    assert len(out) == 0 and "major_class" in out


def test_classify_frame_accepts_aliases(clf):
    out = C.classify_frame(pd.DataFrame({"职位名称": ["会计"], "学历": ["硕士"]}), classifier=clf)
    assert out["major_class"].iloc[0] == "5303"
    assert not out["is_vocational"].iloc[0]


@pytest.mark.parametrize("ext", ["csv", "xlsx", "parquet"])
def test_classify_file_roundtrip(clf, tmp_path, ext):
    df = pd.DataFrame({"title": ["会计", "前台文员", "电工"], "description": ["", "", ""]})
    src = tmp_path / f"in.{ext}"
    if ext == "csv":
        df.to_csv(src, index=False)
    elif ext == "xlsx":
        df.to_excel(src, index=False)
    else:
        df.to_parquet(src)
    dst = tmp_path / f"out.{ext}"
    C.classify_file(src, dst, classifier=clf)
    back = C.read_table(dst)
    assert back["major_class"].astype(str).tolist() == ["5303", "5904", "4603"]
    assert back["major_class_name"].tolist() == ["财务会计类", "文秘类", "自动化类"]


def test_classify_file_names_the_file_without_title_column(clf, tmp_path):
    src = tmp_path / "posts.csv"
    pd.DataFrame({"name": ["会计"]}).to_csv(src, index=False)
    with pytest.raises(InputFileError, match="posts.csv"):
        C.classify_file(src, tmp_path / "o.csv", classifier=clf)
    with pytest.raises(InputFileError, match="unsupported"):
        C.classify_file(tmp_path / "x.txt", tmp_path / "o.csv", classifier=clf)


# ---------------------------------------------------------------------------------------------
# Review loop


def test_review_file_corrections_override_on_next_run(clf, tmp_path):
    df = pd.DataFrame({"title": ["星际巡航员（急招）", "星际巡航员", "会计"]})
    out = C.classify_frame(df, classifier=clf, threshold=0.999)
    review = tmp_path / "review.csv"
    rev = R.write_review_file(out, review)
    assert "星际巡航员" in rev["title_key"].tolist()
    assert rev.loc[rev["title_key"] == "星际巡航员", "n_postings"].iloc[0] == 2
    # the analyst fills in a class and a major
    r = pd.read_csv(review, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    r.loc[r["title_key"] == "星际巡航员", ["correct_major_class", "correct_major"]] = ["5004", "500405"]
    r.to_csv(review, index=False, encoding="utf-8-sig")
    corr = R.read_corrections(review)
    assert corr["correct_major_class"].tolist() == ["5004"]
    again = C.classify_frame(df, classifier=clf, corrections=corr)
    assert again["major_class"].tolist()[:2] == ["5004", "5004"]
    assert again["major"].tolist()[:2] == ["500405", "500405"]
    assert again["classified_by"].tolist()[:2] == ["correction", "correction"]
    assert (again["confidence"].iloc[:2] == 1.0).all()
    # writing the review file again keeps the analyst's work
    R.write_review_file(out, review)
    kept = pd.read_csv(review, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert kept.loc[kept["title_key"] == "星际巡航员", "correct_major_class"].tolist() == ["5004"]


def test_read_corrections_rejects_unknown_codes_with_line(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"title": ["a", "b", "c"], "correct_major_class": ["5102", "9999", ""]}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match=r"c\.csv:3"):
        R.read_corrections(p)
    pd.DataFrame({"title": ["a"], "correct_major_class": ["5102"], "correct_major": ["460101"]}).to_csv(p, index=False)
    with pytest.raises(ValidationError, match="not in class 5102"):
        R.read_corrections(p)
    pd.DataFrame({"foo": ["a"]}).to_csv(p, index=False)
    with pytest.raises(InputFileError):
        R.read_corrections(p)


def test_corrections_become_training_examples():
    corr = pd.DataFrame(
        {
            "title_key": ["星际巡航员"],
            "title": ["星际巡航员"],
            "description": [""],
            "correct_major_class": ["5004"],
            "correct_major": [""],
        }
    )
    data = T.build_training_set(pd.DataFrame({"title": [], "description": []}), corrections=corr, synthetic_per_class=5)
    row = data[data["origin"] == "correction"]
    assert row["label"].tolist() == ["5004"] and row["weight"].tolist() == [3.0]


@pytest.mark.slow
def test_load_or_train_retrains_only_when_corrections_change(tmp_path, monkeypatch, clf):
    calls = []

    def fake_train(*, corrections=None, kb=None, **kw):
        calls.append(corrections)
        out = M.PostingClassifier.load(resource_path("models") / M.MODEL_FILE)
        out.meta = dict(out.meta, corrections_sha256=T.corrections_hash(corrections))
        return out

    monkeypatch.setattr(T, "train_classifier", fake_train)
    assert T.load_or_train_classifier(tmp_path) is not None
    assert calls == []  # the packaged model fits the current KB
    corr_path = tmp_path / "corrections.csv"
    pd.DataFrame({"title": ["星际巡航员"], "correct_major_class": ["5004"]}).to_csv(corr_path, index=False)
    T.load_or_train_classifier(tmp_path, corrections_path=corr_path)
    assert len(calls) == 1 and (tmp_path / M.MODEL_FILE).exists()
    T.load_or_train_classifier(tmp_path, corrections_path=corr_path)
    assert len(calls) == 1  # the saved workspace model already has these corrections


# ---------------------------------------------------------------------------------------------
# Gold set and evaluation


def test_gold_set_is_committed_well_formed_and_not_in_training(kb):
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    assert len(gold) >= 400
    assert {"posting_id", "source_file", "title", "description", "education", "label_major_class", "label_note"} <= set(gold)
    assert gold["posting_id"].is_unique
    assert gold["label_major_class"].isin(set(kb.classes) | {"none"}).all()
    assert gold["label_major_class"].nunique() >= 30  # diverse, not only 软件开发
    assert (GOLD.parent / "LABELLING.md").exists()
    assert (GOLD.parent / "LICENSE.zhaopin_2019").exists() and (GOLD.parent / "LICENSE.51job_2023").exists()
    corpus = pd.read_csv(T.default_training_corpus(), dtype=str, keep_default_na=False, usecols=["posting_id"])
    assert not set(gold["posting_id"]) & set(corpus["posting_id"])


def test_evaluate_on_gold_meets_target(clf):
    res = E.evaluate(GOLD, clf)
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    assert res["n"] == int((gold["label_major_class"] != "none").sum())
    assert {"top1", "top3", "coverage", "n", "threshold"} <= set(res)
    assert res["top3"] >= res["top1"]
    assert res["coverage"] >= 0.85
    assert res["top1"] >= 0.80
    assert "top-1" in E.format_evaluation(res)


@pytest.mark.slow
def test_evaluate_counts_by_the_documented_rules(clf, tmp_path):
    g = pd.DataFrame(
        {
            "title": ["Java开发工程师", "会计", "护士", "的的的"],
            "description": "",
            "label_major_class": ["5102", "5202", "5202", "none"],
        }
    )
    p = tmp_path / "g.csv"
    g.to_csv(p, index=False)
    res = E.evaluate(p, clf, threshold=0.0)
    assert res["n"] == 3 and res["n_none"] == 1
    assert res["coverage"] == 1.0
    assert res["top1"] == pytest.approx(2 / 3, abs=1e-3)
    res = E.evaluate(p, clf, threshold=1.01)
    assert res["coverage"] == 0.0 and res["none_unclassified"] == 1.0


# ---------------------------------------------------------------------------------------------
# Sample readers (the training corpus and the gold draw)


def test_read_sample_readers_on_small_synthetic_files(tmp_path):
    import gzip
    import json

    from talentcast.crosswalk.text_postings import read_sample_postings

    # synthetic records in the shape of the 智联招聘 API dump and the 51job CSV
    rec = {
        "number": "SYN1",
        "jobName": "会计",
        "eduLevel": {"name": "学历不限"},
        "jobType": {"items": [{"name": "财务/审计/税务"}]},
    }
    dump = {"all_data": [{"code": 200, "data": {"results": [rec, dict(rec, jobName="出纳", number="SYN2")]}}]}
    (tmp_path / "zhaopin_2019").mkdir()
    with gzip.open(tmp_path / "zhaopin_2019" / "x_y.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(dump, fh, ensure_ascii=False)
    (tmp_path / "51job_2023").mkdir()
    pd.DataFrame({"jobName": ["Python开发"], "tags": ["1年,大专,python,五险一金"], "degree": ["大专"]}).to_csv(
        tmp_path / "51job_2023" / "51job.csv", index=False
    )
    df = read_sample_postings(tmp_path)
    assert df["title"].tolist() == ["Python开发", "会计", "出纳"]
    assert df.loc[df["posting_id"] == "SYN1", "education"].item() == "不限"
    assert df.loc[df["posting_id"] == "51job:1", "description"].item() == "1年,大专,python"  # benefits dropped
    with pytest.raises(InputFileError):
        read_sample_postings(tmp_path / "nothing")


@pytest.mark.slow
def test_gold_draw_is_reproducible_from_the_samples():
    samples = resource_path("data") / "sample" / "postings"  # the packaged copy of the real samples
    from talentcast.crosswalk.text_postings import read_sample_postings, sample_gold_candidates

    drawn = sample_gold_candidates(read_sample_postings(samples))
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    assert drawn["posting_id"].tolist() == gold["posting_id"].tolist()
    assert drawn["title"].tolist() == gold["title"].tolist()


def test_none_correction_leaves_posting_unclassified_and_out_of_review(clf, tmp_path):
    corr = pd.DataFrame(
        {"title_key": ["电子厂小时工"], "title": ["电子厂小时工"], "description": [""], "correct_major_class": ["none"], "correct_major": [""]}
    )
    out = C.classify_frame(pd.DataFrame({"title": ["电子厂小时工", "会计"]}), classifier=clf, corrections=corr)
    assert out["major_class"].tolist()[0] == "" and out["classification_status"].tolist()[0] == "unclassified"
    assert out["classified_by"].tolist() == ["correction", "model"]
    rev = R.write_review_file(out, tmp_path / "r.csv")
    assert "电子厂小时工" not in rev["title_key"].tolist()


def test_classify_file_with_models_dir_and_review(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"title": ["会计", "星际巡航员"]}).to_csv(src, index=False)
    review = tmp_path / "review.csv"
    out = C.classify_file(src, tmp_path / "out.csv", models_dir=tmp_path / "models", threshold=0.99, review_path=review)
    assert out["major_class"].iloc[0] == "5303"
    assert review.exists()
    assert "星际巡航员" in pd.read_csv(review, dtype=str, encoding="utf-8-sig")["title_key"].tolist()
