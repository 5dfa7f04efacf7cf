"""The structured agreement editor: content ↔ flat form fields, and errors placed by field path.

Input names are the content paths with ``-`` for ``.`` (``goals-0-target``); lists are read row by
row until a missing index, and a row whose inputs are all empty (or ticked for removal) is dropped.
Every list is shown with one empty row more than it holds, so rows can be added without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from itisa.agreements.choices import Beneficiary, BodyKind, CommitmentKind, LicenceTerms, Matter, Ownership
from itisa.agreements.content import Body, VoteRule, default_procedures

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
VOTE_FIELDS = (
    "body_zh",
    "matter",
    "quorum",
    "quorum_comparison",
    "threshold",
    "threshold_comparison",
    "threshold_base",
    "abstentions_count_as_present",
    "chair_casting_vote",
    "veto_days",
)
VOTE_FLAGS = ("abstentions_count_as_present", "chair_casting_vote")
# the day (month, year) counts of the procedures, in clause order, with their labels
PROCEDURE_NUMBERS = (
    ("notice_ordinary_days", _("Notice of an ordinary meeting (days)")),
    ("notice_extraordinary_days", _("Notice of an extraordinary meeting (days)")),
    ("agenda_ordinary_days", _("Agenda before an ordinary meeting (days)")),
    ("agenda_extraordinary_days", _("Agenda before an extraordinary meeting (days)")),
    ("additions_ordinary_days", _("Last additions before an ordinary meeting (days)")),
    ("additions_extraordinary_days", _("Last additions before an extraordinary meeting (days)")),
    ("recall_days", _("Meeting called again after a missed quorum, within (days)")),
    ("minutes_draft_days", _("Draft minutes sent within (days)")),
    ("minutes_objection_days", _("Objections to the minutes within (days)")),
    ("breach_cure_days", _("Cure period after a notice of breach (days)")),
    ("publication_notice_days", _("Notice of a publication (days)")),
    ("publication_objection_days", _("Objection to a publication within (days)")),
    ("publication_delay_max_days", _("Publication delayed at most (days)")),
    ("joint_owner_notice_days", _("Notice to joint owners (days)")),
    ("access_request_months", _("Access requests up to (months after the project)")),
    ("confidentiality_years", _("Confidentiality (years)")),
)
COMPARISONS = (("at_least", _("at least")), ("more_than", _("more than")))
BASES = (
    ("cast", _("of the votes cast (yes and no)")),
    ("present", _("of those present")),
    ("seats", _("of all seats")),
)


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
        "cost_recovery_first": bool(post.get("ip-cost_recovery_first")),
        "transfer_objection_days": _number(_get(post, "ip-transfer_objection_days")) or 45,
    }
    content["breach"] = {
        "breaches": [line.strip() for line in _get(post, "breach-breaches").splitlines() if line.strip()],
        "remedies": [line.strip() for line in _get(post, "breach-remedies").splitlines() if line.strip()],
        "suspension": bool(post.get("breach-suspension")),
        "expulsion": bool(post.get("breach-expulsion")),
        "grant_recovery": bool(post.get("breach-grant_recovery")),
    }
    content["diffusion"] = {
        "mechanism_zh": _get(post, "diffusion-mechanism_zh"),
        "public_results": bool(post.get("diffusion-public_results")),
        "deadline_months": _number(_get(post, "diffusion-deadline_months")) or 12,
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
    content["procedures"] = _procedures_from_post(post)
    return content


def _procedures_from_post(post: QueryDict) -> dict[str, Any] | None:
    """The procedures section, or None when the form had none (an agreement that states none yet)."""
    if not post.get("procedures-on"):
        return None
    votes: list[dict[str, Any]] = []
    for i in range(MAX_ROWS):
        prefix = f"procedures-votes-{i}"
        if f"{prefix}-body_zh" not in post:
            break
        if post.get(f"{prefix}-DELETE") or not _get(post, f"{prefix}-body_zh"):
            continue
        row: dict[str, Any] = {
            f: _get(post, f"{prefix}-{f}") for f in VOTE_FIELDS if f not in VOTE_FLAGS and f != "veto_days"
        }
        row.update({f: bool(post.get(f"{prefix}-{f}")) for f in VOTE_FLAGS})
        # an empty veto window is no veto
        row["veto_days"] = _number(_get(post, f"{prefix}-veto_days")) or 0
        votes.append(row)
    numbers = {name: _number(_get(post, f"procedures-{name}")) for name, _label in PROCEDURE_NUMBERS}
    return {"votes": votes, **numbers}


def template_procedures(bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """The template's procedures for the bodies a (possibly unsaved) form names: ``default_procedures``."""
    named: list[Body] = []
    for raw in bodies:
        try:
            named.append(Body.model_validate(raw))
        except ValidationError:
            continue  # an unfinished row; the body list shows its own error
    return default_procedures(named).model_dump(mode="json")


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
            "cost_recovery_first": bool(ip.get("cost_recovery_first")),
            "transfer_objection_days": _field(
                "ip-transfer_objection_days", ip.get("transfer_objection_days", 45), errors
            ),
        },
        "breach": {
            "breaches": _field("breach-breaches", "\n".join(breach.get("breaches") or []), errors),
            "remedies": _field("breach-remedies", "\n".join(breach.get("remedies") or []), errors),
            "suspension": bool(breach.get("suspension")),
            "expulsion": bool(breach.get("expulsion")),
            "grant_recovery": bool(breach.get("grant_recovery")),
        },
        "diffusion": {
            "mechanism_zh": _field("diffusion-mechanism_zh", diffusion.get("mechanism_zh"), errors),
            "public_results": bool(diffusion.get("public_results")),
            "deadline_months": _field(
                "diffusion-deadline_months", diffusion.get("deadline_months", 12), errors
            ),
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
        "procedures": _procedures_context(c, errors),
        "parties": parties,
        "choices": {
            "body_kind": _choices(BodyKind),
            "commitment_kind": _choices(CommitmentKind),
            "ownership": _choices(Ownership),
            "licence": _choices(LicenceTerms),
            "beneficiary": _choices(Beneficiary),
            "matter": _choices(Matter),
            "comparison": [(v, str(label)) for v, label in COMPARISONS],
            "base": [(v, str(label)) for v, label in BASES],
        },
    }
    ctx["unplaced"] = errors.unplaced()
    return ctx


def _procedures_context(c: dict[str, Any], errors: Errors) -> dict[str, Any]:
    """The procedures part of the editor: one row per vote rule (and an empty one), then the day counts."""
    p = c.get("procedures")
    names = [
        b.get("name_zh")
        for b in c.get("bodies") or []
        if b.get("kind") == BodyKind.DECISION and b.get("name_zh")
    ]
    context: dict[str, Any] = {"errors": errors("procedures"), "on": p is not None}
    if p is None:
        return context
    blank = VoteRule(body_zh="").model_dump(mode="json")
    votes = []
    items = [v for v in p.get("votes") or [] if isinstance(v, dict)]
    for i, item in enumerate([*items, {**blank, "body_zh": ""}]):
        prefix = f"procedures-votes-{i}"
        current = item.get("body_zh") or ""
        votes.append(
            {
                "prefix": prefix,
                "blank": i >= len(items),
                "fields": {f: _field(f"{prefix}-{f}", item.get(f), errors) for f in VOTE_FIELDS},
                "bodies": [(n, n) for n in dict.fromkeys([*names, *([current] if current else [])])],
                "errors": errors(prefix),
            }
        )
    context.update(
        votes=votes,
        votes_errors=errors("procedures-votes"),
        numbers=[
            {"label": label, "f": _field(f"procedures-{name}", p.get(name), errors)}
            for name, label in PROCEDURE_NUMBERS
        ],
    )
    return context


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
    "procedures": _("Procedures: votes and time limits"),
    "annexes": _("Annexes"),
}
