"""The packaged classifications: industries, majors, occupations, regions and colleges.

Each loader reads one CSV from ``data/reference`` once per process (cached) and returns a
:class:`~talentcast.reference.classification.Classification` (or a DataFrame for colleges).
See ``data/reference/SOURCES.md`` for where every file comes from and what it lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from talentcast.errors import CodeError
from talentcast.resources import resource_path

from .classification import Classification, Code

INDUSTRY_SCHEME = "GB/T 4754-2017"
MAJOR_SCHEME = "vocational major catalogue 2021"
OCCUPATION_SCHEME = "职业分类大典 2022"
REGION_SCHEME = "GB/T 2260"

INDUSTRY_LEVELS = ("section", "division", "group", "class")
MAJOR_LEVELS = ("category", "class", "major")
OCCUPATION_LEVELS = ("major_group", "middle_group", "minor_group", "occupation")
REGION_LEVELS = ("province", "city")

HIGHER_VOCATIONAL = "higher_vocational_specialist"
VOCATIONAL_UNDERGRADUATE = "vocational_undergraduate"
SECONDARY = "secondary"

# Accepted spellings of the education levels; the canonical names are the CSV's.
_EDUCATION_ALIASES = {
    HIGHER_VOCATIONAL: HIGHER_VOCATIONAL,
    "higher_vocational": HIGHER_VOCATIONAL,
    "higher": HIGHER_VOCATIONAL,
    "专科": HIGHER_VOCATIONAL,
    "高职专科": HIGHER_VOCATIONAL,
    "高职": HIGHER_VOCATIONAL,
    VOCATIONAL_UNDERGRADUATE: VOCATIONAL_UNDERGRADUATE,
    "undergraduate": VOCATIONAL_UNDERGRADUATE,
    "vocational_undergrad": VOCATIONAL_UNDERGRADUATE,
    "职业本科": VOCATIONAL_UNDERGRADUATE,
    "高职本科": VOCATIONAL_UNDERGRADUATE,
    "本科": VOCATIONAL_UNDERGRADUATE,
    SECONDARY: SECONDARY,
    "中职": SECONDARY,
}


def reference_dir() -> Path:
    """Folder holding the packaged reference CSVs, the group registry and SOURCES.md."""
    return resource_path("data") / "reference"


def _read_csv(name: str) -> pd.DataFrame:
    path = reference_dir() / name
    if not path.is_file():
        raise CodeError(f"packaged reference file {path} is missing", hint="reinstall talentcast")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


# ---------------------------------------------------------------------- industries
class Industries(Classification):
    """GB/T 4754-2017: 20 sections (A–T), 97 divisions, 473 groups, 1381 classes.

    Codes are ``"C"`` (section), ``"38"`` (division), ``"381"`` (group), ``"3811"`` (class).
    Inputs such as ``"C38"`` or ``"c3811"`` (section letter + number, as some statistics and
    the ``destination_industries`` field write them) are accepted when the letter is the
    number's true section.
    """

    def section_of(self, code: object) -> Code:
        """The section (门类) of any industry code."""
        return self.ancestor_at(code, "section")

    def division_of(self, code: object) -> Code:
        """The division (大类) of a division, group or class code."""
        return self.ancestor_at(code, "division")


def _industry_normalizer(codes: dict[str, str]) -> Callable[[str], str]:
    pattern = re.compile(r"^([A-Za-z])\s*[-.]?\s*(\d{2,4})$")

    def normalize(text: str) -> str:
        t = text.strip()
        if len(t) == 1 and t.isalpha():
            return t.upper()
        m = pattern.match(t)
        if not m:
            return t
        letter, number = m.group(1).upper(), m.group(2)
        section = codes.get(number)
        if section is None:
            return t.upper()  # unknown number: let validate() report it with closest codes
        if section != letter:
            raise CodeError(f"{number} belongs to section {section}, not {letter}")
        return number

    return normalize


@cache
def industries() -> Industries:
    """GB/T 4754-2017 national economic industry classification (four levels)."""
    df = _read_csv("gbt4754_2017.csv").rename(columns={"name_zh": "name", "parent_code": "parent"})
    section = dict(zip(df["code"], df["section"], strict=True))
    return Industries(INDUSTRY_SCHEME, df, INDUSTRY_LEVELS, normalize=_industry_normalizer(section))


# ---------------------------------------------------------------------- majors
class Majors(Classification):
    """The 2021 vocational major catalogue (higher-vocational 41–59, undergraduate 21–39).

    Codes: category ``"46"``, class ``"4603"``, major ``"460301"``. Vocational-undergraduate
    codes are the higher-vocational ones minus 20 in the first two digits (``"2603"`` ↔
    ``"4603"``); :meth:`higher_vocational_counterpart` maps between them. Secondary (中职)
    majors are not packaged: no public copy was found (see data/reference/README.md).
    """

    def validate(self, code: object) -> Code:
        """As :meth:`Classification.validate`, explaining codes from other catalogues.

        Codes whose first two digits are 51–79 are not 2021 higher-vocational or undergraduate
        codes: 61–79 are 2021 secondary (中职, not packaged) and 51–69 were used by the 2015
        higher-vocational catalogue. The error says so instead of only listing near codes.
        """
        try:
            return super().validate(code)
        except CodeError as exc:
            key = str(code).strip()
            if re.fullmatch(r"\d{2}(\d{2}(\d{2}K?)?)?", key) and 60 <= int(key[:2]) <= 79:
                raise CodeError(
                    f"{exc.message}. Codes starting 61–79 are 2021 secondary-vocational (中职) codes, "
                    "which are not packaged, or 2015-edition higher-vocational codes (51–69), which "
                    "must be mapped to 2021 codes first",
                    hint=exc.hint,
                ) from None
            raise

    def category_of(self, code: object) -> Code:
        """The category (专业大类, 2 digits) of a category, class or major code."""
        return self.ancestor_at(code, "category")

    def class_of(self, code: object) -> Code:
        """The class (专业类, 4 digits) of a class or major code."""
        return self.ancestor_at(code, "class")

    def higher_vocational_counterpart(self, code: object) -> str:
        """The higher-vocational code with the same position: ``"2603"`` -> ``"4603"``.

        Higher-vocational codes come back unchanged. The result is a code string that may not
        exist in the catalogue for majors (undergraduate majors are numbered separately);
        for categories and classes it is the code the group registry is keyed on.
        """
        c = self.validate(code)
        if c.extra.get("education_level") == VOCATIONAL_UNDERGRADUATE:
            return f"{int(c.code[:2]) + 20}{c.code[2:]}"
        return c.code


def _major_normalizer(text: str) -> str:
    # Registers sometimes store codes as numbers with a trailing '.0' or with spaces.
    t = text.strip().replace(" ", "").upper()  # medical majors end in 'K' (520102K)
    if re.fullmatch(r"\d+\.0", t):
        t = t[:-2]
    return t


def majors(education_level: str | None = None) -> Majors:
    """The 2021 vocational major catalogue (with the 2022–2025 additions).

    Args:
        education_level: ``None`` for both packaged levels, ``"higher_vocational_specialist"``
            (aliases ``"higher_vocational"``, ``"专科"``) for codes 41–59, or
            ``"vocational_undergraduate"`` (``"职业本科"``, ``"本科"``) for codes 21–39.

    Raises:
        CodeError: For ``"secondary"`` (not packaged: a documented gap) or an unknown level.
    """
    level = None
    if education_level is not None:
        level = _EDUCATION_ALIASES.get(str(education_level).strip())
        if level is None:
            raise CodeError(
                f"unknown education level {education_level!r}; use {HIGHER_VOCATIONAL!r} or "
                f"{VOCATIONAL_UNDERGRADUATE!r} (or None for both)"
            )
        if level == SECONDARY:
            raise CodeError(
                "secondary-vocational (中职) majors of the 2021 catalogue are not packaged: "
                "no public copy was found (see data/reference/README.md)",
                hint="use 'higher_vocational_specialist' or 'vocational_undergraduate'",
            )
    return _majors(level)


@cache
def _majors(level: str | None) -> Majors:
    # Cached on the canonical level, so majors("专科") is majors("higher_vocational_specialist").
    df = _read_csv("vocational_majors_2021.csv").rename(columns={"name_zh": "name", "parent_code": "parent"})
    if level is not None:
        df = df[df["education_level"] == level]
        scheme = f"{MAJOR_SCHEME} ({level})"
    else:
        scheme = MAJOR_SCHEME
    return Majors(scheme, df, MAJOR_LEVELS, normalize=_major_normalizer)


# ---------------------------------------------------------------------- occupations
@cache
def occupations() -> Classification:
    """职业分类大典 2022: 8 major groups, 79 middle groups (exact) and the lower two levels.

    Codes are the 大典 sequence codes: ``"2"``, ``"2-02"``, ``"2-02-10"``, ``"2-02-10-01"``.
    The two lower levels carry 1 and 3 unverified extra rows from the source's OCR.
    """
    df = _read_csv("occupations_2022.csv").rename(columns={"name_zh": "name", "parent_code": "parent"})
    return Classification(OCCUPATION_SCHEME, df, OCCUPATION_LEVELS, normalize=lambda t: t.replace("—", "-"))


# ---------------------------------------------------------------------- regions
_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")


class Regions(Classification):
    """GB/T 2260 codes: the 31 provinces, Henan's 17 cities + 济源, and major cities elsewhere.

    Only codes known for certain are packaged (see data/reference/README.md); a city outside
    Henan that is not listed resolves to its province when the text names the province.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._alias: dict[str, str] = {}
        for c in self:
            for alias in {c.name, c.extra.get("short_name", ""), c.extra.get("name_en", "").lower()}:
                if alias:
                    self._alias.setdefault(alias, c.code)
        self._english_aliases()
        # Longest first so 平顶山 wins over any shorter name it might contain.
        self._city_names = sorted(
            ((a, k) for a, k in self._alias.items() if self.get(k).level == "city" and not a.isascii()),
            key=lambda x: -len(x[0]),
        )
        self._province_names = sorted(
            ((a, k) for a, k in self._alias.items() if self.get(k).level == "province" and not a.isascii()),
            key=lambda x: -len(x[0]),
        )

    def _english_aliases(self) -> None:
        """Pinyin names (``name_en``, see data/reference/make_region_names_en.py) as typed in English
        tables: also without the syllable apostrophe ("Xian" for Xi'an); a name that two places
        share (泰州 and 台州 are both Taizhou) names neither, rather than whichever is listed first."""
        names: dict[str, set[str]] = {}
        for c in self:
            en = c.extra.get("name_en", "").lower()
            for alias in {en, en.replace("'", "")} - {""}:
                names.setdefault(alias, set()).add(c.code)
        for alias, codes in names.items():
            if len(codes) > 1:
                self._alias.pop(alias, None)
            else:
                self._alias.setdefault(alias, next(iter(codes)))

    def resolve(self, text: object, *, counties: bool = False) -> Code | None:
        """Resolve a place name or code to the most specific known region, or ``None``.

        With ``counties``, a county-level unit ("长葛", "河南省巩义市") resolves to the packaged
        city above it (:meth:`_county`): right for a posting's place, wrong for a statistics row,
        whose district figures are not its city's.

        Handles ``"郑州"``, ``"郑州市"``, ``"河南"``, ``"河南省"``, ``"410100"``,
        ``"河南省郑州市"``, ``"河南-郑州"``, ``"浙江省宁波"`` and ``"郑州市金水区"``
        (districts are not packaged, so the city is returned). A province followed by an
        unlisted city gives the province. Text that names no known place gives ``None``.
        """
        if text is None:
            return None
        t = re.sub(r"[\s\u3000]+", "", str(text))
        if not t:
            return None
        if t in self._alias:
            return self.get(self._alias[t])
        if t.isascii():
            # English tables: "Henan", "Henan Province", "Zhengzhou City", "Inner Mongolia".
            en = re.sub(r"(province|city|municipality|autonomousregion)$", "", t.lower().replace(" ", ""))
            code = self._alias.get(en) or next((k for a, k in self._alias.items() if a.isascii() and a.replace(" ", "") == en), None)
            if code is None:  # "Henan_employment_2018": a name, then something not a letter
                low = t.lower()
                code = next((k for a, k in sorted(self._alias.items(), key=lambda x: -len(x[0]))
                             if a.isascii() and low.startswith(a.replace(" ", "")) and not low[len(a.replace(" ", "")):][:1].isalpha()),
                            None)
            if code is not None:
                return self.get(code)
        if t.isdigit():
            return self.get(t)
        for name, code in self._province_names:
            if t.startswith(name):
                rest = t[len(name):].lstrip("-·/|,，、_")
                if not rest:
                    return self.get(code)
                city = self._city_prefix(rest)
                if city is not None and city.parent == code:
                    return city
                county = self._county(rest, province=code[:2]) if counties else None
                if county is not None:  # "河南省长葛市": its city
                    return county
                # An unlisted city or a district (or a municipality's district): the province.
                return self.get(code)
        city = self._city_prefix(t)
        if city is not None:
            return city
        stripped = t
        for suffix in _PROVINCE_SUFFIXES:
            if stripped.endswith(suffix) and len(stripped) > len(suffix) + 1:
                stripped = stripped[: -len(suffix)]
                break
        if stripped != t and stripped in self._alias:
            return self.get(self._alias[stripped])
        return self._county(t) if counties else None

    def _county(self, t: str, province: str | None = None) -> Code | None:
        """The packaged region above a county-level unit named by ``t`` ("长葛", "巩义市", "金水区"):
        its prefecture-level city where packaged, else its province. A name two units share
        (新华区, 城关区) names neither; ``province`` narrows the search to one province."""
        hit = _county_names(province).get(t)
        if hit is None:
            return None
        return self.get(hit) or self.get(hit[:2] + "0000")

    def resolve_many(self, texts: Iterable[object]) -> pd.DataFrame:
        """Resolve many place strings at once (each distinct string is resolved once).

        Args:
            texts: Place strings, e.g. a postings ``region_raw`` column.

        Returns:
            A frame aligned with ``texts`` (same index when a Series is given) with
            ``region_code``, ``region_level`` (province|city) and ``region_name``; all three
            are ``<NA>`` where the text names no known place.
        """
        series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
        uniques = pd.unique(series.astype(object))
        lookup: dict[object, tuple[object, object, object]] = {}
        for u in uniques:
            c = self.resolve(None if (u is None or (isinstance(u, float) and pd.isna(u))) else u)
            lookup[u] = (c.code, c.level, c.name) if c is not None else (pd.NA, pd.NA, pd.NA)
        rows = [lookup[v] for v in series.astype(object)]
        out = pd.DataFrame(rows, columns=["region_code", "region_level", "region_name"], index=series.index)
        return out.astype("string")

    def _city_prefix(self, text: str) -> Code | None:
        for name, code in self._city_names:
            if text.startswith(name):
                return self.get(code)
        return None

    def province_of(self, code: object) -> Code:
        """The province of a region code."""
        return self.ancestor_at(code, "province")

    def henan_cities(self) -> list[Code]:
        """Henan's 18 city-level units (17 prefecture-level cities and 济源), code order."""
        return self.children("410000")


@cache
def _county_names(province: str | None = None) -> dict[str, str]:
    """County-level name → the prefecture code above it (``counties_gbt2260.csv``).

    A name is its full name ("巩义市", "金水区") or, for a 市 or 县, the name without it ("长葛").
    A name is kept only where every place called so (counties by full or short name, 区 and 旗
    included, and prefectures) lies in one prefecture: "朝阳" (朝阳区 of 北京 and 长春, 朝阳市 of
    辽宁) and "新华区" name none. ``province``: the first two digits of the province to look in.
    """
    df = _read_csv("counties_gbt2260.csv")
    if province is not None:
        df = df[df["code"].str[:2] == province]
    where: dict[str, set[str]] = {}
    aliases: set[str] = set()
    for name, level, parent in zip(df["name_zh"], df["level"], df["prefecture_code"]):
        short = name[:-1] if name.endswith(("市", "县", "区", "旗")) and len(name) >= 3 else ""
        for alias in {name, short} - {""}:
            where.setdefault(alias, set()).add(parent)
        if level == "county":
            aliases |= {name, short} if short and name.endswith(("市", "县")) else {name}
    return {a: next(iter(where[a])) for a in aliases if len(where[a]) == 1}


@cache
def regions() -> Regions:
    """GB/T 2260 region codes (provinces and packaged cities)."""
    df = _read_csv("regions_gbt2260.csv").rename(columns={"name_zh": "name", "parent_code": "parent"})
    return Regions(REGION_SCHEME, df, REGION_LEVELS)


# ---------------------------------------------------------------------- colleges
@cache
def _colleges() -> pd.DataFrame:
    df = _read_csv("henan_colleges_2025.csv")
    reg = regions()
    df["city_code"] = reg.resolve_many(df["city"])["region_code"].fillna("").astype(str)
    missing = df.loc[df["city_code"] == "", "city"].unique().tolist()
    if missing:
        raise CodeError(f"henan_colleges_2025.csv: cities without a GB/T 2260 code: {missing}")
    df["is_vocational_undergrad_name"] = df["is_vocational_undergrad_name"].str.lower() == "true"
    cols = ["moe_code", "national_code_5", "name", "city", "city_code", "level", "nature",
            "authority", "is_vocational_undergrad_name"]
    return df[cols].reset_index(drop=True)


def colleges() -> pd.DataFrame:
    """Henan's higher-education institutions (MOE list, June 2025; 116 专科, 62 本科).

    Returns:
        A fresh DataFrame with ``moe_code`` (10-digit 学校标识码, str), ``national_code_5``,
        ``name``, ``city``, ``city_code`` (GB/T 2260, joins to :func:`regions`), ``level``
        (专科|本科), ``nature`` (public|private|joint), ``authority`` and
        ``is_vocational_undergrad_name`` (bool).
    """
    return _colleges().copy()


def college(code_or_name: str) -> pd.Series:
    """One college by 10-digit code, 5-digit national code or exact name.

    Raises:
        CodeError: Naming the closest college names when nothing matches.
    """
    df = _colleges()
    key = str(code_or_name).strip()
    hit = df[(df["moe_code"] == key) | (df["national_code_5"] == key) | (df["name"] == key)]
    if len(hit) == 1:
        return hit.iloc[0].copy()
    import difflib

    close = difflib.get_close_matches(key, df["name"].tolist(), n=3, cutoff=0.4)
    raise CodeError(
        f"unknown Henan college {key!r}; closest: {', '.join(close) if close else 'none'}",
        hint="colleges are keyed by the 10-digit MOE code (学校标识码), e.g. 4141010824",
    )
