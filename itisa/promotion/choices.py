"""Choices of the promotion of alliances by provinces and industry bodies (Art. 11, 12 of 国科发政〔2008〕770号).
Stable English codes; labels translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    """Who promotes: a province's science and technology department (Art. 12: the province's pillar
    industries), an industry association (Art. 11: its industry), or a central ministry in charge of an
    industry (which the role summary scopes like an association)."""

    PROVINCE = "province", _("Provincial department")
    ASSOCIATION = "association", _("Industry association")
    MINISTRY = "ministry", _("Ministry")


class ProblemStatus(models.TextChoices):
    """Draft (its body's officers only; may be deleted) → open (published) → closed (still public)."""

    DRAFT = "draft", pgettext_lazy("key problem", "Draft")
    OPEN = "open", pgettext_lazy("key problem", "Open")
    CLOSED = "closed", pgettext_lazy("key problem", "Closed")


class EndorsementStatus(models.TextChoices):
    """An endorsement is active until its body withdraws it; a withdrawn one is kept, never deleted."""

    ACTIVE = "active", pgettext_lazy("endorsement", "Active")
    WITHDRAWN = "withdrawn", pgettext_lazy("endorsement", "Withdrawn")


# What the public sees of the key problems.
PUBLISHED = (ProblemStatus.OPEN, ProblemStatus.CLOSED)


def body_label(kind: str, code: str) -> str:
    """A promoting body as people name it: 山东省（省级科技主管部门）, 采矿业（行业协会）."""
    from django.utils.translation import gettext

    from itisa.core.industries import Industry
    from itisa.core.regions import Province

    if kind == BodyKind.PROVINCE:
        name = str(Province(code).label) if code in Province.values else code
        return gettext("%(province)s (provincial department)") % {"province": name}
    name = str(Industry(code).label) if code in Industry.values else code
    if kind == BodyKind.MINISTRY:
        return gettext("%(industry)s (ministry)") % {"industry": name}
    return gettext("%(industry)s (industry association)") % {"industry": name}
