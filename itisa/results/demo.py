"""The demo's results register for CSA: the five real CNIPA numbers of ``data/cn-patent-samples.csv``
(shared/data) with their real titles, registered as illustrative results of CSA (their attachment to CSA
and the dates are made up; the numbers and titles are real), made by CSA's first two active members
(60/40), so the owners follow the demo agreement's rule. When the demo has a project of CSA (another
demo loader adds them), the results are attached to its first one and take its funding sources."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.core.identifiers import check_cn_patent
from itisa.projects.models import Project
from itisa.registry.models import Alliance
from itisa.results.models import Result
from itisa.results.services import InventorInput, ResultInput, ShareInput, result_register
from itisa.results.services.results import active_members

SAMPLES = Path(__file__).resolve().parent / "data" / "cn-patent-samples.csv"
KINDS = {"invention": "invention", "utility_model": "utility_model", "design": "design"}


@transaction.atomic
def load_demo_results(*, alliance: Alliance, secretariat: Any) -> list[Result]:
    """Once: register the sample patents as CSA's (nothing when demo results exist)."""
    if Result.objects.filter(alliance=alliance, is_demo=True).exists():
        return []
    members = sorted(active_members(alliance))[:2]
    if not members:
        return []
    contributions = (
        [ShareInput(organisation=members[0], share="60"), ShareInput(organisation=members[1], share="40")]
        if len(members) == 2
        else [ShareInput(organisation=members[0], share="100")]
    )
    project = Project.objects.filter(alliance=alliance, is_demo=True).order_by("code").first()
    today = timezone.localdate()
    created = []
    with SAMPLES.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            checked = check_cn_patent(row["number"])
            year = checked.year or 2018
            filed_on = dt.date(year, 6, 1)
            granted_on = dt.date(year + 2, 9, 1)
            granted = row["number"].startswith("ZL") and granted_on <= today
            created.append(
                result_register(
                    by=secretariat,
                    alliance=alliance,
                    is_demo=True,
                    data=ResultInput(
                        kind=KINDS[checked.patent_type or "invention"],
                        title_zh=row["title"],
                        project=project.pk if project else None,
                        number=row["number"],
                        status="granted" if granted else "filed",
                        filed_on=filed_on,
                        granted_on=granted_on if granted else None,
                        contributions=contributions,
                        inventors=[
                            InventorInput(name="张明（演示）", share="60"),
                            InventorInput(name="李华（演示）", share="40"),
                        ],
                    ),  # fmt: skip
                )
            )
    return created
