"""The demo's appointed representative: CSA's member contact ``contact`` has applied to be the appointed
representative of its organisation (91350200D00000021F) and CSA's secretariat has confirmed it, so the
organisation's representatives page has someone who names its people."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.registry.models import Organisation
from itisa.representatives.models import Appointment
from itisa.representatives.services import appointment_apply, appointment_confirm

DEMO_ORGANISATION = "91350200D00000021F"


@transaction.atomic
def load_demo_representatives(*, representative: Any, secretariat: Any) -> Appointment | None:
    """Once (nothing when the organisation has an appointment)."""
    organisation = Organisation.objects.get(uscc=DEMO_ORGANISATION)
    if Appointment.objects.filter(organisation=organisation).exists():
        return None
    appointment = appointment_apply(
        by=representative, organisation=organisation, statement="法定代表人签署的授权委托书（演示）"
    )
    return appointment_confirm(by=secretariat, appointment=appointment)
