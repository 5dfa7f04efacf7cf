"""The services of appointed representatives: apply, confirm (replacing the one before), reject; naming
and removing people (roles through accounts' services, designations here); the legal representative's
change. Exact values; nothing written on a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for
from itisa.registry.models import Organisation, Person
from itisa.representatives import services
from itisa.representatives.models import Appointment, Designation
from itisa.representatives.tests.conftest import NOW, confirmed_lear, counts, roles_of
from tests.factories import MembershipFactory, UserFactory


def _org_actions(org: Organisation) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="registry.organisation", object_id=str(org.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_apply_notifies_the_confirmers_and_confirming_tells_the_applicant(world: Any, clock: Any) -> None:
    lear = UserFactory(
        username="lear", display_name="李四", email="lear@example.com", preferred_language="en"
    )
    a = services.appointment_apply(by=lear, organisation=world.member_b, statement="委托书")
    assert (a.status, a.user, a.applied_by, a.applied_at, a.statement) == (
        "pending",
        lear,
        lear,
        NOW,
        "委托书",
    )
    assert _org_actions(world.member_b) == ["representatives.appointment.applied"]
    told = Notification.objects.filter(kind="representatives.appointment.applied").order_by(
        "recipient__username"
    )
    assert [n.recipient.username for n in told] == ["national_officer", "secretariat"]
    assert told[0].subject == "确认乙大学的指定代表"  # the officer reads Chinese (the default)
    assert told[0].url == f"/representatives/{a.pk}/"
    todo = todos_for(world.user("secretariat"), now=NOW, kind="representatives.appointment.confirm")
    assert [(t.subject, t.url) for t in todo] == [
        (f"{world.member_b.name_en} · 李四", f"/en/representatives/{a.pk}/")
    ]
    assert not todos_for(
        world.user("provincial_officer"), now=NOW, kind="representatives.appointment.confirm"
    )

    services.appointment_confirm(by=world.user("secretariat"), appointment=a)
    a.refresh_from_db()
    assert (a.status, a.decided_by, a.decided_at) == ("confirmed", world.user("secretariat"), NOW)
    note = Notification.objects.get(kind="representatives.appointment.confirmed")
    assert (note.recipient, note.subject, note.url) == (
        lear,
        "You are the appointed representative of 乙大学",
        "/en/organisations/12100000400000624D/representatives/",
    )
    assert not todos_for(world.user("secretariat"), now=NOW, kind="representatives.appointment.confirm")


def test_a_new_representative_ends_the_one_before_which_stays_on_record(world: Any, clock: Any) -> None:
    first_user, first = confirmed_lear(world, "lear1")
    second_user, second = confirmed_lear(world, "lear2")
    first.refresh_from_db()
    assert (first.status, first.ended_at, first.replaced_by, first.user) == ("ended", NOW, second, first_user)
    assert Appointment.objects.filter(organisation=world.member_b, status="confirmed").get() == second
    assert _org_actions(world.member_b)[-3:] == [
        "representatives.appointment.applied",
        "representatives.appointment.ended",
        "representatives.appointment.confirmed",
    ]
    # the database holds one confirmed representative per organisation, whatever the code does
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=first.pk).update(status="confirmed")


def test_reject_needs_a_reason_and_tells_the_applicant(world: Any, clock: Any) -> None:
    lear = UserFactory(username="lear")
    a = services.appointment_apply(by=lear, organisation=world.member_b)
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.appointment_reject(by=world.user("secretariat"), appointment=a, reason="  ")
    assert exc.value.fields == {"reason": ["Say why the appointment is rejected."]}
    assert counts() == before
    services.appointment_reject(by=world.user("secretariat"), appointment=a, reason="无委托书")
    a.refresh_from_db()
    assert (a.status, a.reason, a.decided_by) == ("rejected", "无委托书", world.user("secretariat"))
    assert Notification.objects.get(kind="representatives.appointment.rejected").recipient == lear
    before = counts()
    with pytest.raises(InvalidTransition):
        services.appointment_confirm(by=world.user("secretariat"), appointment=a)
    assert counts() == before


def test_nobody_confirms_their_own_appointment_and_a_second_pending_one_is_refused(world: Any) -> None:
    secretariat = world.user("secretariat")
    mine = services.appointment_apply(by=secretariat, organisation=world.member_b)
    before = counts()
    with pytest.raises(PermissionDenied, match="Nobody confirms their own appointment."):
        services.appointment_confirm(by=secretariat, appointment=mine)
    with pytest.raises(Conflict):
        services.appointment_apply(by=secretariat, organisation=world.member_b)
    assert counts() == before
    assert Appointment.objects.get(pk=mine.pk).status == "pending"


def test_the_representative_names_contacts_in_every_alliance_of_the_organisation(
    world: Any, clock: Any
) -> None:
    MembershipFactory(alliance=world.sdc, organisation=world.member_b, rank="ordinary")
    lear, appointment = confirmed_lear(world)
    contact = UserFactory(username="zhang", email="zhang@example.com")
    assert services.function_name(by=lear, organisation=world.member_b, function="member_contact",
                                  person=contact) == ["CSA", "SDC"]  # fmt: skip
    assert ("member_contact", "zhang", "CSA") in roles_of(world.member_b)
    assert ("member_contact", "zhang", "SDC") in roles_of(world.member_b)
    granted = AuditEntry.objects.filter(action="accounts.role.granted").order_by("-seq")[:2]
    assert [e.data["appointment"] for e in granted] == [appointment.pk, appointment.pk]
    assert [e.actor for e in granted] == [lear, lear]
    before = counts()
    with pytest.raises(Conflict):
        services.function_name(
            by=lear, organisation=world.member_b, function="member_contact", person=contact
        )
    assert counts() == before
    assert services.function_remove(by=lear, organisation=world.member_b, function="member_contact",
                                    person=contact) == ["CSA", "SDC"]  # fmt: skip
    assert [r for r in roles_of(world.member_b) if r[1] == "zhang"] == []
    assert _org_actions(world.member_b)[-2:] == [
        "representatives.function.named",
        "representatives.function.removed",
    ]


def test_designations_end_and_stay_on_record(world: Any, clock: Any) -> None:
    lear, _ = confirmed_lear(world)
    wang = UserFactory(username="wang")
    roles_before = RoleAssignment.objects.count()
    assert services.function_name(by=lear, organisation=world.member_b, function="backup", person=wang) == []
    row = Designation.objects.get()
    assert (row.function, row.user, row.named_by, row.named_at, row.ended_at) == (
        "backup",
        wang,
        lear,
        NOW,
        None,
    )
    assert RoleAssignment.objects.count() == roles_before  # no role: a backup is kept here
    services.function_remove(by=lear, organisation=world.member_b, function="backup", person=wang)
    row.refresh_from_db()
    assert (row.ended_at, row.ended_by) == (NOW, lear)
    services.function_name(by=lear, organisation=world.member_b, function="backup", person=wang)
    assert Designation.objects.filter(user=wang).count() == 2


def test_a_change_of_legal_representative_revokes_grants_and_records_a_new_person(
    world: Any, clock: Any
) -> None:
    lear, appointment = confirmed_lear(world)
    old_person = world.member_b.legal_representative
    old_values = (old_person.pk, old_person.name_zh)
    new = UserFactory(username="newrep", display_name="王新", email="newrep@example.com")
    assert services.function_name(by=lear, organisation=world.member_b, function="legal_representative",
                                  person=new, legal_name="王新民") == ["CSA"]  # fmt: skip
    assert roles_of(world.member_b) == [("legal_representative", "newrep", "CSA"),
                                        ("member_contact", "member_contact", "CSA")]  # fmt: skip
    org = Organisation.objects.get(pk=world.member_b.pk)
    assert (org.legal_representative.name_zh, org.legal_representative.email) == (
        "王新民",
        "newrep@example.com",
    )
    assert Person.objects.filter(pk=old_values[0]).values_list("pk", "name_zh").get() == old_values
    assert _org_actions(world.member_b)[-2:] == [
        "registry.organisation.legal_representative_replaced",
        "representatives.function.named",
    ]
    revoked = AuditEntry.objects.get(action="accounts.role.revoked")
    assert revoked.data == {"user": "legal_representative", "role": "legal_representative",
                            "appointment": appointment.pk}  # fmt: skip
    # the legal representative is never removed alone
    before = counts()
    with pytest.raises(Conflict):
        services.function_remove(
            by=lear, organisation=world.member_b, function="legal_representative", person=new
        )
    assert counts() == before


def test_a_change_of_legal_representative_is_one_transaction(world: Any, monkeypatch: Any) -> None:
    lear, _ = confirmed_lear(world)
    new = UserFactory(username="newrep")
    before, person = counts(), world.member_b.legal_representative_id

    def broken(**kwargs: Any) -> None:
        raise DomainError("registry refused")

    monkeypatch.setattr(services, "legal_representative_replace", broken)
    with pytest.raises(DomainError):
        services.function_name(
            by=lear, organisation=world.member_b, function="legal_representative", person=new
        )
    assert counts() == before
    assert ("legal_representative", "legal_representative", "CSA") in roles_of(world.member_b)
    assert Organisation.objects.get(pk=world.member_b.pk).legal_representative_id == person


def test_an_unconfirmed_or_ended_representative_names_nobody(world: Any) -> None:
    pending_user = UserFactory(username="pending")
    services.appointment_apply(by=pending_user, organisation=world.member_b)
    ended_user, _ = confirmed_lear(world, "ended")
    confirmed_lear(world, "current")
    target = UserFactory(username="target")
    before = counts()
    for user, reason in ((pending_user, "Your appointment as representative is not confirmed yet."),
                         (ended_user, "Your appointment as representative has ended.")):  # fmt: skip
        for function in ("legal_representative", "member_contact", "backup"):
            with pytest.raises(PermissionDenied, match=reason):
                services.function_name(by=user, organisation=world.member_b, function=function, person=target)
        with pytest.raises(PermissionDenied):
            services.function_remove(by=user, organisation=world.member_b, function="member_contact",
                                     person=world.user("member_contact"))  # fmt: skip
    assert counts() == before


def test_a_representative_acts_only_for_its_own_organisation(world: Any) -> None:
    lear, _ = confirmed_lear(world)
    target = UserFactory(username="target")
    before = counts()
    for function in ("legal_representative", "member_contact", "signatory"):
        with pytest.raises(PermissionDenied):
            services.function_name(by=lear, organisation=world.member_a, function=function, person=target)
    assert counts() == before
    assert roles_of(world.member_a) == []


def test_backups_stand_in_and_delegates_handle_contacts_and_signatories(world: Any, clock: Any) -> None:
    lear, _ = confirmed_lear(world)
    backup, delegate, target = (
        UserFactory(username="backup"),
        UserFactory(username="delegate"),
        UserFactory(username="t"),
    )
    services.function_name(by=lear, organisation=world.member_b, function="backup", person=backup)
    services.function_name(by=lear, organisation=world.member_b, function="delegate", person=delegate)
    services.function_name(by=delegate, organisation=world.member_b, function="signatory", person=target)
    services.function_name(by=delegate, organisation=world.member_b, function="member_contact", person=target)
    before = counts()
    for function in ("legal_representative", "delegate", "backup"):
        with pytest.raises(PermissionDenied):
            services.function_name(by=delegate, organisation=world.member_b, function=function, person=target)
    with pytest.raises(
        PermissionDenied, match="Only the confirmed representative names and removes backups."
    ):
        services.function_name(by=backup, organisation=world.member_b, function="backup", person=target)
    assert counts() == before
    services.function_name(by=backup, organisation=world.member_b, function="delegate", person=target)
    services.function_name(
        by=backup, organisation=world.member_b, function="legal_representative", person=target
    )
    assert ("legal_representative", "t", "CSA") in roles_of(world.member_b)
    # a removed delegate can do nothing more
    services.function_remove(by=lear, organisation=world.member_b, function="delegate", person=delegate)
    with pytest.raises(PermissionDenied):
        services.function_name(by=delegate, organisation=world.member_b, function="signatory", person=lear)


def test_an_organisation_without_alliances_gets_no_roles(world: Any) -> None:
    loner = Organisation.objects.create(name_zh="孤立公司", uscc="91110000100000000X", kind="enterprise",
                                        ownership="private", province="11", region_code="110000", industry="C")  # fmt: skip
    lear = UserFactory(username="lear")
    services.appointment_confirm(
        by=None, appointment=services.appointment_apply(by=None, organisation=loner, candidate=lear)
    )
    person = UserFactory(username="x")
    before = counts()
    with pytest.raises(Conflict, match="is not an active member of any alliance"):
        services.function_name(by=lear, organisation=loner, function="member_contact", person=person)
    with pytest.raises(NotFound):
        services.function_remove(by=lear, organisation=loner, function="signatory", person=person)
    assert counts() == before
