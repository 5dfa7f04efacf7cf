"""Project endpoints: the alliance's projects, a project with its plan, milestones and budget against
actual, and the writes of its workflow. Every route declares the refusals it can give."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.errors import DomainError, NotFound
from itisa.core.inputs import Id, Year
from itisa.core.responses import errors
from itisa.governance.models import Body
from itisa.pilots.models import Expert
from itisa.projects import services
from itisa.projects.choices import ProjectStatus
from itisa.projects.models import Milestone, ReviewRound
from itisa.projects.permissions import can_manage_projects
from itisa.projects.schemas import (
    ProjectAssignIn,
    ProjectAssignmentOut,
    ProjectBudgetOut,
    ProjectDetailOut,
    ProjectEvidenceOut,
    ProjectFundingIn,
    ProjectGoalIn,
    ProjectIn,
    ProjectMilestoneDoneIn,
    ProjectMilestoneIn,
    ProjectMoveIn,
    ProjectOpinionIn,
    ProjectOpinionOut,
    ProjectOut,
    ProjectParticipantIn,
    ProjectReviewIn,
    ProjectReviewOut,
    ProjectVoteIn,
)
from itisa.projects.selectors import (
    access_assignment,
    access_project,
    budget_document,
    budget_vs_actual,
    participant_ids,
    project_document,
    projects_of,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["projects"], auth=AUTHENTICATED)

READ = errors(401, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _project(request: HttpRequest, project_id: Id) -> Any:
    return access_project(viewer(request), project_id)


def _detail(request: HttpRequest, project_id: Id) -> dict[str, Any]:
    return project_document(viewer(request), access_project(viewer(request), project_id))


@router.get("/alliances/{code}/projects", response={200: list[ProjectOut], **READ}, auth=PUBLIC)
@paginate
def project_list(
    request: HttpRequest,
    code: str,
    status: ProjectStatus | None = None,
    q: str = "",
    lead: Id | None = None,
    year: Year | None = None,
) -> Any:
    """The alliance's projects the viewer may see (the public sees the approved ones), by status, lead
    member (organisation id), a year the period touches, and text."""
    return projects_of(
        viewer(request),
        access_alliance(viewer(request), code),
        status=status or "",
        q=q,
        lead=lead,
        year=year,
    )


@router.post("/alliances/{code}/projects", response={201: ProjectDetailOut, **WRITE})
def project_create(request: HttpRequest, code: str, payload: ProjectIn) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_manage_projects)
    project = services.project_create(
        by=viewer(request), alliance=alliance, data=services.ProjectInput(**payload.dict())
    )
    return Status(201, _detail(request, project.pk))


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **READ}, auth=PUBLIC)
def project_detail(request: HttpRequest, project_id: Id) -> Any:
    return _detail(request, project_id)


@router.get("/projects/{project_id}/budget", response={200: ProjectBudgetOut, **errors(401, 403, 404, 422)})
def project_budget(request: HttpRequest, project_id: Id) -> Any:
    """Budget against actual: the funding sources against the posted postings carrying the project."""
    from itisa.core.errors import PermissionDenied
    from itisa.projects.permissions import can_view_details

    project = _project(request, project_id)
    decision = can_view_details(viewer(request), project, participant_ids(project))
    if not decision:
        raise PermissionDenied(decision.reason)
    return budget_document(budget_vs_actual(project))


@router.post("/projects/{project_id}/goals", response={201: ProjectDetailOut, **WRITE})
def goal_add(request: HttpRequest, project_id: Id, payload: ProjectGoalIn) -> Any:
    services.goal_add(
        by=viewer(request), project=_project(request, project_id), data=services.GoalInput(**payload.dict())
    )
    return Status(201, _detail(request, project_id))


@router.post("/projects/{project_id}/participants", response={201: ProjectDetailOut, **WRITE})
def participant_add(request: HttpRequest, project_id: Id, payload: ProjectParticipantIn) -> Any:
    services.participant_add(
        by=viewer(request),
        project=_project(request, project_id),
        data=services.ParticipantInput(**payload.dict()),
    )
    return Status(201, _detail(request, project_id))


@router.post("/projects/{project_id}/funding", response={201: ProjectDetailOut, **WRITE})
def funding_add(request: HttpRequest, project_id: Id, payload: ProjectFundingIn) -> Any:
    services.funding_add(
        by=viewer(request),
        project=_project(request, project_id),
        data=services.FundingInput(**payload.dict()),
    )
    return Status(201, _detail(request, project_id))


@router.post("/projects/{project_id}/milestones", response={201: ProjectDetailOut, **WRITE})
def milestone_add(request: HttpRequest, project_id: Id, payload: ProjectMilestoneIn) -> Any:
    services.milestone_add(
        by=viewer(request),
        project=_project(request, project_id),
        data=services.MilestoneInput(**payload.dict()),
    )
    return Status(201, _detail(request, project_id))


@router.post("/projects/{project_id}/vote", response={200: ProjectDetailOut, **WRITE})
def project_put_to_vote(request: HttpRequest, project_id: Id, payload: ProjectVoteIn) -> Any:
    """Open a ballot of the decision body the agreement names; the project is approved when it passes."""
    project = _project(request, project_id)
    body = Body.objects.filter(pk=payload.body, alliance=project.alliance).first()
    if body is None:
        raise DomainError(
            _("Please correct the errors below."), fields={"body": [_("Choose a valid option.")]}
        )
    services.project_put_to_vote(by=viewer(request), project=project, body=body, deadline=payload.deadline)
    return _detail(request, project_id)


@router.post("/projects/{project_id}/move", response={200: ProjectDetailOut, **WRITE})
def project_move(request: HttpRequest, project_id: Id, payload: ProjectMoveIn) -> Any:
    services.project_move(
        by=viewer(request), project=_project(request, project_id), to=payload.to, comment=payload.comment
    )
    return _detail(request, project_id)


def _milestone(request: HttpRequest, project_id: Id, milestone_id: Id) -> Milestone:
    project = _project(request, project_id)
    milestone = (
        Milestone.objects.filter(pk=milestone_id, project=project).select_related("project__alliance").first()
    )
    if milestone is None:
        raise NotFound(_("No such milestone."))
    return milestone


@router.post(
    "/projects/{project_id}/milestones/{milestone_id}/evidence", response={201: ProjectEvidenceOut, **WRITE}
)
def evidence_add(request: HttpRequest, project_id: Id, milestone_id: Id, file: File[UploadedFile]) -> Any:
    """Attach evidence (PDF, JPEG or PNG, at most 10 MB; the type is read from the content)."""
    evidence = services.evidence_add(
        by=viewer(request),
        milestone=_milestone(request, project_id, milestone_id),
        name=file.name or "",
        data=file.read(services.milestones.EVIDENCE_MAX_BYTES + 1),
    )
    return Status(201, evidence)


@router.post(
    "/projects/{project_id}/milestones/{milestone_id}/done", response={200: ProjectDetailOut, **WRITE}
)
def milestone_done(
    request: HttpRequest, project_id: Id, milestone_id: Id, payload: ProjectMilestoneDoneIn
) -> Any:
    services.milestone_done(
        by=viewer(request),
        milestone=_milestone(request, project_id, milestone_id),
        done_on=payload.done_on,
        note=payload.note,
    )
    return _detail(request, project_id)


@router.post("/projects/{project_id}/reviews", response={201: ProjectReviewOut, **WRITE})
def review_open(request: HttpRequest, project_id: Id, payload: ProjectReviewIn) -> Any:
    return Status(
        201,
        services.review_open(by=viewer(request), project=_project(request, project_id), kind=payload.kind),
    )


@router.post("/projects/reviews/{review_id}/assignments", response={201: ProjectAssignmentOut, **WRITE})
def expert_assign(request: HttpRequest, review_id: Id, payload: ProjectAssignIn) -> Any:
    """Assign an expert of the pool; refused (409) with the reasons on a conflict of interest."""
    review = ReviewRound.objects.filter(pk=review_id).select_related("project").first()
    if review is None:
        raise NotFound(_("No such review."))
    _project(request, review.project_id)
    expert = Expert.objects.filter(pk=payload.expert).first()
    if expert is None:
        raise NotFound(_("No such expert."))
    return Status(201, services.expert_assign(by=viewer(request), review=review, expert=expert))


@router.post("/projects/assignments/{assignment_id}/opinion", response={201: ProjectOpinionOut, **WRITE})
def opinion_submit(request: HttpRequest, assignment_id: Id, payload: ProjectOpinionIn) -> Any:
    """The assigned expert's opinion, written once."""
    assignment = access_assignment(viewer(request), assignment_id)
    return Status(
        201,
        services.opinion_submit(
            by=viewer(request),
            assignment=assignment,
            score=payload.score,
            verdict=payload.verdict,
            text=payload.text,
        ),
    )
