"""Cross-checks of the ``applications`` section (1.2) on the raw JSON, each problem with its path."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from itisa.dossier.base import Problem, json_path, raw_date, raw_datetime, raw_items, raw_str
from itisa.dossier.governance_checks import duplicates, status_problem
from itisa.membership.choices import ApplicationStatus
from itisa.membership.models.applications import OPEN_STATUSES


def _motion_refs(data: dict[str, Any]) -> set[tuple[str, int]]:
    return {
        (raw_str(body, "name_zh"), motion["number"])
        for _i, body in raw_items(data, "bodies")
        for _k, motion in raw_items(body, "motions")
        if isinstance(motion.get("number"), int)
    }


def application_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Applications: unique, references resolve within the dossier, a rejection gives its reason, one open
    application per credit code, and the status is the last of the history."""
    motions = _motion_refs(data)
    versions = {v.get("number") for _i, v in raw_items(data, "agreements")}
    memberships = {
        (raw_str(m, "organisation"), raw_date(m, "joined_on")) for _i, m in raw_items(data, "memberships")
    }
    problems = duplicates(
        data,
        "applications",
        lambda a: (
            (raw_str(a, "uscc"), raw_datetime(a, "submitted_at")) if raw_datetime(a, "submitted_at") else None
        ),
        _("The same application appears twice."),
        usccs,
        "organisation",
    )
    open_codes: set[str] = set()
    for i, app in raw_items(data, "applications"):
        loc: tuple[int | str, ...] = ("applications", i)
        uscc, org = raw_str(app, "uscc"), app.get("organisation")
        if isinstance(org, str) and org != uscc:
            problems.append(
                Problem(
                    json_path((*loc, "organisation")),
                    _("The registered organisation differs from the credit code applied with."),
                )
            )
        motion = app.get("motion")
        if isinstance(motion, dict) and isinstance(motion.get("number"), int):
            ref = (raw_str(motion, "body"), motion["number"])
            if ref not in motions:
                problems.append(
                    Problem(
                        json_path((*loc, "motion")),
                        _("No motion %(number)s of %(body)s in the dossier.")
                        % {"number": ref[1], "body": ref[0]},
                    )
                )
        accession = app.get("accession")
        if isinstance(accession, int) and accession not in versions:
            problems.append(
                Problem(
                    json_path((*loc, "accession")),
                    _("No agreement version %(number)s in the dossier.") % {"number": accession},
                )
            )
        membership = app.get("membership")
        if isinstance(membership, dict):
            key = (raw_str(membership, "organisation"), raw_date(membership, "joined_on"))
            if key[1] is not None and (key not in memberships or key[0] != org):
                problems.append(
                    Problem(
                        json_path((*loc, "membership")),
                        _("No membership of %(uscc)s joining on %(date)s in the dossier.")
                        % {"uscc": key[0], "date": key[1].isoformat()},
                    )
                )
        status = raw_str(app, "status")
        if status == ApplicationStatus.REJECTED and not raw_str(app, "rejection_reason").strip():
            problems.append(
                Problem(json_path((*loc, "rejection_reason")), _("Give the reason for the rejection."))
            )
        if status in OPEN_STATUSES:
            if uscc in open_codes:
                problems.append(
                    Problem(
                        json_path((*loc, "status")),
                        _("%(uscc)s has more than one open application.") % {"uscc": uscc},
                    )
                )
            open_codes.add(uscc)
        problems += status_problem(app, loc)
    return problems
