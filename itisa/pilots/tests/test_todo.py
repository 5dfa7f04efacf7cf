"""Pilot-program duties in the to-do list: the secretariat submits by the call's closing day, the
office checks and decides, competent officers recommend, assigned experts review; officers are told
of a submission in their own language."""

from __future__ import annotations

from typing import Any

from itisa.accounts.models import RoleAssignment
from itisa.notifications.models import Notification
from itisa.pilots import services
from itisa.pilots.tests.pilot_fixtures import fill, make_expert, to_review
from tests.factories import UserFactory
from tests.todo_helpers import items


def test_the_application_passes_from_hand_to_hand(world: Any, call: Any, needs_review: Any) -> None:
    secretariat, office = world.user("secretariat"), world.user("national_officer")
    officer = UserFactory(username="industry_c", preferred_language="en")
    RoleAssignment.objects.create(user=officer, role="association_officer", industry="C")
    subject = "CSA · 2026 call for pilot alliances"  # the English title under /en/
    application = services.application_create(by=secretariat, call=call, alliance=world.csa)
    url = f"/en/pilots/applications/{application.pk}/"
    assert items(secretariat) == [
        ("pilots.application.submit", f"Submit {subject}", "", url, "CSA", call.closes_on, False)
    ]
    assert items(office) == []
    fill(world, application)
    services.application_submit(by=secretariat, application=application)
    assert items(secretariat) == []
    assert items(office) == [
        ("pilots.application.check", f"Check {subject}", "Submitted", url, "CSA", None, False)
    ]
    assert items(officer) == [
        ("pilots.application.recommend", f"Recommend {subject}", "", url, "CSA", None, False)
    ]
    # the provincial officer of Shandong and the industry-B officer have no say on CSA
    assert (items(world.user("provincial_officer")), items(world.user("association_officer"))) == ([], [])
    told = Notification.objects.filter(kind="pilots.application.submitted").order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.url) for n in told] == [
        ("industry_c", "Pilot application submitted: CSA", url),
        ("national_officer", "试点申请已提交：CSA", f"/pilots/applications/{application.pk}/"),
    ]
    services.recommendation_add(by=officer, application=application, letter="推荐该联盟参加试点。")
    assert items(officer) == []
    application = to_review(world, application)
    expert = make_expert(world, "王专家", username="reviewer")
    assignment = services.expert_assign(by=office, application=application, expert=expert)
    assert items(office) == [
        ("pilots.application.decide", f"Decide on {subject}", "0 of 1 reviews in", url, "CSA", None, False)
    ]
    assert items(expert.user) == [
        (
            "pilots.review.submit",
            f"Review {subject}",
            "",
            f"/en/pilots/reviews/{assignment.pk}/",
            "CSA",
            None,
            False,
        )
    ]
