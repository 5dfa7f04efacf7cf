"""The representatives pages, API and command: who sees an organisation's representatives (persona
matrix), the whole path through the pages (apply, confirm after a confirmation step, name, remove after a
confirmation step), refusals changing nothing, the page's fixed number of queries, and the CLI."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from conftest import PERSONAS
from itisa.representatives.models import Appointment
from itisa.representatives.tests.conftest import confirmed_lear, counts, roles_of
from tests.factories import UserFactory

B = "12100000400000624D"  # 乙大学
# 乙大学's representatives are seen by those who act for it and those who confirm its representative
VIEW = {
    **dict.fromkeys(PERSONAS[1:], 404),
    "member_contact": 200,
    "legal_representative": 200,
    "secretariat": 200,
    "national_officer": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_an_organisations_representatives(world: Any, client: Any, persona: str) -> None:
    if world.user(persona) is not None:
        client.force_login(world.user(persona))
    page = client.get(f"/en/organisations/{B}/representatives/")
    api = client.get(f"/api/organisations/{B}/representatives")
    if persona == "anonymous":
        assert (page.status_code, api.status_code) == (404, 401)  # hidden, as a missing one is
        return
    assert (page.status_code, api.status_code) == (VIEW[persona], VIEW[persona])
    org_page = client.get(f"/en/organisations/{B}/").content.decode()
    assert (f'/en/organisations/{B}/representatives/"' in org_page) is (VIEW[persona] == 200)
    if VIEW[persona] == 200:
        assert api.json()["people"] == [
            {"function": "legal_representative", "user": "legal_representative", "since": api.json()["people"][0]["since"], "alliances": ["CSA"]},
            {"function": "member_contact", "user": "member_contact", "since": api.json()["people"][1]["since"], "alliances": ["CSA"]},
        ]  # fmt: skip


def test_the_whole_path_through_the_pages(world: Any, client: Any) -> None:
    lear = UserFactory(username="lear", display_name="李四")
    client.force_login(lear)
    assert (
        f"/en/organisations/{B}/representatives/apply/"
        in client.get(f"/en/organisations/{B}/").content.decode()
    )
    response = client.post(f"/en/organisations/{B}/representatives/apply/", {"statement": "委托书"})
    appointment = Appointment.objects.get()
    assert response["Location"] == f"/en/representatives/{appointment.pk}/"
    assert (
        "confirm"
        not in client.get(f"/en/representatives/{appointment.pk}/")
        .content.decode()
        .split("appointment-status")[1]
    )

    client.force_login(world.user("secretariat"))
    assert 'data-testid="confirm"' in client.get(f"/en/representatives/{appointment.pk}/").content.decode()
    before = counts()
    asked = client.post(f"/en/representatives/{appointment.pk}/confirm/", {})
    assert 'data-testid="confirmation"' in asked.content.decode() and counts() == before
    done = client.post(f"/en/representatives/{appointment.pk}/confirm/", {"confirmed": "1"}, follow=True)
    assert "lear is the appointed representative of 乙大学." in done.content.decode()
    assert Appointment.objects.get().status == "confirmed"

    client.force_login(lear)
    page = client.get(f"/organisations/{B}/representatives/")
    assert page.status_code == 200 and "指定代表" in page.content.decode()  # Chinese by default
    contact = UserFactory(username="zhang", email="zhang@example.com")
    refused = client.post(
        f"/en/organisations/{B}/representatives/name/", {"function": "member_contact", "person": "nobody"}
    )
    assert "No active account with this username or e-mail address." in refused.content.decode()
    named = client.post(f"/en/organisations/{B}/representatives/name/",
                        {"function": "member_contact", "person": "ZHANG@example.com"}, follow=True)  # fmt: skip
    assert "zhang now acts for 乙大学 as Member contact." in named.content.decode()
    assert ("member_contact", "zhang", "CSA") in roles_of(world.member_b)
    remove = f"/en/organisations/{B}/representatives/remove/?function=member_contact&person=zhang"
    assert remove.split("/en")[1].replace("&", "&amp;") in named.content.decode()
    before = counts()
    assert 'data-testid="confirmation"' in client.get(remove).content.decode()
    client.post(remove.split("?")[0], {"function": "member_contact", "person": "zhang"})
    assert counts() == before
    removed = client.post(
        remove.split("?")[0], {"function": "member_contact", "person": "zhang", "confirmed": "1"}, follow=True
    )
    assert "zhang no longer acts for 乙大学 as Member contact." in removed.content.decode()
    assert ("member_contact", "zhang", "CSA") not in roles_of(world.member_b)
    assert contact.pk


def test_the_page_reads_a_fixed_number_of_queries(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    lear, _ = confirmed_lear(world)
    client.force_login(lear)
    client.get(f"/en/organisations/{B}/representatives/")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/en/organisations/{B}/representatives/")
    for i in range(6):
        person = UserFactory(username=f"p{i}")
        call_command(
            "representative",
            "name",
            B,
            "signatory" if i % 2 else "member_contact",
            person.username,
            stdout=StringIO(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/en/organisations/{B}/representatives/")


def test_api_apply_confirm_name_and_refusals(world: Any, client: Any) -> None:
    lear = UserFactory(username="lear")
    client.force_login(lear)
    made = client.post(f"/api/organisations/{B}/representatives/applications", {"statement": "委托书"},
                       content_type="application/json")  # fmt: skip
    assert (made.status_code, made.json()["status"], made.json()["user"]) == (201, "pending", "lear")
    pk = made.json()["id"]
    before = counts()
    assert client.post(f"/api/representative-appointments/{pk}/confirm").status_code == 403  # not their own
    client.force_login(world.user("council_member"))
    assert client.post(f"/api/representative-appointments/{pk}/confirm").status_code == 404
    client.force_login(world.user("provincial_officer"))
    assert client.post(f"/api/representative-appointments/{pk}/reject", {"reason": "x"},
                       content_type="application/json").status_code == 404  # fmt: skip
    assert counts() == before
    client.force_login(world.user("national_officer"))
    assert client.post(f"/api/representative-appointments/{pk}/confirm").json()["status"] == "confirmed"
    assert client.post(f"/api/representative-appointments/{pk}/confirm").status_code == 409
    client.force_login(lear)
    UserFactory(username="sign1")
    named = client.post(f"/api/organisations/{B}/representatives/functions", {"function": "signatory", "person": "sign1"},
                        content_type="application/json")  # fmt: skip
    assert named.status_code == 200
    assert named.json()["representative"] == "lear"
    assert [(p["function"], p["user"]) for p in named.json()["people"]] == [
        ("legal_representative", "legal_representative"), ("signatory", "sign1"), ("member_contact", "member_contact")]  # fmt: skip
    before = counts()
    assert client.post(f"/api/organisations/{B}/representatives/functions/remove",
                       {"function": "legal_representative", "person": "legal_representative"},
                       content_type="application/json").status_code == 409  # fmt: skip
    assert client.post(f"/api/organisations/{B}/representatives/functions", {"function": "member_contact", "person": "ghost"},
                       content_type="application/json").status_code == 422  # fmt: skip
    assert counts() == before


def test_the_command(world: Any) -> None:
    UserFactory(username="lear")
    out = StringIO()
    call_command("representative", "apply", B, "--person", "lear", stdout=out)
    pk = Appointment.objects.get().pk
    assert out.getvalue().strip() == f"Appointment {pk} awaits confirmation."
    call_command("representative", "confirm", str(pk), "--as", "secretariat", stdout=StringIO())
    UserFactory(username="deleg")
    call_command("representative", "name", B, "delegate", "deleg", "--as", "lear", stdout=StringIO())
    out = StringIO()
    call_command("representative", "show", B, "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert (doc["representative"], [(p["function"], p["user"]) for p in doc["people"]]) == (
        "lear", [("legal_representative", "legal_representative"), ("member_contact", "member_contact"), ("delegate", "deleg")])  # fmt: skip
    from django.core.management.base import CommandError

    before = counts()
    with pytest.raises(CommandError, match="Only the organisation's confirmed representative"):
        call_command("representative", "name", B, "backup", "deleg", "--as", "secretariat", stdout=StringIO())
    assert counts() == before
