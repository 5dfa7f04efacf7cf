"""Stable codes of the agreements app. Identifiers are English; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionKind(models.TextChoices):
    """What a version is: the founding agreement, an amendment of it, or one member's accession."""

    AGREEMENT = "agreement", _("Alliance agreement")
    AMENDMENT = "amendment", _("Amendment")
    ACCESSION = "accession", _("Accession instrument")


class VersionStatus(models.TextChoices):
    """Draft (editable) → open for signature (frozen) → effective → superseded; or withdrawn."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signature")
    EFFECTIVE = "effective", _("Effective")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Capacity(models.TextChoices):
    """In what capacity an organisation signs a version."""

    PARTY = "party", _("Party")
    ACCEDING = "acceding", _("Acceding member")
    FOR_ALLIANCE = "for_alliance", _("For the alliance")


class KeyStatus(models.TextChoices):
    """A signing key is registered (pending), confirmed by the secretariat, or revoked."""

    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REVOKED = "revoked", _("Revoked")


class BodyKind(models.TextChoices):
    """The three kinds of body Article 8(3) requires."""

    DECISION = "decision", _("Decision body")
    ADVISORY = "advisory", _("Advisory body")
    EXECUTIVE = "executive", _("Executive body")


class Matter(models.TextChoices):
    """The kinds of decision an agreement's procedures may give different rules (governance uses these codes)."""

    ORDINARY = "ordinary", _("Ordinary matters")
    IMPORTANT = "important", _("Important matters (amendment, admission, expulsion, dissolution)")


class CommitmentKind(models.TextChoices):
    """What a member commits to its task."""

    MONEY = "money", _("Money")
    STAFF = "staff", _("Staff")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class Ownership(models.TextChoices):
    """Default owner of results made in alliance projects (Art. 8(5))."""

    CREATOR = "creator", _("The member that creates the result")
    JOINT = "joint", _("Jointly by the members that create it")
    ALLIANCE = "alliance", _("The alliance (held by the member bearing external liability)")
    BY_PROJECT_CONTRACT = "by_project_contract", _("As each project contract says")


class LicenceTerms(models.TextChoices):
    """Licence terms for results, to members and to non-members."""

    ROYALTY_FREE = "royalty_free", _("Royalty-free")
    PREFERENTIAL = "preferential", _("On preferential terms")
    FAIR_REASONABLE = "fair_reasonable", _("On fair and reasonable terms")
    SEPARATE_AGREEMENT = "separate_agreement", _("By separate agreement")
    NOT_LICENSED = "not_licensed", _("Not licensed")


class Beneficiary(models.TextChoices):
    """Who receives a share of the revenue from commercialising results."""

    CREATOR = "creator", _("The member that created the result")
    CONTRIBUTORS = "contributors", _("The members that contributed to the project")
    INVENTORS = "inventors", _("The inventors (natural persons)")
    ALLIANCE = "alliance", _("The alliance fund")


class DisputeMethod(models.TextChoices):
    """Arbitration or litigation: an agreement names one, never both."""

    ARBITRATION = "arbitration", _("Arbitration")
    LITIGATION = "litigation", _("Litigation")
