"""The hand-authored knowledge base (KB) of the 97 higher-vocational major classes.

``data/crosswalk/major_class_kb.toml`` holds, for every 4-digit class of the 2021 catalogue
(41xx–59xx): its name and majors (copied from the catalogue), typical posts (岗位), keywords,
``exclude`` phrases that rule the class out for a title, scope notes, and ``major_keywords``
pointing from terms to a 6-digit major. It is expert judgement (see data/crosswalk/README.md).

This module turns the KB into three things the classifier needs:

* :class:`KeywordMatcher` — scores each class for a text by the KB terms it contains; used to
  weak-label real postings for training and to pick the 6-digit major within a class.
* :func:`synthetic_titles` — a seeded generator of job titles from the KB's posts, keywords and
  major names, so every class is learnable even when the real sample has no example of it.
* :func:`undergraduate_to_class` — maps a vocational-undergraduate class (2xxx/3xxx) onto the
  higher-vocational class reported on.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.errors import CodeError, ConfigError
from talentcast.resources import resource_path

_CJK = re.compile(r"[\u3400-\u9fff]")
_CLASS_CODE = re.compile(r"^(4[1-9]|5[0-9])\d{2}$")


@dataclass(frozen=True)
class MajorClass:
    """One 4-digit major class of the KB.

    Attributes:
        code: 4-digit class code, e.g. ``"5102"``.
        name: Catalogue name, e.g. ``"计算机类"``.
        category: 2-digit category code.
        majors: ``(code, name)`` of the class's majors, catalogue order.
        posts: Typical job titles (岗位).
        keywords: Terms of the trade.
        exclude: Phrases that rule this class out when present in a title.
        notes: Scope and decision rules (prose).
        major_keywords: Major code -> terms pointing to that major.
    """

    code: str
    name: str
    category: str
    majors: tuple[tuple[str, str], ...]
    posts: tuple[str, ...]
    keywords: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    notes: str = ""
    major_keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class KnowledgeBase:
    """All classes of the KB plus the vocational-undergraduate mapping."""

    classes: dict[str, MajorClass]
    undergraduate: dict[str, str]
    path: Path

    @property
    def codes(self) -> list[str]:
        """Class codes in ascending order (the classifier's label order)."""
        return sorted(self.classes)

    def name(self, code: str) -> str:
        """Catalogue name of a class code (``""`` for unknown codes)."""
        c = self.classes.get(code)
        return c.name if c else ""


def default_kb_path() -> Path:
    """Path of the packaged KB TOML."""
    return resource_path("data") / "crosswalk" / "major_class_kb.toml"


def load_knowledge_base(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the KB.

    Args:
        path: KB TOML; the packaged one when ``None``.

    Returns:
        The parsed KB.

    Raises:
        ConfigError: The file is missing, not TOML, or a class entry is malformed (names the
            class and field).
    """
    path = Path(path) if path is not None else default_kb_path()
    return _load_cached(path.resolve())


@cache
def _load_cached(path: Path) -> KnowledgeBase:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: major-class knowledge base not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix the syntax at the line shown") from exc
    problems: list[str] = []
    classes: dict[str, MajorClass] = {}
    for code, entry in (raw.get("classes") or {}).items():
        if not _CLASS_CODE.match(code):
            problems.append(f"[classes.{code}]: not a 4-digit higher-vocational class code (41xx–59xx)")
            continue
        for fld in ("name", "posts", "keywords"):
            if not entry.get(fld):
                problems.append(f"[classes.{code}]: missing or empty '{fld}'")
        majors = tuple((str(m["code"]), str(m["name"])) for m in entry.get("majors", []))
        major_codes = {m for m, _ in majors}
        mk = {}
        for mcode, terms in (entry.get("major_keywords") or {}).items():
            if mcode not in major_codes:
                problems.append(f"[classes.{code}.major_keywords]: {mcode} is not a major of this class")
            mk[mcode] = tuple(str(t).lower() for t in terms)
        classes[code] = MajorClass(
            code=code,
            name=str(entry.get("name", "")),
            category=str(entry.get("category", code[:2])),
            majors=majors,
            posts=tuple(str(p) for p in entry.get("posts", [])),
            keywords=tuple(str(k) for k in entry.get("keywords", [])),
            exclude=tuple(str(x) for x in entry.get("exclude", [])),
            notes=str(entry.get("notes", "")),
            major_keywords=mk,
        )
    if problems:
        raise ConfigError(f"{path}: invalid knowledge base:\n  " + "\n  ".join(problems))
    if not classes:
        raise ConfigError(f"{path}: no [classes.<code>] entries")
    undergrad = {str(k): str(v) for k, v in (raw.get("undergraduate") or {}).items()}
    return KnowledgeBase(classes=classes, undergraduate=undergrad, path=path)


def undergraduate_to_class(code: str, kb: KnowledgeBase | None = None) -> str:
    """Map a class code of either level to the higher-vocational class reported on.

    ``41xx``–``59xx`` are returned unchanged; vocational-undergraduate ``21xx``–``39xx`` map by
    the KB's ``[undergraduate]`` table (same name, code + 2000); a 6-digit major code maps to
    its class first.

    Raises:
        CodeError: The code is neither.
    """
    kb = kb or load_knowledge_base()
    c = str(code).strip().upper().rstrip("K")
    if len(c) == 6 and c.isdigit():
        c = c[:4]
    if c in kb.classes:
        return c
    if c in kb.undergraduate:
        return kb.undergraduate[c]
    raise CodeError(f"{code!r} is not a known vocational major class (41xx–59xx or 21xx–39xx)")


# ----------------------------------------------------------------------------------------------
# Keyword matching (weak labels, major choice)


_QUALIFIED = re.compile(r"^(?P<base>[^（(]+)[（(](?P<qual>[^）)]+)[）)]$")


def expand_qualified(term: str) -> str:
    """Turn a KB post with a context qualifier, ``QA专员（制药）``, into the phrase ``制药QA专员``.

    Qualifiers in the KB say in which context a generic title belongs to the class. Written as
    a prefix they stay specific: the bare ``QA专员`` must not point to pharmaceuticals.
    """
    m = _QUALIFIED.match(term.strip())
    if not m:
        return term
    return m.group("qual") + m.group("base")


def _is_latin(term: str) -> bool:
    return _CJK.search(term) is None


def _term_weight(term: str) -> float:
    """Specificity of a term: longer terms are more specific. A CJK character counts 1; latin
    terms count by letters with a floor, since 'plc' is as telling as a 3-character word."""
    if _is_latin(term):
        return 1.6 + 0.35 * min(len(term), 6)
    return float(len(term))


class KeywordMatcher:
    """Score major classes for a text by the KB terms it contains.

    Chinese terms match as substrings; latin terms (no CJK) match whole words only, so ``ie``
    does not fire inside ``client``. A class is ruled out when one of its ``exclude`` phrases
    occurs. A class's score is the weight of its best matching term (+0.5 for a typical post,
    which is a whole job title) plus 0.25 for every further distinct term matched.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.codes = kb.codes
        self._cjk: dict[str, list[tuple[int, float]]] = {}
        latin: dict[str, list[tuple[int, float]]] = {}
        for ci, code in enumerate(self.codes):
            c = kb.classes[code]
            for kind_bonus, terms in ((0.5, c.posts), (0.0, c.keywords)):
                for t in terms:
                    t = normalise_title(expand_qualified(t))
                    if not t:
                        continue
                    w = _term_weight(t) + kind_bonus
                    table = latin if _is_latin(t) else self._cjk
                    table.setdefault(t, []).append((ci, w))
        self._max_len = max((len(t) for t in self._cjk), default=1)
        # Scores of texts seen before: a job family's description repeats on thousands of posts.
        self._scored: dict[str, np.ndarray] = {}
        self._latin = latin
        alts = "|".join(re.escape(t) for t in sorted(latin, key=len, reverse=True))
        # Look-ahead so overlapping latin terms at different positions are all found.
        self._latin_re = re.compile(rf"(?=(?<![a-z0-9])({alts})(?![a-z0-9]))") if alts else None
        self._exclude = [tuple(normalise_title(x) for x in kb.classes[code].exclude) for code in self.codes]
        self._major_cache: dict[str, tuple[re.Pattern, dict[str, list[tuple[str, float]]]] | None] = {}

    def terms_in(self, text: str) -> dict[str, float]:
        """Every KB term found in ``text`` (already normalised) with its best weight."""
        found: dict[str, float] = {}
        n = len(text)
        for i in range(n):
            for j in range(i + 1, min(n, i + self._max_len) + 1):
                t = text[i:j]
                if t in self._cjk:
                    found[t] = max(w for _, w in self._cjk[t])
        if self._latin_re is not None:
            for m in self._latin_re.finditer(text):
                t = m.group(1)
                found[t] = max(w for _, w in self._latin[t])
        return found

    def scores(self, text: str) -> np.ndarray:
        """Score vector over :attr:`codes` for one normalised text (0 = no evidence; read-only)."""
        done = self._scored.get(text)
        if done is not None:
            return done
        if len(self._scored) >= 200_000:
            self._scored.clear()
        score = self._scores(text)
        score.flags.writeable = False
        self._scored[text] = score
        return score

    def _scores(self, text: str) -> np.ndarray:
        best = np.zeros(len(self.codes))
        count = np.zeros(len(self.codes))
        n = len(text)
        hits: list[tuple[int, float]] = []
        for i in range(n):
            for j in range(i + 1, min(n, i + self._max_len) + 1):
                lst = self._cjk.get(text[i:j])
                if lst:
                    hits.extend(lst)
        if self._latin_re is not None:
            for m in self._latin_re.finditer(text):
                hits.extend(self._latin[m.group(1)])
        for ci, w in hits:
            count[ci] += 1
            if w > best[ci]:
                best[ci] = w
        score = np.where(best > 0, best + 0.25 * np.maximum(count - 1, 0), 0.0)
        for ci in np.flatnonzero(score):
            if any(x and x in text for x in self._exclude[ci]):
                score[ci] = 0.0
        return score

    def label(self, title: str, description: str = "", *, min_score: float = 2.0, min_margin: float = 0.75) -> tuple[str, float]:
        """Weak label of one posting: ``(class_code, score)`` or ``("", 0.0)`` when unsure.

        The title decides; the description (job family, tags) breaks ties at 0.2 weight, and
        counts at half weight only when the title has no evidence, so a vague title ("助理") in the 行政/后勤/文秘 family still gets a label. A label needs a
        best score of at least ``min_score`` and a lead of ``min_margin`` over the runner-up.
        """
        t = normalise_title(title)
        s = self.scores(t)
        if description:
            # The description breaks ties when the title has evidence, and decides alone
            # (at half weight) only when the title has none.
            d = self.scores(normalise_title(description)[:120])
            s = s + (0.2 * d if s.any() else 0.5 * d)
        if not s.any():
            return "", 0.0
        order = np.argsort(-s, kind="stable")
        top, second = s[order[0]], s[order[1]] if len(order) > 1 else 0.0
        if top < min_score or top - second < min_margin:
            return "", 0.0
        return self.codes[order[0]], float(top)

    def _major_index(self, code: str) -> tuple[re.Pattern, dict[str, list[tuple[str, float]]]] | None:
        """One compiled alternation of a class's major terms (longest first), built once."""
        if code in self._major_cache:
            return self._major_cache[code]
        c = self.kb.classes.get(code)
        built = None
        if c is not None and len(c.majors) > 1:
            table: dict[str, list[tuple[str, float]]] = {}
            for mcode, terms in _major_terms(c).items():
                for t in terms:
                    if t:
                        table.setdefault(t, []).append((mcode, _term_weight(t)))
            alts = []
            for t in sorted(table, key=len, reverse=True):
                e = re.escape(t)
                alts.append(rf"(?<![a-z0-9]){e}(?![a-z0-9])" if _is_latin(t) else e)
            # Look-ahead: every start position yields its longest term, so overlaps are found.
            built = (re.compile("(?=(" + "|".join(alts) + "))"), table) if alts else None
        self._major_cache[code] = built
        return built

    def choose_major(self, code: str, text: str, *, min_score: float = 2.0) -> str:
        """The major of class ``code`` that ``text`` (normalised) points to, or ``""`` when unclear.

        Evidence is the class's ``major_keywords`` and the major names themselves (with a
        trailing 技术/技术应用/管理 dropped, e.g. 园艺技术 -> 园艺). A class with a single major
        returns it. Ties return ``""``: never guess between two majors.
        """
        c = self.kb.classes.get(code)
        if c is None or not c.majors:
            return ""
        if len(c.majors) == 1:
            return c.majors[0][0]
        idx = self._major_index(code)
        if idx is None:
            return ""
        pattern, table = idx
        scores: dict[str, float] = {}
        for m in pattern.finditer(text):
            for mcode, w in table[m.group(1)]:
                if w > scores.get(mcode, 0.0):
                    scores[mcode] = w
        if not scores:
            return ""
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if ranked[0][1] < min_score or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
            return ""
        return ranked[0][0]


def _major_terms(c: MajorClass) -> dict[str, tuple[str, ...]]:
    """Terms pointing to each major of a class: its major_keywords and (shortened) names."""
    out: dict[str, list[str]] = {m: [normalise_title(t) for t in c.major_keywords.get(m, ())] for m, _ in c.majors}
    for m, name in c.majors:
        base = normalise_title(name)
        out[m].append(base)
        for suffix in ("技术应用", "技术与管理", "技术", "管理"):
            if base.endswith(suffix) and len(base) - len(suffix) >= 2:
                out[m].append(base[: -len(suffix)])
                break
    return {m: tuple(dict.fromkeys(ts)) for m, ts in out.items()}


def weak_label_frame(postings: pd.DataFrame, kb: KnowledgeBase | None = None) -> pd.DataFrame:
    """Weak-label a postings frame (``title`` and optional ``description``).

    Returns:
        ``postings`` with ``weak_label`` (class code or ``""``) and ``weak_score``. Identical
        (title, description) pairs are matched once.
    """
    matcher = KeywordMatcher(kb or load_knowledge_base())
    desc = postings["description"].fillna("").astype(str) if "description" in postings else pd.Series("", index=postings.index)
    keys = postings["title"].fillna("").astype(str) + "\x1f" + desc
    codes, uniques = pd.factorize(keys, sort=False)
    labels = [matcher.label(*k.split("\x1f", 1)) for k in uniques]
    lab = np.array([x[0] for x in labels], dtype=object)
    sc = np.array([x[1] for x in labels], dtype=float)
    return postings.assign(weak_label=lab[codes], weak_score=sc[codes])


# ----------------------------------------------------------------------------------------------
# Synthetic titles

_PREFIX = ["", "", "", "初级", "高级", "资深", "中级", "实习", "储备", "急聘", "诚聘", "招聘", "见习"]
_ROLE_SUFFIX = ["", "", "", "助理", "主管", "专员", "经理", "技术员", "工程师", "学徒", "组长", "实习生"]
_DECOR = [
    "", "", "", "", "（五险一金）", "+双休", "(包吃住)", "/应届生可", "（急招）", "5K起", "-北京", "（上海）",
    "+提成", "（广州）", "/做五休二", "+带薪培训", "（成都）", "6-8K", "（可实习）", "+年终奖",
]


def synthetic_titles(kb: KnowledgeBase | None = None, *, per_class: int = 120, seed: int = 20261123) -> pd.DataFrame:
    """Generate labelled job titles from the KB with a seeded generator (synthetic).

    Each title combines a typical post, a keyword with a role word, or a major name with a role
    word, optionally with a seniority prefix and a decoration (perks, city, salary) of the kind
    real titles carry, so the model learns to ignore the decorations.

    Returns:
        Columns ``title``, ``description`` (always ``""``), ``label`` and ``status`` (``synthetic``).
    """
    kb = kb or load_knowledge_base()
    rng = np.random.default_rng(seed)
    rows = []
    for code in kb.codes:
        c = kb.classes[code]
        majors = [n for _, n in c.majors]
        kws = [k for k in c.keywords if len(k) >= 2]
        posts = [expand_qualified(p) for p in c.posts]
        for _ in range(per_class):
            r = rng.random()
            if r < 0.6 or not kws:
                core = posts[rng.integers(len(posts))]
            elif r < 0.9:
                core = kws[rng.integers(len(kws))] + _ROLE_SUFFIX[rng.integers(len(_ROLE_SUFFIX))]
            else:
                core = (majors[rng.integers(len(majors))] if majors else posts[0]) + ["", "岗", "人员", "技术员", "专员"][rng.integers(5)]
            title = _PREFIX[rng.integers(len(_PREFIX))] + core + _DECOR[rng.integers(len(_DECOR))]
            rows.append((title, "", code))
    df = pd.DataFrame(rows, columns=["title", "description", "label"])
    df["status"] = "synthetic"
    return df
