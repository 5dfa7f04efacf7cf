"""Pilot-program API: calls, applications, recommendations, experts, reviews, decisions, the published list."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.accounts.models import User
from itisa.core.errors import NotFound, PermissionDenied
from itisa.core.inputs import Id
from itisa.core.responses import download, errors
from itisa.pilots import services
from itisa.pilots.application_views import pdf_download
from itisa.pilots.materials import material_content
from itisa.pilots.models import Expert
from itisa.pilots.permissions import (
    can_manage_call,
    can_manage_program,
    can_read_materials,
    can_view_reviews,
)
from itisa.pilots.schemas import (
    ApplyIn,
    AssignIn,
    AssignmentOut,
    CallFilterIn,
    CallIn,
    CallOut,
    CallPatchIn,
    CodeIn,
    DecisionIn,
    ExpertIn,
    ExpertOut,
    MaterialOut,
    PilotApplicationDetailOut,
    PilotApplicationFilterIn,
    PilotApplicationOut,
    PilotCommentIn,
    PilotTransitionIn,
    PublishedOut,
    RecommendationOut,
    ReviewIn,
    ReviewOut,
    ScoresOut,
)
from itisa.pilots.selectors import (
    OUTLIER_POINTS,
    access_application,
    access_assignment,
    access_call,
    access_expert,
    access_published_call,
    applications_visible_to,
    calls_visible_to,
    experts_in_pool,
    published_list,
    recommendation_letter,
    score_summary,
)
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance

router = Router(tags=["pilots"])


def _require(decision: Any) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


@router.get("/pilots/calls", response={200: list[CallOut], **errors(401, 422)})
@paginate
def call_list(request: HttpRequest, filters: Query[CallFilterIn]) -> Any:
    """The calls the viewer may see; ``scope`` (national | provincial) and ``province`` filter them."""
    return calls_visible_to(viewer(request), scope=filters.scope, province=filters.province)


@router.post("/pilots/calls", response={201: CallOut, **errors(400, 401, 403, 413, 422)}, auth=AUTHENTICATED)
def call_create(request: HttpRequest, payload: CallIn) -> Any:
    data = services.CallInput(**payload.dict())
    return Status(201, services.call_create(by=viewer(request), data=data))


@router.get("/pilots/calls/{call_id}", response={200: CallOut, **errors(401, 404, 422)})
def call_detail(request: HttpRequest, call_id: Id) -> Any:
    return access_call(viewer(request), call_id)


@router.patch(
    "/pilots/calls/{call_id}",
    response={200: CallOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def call_update(request: HttpRequest, call_id: Id, payload: CallPatchIn) -> Any:
    """Change a draft call: only the fields sent are replaced. Refused (409) once the call is open."""
    data = services.CallInput(**payload.dict(exclude_unset=True))
    return services.call_update(by=viewer(request), call=access_call(viewer(request), call_id), data=data)


@router.post(
    "/pilots/calls/{call_id}/open",
    response={200: CallOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def call_open(request: HttpRequest, call_id: Id) -> Any:
    return services.call_open(by=viewer(request), call=access_call(viewer(request), call_id))


@router.post(
    "/pilots/calls/{call_id}/close",
    response={200: CallOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def call_close(request: HttpRequest, call_id: Id) -> Any:
    return services.call_close(by=viewer(request), call=access_call(viewer(request), call_id))


@router.post(
    "/pilots/calls/{call_id}/publish",
    response={200: CallOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def call_publish(request: HttpRequest, call_id: Id) -> Any:
    return services.call_publish(by=viewer(request), call=access_call(viewer(request), call_id))


@router.get("/pilots/calls/{call_id}/published", response={200: list[PublishedOut], **errors(401, 404, 422)})
def published(request: HttpRequest, call_id: Id) -> Any:
    return list(published_list(access_published_call(viewer(request), call_id)))


@router.post(
    "/pilots/calls/{call_id}/applications",
    response={201: PilotApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_create(request: HttpRequest, call_id: Id, payload: ApplyIn) -> Any:
    call = access_call(viewer(request), call_id)
    # the alliance the applicant may see: a hidden one answers 404 like a missing one (issue 14 review)
    alliance = access_alliance(viewer(request), payload.alliance)
    return Status(201, services.application_create(by=viewer(request), call=call, alliance=alliance))


@router.get(
    "/pilots/applications",
    response={200: list[PilotApplicationOut], **errors(401, 404, 422)},
    auth=AUTHENTICATED,
)
@paginate
def application_list(request: HttpRequest, filters: Query[PilotApplicationFilterIn]) -> Any:
    call = access_call(viewer(request), filters.call) if filters.call else None
    return applications_visible_to(
        viewer(request), call=call, status=filters.status, q=filters.q, province=filters.province,
        industry=filters.industry, scope=filters.scope,
    )  # fmt: skip


@router.get(
    "/pilots/applications/{application_id}",
    response={200: PilotApplicationDetailOut, **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
def application_detail(request: HttpRequest, application_id: Id) -> Any:
    return access_application(viewer(request), application_id)


@router.post(
    "/pilots/applications/{application_id}/materials",
    response={201: MaterialOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def material_upload(
    request: HttpRequest, application_id: Id, code: Form[str], file: File[UploadedFile]
) -> Any:
    material = services.material_upload(
        by=viewer(request), application=access_application(viewer(request), application_id), code=code, name=file.name or "",
        data=file.read(services.PDF_MAX_BYTES + 1),
    )  # fmt: skip
    return Status(201, material)


@router.get(
    "/pilots/applications/{application_id}/materials/{material_id}/file",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download("application/pdf"),
    auth=AUTHENTICATED,
)
def material_download(request: HttpRequest, application_id: Id, material_id: Id) -> FileResponse:
    """An uploaded material, or the agreement version the application froze (PDF), to whoever may read its
    materials."""
    application = access_application(viewer(request), application_id, need=can_read_materials)
    content = material_content(application, material_id)
    if content is None:
        raise NotFound(_("No such material."))
    return pdf_download(content.body, content.filename)


@router.post(
    "/pilots/applications/{application_id}/materials/generate",
    response={201: MaterialOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def material_generate(request: HttpRequest, application_id: Id, payload: CodeIn) -> Any:
    material = services.material_generate(
        by=viewer(request), application=access_application(viewer(request), application_id), code=payload.code
    )
    return Status(201, material)


@router.post(
    "/pilots/applications/{application_id}/submit",
    response={200: PilotApplicationDetailOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_submit(request: HttpRequest, application_id: Id) -> Any:
    return services.application_submit(
        by=viewer(request), application=access_application(viewer(request), application_id)
    )


@router.post(
    "/pilots/applications/{application_id}/transition",
    response={200: PilotApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_transition(request: HttpRequest, application_id: Id, payload: PilotTransitionIn) -> Any:
    return services.application_move(
        by=viewer(request), application=access_application(viewer(request), application_id), target=payload.status,
        comment=payload.comment,
    )  # fmt: skip


@router.post(
    "/pilots/applications/{application_id}/return",
    response={200: PilotApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_return(request: HttpRequest, application_id: Id, payload: PilotCommentIn) -> Any:
    return services.application_return(
        by=viewer(request),
        application=access_application(viewer(request), application_id),
        comment=payload.comment,
    )


@router.post(
    "/pilots/applications/{application_id}/recommendations",
    response={201: RecommendationOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def recommendation_add(
    request: HttpRequest, application_id: Id, letter: Form[str], file: File[UploadedFile | None] = None
) -> Any:
    recommendation = services.recommendation_add(
        by=viewer(request), application=access_application(viewer(request), application_id), letter=letter,
        name=(file.name or "") if file else "", data=file.read(services.PDF_MAX_BYTES + 1) if file else None,
    )  # fmt: skip
    return Status(201, recommendation)


@router.get(
    "/pilots/applications/{application_id}/recommendations/{recommendation_id}/letter",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download("application/pdf"),
    auth=AUTHENTICATED,
)
def recommendation_letter_download(
    request: HttpRequest, application_id: Id, recommendation_id: Id
) -> FileResponse:
    """The signed recommendation letter (PDF), to whoever may see the application."""
    application = access_application(viewer(request), application_id)
    recommendation = recommendation_letter(application, recommendation_id)
    if recommendation is None:
        raise NotFound(_("No such recommendation letter."))
    return pdf_download(
        recommendation.letter_file, f"{application.alliance.code}-recommendation-{recommendation.pk}.pdf"
    )


@router.get("/pilots/experts", response={200: list[ExpertOut], **errors(401, 403, 422)}, auth=AUTHENTICATED)
@paginate
def expert_list(request: HttpRequest) -> Any:
    _require(can_manage_program(viewer(request)))
    return experts_in_pool(viewer(request)).order_by("name", "pk")


@router.post(
    "/pilots/experts",
    response={201: ExpertOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def expert_create(request: HttpRequest, payload: ExpertIn) -> Any:
    _require(can_manage_program(viewer(request)))
    user = User.objects.filter(username=payload.username).first()
    if user is None:
        raise NotFound(_("No account with this username."))
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(uscc=payload.organisation).first()
        if organisation is None:
            raise NotFound(_("No organisation with this credit code in the registry."))
    expert = services.expert_create(
        by=viewer(request),
        user=user,
        name=payload.name,
        organisation=organisation,
        specialities=payload.specialities,
    )
    return Status(201, expert)


@router.post(
    "/pilots/experts/{expert_id}/remove",
    response={200: ExpertOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def expert_remove(request: HttpRequest, expert_id: Id) -> Any:
    """Take an expert out of the pool (``active`` false): no new assignments; existing ones and reviews stay."""
    _require(can_manage_program(viewer(request)))
    expert = access_expert(viewer(request), expert_id)
    return services.expert_remove(by=viewer(request), expert=expert)


@router.post(
    "/pilots/applications/{application_id}/assignments",
    response={201: AssignmentOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def expert_assign(request: HttpRequest, application_id: Id, payload: AssignIn) -> Any:
    application = access_application(viewer(request), application_id)
    _require(can_manage_call(viewer(request), application.call))
    expert = Expert.objects.filter(pk=payload.expert_id).select_related("organisation").first()
    if expert is None:
        raise NotFound(_("No such expert."))
    return Status(201, services.expert_assign(by=viewer(request), application=application, expert=expert))


@router.post(
    "/pilots/assignments/{assignment_id}/review",
    response={201: ReviewOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def review_submit(request: HttpRequest, assignment_id: Id, payload: ReviewIn) -> Any:
    assignment = access_assignment(viewer(request), assignment_id)
    review = services.review_submit(
        by=viewer(request), assignment=assignment, scores=payload.scores, comments=payload.comments,
        summary=payload.summary,
    )  # fmt: skip
    return Status(201, review)


@router.get(
    "/pilots/applications/{application_id}/reviews",
    response={200: ScoresOut, **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
def review_list(request: HttpRequest, application_id: Id) -> Any:
    """The reviews and their aggregates: whoever runs the call (the national office, or the provincial
    department for its calls) only; an expert reads its own on the site."""
    application = access_application(viewer(request), application_id)
    _require(can_manage_call(viewer(request), application.call))
    _require(can_view_reviews(viewer(request), application))
    summary = score_summary(application)
    return {
        "assigned": summary.assigned,
        "submitted": len(summary.rows),
        "mean": summary.mean,
        "spread": summary.spread,
        "std_dev": summary.std_dev,
        "outlier_points": OUTLIER_POINTS,
        "reviews": [
            {
                "expert": r.expert.name, "total": r.total, "deviation": r.deviation, "outlier": r.outlier,
                "scores": r.review.scores, "comments": r.review.comments, "summary": r.review.summary,
            }
            for r in summary.rows
        ],
    }  # fmt: skip


@router.post(
    "/pilots/applications/{application_id}/decision",
    response={200: PilotApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_decide(request: HttpRequest, application_id: Id, payload: DecisionIn) -> Any:
    return services.application_decide(
        by=viewer(request), application=access_application(viewer(request), application_id), outcome=payload.outcome,
        reasons=payload.reasons,
    )  # fmt: skip
