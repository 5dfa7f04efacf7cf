"""Stable role codes. Identifiers are English; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role a user holds, scoped as ``ROLE_SCOPES`` says."""

    SECRETARIAT = "secretariat", _("Secretariat staff")
    COUNCIL_MEMBER = "council_member", _("Council member")
    MEMBER_CONTACT = "member_contact", _("Member contact")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    FUND_SUPERVISOR = "fund_supervisor", _("Fund supervisor")
    EXPERT = "expert", _("Expert")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    ASSOCIATION_OFFICER = "association_officer", _("Industry association officer")
    # an officer of a central ministry (国务院有关部门) in charge of an industry, who may recommend
    # alliances of that industry for the pilot program
    MINISTRY_OFFICER = "ministry_officer", _("Ministry officer")
    NATIONAL_OFFICER = "national_officer", _("National office officer")
    GOVERNMENT_SUPERVISOR = "government_supervisor", _("Government fund supervisor")
    HOST_FINANCE = "host_finance", _("Host unit finance staff")


class Scope(models.TextChoices):
    """What a role is scoped to."""

    ALLIANCE = "alliance", _("Alliance")
    PROVINCE = "province", _("Province")
    INDUSTRY = "industry", _("Industry")
    NATIONAL = "national", _("National")
    DEPARTMENT = "department", _("Granting department")


ROLE_SCOPES: dict[str, str] = {
    Role.SECRETARIAT: Scope.ALLIANCE,
    Role.COUNCIL_MEMBER: Scope.ALLIANCE,
    Role.MEMBER_CONTACT: Scope.ALLIANCE,
    Role.LEGAL_REPRESENTATIVE: Scope.ALLIANCE,
    Role.FUND_SUPERVISOR: Scope.ALLIANCE,
    Role.EXPERT: Scope.ALLIANCE,
    Role.PROVINCIAL_OFFICER: Scope.PROVINCE,
    Role.ASSOCIATION_OFFICER: Scope.INDUSTRY,
    Role.MINISTRY_OFFICER: Scope.INDUSTRY,
    Role.NATIONAL_OFFICER: Scope.NATIONAL,
    # external and read-only: the grants its department made, in every alliance that received one
    Role.GOVERNMENT_SUPERVISOR: Scope.DEPARTMENT,
    # the host unit's (依托单位) finance staff operate an alliance's books when it entrusts them
    Role.HOST_FINANCE: Scope.ALLIANCE,
}

# Roles that act for one member organisation inside an alliance.
ORGANISATION_ROLES = {Role.MEMBER_CONTACT, Role.LEGAL_REPRESENTATIVE}
OFFICER_ROLES = {
    Role.PROVINCIAL_OFFICER,
    Role.ASSOCIATION_OFFICER,
    Role.MINISTRY_OFFICER,
    Role.NATIONAL_OFFICER,
}
