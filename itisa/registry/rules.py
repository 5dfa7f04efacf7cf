"""Rules of an organisation's record that look across its fields: pure functions, no ORM.

Written once and called by everything that takes an organisation's record: the registry services, the
admission of a new member (membership) and the dossier import (dossier). Each caller checks the shape
of single fields itself (required, choices); these rules say what the fields must be together.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from itisa.core.regions import region_code_problem
from itisa.registry.choices import OrganisationKind


def organisation_problems(
    *, kind: str, ownership: str | None, province: str | None, region_code: str
) -> list[tuple[str, str]]:
    """What is wrong with these fields of an organisation together, as (field, message) pairs.

    - The GB/T 2260 region code has six digits, names a province-level division and lies in the
      organisation's province (a code at national level, 100000, lies in every province).
    - An enterprise states its ownership (国有、民营…); no other kind of organisation has one.
      A kind that is not one of ours is reported by the caller's choice check, not here.
    """
    problems: list[tuple[str, str]] = []
    if region_code:
        problem = region_code_problem(region_code, province or "")
        if problem:
            problems.append(("region_code", problem))
    if kind == OrganisationKind.ENTERPRISE and not ownership:
        problems.append(("ownership", _("Give the ownership of an enterprise.")))
    elif kind in OrganisationKind.values and kind != OrganisationKind.ENTERPRISE and ownership:
        problems.append(("ownership", _("Ownership applies only to enterprises.")))
    return problems
