"""API schemas of the breach procedure (names prefixed ``Breach`` to stay unique across the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import AwareDatetime

from itisa.core.inputs import Id
from itisa.membership.choices import BreachStatus


class BreachOut(Schema):
    """A notice of breach as listed."""

    id: int
    alliance: str
    organisation: str
    organisation_name_zh: str
    clause: str
    clause_listed: bool
    served_on: dt.date
    cure_days: int
    cure_by: dt.date
    agreement: str
    status: str

    @staticmethod
    def resolve_alliance(obj: Any) -> str:
        return obj.membership.alliance.code

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.membership.organisation.uscc

    @staticmethod
    def resolve_organisation_name_zh(obj: Any) -> str:
        return obj.membership.organisation.name_zh

    @staticmethod
    def resolve_agreement(obj: Any) -> str:
        return obj.agreement.label


class BreachHistoryOut(Schema):
    """One move of a notice of breach (``by`` empty: the system)."""

    old_status: str
    new_status: str
    by: str
    at: dt.datetime
    comment: str

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return "" if obj.by_system else obj.actor_label


class BreachDetailOut(BreachOut):
    """A notice of breach with its facts, the cure, the referral, the remedies decided and its history."""

    facts: str
    cure_report: str
    cure_evidence: str
    motion: int | None
    remedies_proposed: list[str]
    suspended_from: dt.date | None
    suspended_until: dt.date | None
    expulsion: int | None
    recovery_claim: int | None
    history: list[BreachHistoryOut]

    @staticmethod
    def resolve_motion(obj: Any) -> int | None:
        return obj.motion_id

    @staticmethod
    def resolve_expulsion(obj: Any) -> int | None:
        return obj.expulsion_id

    @staticmethod
    def resolve_remedies_proposed(obj: Any) -> list[str]:
        proposed = {"suspension": obj.suspend_from is not None, "expulsion": obj.expel,
                    "grant_recovery": obj.recover_grants}  # fmt: skip
        return [name for name, on in proposed.items() if on]

    @staticmethod
    def resolve_suspended_from(obj: Any) -> dt.date | None:
        suspension = getattr(obj, "suspension", None) if obj.status == "remedied" else None
        return suspension.starts_on if suspension else None

    @staticmethod
    def resolve_suspended_until(obj: Any) -> dt.date | None:
        suspension = getattr(obj, "suspension", None) if obj.status == "remedied" else None
        return suspension.ends_on if suspension else None

    @staticmethod
    def resolve_recovery_claim(obj: Any) -> int | None:
        claim = getattr(obj, "recovery_claim", None)
        return claim.pk if claim else None

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        from itisa.membership.selectors import breach_history

        return list(breach_history(obj))


class BreachFilterIn(Schema):
    status: BreachStatus | Literal[""] = ""  # a status that is not one of the workflow's is 422
    organisation: str = ""


class BreachIn(Schema):
    """Serve a notice of breach on a member (by credit code): the clause breached and the facts."""

    organisation: str
    clause: str
    facts: str


class BreachTextIn(Schema):
    """The member's report, the secretariat's evidence, or a reason."""

    text: str


class BreachReferIn(Schema):
    """Refer a lapsed breach to a decision body: its ballot's deadline and the remedies proposed
    (``suspension`` with its first and last day, ``expulsion``, ``grant_recovery``)."""

    body_id: Id
    deadline: AwareDatetime  # with its UTC offset: a naive time is 422
    remedies: list[str]
    suspend_from: dt.date | None = None
    suspend_until: dt.date | None = None
    comment: str = ""
