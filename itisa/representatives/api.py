"""Representatives endpoints: an organisation's representation (who represents and acts for it), applying
to represent it (or proposing someone), confirming or rejecting an appointment (a confirmer), naming and
removing people (its representative, backups and delegates). An organisation or appointment the viewer may
not see is 404. Every route declares its refusals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.registry.selectors import access_organisation
from itisa.representatives import services
from itisa.representatives.schemas import (
    RepresentativeApplyIn,
    RepresentativeAppointmentOut,
    RepresentativeFunctionIn,
    RepresentativeOut,
    RepresentativeRejectIn,
)
from itisa.representatives.selectors import (
    access_appointment,
    access_representation,
    appointment_document,
    find_person,
    representation_document,
    representation_of,
)

router = Router(tags=["representatives"], auth=AUTHENTICATED)

WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _person(text: str) -> User:
    user = find_person(text)
    if user is None:
        message = _("No active account with this username or e-mail address.")
        raise DomainError(_("Please correct the errors below."), fields={"person": [message]})
    return user


@router.get(
    "/organisations/{uscc}/representatives", response={200: RepresentativeOut, **errors(401, 404, 422)}
)
def representation(request: HttpRequest, uscc: str) -> Any:
    """Who represents and acts for the organisation, by function, and its appointments: 404 unless the
    viewer acts for it, oversees it or applied to represent it."""
    return representation_document(representation_of(access_representation(viewer(request), uscc)))


@router.post("/organisations/{uscc}/representatives/applications",
             response={201: RepresentativeAppointmentOut, **WRITE})  # fmt: skip
def appointment_apply(request: HttpRequest, uscc: str, payload: RepresentativeApplyIn) -> Any:
    """Apply to be the organisation's appointed representative, or propose ``person`` (a confirmer or the
    current representative); 409 when that person already has a pending application."""
    org = access_organisation(viewer(request), uscc)
    candidate = _person(payload.person) if payload.person.strip() else None
    obj = services.appointment_apply(by=viewer(request), organisation=org, candidate=candidate,
                                     statement=payload.statement)  # fmt: skip
    return Status(201, appointment_document(access_appointment(viewer(request), obj.pk)))


@router.get("/representative-appointments/{appointment_id}",
            response={200: RepresentativeAppointmentOut, **errors(401, 404, 422)})  # fmt: skip
def appointment_detail(request: HttpRequest, appointment_id: Id) -> Any:
    """One appointment: 404 unless the viewer may see the organisation's representatives or is its candidate."""
    return appointment_document(access_appointment(viewer(request), appointment_id))


@router.post("/representative-appointments/{appointment_id}/confirm",
             response={200: RepresentativeAppointmentOut, **errors(401, 403, 404, 409, 413, 422)})  # fmt: skip
def appointment_confirm(request: HttpRequest, appointment_id: Id) -> Any:
    """Confirm a pending appointment (a confirmer); the representative before it ends; 409 if not pending."""
    obj = access_appointment(viewer(request), appointment_id)
    services.appointment_confirm(by=viewer(request), appointment=obj)
    return appointment_document(access_appointment(viewer(request), appointment_id))


@router.post("/representative-appointments/{appointment_id}/reject",
             response={200: RepresentativeAppointmentOut, **WRITE})  # fmt: skip
def appointment_reject(request: HttpRequest, appointment_id: Id, payload: RepresentativeRejectIn) -> Any:
    """Reject a pending appointment with a reason (a confirmer); 409 if not pending."""
    obj = access_appointment(viewer(request), appointment_id)
    services.appointment_reject(by=viewer(request), appointment=obj, reason=payload.reason)
    return appointment_document(access_appointment(viewer(request), appointment_id))


@router.post("/organisations/{uscc}/representatives/functions", response={200: RepresentativeOut, **WRITE})
def function_name(request: HttpRequest, uscc: str, payload: RepresentativeFunctionIn) -> Any:
    """Name a person to a function (the representative, a backup or a delegate, within its powers); naming
    a legal representative replaces the current one; 409 when the person already holds it."""
    org = access_representation(viewer(request), uscc)
    services.function_name(by=viewer(request), organisation=org, function=payload.function,
                           person=_person(payload.person), legal_name=payload.legal_name)  # fmt: skip
    return representation_document(representation_of(org))


@router.post(
    "/organisations/{uscc}/representatives/functions/remove", response={200: RepresentativeOut, **WRITE}
)
def function_remove(request: HttpRequest, uscc: str, payload: RepresentativeFunctionIn) -> Any:
    """Remove a person from a function (not the legal representative: 409, name the next one); 404 when the
    person does not hold it."""
    org = access_representation(viewer(request), uscc)
    services.function_remove(by=viewer(request), organisation=org, function=payload.function,
                             person=_person(payload.person))  # fmt: skip
    return representation_document(representation_of(org))
