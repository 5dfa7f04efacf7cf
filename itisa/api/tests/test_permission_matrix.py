"""Every persona × every endpoint: the expected HTTP status, as one table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from conftest import PERSONAS, World, build_world
from itisa.accounts.services import api_token_create
from itisa.audit.models import AuditEntry
from itisa.governance.services import motion_open
from itisa.governance.tests.conftest import make_council
from itisa.membership.models import Membership
from itisa.notifications.services import notify

ALL = frozenset(PERSONAS)
LOGGED_IN = ALL - {"anonymous"}

NEW_ORG = {
    "name_zh": "矩阵测试单位",
    "uscc": "9134010068976734XU",
    "kind": "enterprise",
    "ownership": "mixed",
    "province": "34",
    "region_code": "340100",
    "industry": "C",
}
NEW_REGIONAL = {
    "code": "SD-NEW",
    "name_zh": "山东新联盟",
    "key_area": "energy",
    "industry": "B",
    "scope": "regional",
    "province": "37",
}


def expect(default: int, **overrides: int) -> dict[str, int]:
    """The status for every persona: ``default`` unless overridden; anonymous writes are 401."""
    return {p: overrides.get(p, default) for p in PERSONAS}


def writes(allowed: set[str], ok: int = 200, denied: int = 403, **overrides: int) -> dict[str, int]:
    table = {p: ok if p in allowed else denied for p in PERSONAS}
    table["anonymous"] = 401
    table.update(overrides)
    return table


# (name, method, path, body, {persona: status}); {m} is CSA's membership of 乙大学, {t} the secretariat's token,
# {sd} and {b} credit codes of 鲁煤集团 (member of the forming SDC only) and 乙大学, {n} a notification
# sent to the secretariat.
MATRIX: list[tuple[str, str, str, Any, dict[str, int]]] = [
    ("alliance_list", "get", "/alliances", None, expect(200)),
    (
        "alliance_forming",
        "get",
        "/alliances/SDC",
        None,
        expect(404, provincial_officer=200, association_officer=200, national_officer=200),
    ),
    (
        "alliance_create",
        "post",
        "/alliances",
        NEW_REGIONAL,
        writes({"provincial_officer", "national_officer"}, ok=201),
    ),
    (
        "alliance_update",
        "patch",
        "/alliances/CSA",
        {"website": "https://x.example.cn/"},
        writes({"secretariat", "national_officer"}),
    ),
    (
        "alliance_transition",
        "post",
        "/alliances/SDC/transitions",
        {"status": "established"},
        writes({"provincial_officer", "national_officer"}, denied=404, association_officer=403),
    ),
    ("alliance_history", "get", "/alliances/CSA/history", None, expect(200)),
    ("organisation_list", "get", "/organisations", None, expect(200)),
    ("organisation_private", "get", "/organisations/{sd}", None, expect(200, anonymous=404, outsider=404)),
    (
        "organisation_create",
        "post",
        "/organisations",
        NEW_ORG,
        writes({"secretariat", "provincial_officer", "national_officer"}, ok=201),
    ),
    (
        "organisation_update",
        "patch",
        "/organisations/{b}",
        {"address": "清华园"},
        writes({"secretariat", "member_contact", "national_officer"}),
    ),
    ("uscc_check", "get", "/uscc/9134010068976734XU", None, expect(200)),
    ("member_list", "get", "/alliances/CSA/members", None, expect(200)),
    (
        "member_add",
        "post",
        "/alliances/CSA/members",
        {"organisation": "{sd}", "rank": "ordinary", "joined_on": "2015-01-01"},
        writes({"secretariat", "national_officer"}, ok=201),
    ),
    (
        "member_rank",
        "post",
        "/memberships/{m}/rank",
        {"rank": "vice_chair"},
        writes({"secretariat", "national_officer"}),
    ),
    (
        "member_end",
        "post",
        "/memberships/{m}/end",
        {"left_on": "2020-01-01", "reason": "退出"},
        writes({"secretariat", "national_officer"}),
    ),
    ("me", "get", "/me", None, writes(LOGGED_IN)),
    ("token_list", "get", "/tokens", None, writes(LOGGED_IN)),
    ("token_create", "post", "/tokens", {"name": "矩阵"}, writes(LOGGED_IN, ok=201)),
    ("token_revoke", "delete", "/tokens/{t}", None, writes({"secretariat"}, denied=404)),
    ("audit_alliance", "get", "/audit/alliance/CSA", None, writes({"secretariat", "national_officer"})),
    ("audit_membership", "get", "/audit/membership/{m}", None, writes({"secretariat", "national_officer"})),
    (
        "audit_organisation",
        "get",
        "/audit/organisation/{b}",
        None,
        writes({"secretariat", "member_contact", "national_officer"}),
    ),
    (
        "dossier",
        "get",
        "/dossiers/CSA",
        None,
        expect(403, anonymous=401, secretariat=200, national_officer=200),
    ),
    (
        "dossier_forming",
        "get",
        "/dossiers/SDC",
        None,
        expect(404, anonymous=401, provincial_officer=200, association_officer=403, national_officer=200),
    ),
    (
        "agreement_list",
        "get",
        "/alliances/CSA/agreements",
        None,
        writes(
            {
                "secretariat",
                "council_member",
                "member_contact",
                "legal_representative",
                "fund_supervisor",
                "expert",
            }
            | {"national_officer"}
        ),
    ),
    ("agreement_create", "post", "/alliances/CSA/agreements", {}, writes({"secretariat"}, ok=201)),
    ("key_list", "get", "/keys", None, writes(LOGGED_IN)),
    ("governance", "get", "/alliances/CSA/governance", None, expect(200)),
    (
        "eligibility",
        "get",
        "/alliances/CSA/eligibility",
        None,
        writes(LOGGED_IN - {"outsider", "provincial_officer", "association_officer"}),
    ),
    (
        "eligibility_forming",
        "get",
        "/alliances/SDC/eligibility",
        None,
        expect(404, anonymous=401, provincial_officer=200, association_officer=200, national_officer=200),
    ),
    (
        "eligibility_survey",
        "get",
        "/eligibility",
        None,
        writes({"provincial_officer", "association_officer", "national_officer"}),
    ),
    (
        "governance_forming",
        "get",
        "/alliances/SDC/governance",
        None,
        expect(404, provincial_officer=200, association_officer=200, national_officer=200),
    ),
    (
        "body_create",
        "post",
        "/alliances/CSA/bodies",
        {"body_type": "council", "name_zh": "矩阵理事会"},
        writes({"secretariat", "national_officer"}, ok=201),
    ),
    (
        "key_register",
        "post",
        "/keys",
        {"organisation": "{b}", "public_key": "j9kZrVwRU9W1kgwWycV8BwxsN5H6XkhrCbnzmdcIenA="},
        writes({"legal_representative"}, ok=201),
    ),
    ("meeting_list", "get", "/alliances/CSA/meetings", None, expect(200)),
    (
        "meeting_convene",
        "post",
        "/alliances/CSA/meetings",
        {
            "body_id": "{bd}",
            "kind": "regular",
            "title_zh": "矩阵会议",
            "starts_at": "{start}",
            "ends_at": "{end}",
        },
        writes({"secretariat", "national_officer", "council_member"}, ok=201),
    ),
    ("motion_list", "get", "/alliances/CSA/motions", None, expect(200)),
    ("motion_detail", "get", "/motions/{mo}", None, expect(200)),
    (
        "vote_cast",
        "post",
        "/motions/{mo}/votes",
        {"choice": "yes"},
        writes({"council_member", "legal_representative", "expert"}, ok=201),
    ),
    (
        "motion_close",
        "post",
        "/motions/{mo}/close",
        {},
        writes({"secretariat", "national_officer", "council_member"}),
    ),
    ("application_submit", "post", "/alliances/CSA/applications", "{apply}", writes(LOGGED_IN, ok=201)),
    (
        "application_queue",
        "get",
        "/alliances/CSA/applications",
        None,
        writes({"secretariat", "national_officer"}),
    ),
    ("application_mine", "get", "/applications", None, writes(LOGGED_IN)),
    (
        "ledger_entries",
        "get",
        "/alliances/CSA/ledger/entries",
        None,
        writes({"secretariat", "fund_supervisor", "national_officer"}),
    ),
    (
        "ledger_trial_balance",
        "get",
        "/alliances/CSA/ledger/trial-balance",
        None,
        writes({"secretariat", "fund_supervisor", "national_officer"}),
    ),
    (
        "ledger_entry_draft",
        "post",
        "/alliances/CSA/ledger/entries",
        "{ledger_entry}",
        writes({"secretariat", "national_officer"}, ok=201),
    ),
    ("notification_list", "get", "/notifications", None, writes(LOGGED_IN)),
    ("notification_read", "post", "/notifications/{n}/read", {}, writes({"secretariat"}, denied=404)),
    ("notification_read_all", "post", "/notifications/read-all", {}, writes(LOGGED_IN)),
    ("todo_list", "get", "/todo", None, writes(LOGGED_IN)),
]

CASES = [
    pytest.param(name, method, path, body, persona, table[persona], id=f"{name}-{persona}")
    for name, method, path, body, table in MATRIX
    for persona in PERSONAS
]


def _fill(value: Any, keys: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**keys)
    if isinstance(value, dict):
        return {k: _fill(v, keys) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class MatrixState:
    world: World
    keys: dict[str, Any]
    body_id: int


@pytest.fixture(scope="module")
def matrix(module_db: Any) -> MatrixState:
    """The world plus a token, a notification, a council and an open ballot: built once per module,
    each case rolled back to it (``module_db``)."""
    world = build_world()
    token, _secret = api_token_create(by=world.user("secretariat"), name="matrix")
    (notification,) = notify(
        recipients=[world.user("secretariat")], kind="matrix.test", subject="矩阵通知", body=""
    )
    council = make_council(world)
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="矩阵议案",
        method="ballot",
        deadline=timezone.now() + dt.timedelta(days=3),
    )
    keys = {
        "m": Membership.objects.get(alliance=world.csa, organisation=world.member_b).pk,
        "t": token.pk,
        "sd": world.sd_org.uscc,
        "b": world.member_b.uscc,
        "n": notification.pk,
        "bd": council.body.pk,
        "mo": motion.pk,
        "start": (timezone.now() + dt.timedelta(days=8)).isoformat(),
        "end": (timezone.now() + dt.timedelta(days=8, hours=2)).isoformat(),
    }
    return MatrixState(world, keys, council.body.pk)


@pytest.fixture
def world(matrix: MatrixState, db: Any) -> World:
    return matrix.world


@pytest.mark.parametrize(("name", "method", "path", "body", "persona", "status"), CASES)
def test_permission_matrix(matrix, world, as_persona, name, method, path, body, persona, status) -> None:
    keys = matrix.keys
    api = as_persona(persona)
    if name.startswith("ledger"):
        from itisa.ledger.tests.conftest import make_books

        books = make_books(world)
        if body == "{ledger_entry}":
            body = {
                "date": "2026-03-05",
                "memo": "矩阵凭证",
                "idempotency_key": "matrix",
                "postings": [
                    {"account": "1002", "fund": books.dues.pk, "amount": "10.00"},
                    {"account": "4201", "fund": books.dues.pk, "amount": "-10.00"},
                ],
            }
    if body == "{apply}":
        from itisa.membership.tests.test_admission import BYD

        body = BYD
    audit_before = AuditEntry.objects.count()
    if isinstance(body, dict) and body.get("body_id") == "{bd}":
        body = {**body, "body_id": matrix.body_id}
    if body is None:
        response = api.call(method, _fill(path, keys))
    else:
        response = api.call(method, _fill(path, keys), _fill(body, keys))
    assert response.status_code == status, response.content
    if status >= 400:
        # a refusal writes nothing: no audit entry, so no service ran
        assert AuditEntry.objects.count() == audit_before
