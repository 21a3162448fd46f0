"""Read the real sample postings used to weak-label the classifier and to draw the gold set.

Two public sources (see ``data/sample/README.md``, the packaged copy), both MIT-licensed:

* 智联招聘 2019 API dumps (``zhaopin_2019/*.json.gz``): ``{"all_data": [page, …]}``, each
  page ``{"data": {"results": [record, …]}}``. A record carries ``jobName``, ``jobType.items[].name``
  (the platform's own job family, e.g. ``销售业务``), ``eduLevel.name`` and ``number`` (the
  posting id). The 全国_* files overlap the city files, so records are de-duplicated by ``number``.
* 前程无忧 2023 (``51job_2023/51job.csv``): ``jobName``, ``tags`` (experience, degree, skills,
  benefits) and ``degree``.

This module only reads and normalises; it is an I/O edge used by training and by the gold-set
builder, never by :func:`talentcast.crosswalk.classifier.classify_frame`.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from talentcast.errors import InputFileError

#: Columns of the frame every reader here returns.
POSTING_COLUMNS = ["posting_id", "source_file", "title", "description", "education"]

# Benefits say nothing about the occupation; dropping them keeps 51job "descriptions" to the
# experience/skill tags that do.
_BENEFIT_TAGS = frozenset(
    "五险一金 五险 社保 员工旅游 交通补贴 餐饮补贴 通讯补贴 住房补贴 绩效奖金 年终奖金 年底双薪 专业培训 定期体检 "
    "周末双休 带薪年假 免费班车 节日福利 地铁周边 生日礼金 弹性工作 项目提成 全勤奖 包吃 包住 加班补助 出差补贴 "
    "股票期权 免费体检 高温补贴 员工宿舍 年终分红 补充医疗保险 采暖补贴 通讯补助 油费补贴 包吃住 双休 六险一金".split()
)


def read_zhaopin_dump(path: Path) -> pd.DataFrame:
    """Read one 智联招聘 gzip'd API dump into :data:`POSTING_COLUMNS`.

    Args:
        path: A ``*.json.gz`` file with ``all_data[].data.results[]`` records.

    Returns:
        One row per record; ``description`` is the platform job family (``jobType``), joined
        with ``/`` when there are several; ``education`` is ``eduLevel.name`` (``学历不限`` → ``不限``).

    Raises:
        InputFileError: The file is not gzip'd JSON of that shape.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            payload = json.load(fh)
        pages = payload["all_data"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputFileError(
            f"{path}: not a 智联招聘 API dump ({exc})",
            hint="expected gzip'd JSON {'all_data': [{'data': {'results': [...]}}]}",
        ) from exc
    rows = []
    for page_no, page in enumerate(pages):
        results = ((page or {}).get("data") or {}).get("results") or []
        for rec_no, rec in enumerate(results):
            items = (rec.get("jobType") or {}).get("items") or []
            edu = (rec.get("eduLevel") or {}).get("name") or ""
            rows.append(
                {
                    "posting_id": str(rec.get("number") or f"{path.name}:{page_no}:{rec_no}"),
                    "source_file": f"zhaopin_2019/{path.name}",
                    "title": str(rec.get("jobName") or "").strip(),
                    "description": "/".join(str(i.get("name", "")) for i in items if i.get("name")),
                    "education": "不限" if edu == "学历不限" else edu,
                }
            )
    return pd.DataFrame(rows, columns=POSTING_COLUMNS)


def read_51job_csv(path: Path) -> pd.DataFrame:
    """Read the 前程无忧 CSV into :data:`POSTING_COLUMNS`.

    The posting id is ``51job:<line>`` (1-based data line), the description the non-benefit tags.

    Raises:
        InputFileError: The file lacks a ``jobName`` column.
    """
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{path}: cannot read 51job CSV ({exc})") from exc
    if "jobName" not in df.columns:
        raise InputFileError(f"{path}: no 'jobName' column", hint="expected the JobSpider 51job.csv export")

    def _tags(raw: str) -> str:
        keep = [t.strip() for t in raw.split(",") if t.strip() and t.strip() not in _BENEFIT_TAGS]
        return ",".join(keep)

    out = pd.DataFrame(
        {
            "posting_id": [f"51job:{i + 1}" for i in range(len(df))],
            "source_file": "51job_2023/51job.csv",
            "title": df["jobName"].str.strip(),
            "description": df.get("tags", pd.Series("", index=df.index)).map(_tags),
            "education": df.get("degree", pd.Series("", index=df.index)).replace({"中技/中专": "中专"}),
        }
    )
    return out[POSTING_COLUMNS]


def read_sample_postings(samples_dir: Path) -> pd.DataFrame:
    """Read every sample posting under ``samples_dir`` (the ``postings`` folder), de-duplicated.

    Args:
        samples_dir: Folder holding ``zhaopin_2019/`` and/or ``51job_2023/``.

    Returns:
        :data:`POSTING_COLUMNS`, one row per distinct posting id, ordered by source file then id
        (deterministic whatever the directory listing order).

    Raises:
        InputFileError: No posting file was found.
    """
    frames = [read_zhaopin_dump(p) for p in sorted(samples_dir.glob("zhaopin_2019/*.json.gz"))]
    # The shared samples hold 51job.csv; the packaged copy (data/sample) holds it gzipped.
    job51 = next((p for p in (samples_dir / "51job_2023" / n for n in ("51job.csv", "51job.csv.gz")) if p.exists()), None)
    if job51 is not None:
        frames.append(read_51job_csv(job51))
    if not frames:
        raise InputFileError(
            f"{samples_dir}: no sample postings (zhaopin_2019/*.json.gz or 51job_2023/51job.csv)",
            hint="point at the shared samples' postings folder",
        )
    df = pd.concat(frames, ignore_index=True)
    df = df[df["title"].str.len() > 0]
    df = df.drop_duplicates("posting_id", keep="first")
    return df.sort_values(["source_file", "posting_id"], kind="stable").reset_index(drop=True)


_GOLD_BRACKETS = re.compile(r"[（(【\[][^）)】\]]{0,20}[）)】\]]")


def _gold_dedupe_key(title: str) -> str:
    """Title key used when the gold set was drawn (frozen, so the draw stays reproducible even
    if :func:`~talentcast.crosswalk.text_normalise.normalise_title` evolves): NFKC, lower case,
    bracketed asides removed unless nothing is left, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", str(title)).lower().strip()
    stripped = _GOLD_BRACKETS.sub(" ", text)
    if stripped.strip():
        text = stripped
    return re.sub(r"\s+", " ", text).strip()


def sample_gold_candidates(postings: pd.DataFrame, n: int = 440, *, seed: int = 20261123, n_51job: int = 50) -> pd.DataFrame:
    """Draw a diverse, reproducible sample of postings to label by hand (the gold set).

    The real sample is dominated by a few job families (销售业务, 软件开发); drawing uniformly
    would give a gold set of mostly salespeople and Java developers. Instead each 智联 job family
    gets a share proportional to the square root of its size (at least 2 rows), titles are
    de-duplicated (by :func:`_gold_dedupe_key`) so no title is labelled twice, and ``n_51job``
    rows come from the 51job file. With the defaults and the shared samples this reproduces
    ``tests/data/crosswalk/gold_postings.csv`` row for row.

    Args:
        postings: Output of :func:`read_sample_postings`.
        n: Total rows wanted.
        seed: Seed of the random generator (fixed so the gold set can be re-drawn).
        n_51job: Rows drawn from the 51job source.

    Returns:
        Sampled rows of ``postings``.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    df = postings.assign(_key=postings["title"].map(_gold_dedupe_key))
    df = df.drop_duplicates("_key", keep="first")
    is51 = df["source_file"].str.startswith("51job")
    zp = df[~is51]
    groups = zp.groupby("description", sort=True)
    sizes = groups.size()
    weights = np.sqrt(sizes.to_numpy(dtype=float))
    n_zp = n - n_51job
    quota = np.maximum(2, np.floor(n_zp * weights / weights.sum())).astype(int)
    picks = []
    for (family, grp), k in zip(groups, quota, strict=True):
        k = min(k, len(grp))
        picks.append(grp.iloc[rng.choice(len(grp), size=k, replace=False)])
    j51 = df[is51]
    picks.append(j51.iloc[rng.choice(len(j51), size=min(n_51job, len(j51)), replace=False)])
    out = pd.concat(picks).drop(columns="_key")
    return out.sort_values(["source_file", "posting_id"], kind="stable").reset_index(drop=True)
