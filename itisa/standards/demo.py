"""The demo's standards for CSA (through the services, the council's ballots included):

- S0001, a group standard in drafting (起草): its lead (the chair unit) declared a patent essential to the
  draft (a real CNIPA number, /work/shared/data/cn-patent-samples.csv) under RAND terms, and the vice-chair
  unit declared that no licence is needed; the council approved it for drafting; a university joined the
  drafting afterwards, so two of its three drafting members have declared, and the next round (before the
  submission for approval) waits for all three.
- S0002, a published group standard, T/CSA 001-2026, through both votes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.governance.models import Body, Seat
from itisa.governance.services import motion_close, vote_cast
from itisa.registry.models import Alliance, Organisation
from itisa.standards.models import StandardProject
from itisa.standards.services import (
    DeclarationInput,
    DrafterInput,
    MoveInput,
    StandardInput,
    declaration_file,
    drafter_add,
    round_open,
    standard_create,
    standard_move,
    vote_open,
)

CHAIR, VICE, THU = "91320100D000000133", "91350200D00000021F", "12100000400000624D"
PATENT = "ZL201811564288.X"


def _vote(standard: StandardProject, *, secretariat: Any, council: Body) -> None:
    """The council's ballot: every seat in its term votes yes; the secretariat closes it."""
    row = vote_open(
        by=secretariat, standard=standard, body=council, deadline=timezone.now() + dt.timedelta(days=7)
    )
    if row.motion is None:  # pragma: no cover - vote_open sets it
        return
    on = timezone.localdate()
    seats = Seat.objects.filter(body=council, representative__isnull=False).select_related("representative")
    for seat in seats.order_by("pk"):
        if seat.term_start <= on and (seat.term_end is None or on <= seat.term_end):
            vote_cast(by=seat.representative, motion=row.motion, choice="yes")  # type: ignore[arg-type]
    motion_close(by=secretariat, motion=row.motion)


def _none_needed(standard: StandardProject, org: Organisation, ref: str, *, by: Any) -> None:
    declaration_file(by=by, standard=standard, data=DeclarationInput(
        organisation=org.pk, holds_essential=False, licensing="none_needed", document_ref=ref))  # fmt: skip


@transaction.atomic
def load_demo_standards(*, alliance: Alliance, secretariat: Any) -> list[StandardProject]:
    """Once (nothing when the alliance has demo standards, or without the demo's council and members)."""
    council = Body.objects.filter(alliance=alliance, body_type="council").first()
    orgs = {o.uscc: o for o in Organisation.objects.filter(uscc__in=[CHAIR, VICE, THU])}
    if (
        StandardProject.objects.filter(alliance=alliance, is_demo=True).exists()
        or council is None
        or len(orgs) < 3
    ):
        return []
    s = secretariat
    drafting = standard_create(
        by=s, alliance=alliance, is_demo=True,
        data=StandardInput(level="group", title_zh="大功率LED芯片光电参数测试方法（演示）",
                           title_en="Test methods for the photoelectric parameters of high-power LED chips (demo)",
                           committee="CSA 标准化委员会", lead=orgs[CHAIR].pk),
    )  # fmt: skip
    drafter_add(by=s, standard=drafting, data=DrafterInput(organisation=orgs[VICE].pk))
    round_open(by=s, standard=drafting)
    declaration_file(by=s, standard=drafting, data=DeclarationInput(
        organisation=orgs[CHAIR].pk, holds_essential=True, patents=[PATENT], licensing="rand",
        document_ref="CSA-IPR-2026-001（签字盖章件）", note="按公平、合理、无歧视条件许可",
    ))  # fmt: skip
    _none_needed(drafting, orgs[VICE], "CSA-IPR-2026-002（签字盖章件）", by=s)
    _vote(drafting, secretariat=s, council=council)
    standard_move(by=s, standard=drafting, data=MoveInput(to="drafting"))
    drafter_add(by=s, standard=drafting, data=DrafterInput(organisation=orgs[THU].pk))

    published = standard_create(
        by=s, alliance=alliance, is_demo=True,
        data=StandardInput(level="group", title_zh="半导体照明术语（演示）", title_en="Solid-state lighting terms (demo)",
                           committee="CSA 标准化委员会", lead=orgs[VICE].pk),
    )  # fmt: skip
    for stage in ("approved", "submitted"):
        round_open(by=s, standard=published)
        _none_needed(published, orgs[VICE], f"CSA-IPR-2026-{stage}", by=s)
        _vote(published, secretariat=s, council=council)
        if stage == "approved":
            for to in ("drafting", "consultation", "review"):
                standard_move(by=s, standard=published, data=MoveInput(to=to))
    standard_move(by=s, standard=published, data=MoveInput(
        to="published", published_number="T/CSA 001-2026", published_on=timezone.localdate()))  # fmt: skip
    return [drafting, published]
