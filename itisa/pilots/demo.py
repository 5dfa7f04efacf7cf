"""The demo's pilot program: a 2026 call for pilot alliances, opened by the national office, and CSA's
application with its materials (submitted when the eligibility report has no failing criterion). A
submitted application goes on to expert review with two demo experts from outside CSA: one has scored
it, the other (`reviewer`) still has to. CSA is established, not yet a pilot, so the office can select it:
decide the application "pilot", close the call and publish its list, which makes CSA a pilot.

Before it, an earlier call (``load_demo_earlier_pilot``), taken all the way at its past dates: NCCI applied,
both experts reviewed it, the office selected it and published the list two years and a month before the
demo is loaded, so NCCI is a pilot whose two-year period ended a month ago (the formal evaluation of
``evaluation.demo`` takes it up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.core.errors import DomainError
from itisa.membership.models import Membership
from itisa.pilots import services
from itisa.pilots.choices import GENERATED_MATERIALS
from itisa.pilots.models import Application, Call, Expert
from itisa.registry.models import Alliance

DEMO_TITLE = "2026年度产业技术创新战略联盟试点申报"
# a minimal, valid one-page PDF standing in for each scanned document
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def load_demo_pilots(
    *, alliance: Alliance, national: Any, secretariat: Any, reviewers: tuple[Any, Any]
) -> Application | None:
    """Once: the 2026 call (open through the end of 2026) and ``alliance``'s application to it.

    Idempotent: nothing happens when the demo call exists. The application is submitted only if the
    eligibility report fails no criterion; otherwise it stays a draft with every material supplied.
    """
    if Call.objects.filter(title_zh=DEMO_TITLE, is_demo=True).exists():
        return Application.objects.filter(call__title_zh=DEMO_TITLE, alliance=alliance).first()
    today = timezone.localdate()
    data = services.CallInput(
        title_zh=DEMO_TITLE,
        title_en="2026 call for pilot industrial technology innovation strategic alliances",
        opens_on=min(dt.date(2026, 3, 1), today),
        closes_on=max(dt.date(2026, 12, 31), today + dt.timedelta(days=60)),
        rules="2008",
        max_pilots=10,
        max_cultivation=20,
    )
    application, submitted = _open_and_apply(data, by=national, secretariat=secretariat, alliance=alliance)
    if not submitted:
        return application
    _demo_finding(alliance, national=national)
    return _demo_review(application, national=national, reviewers=reviewers, reviews=(None, CSA_REVIEW))


def _open_and_apply(
    data: services.CallInput, *, by: Any, secretariat: Any, alliance: Alliance, now: dt.datetime | None = None
) -> tuple[Application, bool]:
    """Draft and open the demo call ``data`` as ``by``; ``alliance`` applies with every item of the
    checklist (from the platform where it holds it, else the stand-in PDF) and submits if it can, at
    ``now`` (default now). The application, and whether it was submitted."""
    call = services.call_open(by=by, call=services.call_create(by=by, data=data, is_demo=True))
    application = services.application_create(
        by=secretariat, call=call, alliance=alliance, is_demo=True, now=now
    )
    for item in call.materials:
        code = item["code"]
        if code in GENERATED_MATERIALS:
            try:
                services.material_generate(by=secretariat, application=application, code=code, now=now)
                continue
            except DomainError:
                pass  # the platform does not hold it: upload the stand-in PDF
        services.material_upload(
            by=secretariat, application=application, code=code, name=f"{code}.pdf", data=DEMO_PDF, now=now
        )
    try:
        return services.application_submit(by=secretariat, application=application, now=now), True
    except DomainError:
        return application, False


def _demo_finding(alliance: Alliance, *, national: Any) -> None:
    """After submission the office finds the chair enterprise a backbone of the industry (Art. 8(1));
    whether a university or institute is at the frontier is left open, so the checklist still shows
    one criterion that needs review."""
    chair = (
        Membership.objects.active()
        .filter(alliance=alliance, rank="chair", organisation__kind="enterprise")
        .select_related("organisation")
        .first()
    )
    if chair is not None:
        services.finding_record(
            by=national,
            alliance=alliance,
            organisation=chair.organisation,
            question="backbone",
            holds=True,
            reason="理事长单位为行业龙头企业，主导制定多项行业标准（演示）。",
        )


# Two fictional experts with no role in CSA (so no conflict of interest) and a first, submitted review.
DEMO_EXPERTS = (
    ("林知远（演示）", "半导体照明；光电子器件"),
    ("贺清和（演示）", "产业经济；科技管理"),
)
DEMO_SCORES = {"innovation": 86, "industry": 82, "governance": 90, "cooperation": 84, "funds": 78}


# (scores, a comment on governance, the summary) of a submitted review
DemoReview = tuple[dict[str, int], str, str]
CSA_REVIEW: DemoReview = (
    DEMO_SCORES,
    "理事会、专家委员会和秘书处健全，表决规则明确。",
    "联盟组织健全，协议规范，建议列为试点。",
)


def _demo_review(
    application: Application, *, national: Any, reviewers: tuple[Any, Any],
    reviews: tuple[DemoReview | None, DemoReview | None], at: tuple[dt.datetime, dt.datetime] | None = None,
) -> Application:  # fmt: skip
    """The office checks the application and sends it to the two demo experts (created in the pool the first
    time), who submit the ``reviews`` given (None: not yet); at ``at`` (the office's moves, the reviews) or now."""
    moved, reviewed = at or (None, None)
    for target in ("formal_check", "expert_review"):
        application = services.application_move(
            by=national, application=application, target=target, now=moved
        )
    codes = [c["code"] for c in application.call.rubric]
    for user, (name, fields), review in zip(reviewers, DEMO_EXPERTS, reviews, strict=True):
        expert = Expert.objects.filter(user=user).first() or services.expert_create(
            by=national, user=user, name=name, specialities=fields, is_demo=True
        )
        assignment = services.expert_assign(by=national, application=application, expert=expert, now=moved)
        if review is not None:
            scores, comment, summary = review
            services.review_submit(by=user, assignment=assignment, scores={c: scores.get(c, 80) for c in codes},
                                   comments={"governance": comment}, summary=summary, now=reviewed)  # fmt: skip
    application.refresh_from_db()
    return application


# --- the earlier call: a pilot selected two years before whose period has ended (issue 18) -------------

# Days before the list's publication: the call's window, the submission, the office's check and the experts'
# assignment, their reviews, the decision (the list is published on the day itself)
EARLIER_STEPS = {
    "opens_on": 240,
    "closes_on": 150,
    "submitted": 180,
    "sent": 165,
    "reviewed": 140,
    "decided": 60,
}
ENDED_DAYS_AGO = 30
EARLIER_REVIEWS: tuple[DemoReview, DemoReview] = (
    ({"innovation": 84, "industry": 88, "governance": 80, "cooperation": 82, "funds": 76},
     "理事会、专家委员会和秘书处已设立，秘书处配备专职人员。", "骨干企业牵头，产学研结合紧密，建议列为试点。"),
    ({"innovation": 82, "industry": 90, "governance": 78, "cooperation": 80, "funds": 80},
     "组织机构健全，经费管理办法和监督机制明确。", "联盟协议规范，攻关目标明确，建议列为试点。"),
)  # fmt: skip


def earlier_call_dates(today: dt.date) -> dict[str, dt.date]:
    """The dates of the demo's earlier call, following ``today``: its list was published two years and
    ``ENDED_DAYS_AGO`` days before today, so the pilot period it gave (two years, ``pilot_period``) ended
    a month ago whatever day the demo is loaded; each earlier step ``EARLIER_STEPS`` days before that."""
    start = today - dt.timedelta(days=ENDED_DAYS_AGO)
    published = start.replace(
        year=start.year - 2, day=28 if (start.month, start.day) == (2, 29) else start.day
    )
    return {name: published - dt.timedelta(days=days) for name, days in EARLIER_STEPS.items()} | {
        "published": published
    }


def _at(day: dt.date) -> dt.datetime:
    """Ten in the morning of ``day``, office hours where the demo runs."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@transaction.atomic
def load_demo_earlier_pilot(
    *, alliance: Alliance, national: Any, secretariat: Any, reviewers: tuple[Any, Any]
) -> Application:
    """Once: the national office's earlier call (its year that of its opening, see ``earlier_call_dates``)
    and ``alliance``'s application, taken through the pilot program's services at their past dates:
    submitted with every material (its eligibility report of that day frozen), checked, reviewed by the two
    demo experts, decided "pilot", the call closed and its list published, which made ``alliance`` a
    pilot for two years, a period that has since ended.

    Idempotent: nothing happens once ``alliance`` has applied to a demo call. An application that cannot be
    submitted (an eligibility criterion fails on that day) stays a draft and nothing follows.
    """
    found = Application.objects.filter(alliance=alliance, call__is_demo=True).order_by("pk").first()
    if found is not None:
        return found
    days = earlier_call_dates(timezone.localdate())
    year = days["opens_on"].year
    data = services.CallInput(
        title_zh=f"{year}年度产业技术创新战略联盟试点工作",
        title_en=f"{year} pilot programme for industrial technology innovation strategic alliances",
        opens_on=days["opens_on"],
        closes_on=days["closes_on"],
        rules="2008",
        max_pilots=10,
        max_cultivation=20,
    )
    application, submitted = _open_and_apply(
        data, by=national, secretariat=secretariat, alliance=alliance, now=_at(days["submitted"])
    )
    if not submitted:
        return application
    application = _demo_review(application, national=national, reviewers=reviewers, reviews=EARLIER_REVIEWS,
                               at=(_at(days["sent"]), _at(days["reviewed"])))  # fmt: skip
    services.application_decide(by=national, application=application, outcome="pilot",
                                reasons="专家评审通过，符合试点条件，列为试点联盟。（演示）", now=_at(days["decided"]))  # fmt: skip
    call = services.call_close(by=national, call=application.call)
    services.call_publish(by=national, call=call, now=_at(days["published"]))
    application.refresh_from_db()
    return application


# --- a province's own programme (issue 18 item 6) ----------------------------------------------------

PROVINCIAL_TITLE = "2026年度山东省产业技术创新战略联盟认定（演示）"
PROVINCIAL_ALLIANCE = "SDCM"


@transaction.atomic
def load_demo_provincial(
    *, national: Any, provincial: Any, secretariat: Any, members: Sequence[tuple[Any, str]]
) -> Application | None:
    """Once: a regional alliance of Shandong (``SDCM``, fictional, established, with ``members`` as
    (organisation, rank), the first hosting it, and ``secretariat`` as its secretariat), the Shandong department's call of
    its own programme (open through January 2027 at least, a recommendation required) and ``SDCM``'s
    application to it, with every material supplied.

    Like the national demo, the application is submitted only if the eligibility report fails no
    criterion (a young alliance with no agreement on the platform does fail, so it stays a draft, its
    checklist showing what is missing). Idempotent: nothing happens when the call exists.
    """
    from itisa.accounts.services import role_grant
    from itisa.membership.services import membership_add
    from itisa.registry.services import (
        AllianceInput,
        alliance_change_status,
        alliance_create,
        alliance_update,
    )

    if Call.objects.filter(title_zh=PROVINCIAL_TITLE, is_demo=True).exists():
        return Application.objects.filter(call__title_zh=PROVINCIAL_TITLE).first()
    alliance = Alliance.objects.filter(code=PROVINCIAL_ALLIANCE).first()
    if alliance is None:
        alliance = alliance_create(
            by=national,
            data=AllianceInput(
                code=PROVINCIAL_ALLIANCE,
                name_zh="山东煤炭绿色开采产业技术创新战略联盟（演示）",
                name_en="Shandong Green Coal Mining Industry Technology Innovation Strategic Alliance (demo)",
                founded_on=dt.date(2021, 6, 18),
                key_area="energy",
                industry="B",
                scope="regional",
                province="37",
            ),
            is_demo=True,
        )
        alliance = alliance_change_status(by=national, alliance=alliance, new_status="established")
        for organisation, rank in members:
            membership_add(
                by=national,
                alliance=alliance,
                organisation=organisation,
                rank=rank,
                joined_on=dt.date(2021, 6, 18),
                is_demo=True,
            )
        if members:
            alliance = alliance_update(
                by=national, alliance=alliance, data=AllianceInput(host_unit=members[0][0])
            )
        role_grant(by=None, user=secretariat, role="secretariat", alliance=alliance)
    today = timezone.localdate()
    data = services.CallInput(
        scope="provincial",
        province="37",
        recommendation_required=True,
        title_zh=PROVINCIAL_TITLE,
        title_en="2026 recognition of Shandong provincial industrial technology innovation strategic alliances",
        opens_on=min(dt.date(2026, 11, 1), today),
        closes_on=max(dt.date(2027, 1, 31), today + dt.timedelta(days=60)),
        rules="2008",
        max_pilots=5,
        max_cultivation=0,
    )
    return _open_and_apply(data, by=provincial, secretariat=secretariat, alliance=alliance)[0]
