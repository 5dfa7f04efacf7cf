"""Two versions' content side by side, clause by clause (issue 15, item 6): what a signer is asked to
change before signing. Pure: no database, no request.

Clauses follow the editor's sections (the order of the agreement's articles). A clause's text is its
fields flattened to ``path: value`` lines, so that any change, down to one number in the procedures, shows
as a line present on one side only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from itisa.agreements.editor import SECTION_TITLES

SECTION_FIELDS = {
    "title": ("title_zh", "title_en"),
    "purpose": ("purpose_zh", "principles_zh"),
    "goals": ("goals",),
    "tasks": ("tasks",),
    "bodies": ("bodies", "liability_member"),
    "membership": ("admission_rules_zh", "exit_rules_zh", "exit_notice_days"),
    "funds": ("fund_rules_zh",),
    "ip": ("ip", "diffusion"),
    "breach": ("breach",),
    "dissolution": ("dissolution_zh",),
    "disputes": ("disputes",),
    "term": ("term",),
    "procedures": ("procedures",),
    "annexes": ("annexes",),
}


@dataclass(frozen=True)
class Line:
    text: str
    changed: bool  # absent from the other side


@dataclass(frozen=True)
class Clause:
    key: str
    title: str
    before: list[Line]
    after: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.changed for line in self.before) or any(line.changed for line in self.after)


def _flatten(value: Any, path: str) -> list[str]:
    if isinstance(value, dict):
        return [line for k in sorted(value) for line in _flatten(value[k], f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        if not value:
            return [f"{path}: —"]
        return [line for i, item in enumerate(value, start=1) for line in _flatten(item, f"{path}[{i}]")]
    if value is None or value == "":
        return [f"{path}: —"]
    if isinstance(value, bool):
        return [f"{path}: {'✓' if value else '✗'}"]
    return [f"{path}: {value}"]


def _lines(content: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [line for field in fields if field in content for line in _flatten(content[field], field)]


def _marked(mine: list[str], theirs: list[str]) -> list[Line]:
    """Each line of ``mine``, marked when ``theirs`` has fewer copies of it."""
    left = Counter(theirs)
    out = []
    for text in mine:
        if left[text]:
            left[text] -= 1
            out.append(Line(text, False))
        else:
            out.append(Line(text, True))
    return out


def compare_versions(before: dict[str, Any], after: dict[str, Any]) -> list[Clause]:
    """The clauses of two contents, each with its lines before and after, changed lines marked."""
    known = {f for fields in SECTION_FIELDS.values() for f in fields}
    sections = dict(SECTION_FIELDS)
    others = tuple(sorted((set(before) | set(after)) - known))
    if others:
        sections["other"] = others
    clauses = []
    for key, fields in sections.items():
        old, new = _lines(before, fields), _lines(after, fields)
        title = str(SECTION_TITLES.get(key, "")) or ", ".join(fields)
        clauses.append(Clause(key, title, _marked(old, new), _marked(new, old)))
    return clauses
