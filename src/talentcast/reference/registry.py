"""The registry of Henan's 20 vocational-education groups (which group covers which majors).

The registry is an editable TOML file, ``data/reference/groups.toml``; a workspace may carry
its own ``groups.toml`` that is merged over it (see :func:`load_registry`). Loading checks
the whole file and reports every problem at once in one :class:`RegistryError`, each line
naming the file, the entry and what is wrong.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast.errors import CodeError, RegistryError

from .tables import HIGHER_VOCATIONAL, colleges, majors, reference_dir

REGISTRY_FILE = "groups.toml"

#: How sure the sources are about a group's lead (strongest first); see SOURCES.md.
# The pseudo-group of the province as a whole: its rows in every per-group mart cover every
# class, and the province report reads them (never a sum of the groups' rows).
PROVINCE_GROUP = "province"
LEAD_EVIDENCE = ("stated", "host_implied", "inferred", "host_only", "inferred_location_only", "unknown")
# Evidence levels under which a lead institution is named; the others must leave it empty.
_EVIDENCE_WITH_LEAD = {"stated", "host_implied", "inferred"}

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = {"schema_version", "replace", "group"}
_STR_FIELDS = ("id", "name_zh", "lead_institution", "lead_college_code", "lead_evidence", "source_url",
               "host_institution", "host_college_code", "established", "evidence_note")
_FIELDS = {*_STR_FIELDS, "name_provisional", "categories", "classes", "members", "remove"}
_REQUIRED = ("id", "name_zh", "categories", "classes")
_MEMBER_FIELDS = {"code", "name", "synthetic"}


@dataclass(frozen=True)
class Member:
    """A member college of a group.

    Attributes:
        code: 10-digit MOE code (学校标识码) for a real college; any code for a synthetic one.
        name: College name.
        synthetic: True for made-up sample colleges (demo workspaces); never a real name/code.
    """

    code: str
    name: str
    synthetic: bool


@dataclass(frozen=True)
class Group:
    """One vocational-education group.

    Attributes:
        id: ASCII id (``"electronics-it"``).
        name_zh: Chinese name as the source spells it (or a provisional one).
        name_provisional: True when no source naming the group was found.
        lead_institution: 牵头单位 as a source states it, ``""`` when unknown.
        lead_college_code: MOE code of the lead in the college list, ``""`` if none.
        lead_evidence: One of :data:`LEAD_EVIDENCE`.
        source_url: Where the name/lead come from (``""`` if no source was found).
        categories: 2-digit higher-vocational major categories covered.
        classes: 4-digit higher-vocational major classes covered.
        members: Member colleges (empty in the packaged registry: no list was found).
        host_institution: School that hosted the founding meeting when that is all the
            source says (``host_only``); not a lead.
        host_college_code: Its MOE code.
        established: Founding date as the source gives it (may be partial).
        evidence_note: What the source says, quoted or summarised.
        origin: The registry file(s) this entry came from.
    """

    id: str
    name_zh: str
    name_provisional: bool
    lead_institution: str
    lead_college_code: str
    lead_evidence: str
    source_url: str
    categories: tuple[str, ...]
    classes: tuple[str, ...]
    members: tuple[Member, ...] = ()
    host_institution: str = ""
    host_college_code: str = ""
    established: str = ""
    evidence_note: str = ""
    origin: str = ""

    @property
    def has_lead(self) -> bool:
        """True when a source names the lead (stated, host_implied or inferred)."""
        return bool(self.lead_institution)

    @property
    def lead_display(self) -> str:
        """The lead with its evidence, for reports: ``"河南农业职业学院 (stated)"``.

        Without a lead it reads ``"unknown"``, or ``"unknown (founding meeting hosted by X)"``
        for a host_only entry, so that a host is never shown as if it were the lead.
        """
        if self.lead_institution:
            return f"{self.lead_institution} ({self.lead_evidence})"
        if self.host_institution:
            return f"unknown (founding meeting hosted by {self.host_institution}; {self.lead_evidence})"
        return "unknown" if self.lead_evidence == "unknown" else f"unknown ({self.lead_evidence})"

    @property
    def real_members(self) -> tuple[Member, ...]:
        """Members that are real colleges (``synthetic = false``)."""
        return tuple(m for m in self.members if not m.synthetic)


class Registry:
    """The loaded, validated group registry.

    Attributes:
        groups: Groups in file order.
        files: Files merged to build it (packaged first, then the workspace override).
    """

    def __init__(self, groups: list[Group], files: tuple[Path, ...]) -> None:
        self.groups = list(groups)
        self.files = files
        self._by_id = {g.id: g for g in self.groups}
        self._by_class = {c: g for g in self.groups for c in g.classes}

    def __len__(self) -> int:
        return len(self.groups)

    def __iter__(self) -> Iterator[Group]:
        return iter(self.groups)

    def __contains__(self, group_id: object) -> bool:
        return group_id in self._by_id

    def __repr__(self) -> str:
        return f"<Registry {len(self.groups)} groups from {', '.join(str(f) for f in self.files)}>"

    @property
    def ids(self) -> list[str]:
        """Group ids in file order."""
        return [g.id for g in self.groups]

    def get(self, group_id: str) -> Group:
        """The group with this id.

        Raises:
            CodeError: ``unknown group id 'helth'; closest: health``.
        """
        key = str(group_id).strip()
        if key in self._by_id:
            return self._by_id[key]
        close = difflib.get_close_matches(key, self.ids, n=3, cutoff=0.3)
        by_name = [g.id for g in self.groups if key and key in g.name_zh]
        close = list(dict.fromkeys(by_name + close))[:3]
        raise CodeError(
            f"unknown group id {key!r}; closest: {', '.join(close) if close else 'none'}",
            hint=f"known ids: {', '.join(self.ids)}",
        )

    def group_for_class(self, class_code: str) -> Group | None:
        """The group covering a major class (higher-vocational or vocational-undergraduate).

        Undergraduate classes (21–39) map to the group of the higher-vocational class with the
        same position (``"2603"`` -> ``"4603"``). Returns ``None`` if no group covers it
        (only possible in an incomplete workspace registry).

        Raises:
            CodeError: If ``class_code`` is not a class of the catalogue.
        """
        cat = majors()
        c = cat.validate(class_code)
        if c.level != "class":
            raise CodeError(
                f"{c.code!r} is a major {c.level}, not a class (4 digits)",
                hint="use group_for_major() for 6-digit major codes",
            )
        return self._by_class.get(cat.higher_vocational_counterpart(c.code))

    def group_for_major(self, major_code: str) -> Group | None:
        """The group covering a 6-digit major (either education level); see group_for_class."""
        c = majors().validate(major_code)
        if c.level != "major":
            raise CodeError(f"{c.code!r} is a major {c.level}, not a major (6 digits)")
        return self.group_for_class(c.parent or "")

    def groups_for_category(self, category_code: str) -> list[Group]:
        """Groups covering any class of a major category (two for 46, one otherwise)."""
        cat = majors()
        c = cat.validate(category_code)
        if c.level != "category":
            raise CodeError(f"{c.code!r} is a major {c.level}, not a category (2 digits)")
        hv = cat.higher_vocational_counterpart(c.code)
        return [g for g in self.groups if hv in g.categories]

    def class_map(self) -> dict[str, str]:
        """``{class_code: group_id}`` for every covered class of both education levels."""
        cat = majors()
        out: dict[str, str] = {}
        for c in cat.level("class"):
            g = self._by_class.get(cat.higher_vocational_counterpart(c.code))
            if g is not None:
                out[c.code] = g.id
        return out

    def uncovered_classes(self) -> list[str]:
        """Higher-vocational classes that no group covers."""
        return [c.code for c in majors(HIGHER_VOCATIONAL).level("class") if c.code not in self._by_class]

    def to_frame(self) -> pd.DataFrame:
        """One row per group; list fields joined with ``;`` and a member count."""
        rows = []
        for g in self.groups:
            rows.append({
                "group_id": g.id,
                "name_zh": g.name_zh,
                "name_provisional": g.name_provisional,
                "lead_institution": g.lead_institution,
                "lead_college_code": g.lead_college_code,
                "lead_evidence": g.lead_evidence,
                "lead_display": g.lead_display,
                "host_institution": g.host_institution,
                "host_college_code": g.host_college_code,
                "source_url": g.source_url,
                "established": g.established,
                "categories": ";".join(g.categories),
                "classes": ";".join(g.classes),
                "n_classes": len(g.classes),
                "n_members": len(g.members),
                "n_members_synthetic": sum(m.synthetic for m in g.members),
            })
        return pd.DataFrame(rows)

    def members_frame(self) -> pd.DataFrame:
        """One row per (group, member): ``group_id, college_code, college_name, synthetic``."""
        rows = [
            {"group_id": g.id, "college_code": m.code, "college_name": m.name, "synthetic": m.synthetic}
            for g in self.groups
            for m in g.members
        ]
        return pd.DataFrame(rows, columns=["group_id", "college_code", "college_name", "synthetic"])


# ---------------------------------------------------------------------- loading
def packaged_registry_path() -> Path:
    """Path of the packaged ``groups.toml``."""
    return reference_dir() / REGISTRY_FILE


@dataclass
class _Entry:
    data: dict[str, Any]
    where: str  # "file: group #n (line L)" for messages


def _group_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if re.match(r"^\s*\[\[\s*group\s*\]\]", line)]


def _read_file(path: Path, problems: list[str]) -> tuple[list[_Entry], bool] | None:
    """Parse one registry file into raw entries; syntax/shape problems go to ``problems``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(f"{path}: cannot read the registry file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path}: not UTF-8 (byte {exc.start}); save the file as UTF-8")
        return None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line L, column C)" or "(at end of document)".
        where = f" (the file has {len(text.splitlines())} lines)" if "end of document" in str(exc) else ""
        problems.append(f"{path}: TOML syntax error: {exc}{where}; fix it (quote strings, close [ ] and \" \")")
        return None
    for key in doc:
        if key not in _TOP_KEYS:
            problems.append(f"{path}: unknown top-level key {key!r} (expected {', '.join(sorted(_TOP_KEYS))})")
    replace = doc.get("replace", False)
    if not isinstance(replace, bool):
        problems.append(f"{path}: 'replace' must be true or false, not {replace!r}")
        replace = False
    groups = doc.get("group", [])
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        problems.append(f"{path}: 'group' must be an array of tables written as [[group]]")
        return None
    lines = _group_lines(text)
    entries = []
    for n, g in enumerate(groups, 1):
        gid = g.get("id")
        label = f"{path}: group #{n}"
        if len(lines) == len(groups):
            label += f" (line {lines[n - 1]})"
        if isinstance(gid, str):
            label += f" id {gid!r}"
        entries.append(_Entry(dict(g), label))
    return entries, replace


def _merge(base: list[_Entry], override: list[_Entry], replace: bool, problems: list[str]) -> list[_Entry]:
    """Merge override entries over base ones by id (same id: fields replaced; new id: added)."""
    merged: dict[Any, _Entry] = {}
    order: list[Any] = []
    anon = 0

    def key_of(e: _Entry) -> Any:
        nonlocal anon
        gid = e.data.get("id")
        if isinstance(gid, str):
            return gid
        anon += 1
        return ("<no id>", anon)

    if not replace:
        for e in base:
            k = key_of(e)
            if k in merged:
                # Keep both so validation reports the duplicate.
                k = (k, "dup", len(order))
            merged[k] = e
            order.append(k)
    seen_override: dict[Any, str] = {}
    for e in override:
        k = key_of(e)
        if k in seen_override:
            problems.append(f"{e.where}: duplicate id {k!r} (also {seen_override[k]})")
            continue
        seen_override[k] = e.where
        if e.data.get("remove") is True:
            if k in merged:
                del merged[k]
                order.remove(k)
            else:
                problems.append(f"{e.where}: remove = true but no packaged group has id {k!r}")
            continue
        if k in merged:
            base_data = dict(merged[k].data)
            # A new lead/host name invalidates the old college code unless the override sets one;
            # it is re-linked to the college list by name during validation.
            for name_key, code_key in (("lead_institution", "lead_college_code"), ("host_institution", "host_college_code")):
                if name_key in e.data and code_key not in e.data:
                    base_data.pop(code_key, None)
            merged[k] = _Entry({**base_data, **e.data}, f"{e.where} (overriding {merged[k].where})")
        else:
            merged[k] = e
            order.append(k)
    return [merged[k] for k in order]


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value]
    return None


def _validate(entries: list[_Entry], complete: bool, problems: list[str]) -> list[Group]:
    cat_hv = majors(HIGHER_VOCATIONAL)
    cat_all = majors()
    col = colleges()
    col_by_code = dict(zip(col["moe_code"], col["name"], strict=True))
    col_by_name = dict(zip(col["name"], col["moe_code"], strict=True))
    groups: list[Group] = []
    seen_ids: dict[str, str] = {}
    class_owner: dict[str, str] = {}

    for e in entries:
        d, where = e.data, e.where
        bad = len(problems)

        def err(msg: str, _where: str = where) -> None:
            problems.append(f"{_where}: {msg}")

        for key in d:
            if key not in _FIELDS:
                close = difflib.get_close_matches(key, sorted(_FIELDS), n=1)
                err(f"unknown field {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        for key in _REQUIRED:
            if key not in d:
                err(f"missing required field {key!r}")
        for key in _STR_FIELDS:
            if key in d and not isinstance(d[key], str):
                err(f"field {key!r} must be a string, not {type(d[key]).__name__} {d[key]!r}")
        if "name_provisional" in d and not isinstance(d["name_provisional"], bool):
            err(f"field 'name_provisional' must be true or false, not {d['name_provisional']!r}")

        gid = d.get("id") if isinstance(d.get("id"), str) else ""
        if gid:
            if not gid.isascii():
                err(f"id {gid!r} is not ASCII; use lower-case letters, digits and '-' (e.g. 'electronics-it')")
            elif not _ID_RE.match(gid):
                err(f"id {gid!r} must be lower-case ASCII letters, digits and '-'")
            if gid in seen_ids:
                err(f"duplicate id {gid!r} (also {seen_ids[gid]})")
            else:
                seen_ids[gid] = where
        if isinstance(d.get("name_zh"), str) and not d["name_zh"].strip():
            err("name_zh is empty")

        # --- lead
        lead = _text(d, "lead_institution")
        evidence = d.get("lead_evidence", "stated" if lead else "unknown")
        evidence_ok = isinstance(evidence, str) and evidence in LEAD_EVIDENCE
        if not evidence_ok:
            # Skip the consistency checks below: they would only repeat this problem.
            err(f"lead_evidence {evidence!r} is not one of {', '.join(LEAD_EVIDENCE)}")
            evidence = "unknown"
        elif lead and "lead_evidence" not in d:
            err("lead_institution is set but lead_evidence is missing; say how the source supports it "
                f"({', '.join(sorted(_EVIDENCE_WITH_LEAD))})")
        elif lead and evidence not in _EVIDENCE_WITH_LEAD:
            hint = " (a host_only school goes in host_institution)" if evidence == "host_only" else ""
            err(f"lead_institution {lead!r} is set but lead_evidence is {evidence!r}, which names no lead{hint}")
        elif not lead and evidence in _EVIDENCE_WITH_LEAD:
            err(f"lead_evidence is {evidence!r} but lead_institution is empty")
        lead_code = _linked_code(d, "lead", lead, col_by_code, col_by_name, err)
        host = _text(d, "host_institution")
        host_code = _linked_code(d, "host", host, col_by_code, col_by_name, err)

        # --- categories and classes
        cats = _str_list(d.get("categories", []))
        if cats is None:
            err("categories must be a list of 2-digit category codes as strings, e.g. [\"51\"]")
            cats = []
        classes = _str_list(d.get("classes", []))
        if classes is None:
            err("classes must be a list of 4-digit class codes as strings, e.g. [\"5101\"]")
            classes = []
        for c in cats:
            problem = _catalogue_problem(c, "category", cat_hv, cat_all)
            if problem:
                err(problem)
        if len(set(cats)) != len(cats):
            err(f"categories list a code twice: {sorted({c for c in cats if cats.count(c) > 1})}")
        if len(set(classes)) != len(classes):
            err(f"classes list a code twice: {sorted({c for c in classes if classes.count(c) > 1})}")
        for c in dict.fromkeys(classes):
            problem = _catalogue_problem(c, "class", cat_hv, cat_all)
            if problem:
                err(problem)
                continue
            code = cat_hv.get(c)
            if code.parent not in cats:
                err(f"class {c!r} ({code.name}) belongs to category {code.parent}, which is not in categories")
            if c in class_owner and class_owner[c] != (gid or where):
                err(f"class {c!r} ({code.name}) is covered by two groups: {class_owner[c]!r} and {gid or where!r}")
            else:
                class_owner.setdefault(c, gid or where)
        for c in cats:
            if cat_hv.get(c) is not None and not any(k[:2] == c for k in classes):
                err(f"category {c!r} is listed but none of its classes is")

        # --- members
        members: list[Member] = []
        raw_members = d.get("members", [])
        if not isinstance(raw_members, list) or not all(isinstance(m, dict) for m in raw_members):
            err("members must be a list of tables: [{ code = \"…\", name = \"…\", synthetic = false }]")
            raw_members = []
        seen_members: set[str] = set()
        for i, m in enumerate(raw_members, 1):
            mw = f"member #{i}"
            for key in m:
                if key not in _MEMBER_FIELDS:
                    err(f"{mw}: unknown field {key!r} (expected code, name, synthetic)")
            missing = [k for k in ("code", "name", "synthetic") if k not in m]
            if missing:
                err(f"{mw}: missing field(s) {', '.join(missing)}")
                continue
            code, name, synth = m["code"], m["name"], m["synthetic"]
            if not isinstance(code, str) or not isinstance(name, str) or not isinstance(synth, bool):
                err(f"{mw}: code and name must be strings and synthetic true or false")
                continue
            code, name = code.strip(), name.strip()
            if code in seen_members:
                err(f"{mw}: college {code!r} is listed twice")
            seen_members.add(code)
            if synth:
                # Synthetic sample colleges must never borrow a real institution's identity.
                if code in col_by_code:
                    err(f"{mw}: synthetic member uses the real college code {code!r} ({col_by_code[code]})")
                if name in col_by_name:
                    err(f"{mw}: synthetic member uses the real college name {name!r}")
            else:
                if code not in col_by_code:
                    err(f"{mw}: college code {code!r} is not in the college list; mark made-up colleges "
                        "synthetic = true")
                elif col_by_code[code] != name:
                    err(f"{mw}: college {code!r} is {col_by_code[code]}, not {name!r}")
            members.append(Member(code, name, synth))

        if len(problems) > bad:
            continue
        groups.append(Group(
            id=gid,
            name_zh=d["name_zh"].strip(),
            name_provisional=bool(d.get("name_provisional", False)),
            lead_institution=lead,
            lead_college_code=lead_code,
            lead_evidence=evidence,
            source_url=str(d.get("source_url", "")).strip(),
            categories=tuple(cats),
            classes=tuple(classes),
            members=tuple(members),
            host_institution=host,
            host_college_code=host_code,
            established=str(d.get("established", "")).strip(),
            evidence_note=str(d.get("evidence_note", "")).strip(),
            origin=where.split(": group #")[0],
        ))

    if complete and not problems:
        covered = set(class_owner)
        missing = [c for c in cat_hv.level("class") if c.code not in covered]
        if missing:
            problems.append(
                "registry covers no group for classes: "
                + ", ".join(f"{c.code} {c.name}" for c in missing)
                + " (every higher-vocational class must belong to exactly one group)"
            )
    return groups


def load_registry(
    path: str | Path | None = None,
    *,
    workspace: str | Path | None = None,
    complete: bool = True,
) -> Registry:
    """Load and validate the group registry.

    Merge semantics: the base file (``path``, default the packaged ``groups.toml``) is read
    first. If ``workspace/groups.toml`` exists it is merged over it: an entry whose ``id``
    matches a base entry replaces the fields it sets (so ``members = [...]`` alone adds members);
    a new ``id`` adds a group; ``remove = true`` drops a base group; a top-level
    ``replace = true`` discards the base file and uses the workspace file alone. The merged
    result is validated as a whole.

    Args:
        path: Base registry file; default the packaged one.
        workspace: Workspace directory whose ``groups.toml`` (if any) overrides the base.
        complete: Require every higher-vocational class (41–59) to be covered by a group.

    Returns:
        The validated :class:`Registry`.

    Raises:
        RegistryError: Listing every problem found, each naming the file, the group entry
            (number, line, id) and the problem. ``.problems`` holds the individual lines.
    """
    base = Path(path) if path is not None else packaged_registry_path()
    files = [base]
    problems: list[str] = []
    parsed = _read_file(base, problems)
    entries: list[_Entry] = parsed[0] if parsed else []
    if workspace is not None:
        ws_file = Path(workspace) / REGISTRY_FILE
        if ws_file.is_file():
            files.append(ws_file)
            over = _read_file(ws_file, problems)
            if over is not None:
                entries = _merge(entries, over[0], over[1], problems)
    groups = _validate(entries, complete, problems) if not problems or entries else []
    if problems:
        n = len(problems)
        shown = problems[:50]
        body = "\n".join(f"  - {p}" for p in shown) + (f"\n  … and {n - 50} more" if n > 50 else "")
        error = RegistryError(
            f"group registry {' + '.join(str(f) for f in files)} has {n} problem{'s' if n != 1 else ''}:\n{body}",
            hint="fix the entries named above (see the comments at the top of data/reference/groups.toml)",
        )
        error.problems = problems  # type: ignore[attr-defined]
        raise error
    return Registry(groups, tuple(files))


def _text(d: dict, key: str) -> str:
    """A text field of a registry entry, stripped ("" when absent or not text)."""
    v = d.get(key, "")
    return v.strip() if isinstance(v, str) else ""


def _linked_code(d: dict, role: str, name: str, col_by_code: dict, col_by_name: dict, err) -> str:
    """The 学校标识码 of the ``role`` (lead | host) college: the entry's ``<role>_college_code``,
    checked against the college list and the named institution, else the list's code of the
    name when it matches exactly ("" when neither)."""
    key = f"{role}_college_code"
    code = _text(d, key)
    if not code:
        return col_by_name.get(name, "") if name else ""
    if not name:
        err(f"{key} {code!r} is set but {role}_institution is empty")
    elif code not in col_by_code:
        err(f"{key} {code!r} is not in the college list (henan_colleges_2025.csv)")
    elif col_by_code[code] != name:
        err(f"{key} {code!r} is {col_by_code[code]}, not the {role} {name!r}")
    return code


def _catalogue_problem(c: str, level: str, higher_vocational, catalogue) -> str | None:
    """Why ``c`` is not a higher-vocational ``level`` (category | class) code of the 2021
    catalogue, or None when it is: an undergraduate code names its counterpart, an unknown code
    the closest ones."""
    code = higher_vocational.get(c)
    if code is not None and code.level == level:
        return None
    other = catalogue.get(c)
    if other is not None and other.level == level:
        return (f"{level} {c!r} ({other.name}) is a vocational-undergraduate {level}; list "
                f"{catalogue.higher_vocational_counterpart(c)!r} instead (undergraduate codes follow)")
    near = ", ".join(f"{x.code} {x.name}" for x in higher_vocational.closest(c, 3) if x.level == level)
    scope = "; categories are 41-59" if level == "category" else ""
    return f"unknown {level} code {c!r}{scope}" + (f" (closest: {near})" if near else "")
