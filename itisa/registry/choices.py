"""Choices of the registry: organisation kinds, ownership, alliance fields, scopes and statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """Kinds of member unit named in Art. 2 and Art. 8(1) of 国科发政〔2008〕770号."""

    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    OTHER = "other", _("Other organisation")


class Ownership(models.TextChoices):
    """Ownership of an enterprise."""

    STATE_CENTRAL = "state_central", _("State-owned (central)")
    STATE_LOCAL = "state_local", _("State-owned (local)")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    MIXED = "mixed", _("Mixed ownership")


class KeyArea(models.TextChoices):
    """Key areas of 《国家中长期科学和技术发展规划纲要（2006-2020年）》 (Art. 4 of the guiding opinions)."""

    ENERGY = "energy", _("Energy")
    WATER_MINERALS = "water_minerals", _("Water and mineral resources")
    ENVIRONMENT = "environment", _("Environment")
    AGRICULTURE = "agriculture", _("Agriculture")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    TRANSPORT = "transport", _("Transport")
    INFORMATION = "information", _("Information industry and modern services")
    HEALTH = "health", _("Population and health")
    URBANISATION = "urbanisation", _("Urbanisation and urban development")
    PUBLIC_SECURITY = "public_security", _("Public security")
    NATIONAL_DEFENCE = "national_defence", _("National defence")


class EmergingIndustry(models.TextChoices):
    """Strategic emerging industries (国发〔2010〕32号)."""

    ENERGY_SAVING = "energy_saving", _("Energy saving and environmental protection")
    NEXT_GEN_IT = "next_gen_it", _("Next-generation information technology")
    BIOTECH = "biotech", _("Biotechnology")
    HIGH_END_EQUIPMENT = "high_end_equipment", _("High-end equipment manufacturing")
    NEW_ENERGY = "new_energy", _("New energy")
    NEW_MATERIALS = "new_materials", _("New materials")
    NEW_ENERGY_VEHICLES = "new_energy_vehicles", _("New-energy vehicles")


class AllianceScope(models.TextChoices):
    """National alliances (Art. 3) or regional ones around a province's pillar industries (Art. 12)."""

    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")


class AllianceStatus(models.TextChoices):
    """Life of an alliance; moves are listed in ``workflows.ALLIANCE_TRANSITIONS``."""

    FORMING = "forming", _("Forming")
    ESTABLISHED = "established", _("Established")
    PILOT = "pilot", _("Pilot")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")
