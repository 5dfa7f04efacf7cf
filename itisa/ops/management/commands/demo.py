"""``demo load``: demo alliances, organisations, members and one login per role. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itisa.accounts.choices import Role
from itisa.accounts.management.output import render_table
from itisa.accounts.models import User
from itisa.accounts.services import role_grant, user_create
from itisa.core.errors import DomainError
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.diffusion.demo import load_demo_diffusion
from itisa.evaluation.demo import load_demo_evaluation
from itisa.financing.demo import load_demo_financing
from itisa.founding.demo import load_demo_founding
from itisa.indicators.demo import load_demo_indicators
from itisa.invitations.demo import load_demo_invitations
from itisa.licensing.demo import load_demo_licensing
from itisa.membership.models import Membership
from itisa.membership.services import membership_add
from itisa.ops import demo_data
from itisa.ops.demo_agreements import load_demo_agreement
from itisa.ops.demo_earlier_pilot import CODE as EARLIER_PILOT
from itisa.ops.demo_earlier_pilot import load_demo_earlier_pilot_record
from itisa.ops.demo_governance import load_demo_governance
from itisa.ops.demo_ledger import load_demo_ledger
from itisa.ops.demo_membership import load_demo_membership
from itisa.pilots.demo import load_demo_earlier_pilot, load_demo_pilots, load_demo_provincial
from itisa.platforms.demo import load_demo_platforms
from itisa.projects.demo import load_demo_projects
from itisa.promotion.demo import load_demo_promotion
from itisa.rating.demo import load_demo_rating
from itisa.registry.models import Alliance, Organisation
from itisa.registry.services import (
    AllianceInput,
    OrganisationInput,
    alliance_change_status,
    alliance_create,
    alliance_update,
    organisation_create,
)
from itisa.reports.demo import load_demo_reports
from itisa.representatives.demo import load_demo_representatives
from itisa.results.demo import load_demo_results
from itisa.standards.demo import load_demo_standards
from itisa.talent.demo import load_demo_talent

# No path leads to pilot: only a published pilot decision makes an alliance a pilot (the demo's earlier call
# made NCCI one; its 2026 call can make CSA one).
STATUS_PATH = {"forming": [], "established": ["established"]}


def _role_label(role: str) -> str:
    """A role's label (秘书处工作人员) for its code; other cells (a dash, the administrator) as they are."""
    return str(Role(role).label) if role in Role.values else role


def _scope_label(key: str, value: str) -> str:
    """A scope as people read it: the province's or the industry's name, an alliance's code, a credit code."""
    if key == "province":
        return str(Province(value).label)
    if key == "industry":
        return str(Industry(value).label)
    return value


class Command(BaseCommand):
    help = (
        "Load demo data: real pilot alliances, real and fictional (is_demo) organisations, memberships, "
        "an administrator 'admin' and one login per role. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Create whatever demo data is missing and print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refusing to load demo data (with its published passwords) when ITISA_ENV=production."
            )
        try:
            with transaction.atomic():
                rows = self._load()
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields or ''}".strip()) from exc
        headers = [
            pgettext("user account", "Account"),
            pgettext("demo logins", "Role"),
            pgettext("demo logins", "Scope"),
            _("Password"),
        ]
        shown = [[login, _role_label(role), scope, password] for login, role, scope, password in rows]
        for line in render_table(headers, shown):
            self.stdout.write(line)

    def _user(self, username: str, *, superuser: bool = False) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                by=None,
                username=username,
                password=demo_data.DEMO_PASSWORD,
                display_name=demo_data.DEMO_NAMES.get(username, ""),
                is_superuser=superuser,
                check_password=False,
            )
        return user

    def _load(self) -> list[list[str]]:
        self._user("admin", superuser=True)
        national = self._user("national")
        role_grant(by=None, user=national, role="national_officer")

        for values in demo_data.real_organisation_values() + demo_data.FICTIONAL_ORGANISATIONS:
            if not Organisation.objects.filter(uscc=values["uscc"]).exists():
                organisation_create(
                    by=national,
                    data=OrganisationInput(**values),
                    is_demo=values["name_zh"].endswith("（演示）"),
                )

        for spec in demo_data.ALLIANCES:
            if Alliance.objects.filter(code=spec.code).exists():
                continue
            data = AllianceInput(
                code=spec.code,
                name_zh=spec.name_zh,
                name_en=spec.name_en,
                founded_on=spec.founded_on,
                key_area=spec.key_area,
                emerging_industry=spec.emerging_industry,
                industry=spec.industry,
                scope=spec.scope,
                province=spec.province,
            )
            alliance = alliance_create(by=national, data=data, is_demo=spec.is_demo)
            for status in STATUS_PATH[spec.status]:
                alliance = alliance_change_status(by=national, alliance=alliance, new_status=status)

        alliances = {
            a.code: a for a in Alliance.objects.filter(code__in=[s.code for s in demo_data.ALLIANCES])
        }
        for code, uscc, rank, joined_on in demo_data.MEMBERSHIPS:
            organisation = Organisation.objects.get(uscc=uscc)
            active = Membership.objects.active().filter(alliance=alliances[code], organisation=organisation)
            if not active.exists():
                membership_add(
                    by=national,
                    alliance=alliances[code],
                    organisation=organisation,
                    rank=rank,
                    joined_on=joined_on,
                    is_demo=True,
                )

        # The chair unit hosts the standing body (依托单位) in the demo alliances.
        for alliance in alliances.values():
            if alliance.host_unit_id is None:
                chair = Membership.objects.active().filter(alliance=alliance, rank="chair").first()
                if chair is not None:
                    alliance_update(
                        by=national, alliance=alliance, data=AllianceInput(host_unit=chair.organisation)
                    )

        rows = [["admin", _("Administrator"), "", demo_data.DEMO_PASSWORD]]
        for username, role, scope in demo_data.LOGINS:
            user = self._user(username)
            kwargs: dict[str, Any] = {
                "province": scope.get("province", ""),
                "industry": scope.get("industry", ""),
            }
            if "alliance" in scope:
                kwargs["alliance"] = alliances[scope["alliance"]]
            if "organisation" in scope:
                kwargs["organisation"] = Organisation.objects.get(uscc=scope["organisation"])
            role_grant(by=None, user=user, role=role, **kwargs)
            shown = " ".join(_scope_label(key, value) for key, value in scope.items()) or _("national")
            rows.append([username, role, shown, demo_data.DEMO_PASSWORD])
        rows += load_demo_agreement(
            alliance=alliances["CSA"],
            national=national,
            secretariat=User.objects.get(username="secretariat"),
            make_user=self._user,
        )[1:]  # `legalrep` is listed above
        load_demo_governance(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        applicant = self._user("applicant")
        load_demo_membership(
            alliance=alliances["CSA"],
            secretariat=User.objects.get(username="secretariat"),
            applicant=applicant,
        )
        rows.append(["applicant", "—", _("applies to CSA"), demo_data.DEMO_PASSWORD])
        load_demo_ledger(
            alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"), approver=national
        )
        reviewers = (self._user("reviewer"), self._user("reviewer2"))
        # the earlier call's pilot, whose period has ended: the formal evaluation below takes it up
        load_demo_earlier_pilot(
            alliance=alliances[EARLIER_PILOT],
            national=national,
            secretariat=load_demo_earlier_pilot_record(
                alliance=alliances[EARLIER_PILOT], national=national, make_user=self._user
            ),
            reviewers=reviewers,
        )
        load_demo_pilots(
            alliance=alliances["CSA"],
            national=national,
            secretariat=User.objects.get(username="secretariat"),
            reviewers=reviewers,
        )
        load_demo_projects(
            alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"), approver=national
        )
        load_demo_results(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_licensing(
            alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"), approver=national
        )
        load_demo_diffusion(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_standards(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_talent(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_invitations(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_founding(
            proposer=applicant,
            founders=(
                demo_data.FICTIONAL_ORGANISATIONS[0]["uscc"],
                demo_data.FICTIONAL_ORGANISATIONS[1]["uscc"],
            ),
        )
        load_demo_representatives(
            representative=User.objects.get(username="contact"),
            secretariat=User.objects.get(username="secretariat"),
        )
        load_demo_financing(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_platforms(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_indicators(alliance=alliances["CSA"], secretariat=User.objects.get(username="secretariat"))
        load_demo_reports(
            alliance=alliances["CSA"], national=national, secretariat=User.objects.get(username="secretariat")
        )
        load_demo_evaluation(national=national, expert_user=reviewers[1])
        load_demo_rating(
            national=national,
            csa_secretariat=User.objects.get(username="secretariat"),
            reviewers=reviewers,
            make_user=self._user,
        )
        rows.append(["reviewer", "—", _("reviews CSA for the pilots"), demo_data.DEMO_PASSWORD])
        rows.append(["reviewer2", "—", _("has reviewed CSA"), demo_data.DEMO_PASSWORD])
        load_demo_provincial(
            national=national,
            provincial=User.objects.get(username="province"),
            secretariat=self._user("sdsecretariat"),
            members=[
                (Organisation.objects.get(uscc=demo_data.FICTIONAL_ORGANISATIONS[5]["uscc"]), "chair"),
                (Organisation.objects.get(uscc=demo_data.FICTIONAL_ORGANISATIONS[6]["uscc"]), "council"),
            ],
        )
        rows.append(["sdsecretariat", "secretariat", "SDCM", demo_data.DEMO_PASSWORD])
        load_demo_promotion(
            provincial=User.objects.get(username="province"),
            association=User.objects.get(username="association"),
            alliance=alliances["SDHE"],
        )
        return rows
