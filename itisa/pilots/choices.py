"""Choices of the pilot program: call and application statuses, decision outcomes, materials, rubric.

Codes are stable English identifiers; labels are translated. The default materials checklist and
scoring rubric are copied into each call when it is created, so a later change never rewrites an old call.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallScope(models.TextChoices):
    """Whose programme a call belongs to: the national pilot program (Art. 7) or a province's own
    recognition programme for provincial alliances (Art. 12: regional alliances around a province's
    pillar industries), run by that province's science and technology department."""

    NATIONAL = "national", _("National pilot program")
    PROVINCIAL = "provincial", _("Provincial programme")


class CallStatus(models.TextChoices):
    """Life of a call for pilots; moves are listed in ``workflows.CALL_TRANSITIONS``."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")
    PUBLISHED = "published", _("Published")


class ApplicationStatus(models.TextChoices):
    """Life of an alliance's application to a call; moves are in ``workflows.APPLICATION_TRANSITIONS``."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FORMAL_CHECK = "formal_check", _("Formal check")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    RETURNED = "returned", _("Returned for correction")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")


class Outcome(models.TextChoices):
    """The national office's decision on an application (Art. 7: pilots, and alliances to cultivate)."""

    PILOT = "pilot", _("Pilot")
    CULTIVATION = "cultivation", _("Cultivation (key cultivation alliance)")
    NOT_SELECTED = "not_selected", _("Not selected")
    # a provincial call's selection: recognised by the province, never a national pilot
    RECOGNISED = "recognised", _("Provincial recognised alliance")


# The outcomes a call of each scope may decide; a provincial call recognises alliances (within its
# ``max_pilots``) and has no cultivation list.
SCOPE_OUTCOMES: dict[str, tuple[str, ...]] = {
    CallScope.NATIONAL: (Outcome.PILOT, Outcome.CULTIVATION, Outcome.NOT_SELECTED),
    CallScope.PROVINCIAL: (Outcome.RECOGNISED, Outcome.NOT_SELECTED),
}
# Outcomes that put an alliance on a call's published list.
SELECTED = (Outcome.PILOT, Outcome.CULTIVATION, Outcome.RECOGNISED)


class MaterialKind(models.TextChoices):
    """How a required material was supplied."""

    UPLOAD = "upload", _("Uploaded PDF")
    GENERATED = "generated", _("Generated from the platform")


class RecommenderCapacity(models.TextChoices):
    """In what capacity an application was recommended."""

    PROVINCIAL = "provincial", _("Provincial science and technology department")
    MINISTRY = "ministry", _("Central ministry")
    ASSOCIATION = "association", _("Industry association")
    NATIONAL = "national", _("National office")


# The materials an application must include (stable code, Chinese label, English label).
DEFAULT_MATERIALS: list[dict[str, str]] = [
    {"code": "application_form", "label_zh": "试点申请书", "label_en": "Application form"},
    {"code": "agreement", "label_zh": "联盟协议", "label_en": "Alliance agreement"},
    {"code": "charter", "label_zh": "联盟章程", "label_en": "Charter"},
    {
        "code": "member_list",
        "label_zh": "成员单位名单及法人资格证明",
        "label_en": "Member list with proof of legal-person status",
    },
    {
        "code": "bodies_staff",
        "label_zh": "组织机构及专职人员情况",
        "label_en": "Decision, advisory and executive bodies and full-time staff",
    },
    {"code": "fund_rules", "label_zh": "经费管理制度", "label_en": "Fund management rules"},
    {
        "code": "ip_rules",
        "label_zh": "知识产权管理制度",
        "label_en": "Intellectual property management rules",
    },
    {"code": "work_summary", "label_zh": "上一年度工作总结", "label_en": "Last year's work summary"},
]

# Materials the platform can supply itself: a reference to what it holds, not a copy of the bytes.
GENERATED_MATERIALS = frozenset({"agreement", "member_list", "bodies_staff"})

# The scoring rubric: criteria with weights summing to 100; each expert scores each criterion 0–100.
DEFAULT_RUBRIC: list[dict[str, object]] = [
    {
        "code": "innovation",
        "label_zh": "技术创新能力与任务分工",
        "label_en": "Technological innovation capacity and division of tasks",
        "weight": 25,
    },
    {
        "code": "industry",
        "label_zh": "产业影响力与带动作用",
        "label_en": "Weight in the industry and leading role",
        "weight": 20,
    },
    {
        "code": "governance",
        "label_zh": "组织机构与运行机制",
        "label_en": "Bodies and operating mechanism",
        "weight": 20,
    },
    {
        "code": "cooperation",
        "label_zh": "实质性合作与联合攻关成效",
        "label_en": "Substantive cooperation and joint R&D results",
        "weight": 20,
    },
    {
        "code": "funds",
        "label_zh": "经费保障与管理",
        "label_en": "Funding and its management",
        "weight": 15,
    },
]


def item_label(item: dict[str, object]) -> str:
    """The label of a checklist item or rubric criterion in the active language (Chinese by default)."""
    from django.utils.translation import get_language

    language = get_language() or "zh-hans"
    return str(item.get("label_en") if language.startswith("en") else item.get("label_zh"))
