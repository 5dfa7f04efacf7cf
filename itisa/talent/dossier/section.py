"""The talent section of the alliance dossier: ``talent`` (since format 1.6).

One item per record: a training programme (``record: "programme"``) or a staff exchange
(``record: "exchange"``), programmes first, each by code. Organisations by credit code, dates as ISO
days, no database ids. The import adds the records missing here (matched by code within the alliance);
a record here that says otherwise is a conflict; a second import writes nothing. See docs/talent.md."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ConfigDict

from itisa.dossier.base import Problem, json_path, raw_items, raw_str
from itisa.dossier.extensions import Section
from itisa.dossier.services._support import Ledger, clean, refuse
from itisa.registry.models import Alliance, Organisation
from itisa.talent.choices import ProgrammeKind
from itisa.talent.models import Exchange, Programme

NAME = "talent"
KINDS = ("talent_programme", "talent_exchange")


class TalentRecordDoc(BaseModel):
    """A training programme or a staff exchange of the alliance."""

    model_config = ConfigDict(extra="forbid")

    record: Literal["programme", "exchange"]
    code: str
    starts_on: dt.date
    ends_on: dt.date
    outcome_zh: str = ""
    concluded_on: dt.date | None = None
    # a programme
    kind: ProgrammeKind | None = None
    title_zh: str = ""
    title_en: str = ""
    organisers: list[str] = []
    planned_participants: int | None = None
    actual_participants: int | None = None
    # an exchange
    person_name: str = ""
    from_org: str | None = None
    to_org: str | None = None
    role_zh: str = ""
    purpose_zh: str = ""


def _programme(p: Programme) -> dict[str, Any]:
    return {
        "record": "programme", "code": p.code, "starts_on": p.starts_on.isoformat(), "ends_on": p.ends_on.isoformat(),
        "outcome_zh": p.outcome_zh, "concluded_on": p.concluded_on.isoformat() if p.concluded_on else None,
        "kind": p.kind, "title_zh": p.title_zh, "title_en": p.title_en,
        "organisers": sorted(o.uscc for o in p.organisers.all()),
        "planned_participants": p.planned_participants, "actual_participants": p.actual_participants,
    }  # fmt: skip


def _exchange(x: Exchange) -> dict[str, Any]:
    return {
        "record": "exchange", "code": x.code, "starts_on": x.starts_on.isoformat(), "ends_on": x.ends_on.isoformat(),
        "outcome_zh": x.outcome_zh, "concluded_on": x.concluded_on.isoformat() if x.concluded_on else None,
        "person_name": x.person_name, "from_org": x.from_org.uscc, "to_org": x.to_org.uscc,
        "role_zh": x.role_zh, "purpose_zh": x.purpose_zh,
    }  # fmt: skip


def export_talent(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every programme, then every exchange, of the alliance, by code."""
    programmes = Programme.objects.filter(alliance=alliance).prefetch_related("organisers").order_by("code")
    exchanges = (
        Exchange.objects.filter(alliance=alliance).select_related("from_org", "to_org").order_by("code")
    )
    return [*(_programme(p) for p in programmes), *(_exchange(x) for x in exchanges)]


def talent_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The organisers of the programmes and the members sending and receiving the exchanges."""
    codes = set(Programme.objects.filter(alliance=alliance).values_list("organisers__uscc", flat=True))
    exchanges = Exchange.objects.filter(alliance=alliance)
    codes |= set(exchanges.values_list("from_org__uscc", flat=True))
    codes |= set(exchanges.values_list("to_org__uscc", flat=True))
    codes.discard(None)  # type: ignore[arg-type]
    return codes


def talent_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Codes unique per kind of record; periods that end on or after their start; every organisation
    among ``organisations``; an exchange between two different members."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for i, item in raw_items(data, NAME):
        key = (raw_str(item, "record"), raw_str(item, "code"))
        if key in seen:
            problems.append(
                Problem(
                    json_path((NAME, i, "code")), _("The record %(code)s appears twice.") % {"code": key[1]}
                )
            )
        seen.add(key)
        if raw_str(item, "ends_on") and raw_str(item, "ends_on") < raw_str(item, "starts_on"):
            problems.append(
                Problem(json_path((NAME, i, "ends_on")), _("The period ends on or after its start."))
            )
        named: list[tuple[str, int | None, str]] = [
            ("organisers", j, u) for j, u in enumerate(item.get("organisers") or []) if isinstance(u, str)
        ]
        named += [(f, None, raw_str(item, f)) for f in ("from_org", "to_org") if raw_str(item, f)]
        for field, j, uscc in named:
            if uscc not in usccs:
                loc: tuple[Any, ...] = (NAME, i, field) if j is None else (NAME, i, field, j)
                problems.append(Problem(json_path(loc), _("The organisation %(uscc)s is not among the dossier's organisations.")
                                        % {"uscc": uscc}))  # fmt: skip
        if raw_str(item, "record") == "exchange" and raw_str(item, "from_org") == raw_str(item, "to_org"):
            problems.append(
                Problem(json_path((NAME, i, "to_org")), _("An exchange goes between two different members."))
            )
    return problems


def import_talent(
    ledger: Ledger, *, alliance: Alliance, items: list[TalentRecordDoc], orgs: dict[str, Organisation]
) -> None:
    """Add the dossier's programmes and exchanges missing here; one recorded otherwise here is a conflict."""
    programmes = {
        p.code: p for p in Programme.objects.filter(alliance=alliance).prefetch_related("organisers")
    }
    exchanges = {
        x.code: x for x in Exchange.objects.filter(alliance=alliance).select_related("from_org", "to_org")
    }
    for i, doc in enumerate(items):
        path = json_path((NAME, i))
        wanted = doc.model_dump(mode="json", exclude_none=False)
        if doc.record == "programme":
            found = programmes.get(doc.code)
            if found is not None:
                if _programme(found) != {k: wanted[k] for k in _programme(found)}:
                    raise refuse(
                        path, _("The programme %(code)s is recorded otherwise here.") % {"code": doc.code}
                    )
                ledger.unchanged("talent_programme")
                continue
            p = Programme(
                alliance=alliance, code=doc.code, kind=doc.kind or "", title_zh=doc.title_zh, title_en=doc.title_en,
                starts_on=doc.starts_on, ends_on=doc.ends_on, planned_participants=doc.planned_participants or 0,
                actual_participants=doc.actual_participants, outcome_zh=doc.outcome_zh,
                concluded_on=doc.concluded_on, by=ledger.by, at=timezone.now(),
            )  # fmt: skip
            clean(p, path)
            p.save()
            p.organisers.set([orgs[u] for u in doc.organisers])
            ledger.log(p, "talent_programme", "created", {"code": p.code, "title_zh": p.title_zh})
        else:
            found_x = exchanges.get(doc.code)
            if found_x is not None:
                if _exchange(found_x) != {k: wanted[k] for k in _exchange(found_x)}:
                    raise refuse(
                        path, _("The exchange %(code)s is recorded otherwise here.") % {"code": doc.code}
                    )
                ledger.unchanged("talent_exchange")
                continue
            if doc.from_org not in orgs or doc.to_org not in orgs:
                raise refuse(path, _("An exchange names the members it goes between."))
            x = Exchange(
                alliance=alliance, code=doc.code, person_name=doc.person_name, from_org=orgs[doc.from_org],
                to_org=orgs[doc.to_org], role_zh=doc.role_zh, starts_on=doc.starts_on, ends_on=doc.ends_on,
                purpose_zh=doc.purpose_zh, outcome_zh=doc.outcome_zh, concluded_on=doc.concluded_on,
                by=ledger.by, at=timezone.now(),
            )  # fmt: skip
            clean(x, path)
            x.save()
            ledger.log(x, "talent_exchange", "created", {"code": x.code, "person_name": x.person_name})


TALENT = Section(
    name=NAME,
    since="1.6",
    item=TalentRecordDoc,
    label=gettext_lazy("Training and exchanges"),
    description=(
        "Joint training programmes (kind, organising members, period, planned and actual participants, "
        "outcome) and staff exchanges between members (person, from, to, role, period, purpose, outcome), "
        "Art. 5; programmes first, each by code."
    ),
    export=export_talent,
    organisations=talent_organisations,
    check=talent_problems,
    load=import_talent,
    kinds=KINDS,
)
