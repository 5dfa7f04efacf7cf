"""Every persona × every pilot-program page (GET) and API endpoint (reads and writes): the exact status.

The pilot program needs more setup than the project's two matrices hold (calls in each status,
applications at several steps, experts assigned with and without a conflict of interest), so its
matrix lives here, in the same style. Columns are the 11 personas of the root conftest plus
``conflicted_expert``: an expert assigned to CSA's application whose organisation joined CSA afterwards.

The setup (``PilotWorld``):
- ``call_pub``: a published call; CSA was decided a cultivation alliance and is on the list;
- ``call``: open; ``app_csa`` (CSA, in expert review, one review by an independent expert, a signed
  recommendation letter from the office, the conflicted expert assigned) and ``app_sd`` (SDP, a regional
  alliance of Shandong in industry B, in expert review, the ``expert`` persona assigned, recommended by
  the provincial officer);
- ``call2``: open; ``app_draft`` (CSA, a draft) and ``app_queued`` (SDP, submitted);
- ``draft_call``: a draft.
The ``expert`` persona holds a role in CSA, so it could not be assigned to CSA's application (conflict).

302 = anonymous visitor sent to the login page; 401 = anonymous API call; 403 = not allowed (the
reason is given); 404 = not visible to the viewer; 405 = a page that only takes POST; 409 = refused
by the state of things (a frozen call, a conflict of interest, a duplicate); 422 = refused input.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from conftest import PERSONAS, build_world
from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.pilots import services
from itisa.pilots.models import (
    Application,
    ApplicationStatusChange,
    Assignment,
    Call,
    Expert,
    Material,
    Recommendation,
    Review,
)
from itisa.pilots.tests.pilot_fixtures import (
    CODES,
    PDF,
    item_rows,
    make_call,
    make_expert,
    patch_needs_review,
    to_review,
)
from tests.factories import AllianceFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = (*PERSONAS, "conflicted_expert")
ALL_60 = {"innovation": 60, "industry": 60, "governance": 60, "cooperation": 60, "funds": 60}


@dataclass
class PilotWorld:
    world: Any
    ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, column: str) -> Any:
        return self.users[column]


def submitted(
    world: Any, call: Call, alliance: Any = None, *, by: Any = None, upload: str = ""
) -> Application:
    """An application submitted through the services, its materials put in directly (the matrix builds
    this world for each of its cases; uploads are tested in test_views.py and test_api.py)."""
    by = by or world.user("secretariat")
    application = services.application_create(by=by, call=call, alliance=alliance or world.csa)
    Material.objects.bulk_create(
        Material(application=application, code=code, kind="generated", reference="/alliances/", added_by=by,
                 added_at=timezone.now())
        for code in CODES
        if code != upload
    )  # fmt: skip
    if upload:
        services.material_upload(by=by, application=application, code=upload, name=f"{upload}.pdf", data=PDF)
    return services.application_submit(by=by, application=application)


@pytest.fixture(scope="module")
def shared_pw(module_db: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PilotWorld]:
    """Built once for the module, each case rolled back to it (``module_db``); uploads go to a media
    folder of the module's and the eligibility engine answers "needs review" throughout."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), pytest.MonkeyPatch.context() as mp:
        patch_needs_review(mp)
        yield build_pilot_world(build_world())


@pytest.fixture
def pw(shared_pw: PilotWorld, db: Any) -> PilotWorld:
    return shared_pw


def build_pilot_world(world: Any) -> PilotWorld:
    """The pilot program's world (see the module docstring)."""
    office = world.user("national_officer")
    sdp = AllianceFactory(
        code="SDP", name_zh="山东能源装备产业技术创新战略联盟", scope="regional", province="37", industry="B"
    )
    sdp_secretariat = UserFactory(username="sdp-secretariat")
    RoleAssignment.objects.create(user=sdp_secretariat, role="secretariat", alliance=sdp)

    # a published call: CSA decided a cultivation alliance (its status stays "established")
    call_pub = make_call(world, title_zh="2025年试点联盟申报")
    published_app = to_review(world, submitted(world, call_pub))
    services.application_decide(by=office, application=published_app, outcome="cultivation", reasons="培育。")
    services.call_close(by=office, call=call_pub)
    services.call_publish(by=office, call=call_pub)

    call = make_call(world)
    app_csa = to_review(world, submitted(world, call, upload="charter"))
    app_sd = to_review(world, submitted(world, call, sdp, by=sdp_secretariat))
    independent = make_expert(world, "独立专家")
    reviewed = services.expert_assign(by=office, application=app_csa, expert=independent)
    services.review_submit(by=independent.user, assignment=reviewed, scores=ALL_60, summary="同意。")
    # assigned while impartial; the organisation joined CSA afterwards
    joined_later = OrganisationFactory(name_zh="后入盟单位")
    conflicted = make_expert(world, "冲突专家", organisation=joined_later, username="conflicted_expert")
    conflicted_assignment = services.expert_assign(by=office, application=app_csa, expert=conflicted)
    MembershipFactory(alliance=world.csa, organisation=joined_later, joined_on=dt.date(2026, 1, 1))
    persona_expert = services.expert_create(by=office, user=world.user("expert"), name="专家甲")
    expert_assignment = services.expert_assign(by=office, application=app_sd, expert=persona_expert)
    letter = services.recommendation_add(
        by=office, application=app_csa, letter="推荐。", name="letter.pdf", data=PDF
    )
    services.recommendation_add(by=world.user("provincial_officer"), application=app_sd, letter="省厅推荐。")
    pool = make_expert(world, "候补专家")
    member_expert = make_expert(world, "成员专家", organisation=world.member_b)
    removed = services.expert_remove(by=office, expert=make_expert(world, "退出专家"))
    UserFactory(username="new-expert")

    call2 = make_call(world, title_zh="2026年第二批试点联盟申报")
    app_draft = services.application_create(by=world.user("secretariat"), call=call2, alliance=world.csa)
    app_queued = submitted(world, call2, sdp, by=sdp_secretariat)
    draft_call = services.call_create(
        by=office,
        data=services.CallInput(title_zh="2027年试点联盟申报（草稿）", opens_on=dt.date(2027, 1, 1),
                                closes_on=dt.date(2027, 3, 31), rules="2016", max_pilots=2, max_cultivation=2),
    )  # fmt: skip

    ids = {
        "pub": call_pub.pk, "call": call.pk, "call2": call2.pk, "draft_call": draft_call.pk,
        "csa": app_csa.pk, "sd": app_sd.pk, "draft": app_draft.pk, "queued": app_queued.pk,
        "material": app_csa.materials.get(code="charter").pk, "letter": letter.pk,
        "expert_assignment": expert_assignment.pk, "conflicted_assignment": conflicted_assignment.pk,
        "pool": pool.pk, "member_expert": member_expert.pk, "removed": removed.pk,
    }  # fmt: skip
    users = {**world.users, "conflicted_expert": conflicted.user}
    return PilotWorld(world=world, ids=ids, users=users)


def snapshot() -> dict[str, Any]:
    """What a refused action must leave unchanged."""
    return {
        "calls": list(Call.objects.order_by("pk").values_list("pk", "status", "title_zh", "max_pilots")),
        "applications": list(Application.objects.order_by("pk").values_list("pk", "status", "outcome")),
        "materials": list(Material.objects.order_by("pk").values_list("pk", "application_id", "code")),
        "recommendations": Recommendation.objects.count(),
        "experts": list(Expert.objects.order_by("pk").values_list("pk", "active")),
        "assignments": Assignment.objects.count(),
        "reviews": Review.objects.count(),
        "history": ApplicationStatusChange.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def row(**codes: int) -> tuple[int, ...]:
    """A row of the table: ``default`` for every column not named."""
    default = codes.pop("default")
    return tuple(codes.get(c, default) for c in COLUMNS)


# who may see each application (page and API alike): the rest get 404, anonymous visitors log in first
SEES_CSA = {"secretariat": 200, "national_officer": 200, "conflicted_expert": 403}
SEES_SD = {"expert": 200, "provincial_officer": 200, "association_officer": 200, "national_officer": 200}
SEES_QUEUED = {"provincial_officer": 200, "association_officer": 200, "national_officer": 200}
SEES_DRAFT = {"secretariat": 200, "national_officer": 200}
OFFICE = {"national_officer": 200}

# --- pages ----------------------------------------------------------------------------------------

# Columns: anonymous, outsider, secretariat, council_member, member_contact, legal_representative,
# fund_supervisor, expert, provincial_officer, association_officer, national_officer, conflicted_expert
PAGES: dict[str, tuple[str, tuple[int, ...]]] = {
    "calls": ("/pilots/", row(default=200)),
    # a provincial officer drafts its own province's calls (test_provincial.py), never a national one
    "call_create": ("/pilots/calls/new/", row(default=403, anonymous=302, provincial_officer=200, **OFFICE)),
    "call_open": ("/pilots/calls/{call}/", row(default=200)),
    "call_draft": ("/pilots/calls/{draft_call}/", row(default=404, **OFFICE)),
    "call_edit_draft": ("/pilots/calls/{draft_call}/edit/", row(default=404, **OFFICE)),
    # an opened call is frozen: the office too is refused, with the reason
    "call_edit_open": ("/pilots/calls/{call}/edit/", row(default=403, anonymous=302)),
    "call_publish": ("/pilots/calls/{call}/publish/", row(default=403, anonymous=302, **OFFICE)),
    "apply": ("/pilots/calls/{call}/apply/", row(default=403, anonymous=302, secretariat=200)),
    "call_queue": ("/pilots/calls/{call}/applications/", row(default=200, anonymous=302)),
    "published": ("/pilots/calls/{pub}/list/", row(default=200)),
    "published_xlsx": ("/pilots/calls/{pub}/list.xlsx", row(default=200)),
    "published_pdf": ("/pilots/calls/{pub}/list.pdf", row(default=200)),
    "published_not_yet": ("/pilots/calls/{call}/list/", row(default=404)),
    "dashboard": ("/pilots/dashboard/", row(default=403, anonymous=302, **OFFICE)),
    "queue": ("/pilots/applications/", row(default=200, anonymous=302)),
    "application_csa": ("/pilots/applications/{csa}/", row(default=404, anonymous=302, **SEES_CSA)),
    "application_sd": ("/pilots/applications/{sd}/", row(default=404, anonymous=302, **SEES_SD)),
    "application_draft": ("/pilots/applications/{draft}/", row(default=404, anonymous=302, **SEES_DRAFT)),
    "application_queued": ("/pilots/applications/{queued}/", row(default=404, anonymous=302, **SEES_QUEUED)),
    "material": (
        "/pilots/applications/{csa}/materials/{material}/",
        row(default=404, anonymous=302, **SEES_CSA),
    ),
    "letter": (
        "/pilots/applications/{csa}/recommendations/{letter}/letter/",
        row(default=404, anonymous=302, **SEES_CSA),
    ),
    "recommend_csa": (
        "/pilots/applications/{csa}/recommend/",
        row(default=404, anonymous=302, secretariat=403, national_officer=200, conflicted_expert=403),
    ),
    "recommend_sd": (
        "/pilots/applications/{sd}/recommend/",
        row(default=404, anonymous=302, **{**SEES_SD, "expert": 403}),
    ),
    "decide_csa": (
        "/pilots/applications/{csa}/decide/",
        row(default=404, anonymous=302, secretariat=403, national_officer=200, conflicted_expert=403),
    ),
    "experts": ("/pilots/experts/", row(default=403, anonymous=302, **OFFICE)),
    "expert_remove": ("/pilots/experts/{pool}/remove/", row(default=403, anonymous=302, **OFFICE)),
    "my_reviews": ("/pilots/reviews/", row(default=200, anonymous=302)),
    "review_assigned": ("/pilots/reviews/{expert_assignment}/", row(default=404, anonymous=302, expert=200)),
    "review_conflicted": (
        "/pilots/reviews/{conflicted_assignment}/",
        row(default=404, anonymous=302, conflicted_expert=403),
    ),
}

PAGE_CASES = [
    pytest.param(name, column, codes[i], id=f"{name}-{column}")
    for name, (_path, codes) in PAGES.items()
    for i, column in enumerate(COLUMNS)
]


@pytest.mark.parametrize(("name", "column", "expected"), PAGE_CASES)
def test_page_status(pw: PilotWorld, name: str, column: str, expected: int) -> None:
    client = Client()
    user = pw.user(column)
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = client.get(PAGES[name][0].format(**pw.ids))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/login/?next=")
    assert snapshot() == before


# pages that only take POST: a GET is refused (405) for everyone, before anything is looked up; each is
# exercised by its API twin below and by test_views.py
POST_ONLY = (
    "/pilots/calls/{draft_call}/open/",
    "/pilots/calls/{call}/close/",
    "/pilots/applications/{draft}/materials/",
    "/pilots/applications/{draft}/submit/",
    "/pilots/applications/{queued}/move/formal_check/",
    "/pilots/applications/{csa}/return/",
    "/pilots/applications/{csa}/assign/",
)


@pytest.mark.parametrize("path", POST_ONLY)
def test_post_only_pages_refuse_get(pw: PilotWorld, path: str) -> None:
    for column in COLUMNS:
        client = Client()
        if pw.user(column) is not None:
            client.force_login(pw.user(column))
        assert client.get(path.format(**pw.ids)).status_code == 405, column


@pytest.mark.parametrize(
    ("column", "sees"),
    [
        ("secretariat", False),
        ("council_member", False),
        ("expert", False),
        ("provincial_officer", False),
        ("association_officer", False),
        ("national_officer", True),
    ],
)
def test_only_the_office_sees_the_scores_on_the_application_page(
    pw: PilotWorld, column: str, sees: bool
) -> None:
    """The alliance never sees reviews; an expert sees the others only on an application they reviewed."""
    client = Client()
    client.force_login(pw.user(column))
    for key in ("csa", "sd"):
        response = client.get(f"/en/pilots/applications/{pw.ids[key]}/")
        if response.status_code == 200:
            page = response.content.decode()
            assert ('data-testid="scores"' in page) is sees, key
            # the independent expert's weighted total on CSA's application
            assert ("60.00" in page) is (sees and key == "csa"), key


# page forms (POST): 302 = done and sent on (anonymous visitors: to the login page); 200 = the form again
# with the refusal on it; a refusal changes nothing and writes no audit entry
CALL_FORM = {"title_zh": "改过的草稿", "opens_on": "2027-01-01", "closes_on": "2027-03-31", "rules": "2016",
             "max_pilots": "3", "max_cultivation": "2", **item_rows("materials", [("charter", "联盟章程", "Charter")]),
             **item_rows("rubric", [("overall", "综合评价", "Overall", 100)])}  # fmt: skip
PAGE_WRITES: dict[str, tuple[str, dict[str, Any], tuple[int, ...]]] = {
    "call_edit_draft": (
        "/pilots/calls/{draft_call}/edit/",
        CALL_FORM,
        row(default=404, national_officer=302),
    ),
    "expert_remove": (
        "/pilots/experts/{pool}/remove/",
        {"confirmed": "1"},
        row(default=403, anonymous=302, national_officer=302),
    ),
    "assign": (
        "/pilots/applications/{csa}/assign/",
        {"expert": "{pool}"},
        row(default=404, anonymous=302, secretariat=403, national_officer=302, conflicted_expert=403),
    ),
    "move_queued": (
        "/pilots/applications/{queued}/move/formal_check/",
        {},
        row(
            default=404,
            anonymous=302,
            **{**SEES_QUEUED, "provincial_officer": 403, "association_officer": 403, "national_officer": 302},
        ),
    ),  # fmt: skip
    "material_add_draft": (
        "/pilots/applications/{draft}/materials/",
        {"code": "member_list", "generate": "1"},
        row(default=404, anonymous=302, secretariat=302, national_officer=403),
    ),
    # the provincial officer has already recommended: the form comes back with the refusal
    "recommend_sd": (
        "/pilots/applications/{sd}/recommend/",
        {"letter": "推荐。"},
        row(
            default=404,
            anonymous=302,
            expert=403,
            provincial_officer=200,
            association_officer=302,
            national_officer=302,
        ),
    ),  # fmt: skip
    "decide_csa": (
        "/pilots/applications/{csa}/decide/",
        {"outcome": "cultivation", "reasons": "一致同意。", "confirmed": "1"},
        row(default=404, anonymous=302, secretariat=403, national_officer=302, conflicted_expert=403),
    ),
}

PAGE_WRITE_CASES = [
    pytest.param(name, column, codes[i], id=f"{name}-{column}")
    for name, (_path, _data, codes) in PAGE_WRITES.items()
    for i, column in enumerate(COLUMNS)
]


@pytest.mark.parametrize(("name", "column", "expected"), PAGE_WRITE_CASES)
def test_page_write_status(pw: PilotWorld, name: str, column: str, expected: int) -> None:
    path, data, _codes = PAGE_WRITES[name]
    client = Client()
    user = pw.user(column)
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = client.post(path.format(**pw.ids), _fill(data, pw.ids))
    assert response.status_code == expected
    if user is None and expected == 302:
        assert response["Location"].startswith("/login/?next=")
    if user is not None and expected == 302:
        assert snapshot()["audit"] > before["audit"]
    else:
        assert snapshot() == before


# --- API ------------------------------------------------------------------------------------------


def writes(allowed: dict[str, int], default: int = 403, **overrides: int) -> tuple[int, ...]:
    """A write: anonymous callers get 401; ``allowed`` maps columns to their status."""
    return row(default=default, anonymous=401, **{**allowed, **overrides})


def api_sees(seen: dict[str, int], **overrides: int) -> tuple[int, ...]:
    return row(default=404, anonymous=401, **{**seen, **overrides})


CALL_BODY = {"title_zh": "矩阵通知", "opens_on": "2027-01-01", "closes_on": "2027-02-01", "max_pilots": 1,
             "max_cultivation": 1}  # fmt: skip
SD_SEERS_403 = {"expert": 403, "provincial_officer": 403, "association_officer": 403}

# (method, path, body, codes); a body "upload" or "letter" is sent as a multipart form
ENDPOINTS: dict[str, tuple[str, str, Any, tuple[int, ...]]] = {
    "call_list": ("get", "/pilots/calls", None, row(default=200)),
    "call_open": ("get", "/pilots/calls/{call}", None, row(default=200)),
    "call_draft": ("get", "/pilots/calls/{draft_call}", None, row(default=404, **OFFICE)),
    "published": ("get", "/pilots/calls/{pub}/published", None, row(default=200)),
    "published_not_yet": ("get", "/pilots/calls/{call}/published", None, row(default=404)),
    "application_list": ("get", "/pilots/applications", None, row(default=200, anonymous=401)),
    "application_csa": ("get", "/pilots/applications/{csa}", None, api_sees(SEES_CSA)),
    "application_sd": ("get", "/pilots/applications/{sd}", None, api_sees(SEES_SD)),
    "application_draft": ("get", "/pilots/applications/{draft}", None, api_sees(SEES_DRAFT)),
    "application_queued": ("get", "/pilots/applications/{queued}", None, api_sees(SEES_QUEUED)),
    "material_file": (
        "get",
        "/pilots/applications/{csa}/materials/{material}/file",
        None,
        api_sees(SEES_CSA),
    ),
    "letter_file": (
        "get",
        "/pilots/applications/{csa}/recommendations/{letter}/letter",
        None,
        api_sees(SEES_CSA),
    ),
    "reviews_csa": ("get", "/pilots/applications/{csa}/reviews", None, api_sees(SEES_CSA, secretariat=403)),
    "reviews_sd": ("get", "/pilots/applications/{sd}/reviews", None, api_sees(SEES_SD, **SD_SEERS_403)),
    "expert_list": ("get", "/pilots/experts", None, writes(OFFICE)),
    "call_create": ("post", "/pilots/calls", CALL_BODY, writes({"national_officer": 201})),
    "call_update_draft": (
        "patch",
        "/pilots/calls/{draft_call}",
        {"max_pilots": 3},
        writes(OFFICE, default=404),
    ),
    "call_update_open": (
        "patch",
        "/pilots/calls/{call}",
        {"max_pilots": 3},
        writes({"national_officer": 409}),
    ),
    "call_open_draft": ("post", "/pilots/calls/{draft_call}/open", {}, writes(OFFICE, default=404)),
    "call_close": ("post", "/pilots/calls/{call2}/close", {}, writes(OFFICE)),
    "call_publish_open": ("post", "/pilots/calls/{call}/publish", {}, writes({"national_officer": 409})),
    # CSA has already applied to call2
    "apply_again": (
        "post",
        "/pilots/calls/{call2}/applications",
        {"alliance": "CSA"},
        writes({"secretariat": 409}),
    ),
    "upload_draft": (
        "post",
        "/pilots/applications/{draft}/materials",
        "upload",
        api_sees({"secretariat": 201, "national_officer": 403}),
    ),
    "upload_in_review": (
        "post",
        "/pilots/applications/{csa}/materials",
        "upload",
        api_sees({"secretariat": 403, "national_officer": 403, "conflicted_expert": 403}),
    ),
    "generate_draft": (
        "post",
        "/pilots/applications/{draft}/materials/generate",
        {"code": "member_list"},
        api_sees({"secretariat": 201, "national_officer": 403}),
    ),
    # materials are missing: refused with the list, nothing changes
    "submit_draft": (
        "post",
        "/pilots/applications/{draft}/submit",
        {},
        api_sees({"secretariat": 422, "national_officer": 403}),
    ),
    "transition_queued": (
        "post",
        "/pilots/applications/{queued}/transition",
        {"status": "formal_check"},
        api_sees(SEES_QUEUED, provincial_officer=403, association_officer=403),
    ),
    "return_csa": (
        "post",
        "/pilots/applications/{csa}/return",
        {"comment": "请补充经费管理制度。"},
        api_sees(SEES_CSA, secretariat=403),
    ),
    # the provincial officer has already recommended SDP; the expert is not a recommender
    "recommend_sd": (
        "post",
        "/pilots/applications/{sd}/recommendations",
        "letter",
        api_sees(
            {"expert": 403, "provincial_officer": 409, "association_officer": 201, "national_officer": 201}
        ),
    ),
    "assign_pool": (
        "post",
        "/pilots/applications/{csa}/assignments",
        {"expert_id": "{pool}"},
        api_sees(SEES_CSA, secretariat=403, national_officer=201),
    ),
    # 乙大学 is a member of CSA
    "assign_member_expert": (
        "post",
        "/pilots/applications/{csa}/assignments",
        {"expert_id": "{member_expert}"},
        api_sees(SEES_CSA, secretariat=403, national_officer=409),
    ),
    "assign_removed": (
        "post",
        "/pilots/applications/{csa}/assignments",
        {"expert_id": "{removed}"},
        api_sees(SEES_CSA, secretariat=403, national_officer=422),
    ),
    "review_assigned": (
        "post",
        "/pilots/assignments/{expert_assignment}/review",
        {"scores": ALL_60, "summary": "同意。"},
        api_sees({"expert": 201}),
    ),
    "review_conflicted": (
        "post",
        "/pilots/assignments/{conflicted_assignment}/review",
        {"scores": ALL_60, "summary": "同意。"},
        api_sees({"conflicted_expert": 403}),
    ),
    "decide_csa": (
        "post",
        "/pilots/applications/{csa}/decision",
        {"outcome": "cultivation", "reasons": "评审意见一致。"},
        api_sees(SEES_CSA, secretariat=403),
    ),
    "expert_create": (
        "post",
        "/pilots/experts",
        {"username": "new-expert", "name": "新专家"},
        writes({"national_officer": 201}),
    ),
    "expert_remove": ("post", "/pilots/experts/{pool}/remove", {}, writes(OFFICE)),
    "expert_remove_again": (
        "post",
        "/pilots/experts/{removed}/remove",
        {},
        writes({"national_officer": 409}),
    ),
}

DEFAULT_ERROR_CODES = {
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    409: "conflict",
    422: "validation_error",
}
ERROR_CODES = {
    ("call_update_open", 409): "invalid_transition",
    ("call_publish_open", 409): "invalid_transition",
}

API_CASES = [
    pytest.param(name, column, codes[i], id=f"{name}-{column}")
    for name, (_m, _p, _b, codes) in ENDPOINTS.items()
    for i, column in enumerate(COLUMNS)
]


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("name", "column", "expected"), API_CASES)
def test_endpoint_status(pw: PilotWorld, name: str, column: str, expected: int) -> None:
    method, path, body, _codes = ENDPOINTS[name]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    user = pw.user(column)
    if user is not None:
        client.force_login(user)
    url = "/api" + path.format(**pw.ids)
    before = snapshot()
    if body == "upload":
        response = client.post(url, {"code": "charter", "file": SimpleUploadedFile("charter.pdf", PDF)})
    elif body == "letter":
        response = client.post(url, {"letter": "推荐该联盟。"})
    elif body is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(
            url, json.dumps(_fill(body, pw.ids)), content_type="application/json"
        )
    assert response.status_code == expected, response.content
    after = snapshot()
    if method == "get" or expected >= 400:
        # a read or a refusal changes nothing and writes no audit entry
        assert after == before
    else:
        assert after["audit"] > before["audit"]
    if expected >= 400:
        assert response.json()["code"] == ERROR_CODES.get((name, expected), DEFAULT_ERROR_CODES[expected])


def test_each_persona_lists_exactly_the_applications_it_may_see(pw: PilotWorld) -> None:
    """The list (API and page queue) is scoped like the detail: a provincial officer sees only its
    province's submitted applications, an expert only those assigned to it, the alliance only its own."""
    seen = {}
    for column in COLUMNS[1:]:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(pw.user(column))
        items = client.get("/api/pilots/applications").json()["items"]
        seen[column] = sorted((i["alliance"], i["status"]) for i in items)
    csa_all = [("CSA", "draft"), ("CSA", "expert_review"), ("CSA", "published")]
    sdp_submitted = [("SDP", "expert_review"), ("SDP", "submitted")]
    assert seen == {
        "outsider": [],
        "secretariat": csa_all,
        "council_member": [],
        "member_contact": [],
        "legal_representative": [],
        "fund_supervisor": [],
        "expert": [("SDP", "expert_review")],
        "provincial_officer": sdp_submitted,
        "association_officer": sdp_submitted,
        "national_officer": sorted(csa_all + sdp_submitted),
        # listed (it is assigned) but refused when opened, with the conflict as the reason
        "conflicted_expert": [("CSA", "expert_review")],
    }


def test_a_refused_conflicted_expert_is_told_why(pw: PilotWorld) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(pw.user("conflicted_expert"))
    response = client.get(f"/api/pilots/applications/{pw.ids['csa']}")
    assert response.json() == {
        "code": "permission_denied",
        "message": "You have a conflict of interest with this alliance: the expert's organisation 后入盟单位 is an "
        "active member of the alliance",
        "fields": {},
    }
    client.force_login(pw.user("national_officer"))
    response = client.post(
        f"/api/pilots/applications/{pw.ids['csa']}/assignments",
        json.dumps({"expert_id": pw.ids["member_expert"]}),
        content_type="application/json",
    )
    assert response.json()["fields"] == {
        "expert": ["the expert's organisation 乙大学 is an active member of the alliance"]
    }


def test_a_person_of_the_alliance_cannot_review_it(pw: PilotWorld) -> None:
    """The ``expert`` persona holds a role in CSA: in the pool, but barred from CSA's application."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(pw.user("national_officer"))
    expert = Expert.objects.get(user=pw.user("expert"))
    before = snapshot()
    response = client.post(
        f"/api/pilots/applications/{pw.ids['csa']}/assignments",
        json.dumps({"expert_id": expert.pk}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["fields"]) == (
        409,
        {"expert": ["the expert holds a role in the alliance"]},
    )
    assert snapshot() == before
