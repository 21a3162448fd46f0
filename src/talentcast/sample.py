"""The embedded demo workspace: real packaged samples plus a seeded synthetic generator.

Real inputs (statistics, postings, the MOE major register, plan targets) are copied from the
package's ``data/sample`` folder with their source and licence files. No public data exist
for graduates and enrollment by college × major, so this module generates them for made-up
sample colleges (codes ``SYN…``, names containing 合成样本) with a fixed seed. Every
generated row carries ``status = synthetic``; a real college never receives a synthetic number.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.resources import resource_path

SEED = 20221
SYNTHETIC_SOURCE = f"talentcast synthetic sample generator (seed {SEED}); NOT real data"
_COPIES = {
    "statistics": "statistics",
    "postings": "postings",
    "programmes": "programmes",
}


def synthetic_colleges(registry, rng: np.random.Generator, catalogue: pd.DataFrame, offered: set[str] | None = None) -> pd.DataFrame:
    """Made-up member colleges for every group, each offering some of the group's majors.

    Args:
        registry: The group registry (its groups' classes decide which majors a college offers).
        rng: Seeded random generator.
        catalogue: 2021 majors (columns code, level, name_zh) to draw majors from.
        offered: Major codes that really are offered in Henan (the register); preferred so that
            sample colleges offer realistic majors.

    Returns:
        One row per (college, major): group_id, college_code, college_name, major_code, major_name.
    """
    majors = catalogue[(catalogue["level"] == "major") & catalogue["code"].str.match(r"^(4|5)\d{5}$")]
    rows = []
    n = 0
    for group in registry.groups:
        pool = majors[majors["code"].str[:4].isin(set(group.classes))]
        if offered:
            real = pool[pool["code"].isin(offered)]
            pool = real if len(real) >= 3 else pool
        if pool.empty:
            continue
        for _ in range(int(rng.integers(2, 4))):
            n += 1
            code = f"SYN{n:07d}"
            name = f"合成样本职业学院{n:02d}"
            k = int(min(len(pool), rng.integers(3, 9)))
            picks = pool.sample(n=k, random_state=int(rng.integers(0, 2**31 - 1)))
            for m in picks.itertuples(index=False):
                rows.append((group.id, code, name, m.code, m.name_zh))
    return pd.DataFrame(rows, columns=["group_id", "college_code", "college_name", "major_code", "major_name"])


def synthetic_enrollment_and_graduates(
    offers: pd.DataFrame,
    rng: np.random.Generator,
    years: range = range(2016, 2026),
    destinations: dict[str, list[tuple[str, float]]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate enrollment (new students, students in school) and graduate outcomes.

    Intake follows a per-programme level and trend; graduates three years later follow a
    completion rate; outcomes (further study, employment, in-province, counterpart, salary)
    are drawn per college with plausible ranges. Destination industries, when given per major
    class as (division, weight) pairs, are drawn from a multinomial over the employed.
    """
    enr_rows, grad_rows = [], []
    for (code, name), offers_c in offers.groupby(["college_code", "college_name"], sort=True):
        college_further = rng.uniform(0.08, 0.35)
        college_stay = rng.uniform(0.45, 0.85)
        college_fit = rng.uniform(0.45, 0.8)
        for m in offers_c.itertuples(index=False):
            level = rng.lognormal(np.log(70), 0.5)
            trend = rng.normal(0.02, 0.06)
            intake = {y: max(0, int(round(level * (1 + trend) ** (y - years[0]) * rng.lognormal(0, 0.1)))) for y in years}
            for y in years:
                in_school = sum(intake.get(y - k, 0) for k in range(3))
                enr_rows.append((code, name, m.major_code, m.major_name, y, intake[y], int(round(in_school * rng.uniform(0.93, 0.99)))))
            for y in years:
                cohort = intake.get(y - 3)
                if cohort is None:
                    continue
                graduates = int(rng.binomial(cohort, rng.uniform(0.88, 0.97)))
                further = int(rng.binomial(graduates, college_further))
                employed = int(rng.binomial(graduates - further, rng.uniform(0.82, 0.97)))
                in_prov = int(rng.binomial(employed, college_stay))
                counterpart = int(rng.binomial(employed, college_fit))
                salary = int(round(rng.normal(4300, 500), -1))
                dest = ""
                choices = (destinations or {}).get(m.major_code[:4])
                if choices and employed:
                    codes, weights = zip(*choices)
                    counts = rng.multinomial(employed, np.asarray(weights) / np.sum(weights))
                    dest = ";".join(f"{c}:{k}" for c, k in zip(codes, counts) if k)
                grad_rows.append((code, name, m.major_code, m.major_name, y, graduates, employed, further, in_prov, counterpart, salary, dest))
    enrollment = pd.DataFrame(
        enr_rows, columns=["college_code", "college_name", "major_code", "major_name", "year", "new_students", "students_in_school"]
    )
    graduates = pd.DataFrame(
        grad_rows,
        columns=[
            "college_code", "college_name", "major_code", "major_name", "year", "graduates", "employed",
            "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
            "destination_industries",
        ],
    )
    for df in (enrollment, graduates):
        df["status"] = "synthetic"
        df["source"] = SYNTHETIC_SOURCE
    return enrollment, graduates


def _destinations_by_class() -> dict[str, list[tuple[str, float]]]:
    """P(division | major class) from the packaged expert staffing prior, if present."""
    path = resource_path("data") / "crosswalk" / "staffing_prior.csv"
    if not path.is_file():
        return {}
    prior = pd.read_csv(path, dtype=str)
    weight_col = next((c for c in ("prior_share", "share", "weight") if c in prior.columns), None)
    ind_col = next((c for c in ("industry_code", "division") if c in prior.columns), None)
    if weight_col is None or ind_col is None or "major_class" not in prior.columns:
        return {}
    prior[weight_col] = pd.to_numeric(prior[weight_col], errors="coerce").fillna(0)
    out: dict[str, list[tuple[str, float]]] = {}
    for cls, rows in prior.groupby("major_class"):
        rows = rows[rows[weight_col] > 0]
        out[str(cls)] = [(str(i), float(w)) for i, w in zip(rows[ind_col], rows[weight_col])]
    return out


def _registry_override(offers: pd.DataFrame) -> str:
    """A workspace groups.toml that adds the sample colleges as members of their groups."""
    lines = [
        "# Demo workspace override of the group registry: adds made-up sample member colleges.",
        "# Their names and numbers are SYNTHETIC (talentcast sample generator); no real college",
        "# is a member here, because no real member list of any group has been published.",
        "schema_version = 1",
        "",
    ]
    for gid, rows in offers.groupby("group_id", sort=True):
        members = rows[["college_code", "college_name"]].drop_duplicates()
        items = ", ".join(f'{{ code = "{c}", name = "{n}", synthetic = true }}' for c, n in members.itertuples(index=False))
        lines += ["[[group]]", f'id = "{gid}"', f"members = [{items}]", ""]
    return "\n".join(lines)


def build_sample_workspace(root: Path) -> dict[str, list[Path]]:
    """Fill an initialised workspace with the packaged real samples and the synthetic sample.

    Returns:
        {kind: files written} for the raw folders, plus "config" for the registry override.
    """
    from talentcast.reference import load_registry, majors

    root = Path(root)
    written: dict[str, list[Path]] = {}
    sample_dir = resource_path("data") / "sample"
    for kind, sub in _COPIES.items():
        src = sample_dir / sub
        if not src.is_dir():
            continue
        dest = root / "data" / "raw" / kind
        dest.mkdir(parents=True, exist_ok=True)
        for f in sorted(src.rglob("*")):
            if f.is_file():
                target = dest / f.relative_to(src)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)
                written.setdefault(kind, []).append(target)
    scen_src = resource_path("data") / "scenarios"
    if scen_src.is_dir():
        shutil.copytree(scen_src, root / "scenarios", dirs_exist_ok=True)
        plan = root / "scenarios" / "henan_plan_2025.toml"
        if plan.is_file():
            # The demo shows the plan scenario beside the baseline (never in its place).
            cfg = root / "talentcast.toml"
            text = cfg.read_text(encoding="utf-8")
            text = text.replace('# scenario = "scenarios/henan_plan_2025.toml"', 'scenario = "scenarios/henan_plan_2025.toml"')
            cfg.write_text(text, encoding="utf-8")

    rng = np.random.default_rng(SEED)
    registry = load_registry()
    catalogue = majors().frame
    offered = _really_offered(sample_dir / "programmes")
    offers = synthetic_colleges(registry, rng, catalogue, offered)
    enrollment, graduates = synthetic_enrollment_and_graduates(offers, rng, destinations=_destinations_by_class())
    for kind, df in (("enrollment", enrollment), ("graduates", graduates)):
        path = root / "data" / "raw" / kind / f"synthetic_{kind}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(path, index=False, encoding="utf-8")
        written.setdefault(kind, []).append(path)
    (root / "groups.toml").write_text(_registry_override(offers), encoding="utf-8")
    written["config"] = [root / "groups.toml"]
    return written


def _really_offered(programmes_dir: Path) -> set[str]:
    """2021 major codes that appear in the packaged register (cheap scan of the raw text)."""
    import gzip
    import re

    codes: set[str] = set()
    if not programmes_dir.is_dir():
        return codes
    for f in sorted(programmes_dir.glob("*2025*")):
        opener = gzip.open if f.suffix == ".gz" else open
        with opener(f, "rt", encoding="utf-8", errors="replace") as fh:
            codes.update(re.findall(r"\((\d{6})\)", fh.read()))
    return codes
