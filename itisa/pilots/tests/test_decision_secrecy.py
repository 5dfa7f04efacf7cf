"""Until the list is published, the outcome of a decided application stays with the national office:
not in the alliance's page, history, inbox, API or dossier; after publication everyone concerned sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.notifications.models import Notification
from itisa.pilots import services
from itisa.pilots.models import Application, ApplicationStatusChange, Call
from itisa.pilots.tests.pilot_fixtures import submitted, to_review

pytestmark = pytest.mark.django_db
REASONS = "综合评分第一，组织机构健全。"


@pytest.fixture
def decided(world: Any, call: Call, needs_review: Any) -> Application:
    application = to_review(world, submitted(world, call))
    Notification.objects.all().delete()
    return services.application_decide(
        by=world.user("national_officer"), application=application, outcome="pilot", reasons=REASONS
    )


def test_the_decision_leaves_no_outcome_in_the_history_or_the_secretariats_inbox(
    decided: Application,
) -> None:
    change = ApplicationStatusChange.objects.get(application=decided, new_status="decided")
    assert change.comment == ""
    notes = list(Notification.objects.filter(kind="pilots.application.moved").values_list("subject", "body"))
    assert notes == [("CSA 的试点申请：已决定", "")]


def test_the_secretariat_sees_the_status_but_not_the_outcome_before_publication(
    world: Any, decided: Application, client: Any
) -> None:
    client.force_login(world.user("secretariat"))
    page = client.get(f"/pilots/applications/{decided.pk}/").content.decode()
    assert "已决定" in page
    assert REASONS not in page
    assert 'data-testid="outcome"' not in page
    api = client.get(f"/api/pilots/applications/{decided.pk}").json()
    assert (api["status"], api["outcome"], api["decision_reasons"]) == ("decided", "", "")
    dossier = client.get("/api/dossiers/CSA").json()
    assert dossier["pilot_applications"] == []


def test_the_office_sees_the_outcome_and_the_dossier_carries_it(
    world: Any, decided: Application, client: Any
) -> None:
    client.force_login(world.user("national_officer"))
    page = client.get(f"/pilots/applications/{decided.pk}/").content.decode()
    assert REASONS in page
    dossier = client.get("/api/dossiers/CSA").json()
    assert [(a["status"], a["outcome"], a["decision_reasons"]) for a in dossier["pilot_applications"]] == [
        ("decided", "pilot", REASONS)
    ]


def test_after_publication_the_secretariat_sees_the_outcome_everywhere(
    world: Any, decided: Application, call: Call, client: Any
) -> None:
    office = world.user("national_officer")
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, on=dt.date(2026, 6, 1))
    client.force_login(world.user("secretariat"))
    page = client.get(f"/pilots/applications/{decided.pk}/").content.decode()
    assert REASONS in page
    api = client.get(f"/api/pilots/applications/{decided.pk}").json()
    assert (api["status"], api["outcome"], api["decision_reasons"]) == ("published", "pilot", REASONS)
    dossier = client.get("/api/dossiers/CSA").json()
    assert [
        (a["status"], a["outcome"], a["pilot_from"], a["pilot_until"]) for a in dossier["pilot_applications"]
    ] == [("published", "pilot", "2026-06-01", "2028-05-31")]


def test_the_database_refuses_to_change_a_recorded_decision_or_pilot_period(
    world: Any, decided: Application, call: Call
) -> None:
    from django.db import DatabaseError, transaction

    for field, value in (("outcome", "cultivation"), ("decision_reasons", "改"), ("decided_at", None)):
        with pytest.raises(DatabaseError), transaction.atomic():
            Application.objects.filter(pk=decided.pk).update(**{field: value})
    office = world.user("national_officer")
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, on=dt.date(2026, 6, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        Application.objects.filter(pk=decided.pk).update(pilot_until=dt.date(2029, 1, 1))
    decided.refresh_from_db()
    assert (decided.outcome, decided.decision_reasons, decided.pilot_until) == (
        "pilot",
        REASONS,
        dt.date(2028, 5, 31),
    )
    # other fields of the application still move (e.g. its status at publication, done above)
    assert decided.status == "published"


def test_the_database_refuses_to_change_or_delete_a_recommendation(
    world: Any, call: Call, needs_review: Any
) -> None:
    from django.db import DatabaseError, transaction

    from itisa.pilots.models import Recommendation

    application = submitted(world, call)
    recommendation = services.recommendation_add(
        by=world.user("national_officer"), application=application, letter="推荐该联盟。"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(letter="改")
    with pytest.raises(DatabaseError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).delete()
    assert Recommendation.objects.get(pk=recommendation.pk).letter == "推荐该联盟。"
