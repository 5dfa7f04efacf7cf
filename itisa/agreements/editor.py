"""The structured agreement editor: content ↔ flat form fields, and errors placed by field path.

Input names are the content paths with ``-`` for ``.`` (``goals-0-target``); lists are read row by
row until a missing index, and a row whose inputs are all empty (or ticked for removal) is dropped.
Every list is shown with one empty row more than it holds, so rows can be added without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from itisa.agreements.choices import Beneficiary, BodyKind, CommitmentKind, LicenceTerms, Ownership

MAX_ROWS = 200

TEXTS = (
    "title_zh",
    "title_en",
    "purpose_zh",
    "principles_zh",
    "liability_member",
    "admission_rules_zh",
    "exit_rules_zh",
    "fund_rules_zh",
    "dissolution_zh",
)
ROW_FIELDS = {
    "goals": ("title_zh", "title_en", "target", "due"),
    "tasks": ("party", "description_zh"),
    "bodies": ("kind", "name_zh", "duties_zh"),
    "ip-revenue_split": ("beneficiary", "percent"),
    "annexes": ("title_zh", "text_zh"),
}
COMMITMENT_FIELDS = ("kind", "description", "amount_cny", "quantity")


def _get(post: QueryDict, name: str) -> str:
    return (post.get(name) or "").strip()


def _rows(post: QueryDict, prefix: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for i in range(MAX_ROWS):
        names = [f"{prefix}-{i}-{f}" for f in fields]
        if not any(n in post for n in names):
            break
        if post.get(f"{prefix}-{i}-DELETE"):
            continue
        row = {f: _get(post, f"{prefix}-{i}-{f}") for f in fields}
        if any(row.values()):
            rows.append(row)
    return rows


def _number(value: str) -> Any:
    """Whole numbers as int, anything else as typed: the content schema says what is wrong."""
    return int(value) if value.isdigit() else (value or None)


def content_from_post(post: QueryDict) -> dict[str, Any]:
    """The content dict a submitted editor form describes (not yet validated)."""
    content: dict[str, Any] = {name: _get(post, name) for name in TEXTS}
    content["exit_notice_days"] = _number(_get(post, "exit_notice_days")) or 30
    content["goals"] = [{**g, "due": g["due"] or None} for g in _rows(post, "goals", ROW_FIELDS["goals"])]
    tasks: list[dict[str, Any]] = []
    for i in range(MAX_ROWS):
        if f"tasks-{i}-party" not in post:
            break
        if post.get(f"tasks-{i}-DELETE"):
            continue
        commitments = [
            {
                "kind": c["kind"] or "other",
                "description": c["description"],
                "amount_cny": c["amount_cny"] or None,
                "quantity": _number(c["quantity"]),
            }
            for c in _rows(post, f"tasks-{i}-commitments", COMMITMENT_FIELDS)
            if c["description"] or c["amount_cny"] or c["quantity"]
        ]
        task = {
            "party": _get(post, f"tasks-{i}-party"),
            "description_zh": _get(post, f"tasks-{i}-description_zh"),
        }
        if task["party"] or task["description_zh"] or commitments:
            tasks.append({**task, "commitments": commitments})
    content["tasks"] = tasks
    content["bodies"] = [
        b for b in _rows(post, "bodies", ROW_FIELDS["bodies"]) if b["name_zh"] or b["duties_zh"]
    ]
    content["ip"] = {
        "default_ownership": _get(post, "ip-default_ownership") or None,
        "ownership_note_zh": _get(post, "ip-ownership_note_zh"),
        "background_ip_zh": _get(post, "ip-background_ip_zh"),
        "member_licence": _get(post, "ip-member_licence") or None,
        "non_member_licence": _get(post, "ip-non_member_licence") or None,
        "revenue_split": [
            r for r in _rows(post, "ip-revenue_split", ROW_FIELDS["ip-revenue_split"]) if r["percent"]
        ],
    }
    content["breach"] = {
        "breaches": [line.strip() for line in _get(post, "breach-breaches").splitlines() if line.strip()],
        "remedies": [line.strip() for line in _get(post, "breach-remedies").splitlines() if line.strip()],
        "expulsion": bool(post.get("breach-expulsion")),
        "grant_recovery": bool(post.get("breach-grant_recovery")),
    }
    content["diffusion"] = {
        "mechanism_zh": _get(post, "diffusion-mechanism_zh"),
        "public_results": bool(post.get("diffusion-public_results")),
    }
    disputes: dict[str, Any] = {"arbitration": None, "litigation": None}
    if post.get("disputes-use_arbitration"):
        disputes["arbitration"] = {"institution": _get(post, "disputes-arbitration-institution")}
    if post.get("disputes-use_litigation"):
        disputes["litigation"] = {"court": _get(post, "disputes-litigation-court")}
    content["disputes"] = disputes
    content["term"] = {
        "years": _number(_get(post, "term-years")),
        "until": _get(post, "term-until") or None,
        "entry_into_force_zh": _get(post, "term-entry_into_force_zh"),
    }
    content["annexes"] = [
        a for a in _rows(post, "annexes", ROW_FIELDS["annexes"]) if a["title_zh"] or a["text_zh"]
    ]
    return content


def accession_from_post(post: QueryDict) -> dict[str, Any]:
    content: dict[str, Any] = {
        "undertaking_zh": _get(post, "undertaking_zh"),
        "effective_from_zh": _get(post, "effective_from_zh"),
        "task": None,
    }
    description = _get(post, "task-description_zh")
    commitments = [
        {
            "kind": c["kind"] or "other",
            "description": c["description"],
            "amount_cny": c["amount_cny"] or None,
            "quantity": _number(c["quantity"]),
        }
        for c in _rows(post, "task-commitments", COMMITMENT_FIELDS)
        if c["description"] or c["amount_cny"] or c["quantity"]
    ]
    if description or commitments:
        content["task"] = {
            "party": _get(post, "task-party"),
            "description_zh": description,
            "commitments": commitments,
        }
    return content


class Errors:
    """Service errors keyed by content path, looked up by input name; what no input shows goes on top."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.by_name = {path.replace(".", "-"): messages for path, messages in fields.items()}
        self.used: set[str] = set()

    def __call__(self, name: str) -> list[str]:
        self.used.add(name)
        return self.by_name.get(name, [])

    def unplaced(self) -> list[tuple[str, str]]:
        return [(n, m) for n, ms in self.by_name.items() if n not in self.used for m in ms]


def _field(name: str, value: Any, errors: Errors) -> dict[str, Any]:
    return {"name": name, "value": "" if value is None else value, "errors": errors(name)}


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in enum.choices]


def editor_context(content: dict[str, Any], errors: Errors, parties: list[tuple[str, str]]) -> dict[str, Any]:
    """Everything the editor template shows, from a (possibly invalid) content dict."""
    c = content or {}

    def rows(
        key: str, items: list[dict[str, Any]], fields: tuple[str, ...], extra: int = 1
    ) -> list[dict[str, Any]]:
        out = []
        for i, item in enumerate([*items, *([{}] * extra)]):
            out.append(
                {
                    "index": i,
                    "prefix": f"{key}-{i}",
                    "fields": {f: _field(f"{key}-{i}-{f}", item.get(f), errors) for f in fields},
                    "errors": errors(f"{key}-{i}"),
                    "blank": i >= len(items),
                }
            )
        return out

    tasks: list[dict[str, Any]] = []
    for t in [*(c.get("tasks") or []), {}]:
        i = len(tasks)
        tasks.append(
            {
                "index": i,
                "prefix": f"tasks-{i}",
                "party": _field(f"tasks-{i}-party", t.get("party"), errors),
                "description_zh": _field(f"tasks-{i}-description_zh", t.get("description_zh"), errors),
                "commitments": rows(f"tasks-{i}-commitments", t.get("commitments") or [], COMMITMENT_FIELDS),
                "blank": not t,
            }
        )
    ip = c.get("ip") or {}
    breach = c.get("breach") or {}
    diffusion = c.get("diffusion") or {}
    disputes = c.get("disputes") or {}
    term = c.get("term") or {}
    ctx = {
        "texts": {name: _field(name, c.get(name), errors) for name in TEXTS},
        "exit_notice_days": _field("exit_notice_days", c.get("exit_notice_days", 30), errors),
        "goals": rows("goals", c.get("goals") or [], ROW_FIELDS["goals"]),
        "goals_errors": errors("goals"),
        "tasks": tasks,
        "tasks_errors": errors("tasks"),
        "bodies": rows("bodies", c.get("bodies") or [], ROW_FIELDS["bodies"]),
        "bodies_errors": errors("bodies"),
        "ip": {
            "default_ownership": _field("ip-default_ownership", ip.get("default_ownership"), errors),
            "ownership_note_zh": _field("ip-ownership_note_zh", ip.get("ownership_note_zh"), errors),
            "background_ip_zh": _field("ip-background_ip_zh", ip.get("background_ip_zh"), errors),
            "member_licence": _field("ip-member_licence", ip.get("member_licence"), errors),
            "non_member_licence": _field("ip-non_member_licence", ip.get("non_member_licence"), errors),
            "revenue_split": rows(
                "ip-revenue_split", ip.get("revenue_split") or [], ROW_FIELDS["ip-revenue_split"]
            ),
            "revenue_split_errors": errors("ip-revenue_split"),
        },
        "breach": {
            "breaches": _field("breach-breaches", "\n".join(breach.get("breaches") or []), errors),
            "remedies": _field("breach-remedies", "\n".join(breach.get("remedies") or []), errors),
            "expulsion": bool(breach.get("expulsion")),
            "grant_recovery": bool(breach.get("grant_recovery")),
        },
        "diffusion": {
            "mechanism_zh": _field("diffusion-mechanism_zh", diffusion.get("mechanism_zh"), errors),
            "public_results": bool(diffusion.get("public_results")),
        },
        "disputes": {
            "use_arbitration": disputes.get("arbitration") is not None,
            "use_litigation": disputes.get("litigation") is not None,
            "institution": _field(
                "disputes-arbitration-institution",
                (disputes.get("arbitration") or {}).get("institution"),
                errors,
            ),
            "court": _field(
                "disputes-litigation-court", (disputes.get("litigation") or {}).get("court"), errors
            ),
            "errors": errors("disputes"),
        },
        "term": {
            "years": _field("term-years", term.get("years"), errors),
            "until": _field("term-until", term.get("until"), errors),
            "entry_into_force_zh": _field(
                "term-entry_into_force_zh", term.get("entry_into_force_zh"), errors
            ),
            "errors": errors("term"),
        },
        "annexes": rows("annexes", c.get("annexes") or [], ROW_FIELDS["annexes"]),
        "parties": parties,
        "choices": {
            "body_kind": _choices(BodyKind),
            "commitment_kind": _choices(CommitmentKind),
            "ownership": _choices(Ownership),
            "licence": _choices(LicenceTerms),
            "beneficiary": _choices(Beneficiary),
        },
    }
    ctx["unplaced"] = errors.unplaced()
    return ctx


def accession_context(content: dict[str, Any], errors: Errors, acceding: tuple[str, str]) -> dict[str, Any]:
    c = content or {}
    task = c.get("task") or {}
    commitments = task.get("commitments") or []
    ctx = {
        "undertaking_zh": _field("undertaking_zh", c.get("undertaking_zh"), errors),
        "effective_from_zh": _field("effective_from_zh", c.get("effective_from_zh"), errors),
        "task_party": acceding[0],
        "task_description": _field("task-description_zh", task.get("description_zh"), errors),
        "commitments": [
            {
                "index": i,
                "prefix": f"task-commitments-{i}",
                "blank": i >= len(commitments),
                "fields": {
                    f: _field(f"task-commitments-{i}-{f}", item.get(f), errors) for f in COMMITMENT_FIELDS
                },
            }
            for i, item in enumerate([*commitments, {}])
        ],
        "choices": {"commitment_kind": _choices(CommitmentKind)},
        "acceding": acceding,
    }
    ctx["unplaced"] = errors.unplaced()
    return ctx


SECTION_TITLES = {
    "title": _("Title"),
    "purpose": _("Purpose and principles"),
    "goals": _("Technology-innovation goals"),
    "tasks": _("Division of tasks"),
    "bodies": _("Bodies and duties"),
    "membership": _("Admission and exit"),
    "funds": _("Fund management"),
    "ip": _("Intellectual property and benefit sharing"),
    "breach": _("Breach liability"),
    "dissolution": _("Dissolution"),
    "disputes": _("Dispute resolution"),
    "term": _("Term and entry into force"),
    "annexes": _("Annexes"),
}
