"""Diffusion obligations (国科发政〔2008〕770号 第八条(六)): they arise when a publicly funded result's
project ends, fall due a year later (or the agreement's months), are met by a diffusion recorded, a
catalogue entry or a licence, and — the issue's "done when" — a result past its deadline without one shows
as overdue for the alliance, its granting department and the national office, with the clock moved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.core.errors import DomainError, PermissionDenied
from itisa.diffusion.models import Diffusion, Obligation, ObligationStatusChange
from itisa.diffusion.selectors import obligations_of, obligations_overview
from itisa.diffusion.services import DiffusionInput, diffusion_record
from itisa.diffusion.tests.conftest import BEIJING, DEPARTMENT, DW, NOW, end_project
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[Any, ...]:
    return (
        list(Obligation.objects.values_list("status", "met_on")),
        Diffusion.objects.count(),
        ObligationStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def test_no_obligation_while_the_project_runs_then_one_per_department_when_it_ends(dw: DW) -> None:
    secretariat = dw.user("secretariat")
    assert list(obligations_of(secretariat, dw.world.csa)) == []
    end_project(dw, settle=False)
    rows = list(obligations_of(secretariat, dw.world.csa))
    assert [(o.result.code, o.department, o.starts_on, o.deadline, o.months, o.status, o.agreement_id)
            for o in rows] == [
        ("R00001", DEPARTMENT, dt.date(2026, 3, 2), dt.date(2027, 3, 2), 12, "open", None)
    ]  # fmt: skip
    history = list(ObligationStatusChange.objects.values_list("old_status", "new_status", "by"))
    assert history == [("", "open", None)]
    entry = AuditEntry.objects.filter(action="diffusion.obligation.arisen").get()
    assert (entry.actor_id, entry.data["deadline"], entry.data["department"]) == (
        None,
        "2027-03-02",
        DEPARTMENT,
    )
    # settled again: nothing more arises
    assert clocks.run_due(codes=["diffusion.obligation.arise"])["diffusion.obligation.arise"].as_dict() == {
        "due": 0,
        "fired": 0,
        "settled": 0,
        "failed": 0,
    }


def test_overdue_for_the_alliance_the_department_and_the_office_when_the_clock_passes(
    dw: DW, clock: Any, client: Any
) -> None:
    end_project(dw)
    before = list(obligations_of(dw.user("secretariat"), dw.world.csa))
    assert [o.status for o in before] == ["open"]
    # the last day, Beijing time: still open
    clock.move_to(dt.datetime(2027, 3, 2, 23, 59, tzinfo=BEIJING))
    assert [o.status for o in obligations_of(dw.user("secretariat"), dw.world.csa)] == ["open"]
    # the day after: overdue, by the system, told to the secretariat, the department and the office
    clock.move_to(dt.datetime(2027, 3, 3, 0, 1, tzinfo=BEIJING))
    counts = clocks.run_due(codes=["diffusion.obligation.overdue"])["diffusion.obligation.overdue"]
    assert counts.as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    ob = Obligation.objects.get()
    assert (ob.status, ob.met_on) == ("overdue", None)
    assert list(ob.status_changes.order_by("pk").values_list("old_status", "new_status", "by")) == [
        ("", "open", None), ("open", "overdue", None),
    ]  # fmt: skip
    told = sorted(Notification.objects.filter(kind="diffusion.obligation.overdue").values_list(
        "recipient__username", flat=True))  # fmt: skip
    assert told == ["moest_supervisor", "national_officer", "secretariat"]
    # a second run changes nothing
    assert clocks.run_due(codes=["diffusion.obligation.overdue"])[
        "diffusion.obligation.overdue"
    ].as_dict() == {
        "due": 0,
        "fired": 0,
        "settled": 0,
        "failed": 0,
    }
    # the alliance's page, the department's report and the office's overview all show it overdue
    pages = {
        "secretariat": reverse("diffusion:obligations", args=["CSA"]) + "?status=overdue",
        "moest_supervisor": reverse("diffusion:department", args=[DEPARTMENT]),
        "national_officer": reverse("diffusion:overview") + "?status=overdue",
    }
    from itisa.accounts.models import User

    for username, url in pages.items():
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, username
        rows = response.context["page"].object_list
        assert [(o.result.code, o.status, o.deadline) for o in rows] == [
            ("R00001", "overdue", dt.date(2027, 3, 2))
        ], username
    # another department's supervisor sees neither the row nor the report
    assert list(obligations_overview(dw.other_supervisor)) == []
    client.force_login(dw.other_supervisor)
    assert client.get(reverse("diffusion:department", args=[DEPARTMENT])).status_code == 403


def test_to_do_from_ninety_days_before_the_deadline_and_overdue_after(dw: DW, clock: Any) -> None:
    end_project(dw, settle=False)  # the to-do list settles the clocks itself
    secretariat = dw.user("secretariat")
    assert todos_for(secretariat, kind="diffusion.obligation.diffuse") == []
    clock.move_to(dt.datetime(2026, 12, 2, 9, 0, tzinfo=BEIJING))
    items = todos_for(secretariat, kind="diffusion.obligation.diffuse")
    assert [(i.subject, i.due, i.url, i.overdue) for i in items] == [
        ("CSA R00001", dt.date(2027, 3, 2), "/en/alliances/CSA/diffusion/", False)
    ]
    clock.move_to(dt.datetime(2027, 3, 5, 9, 0, tzinfo=BEIJING))
    items = todos_for(secretariat, kind="diffusion.obligation.diffuse")
    assert [(i.subject, i.overdue) for i in items] == [("CSA R00001", True)]
    assert todos_for(dw.user("member_contact"), kind="diffusion.obligation.diffuse") == []


def test_a_publication_by_the_deadline_meets_it_and_a_later_one_meets_it_late(dw: DW, clock: Any) -> None:
    end_project(dw)
    s = dw.user("secretariat")
    clock.move_to(dt.datetime(2027, 1, 10, 9, 0, tzinfo=BEIJING))
    row = diffusion_record(by=s, result=dw.result, data=DiffusionInput(
        means="publication", on=dt.date(2027, 1, 8), proof="https://doi.org/10.1000/xyz123"))  # fmt: skip
    ob = Obligation.objects.get()
    assert (ob.status, ob.met_on, row.means, row.proof) == ("met", dt.date(2027, 1, 8), "publication",
                                                             "https://doi.org/10.1000/xyz123")  # fmt: skip
    entry = AuditEntry.objects.filter(action="diffusion.obligation.moved").get()
    assert (entry.data["to"], entry.data["means"], entry.data["met_on"]) == (
        "met",
        "publication",
        "2027-01-08",
    )


def test_met_late_after_the_deadline(dw: DW, clock: Any) -> None:
    end_project(dw)
    clock.move_to(dt.datetime(2027, 4, 1, 9, 0, tzinfo=BEIJING))
    clocks.run_due(codes=["diffusion.obligation.overdue"])
    diffusion_record(by=dw.user("secretariat"), result=dw.result, data=DiffusionInput(
        means="standard", on=dt.date(2027, 3, 30), proof="T/CSA 001-2027"))  # fmt: skip
    ob = Obligation.objects.get()
    assert (ob.status, ob.met_on) == ("met_late", dt.date(2027, 3, 30))


@pytest.mark.parametrize(
    ("persona", "data", "error"),
    [
        (
            "member_contact",
            {"means": "publication", "on": dt.date(2026, 3, 1), "proof": "x"},
            PermissionDenied,
        ),
        ("secretariat", {"means": "catalogue", "on": dt.date(2026, 3, 1), "proof": "x"}, DomainError),
        ("secretariat", {"means": "publication", "on": dt.date(2026, 3, 3), "proof": "x"}, DomainError),
        ("secretariat", {"means": "publication", "on": dt.date(2026, 3, 1), "proof": "  "}, DomainError),
    ],
)
def test_refused_records_change_nothing(dw: DW, persona: str, data: dict[str, Any], error: Any) -> None:
    end_project(dw)
    before = _snapshot()
    with pytest.raises(error):
        diffusion_record(by=dw.user(persona), result=dw.result, data=DiffusionInput(**data))
    assert _snapshot() == before


def test_the_refusals_name_the_field(dw: DW) -> None:
    with pytest.raises(DomainError) as caught:
        diffusion_record(by=dw.user("secretariat"), result=dw.result,
                         data=DiffusionInput(means="catalogue", on=dt.date(2026, 3, 3), proof=""))  # fmt: skip
    assert caught.value.fields == {
        "means": ["Choose an open licence offer, an open publication or a standard."],
        "on": ["The date cannot be in the future."],
        "proof": ["Give the proof: the address or DOI, the standard's number, or the offer's document."],
    }


def test_the_agreements_months_set_the_deadline(dw: DW, agreement_world: Any) -> None:
    from itisa.agreements.tests.fixtures import complete_content

    content = complete_content()
    version = agreement_world.open_version(diffusion={**content["diffusion"], "deadline_months": 6})
    agreement_world.sign(version, "a")
    agreement_world.sign(version, "b")
    end_project(dw)
    [ob] = list(obligations_of(dw.user("secretariat"), dw.world.csa))
    assert (ob.deadline, ob.months, ob.agreement_id) == (dt.date(2026, 9, 2), 6, version.pk)


def test_no_obligation_for_a_result_not_publicly_funded(dw: DW) -> None:
    from itisa.results.tests.conftest import register

    register(dw.world, project=dw.project.pk, funding=[], number="ZL99113861.9", filed_on=dt.date(1999, 8, 1))
    end_project(dw)
    assert [o.result.code for o in obligations_of(dw.user("national_officer"), dw.world.csa)] == ["R00001"]
    assert NOW.tzinfo is BEIJING
