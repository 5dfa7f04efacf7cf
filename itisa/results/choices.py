"""Kinds and statuses of alliance results (Art. 5: IP sharing; Art. 8(5): ownership agreed in advance)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultKind(models.TextChoices):
    """What a result is. The three patent kinds carry a CNIPA application number (ZC 0006-2003)."""

    INVENTION = "invention", _("Invention patent")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design")
    SOFTWARE = "software", _("Software copyright")
    STANDARD = "standard", _("Standard")
    PAPER = "paper", _("Paper")
    PRODUCT = "product", _("New product or process")
    KNOW_HOW = "know_how", _("Technical know-how")


PATENT_KINDS = (ResultKind.INVENTION, ResultKind.UTILITY_MODEL, ResultKind.DESIGN)
# kinds registered with an office (a number, a filing and a grant): patents, software copyrights, standards
REGISTERED_KINDS = (*PATENT_KINDS, ResultKind.SOFTWARE, ResultKind.STANDARD)


class ResultStatus(models.TextChoices):
    """filed → granted → lapsed; filed → lapsed (refused or withdrawn). A result that is not registered
    with an office (a paper, a product, know-how) is simply recorded."""

    FILED = "filed", _("Filed")
    GRANTED = "granted", _("Granted")
    LAPSED = "lapsed", _("Lapsed")
    RECORDED = "recorded", _("Recorded")


class OwnershipBasis(models.TextChoices):
    """Why the owners are who they are: the agreement's rule at registration, or a recorded decision."""

    AGREEMENT = "agreement", _("The agreement's default ownership rule")
    PROJECT_CONTRACT = "project_contract", _("The project contract")
    STATUTE = "statute", _("The law, as the agreement sets no rule")
    RESOLUTION = "resolution", _("A resolution of the decision body")
    CONSENT = "consent", _("The owners' written consent")


CHANGE_BASES = (OwnershipBasis.RESOLUTION, OwnershipBasis.CONSENT)


class AccessPurpose(models.TextChoices):
    """Why a member needs access rights to a result it does not own (DESCA 9.3–9.4)."""

    PROJECT_EXECUTION = "project_execution", _("To carry out its own work in the project")
    EXPLOITATION = "exploitation", _("To exploit its own results")


class AccessTerms(models.TextChoices):
    """The terms on which the owners grant access rights (DESCA 9.3–9.4)."""

    ROYALTY_FREE = "royalty_free", _("Royalty-free")
    FAIR_REASONABLE = "fair_reasonable", _("On fair and reasonable conditions")


class AccessRequestStatus(models.TextChoices):
    """requested → granted (with terms) or refused (with the reason), by the result's owners."""

    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
