"""Integers a client sends are bounded by the columns they reach (issue 20, item 5/6): an id beyond 64
bits once crashed the attendance list on both databases, and a maximum beyond 32 bits crashed the pilot
call on PostgreSQL. Now each is a 422 naming the place, and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, full_clean
from itisa.core.values import value_problems
from itisa.governance.models import Attendance, Meeting, Motion
from itisa.governance.services import meeting_convene
from itisa.governance.tests.conftest import make_council
from itisa.notifications import services as notification_services
from itisa.pilots.models import Call
from itisa.registry.models import Organisation

BIG = 2**70
AT_MOST_64 = "Input should be less than or equal to 9223372036854775807"
AT_MOST_32 = "Input should be less than or equal to 2147483647"
CORRECT = "Please correct the errors below."
TOO_LARGE = "The number is too large."  # the strict JSON reader: beyond 64 bits anywhere in a body
CALL = {
    "title_zh": "2026年试点联盟申报",
    "opens_on": "2026-03-01",
    "closes_on": "2026-04-30",
    "rules": "2008",
    "max_pilots": 5,
    "max_cultivation": 3,
}


def _counts() -> dict[str, int]:
    return {
        "calls": Call.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance": Attendance.objects.count(),
        "motions": Motion.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _refused(message: str, fields: dict[str, list[str]]) -> dict[str, Any]:
    return {"code": "validation_error", "message": message, "fields": fields}


@pytest.mark.parametrize(
    ("persona", "method", "path", "body", "answer"),
    [
        ("secretariat", "post", "/meetings/{meeting}/attendance", {"seats": [BIG]},
         _refused(TOO_LARGE, {"seats.0": [TOO_LARGE]})),
        ("secretariat", "post", "/meetings/{meeting}/attendance", {"seats": [], "proxies": {str(BIG): "王五"}},
         _refused(CORRECT, {f"proxies.{BIG}.[key]": [AT_MOST_64]})),
        ("secretariat", "post", f"/meetings/{BIG}/attendance", {"seats": []},
         _refused(CORRECT, {"meeting_id": [AT_MOST_64]})),
        ("secretariat", "post", "/alliances/CSA/meetings",
         {"body_id": 1, "kind": "regular", "title_zh": "会", "starts_at": "2026-05-01T09:00:00+08:00",
          "requested_by": [BIG]}, _refused(TOO_LARGE, {"requested_by.0": [TOO_LARGE]})),
        ("secretariat", "post", "/alliances/CSA/motions",
         {"body_id": 2**63, "title_zh": "议案", "text_zh": "内容", "method": "ballot"},
         _refused(TOO_LARGE, {"body_id": [TOO_LARGE]})),
        ("secretariat", "post", "/alliances/CSA/motions",
         {"body_id": -1, "title_zh": "议案", "text_zh": "内容", "method": "ballot"},
         _refused(CORRECT, {"body_id": ["Input should be greater than or equal to 1"]})),
        ("national_officer", "post", "/pilots/calls", {**CALL, "max_cultivation": 2**40},
         _refused(CORRECT, {"max_cultivation": [AT_MOST_32]})),
        ("national_officer", "post", "/pilots/calls", {**CALL, "max_pilots": 2**31},
         _refused(CORRECT, {"max_pilots": [AT_MOST_32]})),
        ("national_officer", "patch", f"/pilots/calls/{BIG}", {"max_pilots": 1},
         _refused(CORRECT, {"call_id": [AT_MOST_64]})),
    ],
    ids=["seat", "proxy", "meeting", "requested_by", "motion_body", "negative_id", "max_cultivation",
         "max_pilots", "call_id"],
)  # fmt: skip
def test_an_integer_beyond_its_column_is_refused_and_nothing_is_written(
    world: Any, persona: str, method: str, path: str, body: dict[str, Any], answer: dict[str, Any]
) -> None:
    council = make_council(world)
    starts = timezone.now() - dt.timedelta(hours=1)  # under way: attendance may be recorded
    meeting = meeting_convene(
        by=world.user("secretariat"), body=council.body, kind="regular", title_zh="理事会会议",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=3), now=starts - dt.timedelta(days=60),
    )  # fmt: skip
    before = _counts()
    response = getattr(_client(world.user(persona)), method)(
        f"/api{path.format(meeting=meeting.pk)}", data=json.dumps(body), content_type="application/json"
    )
    assert (response.status_code, response.json()) == (422, answer)
    assert _counts() == before


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        (f"/alliances/CSA/motions?body={BIG}", {"body": [AT_MOST_64]}),
        ("/alliances/CSA/fees?year=99999", {"year": ["Input should be less than or equal to 2100"]}),
        (f"/pilots/applications?call={BIG}", {"call": [AT_MOST_64]}),
        (f"/ledger/entries/{BIG}", {"entry_id": [AT_MOST_64]}),
    ],
)
def test_an_integer_beyond_its_column_in_a_query_or_path_is_refused(
    world: Any, path: str, fields: dict[str, list[str]]
) -> None:
    response = _client(world.user("national_officer")).get(f"/api{path}")
    assert (response.status_code, response.json()) == (
        422,
        {"code": "validation_error", "message": CORRECT, "fields": fields},
    )


def test_any_integer_beyond_64_bits_is_a_problem_wherever_it_sits() -> None:
    """The backstop for integers no schema bounds (``api.inputs.refuse_bad_values`` applies it)."""
    assert value_problems({"seats": [1, 2**63], "proxies": {-(2**63) - 1: "x"}, "ok": 2**63 - 1}) == {
        "seats.1": ["The number is too large."],
        "proxies": ["The number is too large."],
    }
    assert value_problems({"flag": True, "n": -(2**63)}) == {}


def test_full_clean_refuses_with_the_fields_django_names(db: None) -> None:
    """Services validate with ``core.errors.full_clean``: Django's ValidationError becomes a 422."""
    with pytest.raises(DomainError) as refused:
        full_clean(Organisation(name_zh="", uscc="91110000100000000X"), exclude=["legal_representative"])
    assert refused.value.code == "validation_error"
    assert refused.value.message == CORRECT
    assert "name_zh" in refused.value.fields


def test_a_model_validation_that_escapes_a_service_is_still_a_422(world: Any, monkeypatch: Any) -> None:
    """The backstop in ``api.errors``: a Django ValidationError a service lets through is 422, not 500."""
    from django.core.exceptions import ValidationError

    from itisa.notifications.models import Notification

    user = world.user("secretariat")
    notification_services.notify(recipients=[user], kind="test", subject="主题", body="正文")
    notification = Notification.objects.get(recipient=user)

    def escapes(**kwargs: Any) -> None:
        raise ValidationError({"title_zh": ["Ensure this value has at most 200 characters (it has 201)."]})

    monkeypatch.setattr(notification_services, "notification_mark_read", escapes)
    response = _client(user).post(f"/api/notifications/{notification.pk}/read")
    assert (response.status_code, response.json()) == (
        422,
        _refused(CORRECT, {"title_zh": ["Ensure this value has at most 200 characters (it has 201)."]}),
    )
