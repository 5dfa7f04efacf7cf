"""``generate``: synthetic alliances, organisations and memberships at scale, for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from itisa.audit.services import log_action
from itisa.core.identifiers import make_uscc
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.membership.models import Membership
from itisa.registry import actions
from itisa.registry.choices import AllianceScope, AllianceStatus, KeyArea, OrganisationKind, Ownership
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation

ALLIANCE_PREFIX = "G"
# Synthetic credit codes: authority 9, category 1, region 110108, organisation-code body "G" + 7 digits.
USCC_PREFIX = "91110108" + ALLIANCE_PREFIX
STATUSES = [
    AllianceStatus.FORMING,
    AllianceStatus.ESTABLISHED,
    AllianceStatus.ESTABLISHED,
    AllianceStatus.PILOT,
    AllianceStatus.SUSPENDED,
]
PROVINCES = [p for p in Province.values if p not in ("71", "81", "82")]
FIELD_WORDS = ["新材料", "智能制造", "现代农业", "清洁能源", "生物医药", "节能环保", "信息技术", "海洋装备"]


class Command(BaseCommand):
    help = (
        "Generate synthetic alliances (codes G0000001…), organisations (valid synthetic credit codes, shared "
        "across alliances) and active memberships, all marked as demo data. For benchmarks: rows are "
        "written with bulk_create in batches and BYPASS the per-row services and their audit entries; one "
        "audit entry 'registry.generated' records the run and seals the status history rows. Deterministic for a given --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--alliances", type=int, required=True, help="Number of alliances to add.")
        parser.add_argument("--members-per-alliance", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2008)
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--audit-entries",
            type=int,
            default=0,
            help="Also append this many synthetic audit entries (through log_action, so the chain stays whole).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow synthetic data under production settings (ITISA_ENV=production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n, m, batch = options["alliances"], options["members_per_alliance"], options["batch_size"]
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Refusing to add synthetic data under ITISA_ENV=production; pass --force if you mean it."
            )
        if n < 0 or m < 0 or batch < 1 or options["audit_entries"] < 0:
            raise CommandError(
                "--alliances, --members-per-alliance and --audit-entries must be >= 0, --batch-size >= 1."
            )
        rng = random.Random(options["seed"])  # noqa: S311 - reproducible synthetic data, not secrets
        started = time.monotonic()
        with transaction.atomic():
            first_alliance = self._next_number(Alliance.objects.filter(code__regex=r"^G[0-9]{7}$"), "code", 1)
            first_org = self._next_number(
                Organisation.objects.filter(uscc__startswith=USCC_PREFIX), "uscc", 9
            )
            pool = max(m, (n * m) // 5) if n and m else 0
            org_ids = self._organisations(rng, first_org, pool, batch, started)
            history: list[AllianceStatusChange] = []
            memberships = self._alliances(rng, first_alliance, n, m, org_ids, batch, started, history)
            audited = self._audit_entries(rng, options["audit_entries"], started)
            summary = {
                "alliances": n,
                "organisations": pool,
                "memberships": memberships,
                "audit_entries": audited,
                "seed": options["seed"],
                "first_alliance": self._code(first_alliance) if n else "",
                "last_alliance": self._code(first_alliance + n - 1) if n else "",
            }
            log_action(
                None,
                actions.GENERATED,
                by=None,
                data=summary,
                object_type="registry.alliance",
                object_repr="synthetic data",
                # the status history is a sealed table: its rows carry their seals like any service's
                sealed=history,
            )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"generated {n} alliances, {pool} organisations, {memberships} memberships in {elapsed:.1f} s"
        )

    @staticmethod
    def _code(number: int) -> str:
        return f"{ALLIANCE_PREFIX}{number:07d}"

    @staticmethod
    def _next_number(qs: Any, field: str, start: int) -> int:
        last = qs.order_by(f"-{field}").values_list(field, flat=True).first()
        return int(last[start : start + 7]) + 1 if last else 1

    def _progress(self, what: str, done: int, total: int, rows: int, started: float) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        self.stderr.write(f"{what} {done}/{total}, {rows} rows written, {rows / elapsed:.0f} rows/s")

    def _audit_entries(self, rng: random.Random, count: int, started: float) -> int:
        """``count`` entries about synthetic alliances, each appended by ``log_action`` like any other."""
        # the synthetic alliances only (not the demo's), in a fixed order, so a seed gives the same entries
        synthetic = Alliance.objects.filter(is_demo=True, code__startswith=ALLIANCE_PREFIX).order_by("pk")
        alliances = list(synthetic.values_list("pk", "code")[:1000])
        for i in range(count):
            pk, code = rng.choice(alliances) if alliances else (None, "")
            log_action(
                None,
                actions.GENERATED,
                by=None,
                data={
                    "synthetic": i,
                    "alliance": code,
                    "rank": "ordinary",
                    "note": "合成审计记录（基准测试）",
                },
                object_type="registry.alliance",
                object_id=str(pk or ""),
                object_repr=code or "synthetic data",
            )
            if (i + 1) % 10_000 == 0:
                self._progress("audit entries", i + 1, count, i + 1, started)
        return count

    def _organisations(
        self, rng: random.Random, first: int, count: int, batch: int, started: float
    ) -> list[int]:
        ids: list[int] = []
        kinds = [OrganisationKind.ENTERPRISE] * 6 + [
            OrganisationKind.UNIVERSITY,
            OrganisationKind.RESEARCH_INSTITUTE,
        ]
        for offset in range(0, count, batch):
            rows = []
            for i in range(offset, min(offset + batch, count)):
                number = first + i
                kind = rng.choice(kinds)
                rows.append(
                    Organisation(
                        name_zh=f"合成单位{number:07d}",
                        name_en=f"Synthetic Unit {number:07d}",
                        uscc=make_uscc("9", "1", "110108", f"{ALLIANCE_PREFIX}{number:07d}"),
                        kind=kind,
                        ownership=rng.choice(Ownership.values) if kind == OrganisationKind.ENTERPRISE else "",
                        province="11",
                        region_code="110108",
                        industry=rng.choice(Industry.values),
                        is_demo=True,
                    )
                )
            ids.extend(o.pk for o in Organisation.objects.bulk_create(rows))
            self._progress("organisations", len(ids), count, len(ids), started)
        return ids

    def _alliances(
        self,
        rng: random.Random,
        first: int,
        count: int,
        per: int,
        org_ids: list[int],
        batch: int,
        started: float,
        history: list[AllianceStatusChange],
    ) -> int:
        memberships = 0
        written = len(org_ids)
        now = timezone.now()
        for offset in range(0, count, batch):
            rows = []
            for i in range(offset, min(offset + batch, count)):
                number = first + i
                regional = rng.random() < 0.3
                word = rng.choice(FIELD_WORDS)
                rows.append(
                    Alliance(
                        code=self._code(number),
                        name_zh=f"{word}产业技术创新战略联盟（合成{number:07d}）",
                        name_en=f"Synthetic Alliance {number:07d}",
                        key_area=rng.choice(KeyArea.values),
                        industry=rng.choice(Industry.values),
                        scope=AllianceScope.REGIONAL if regional else AllianceScope.NATIONAL,
                        province=rng.choice(PROVINCES) if regional else "",
                        founded_on=dt.date(2007, 1, 1) + dt.timedelta(days=rng.randrange(6000)),
                        status=rng.choice(STATUSES),
                        is_demo=True,
                    )
                )
            created = Alliance.objects.bulk_create(rows)
            history += AllianceStatusChange.objects.bulk_create(
                AllianceStatusChange(
                    alliance=a, old_status="", new_status=a.status, at=now, comment="synthetic"
                )
                for a in created
            )
            links = []
            for alliance in created:
                assert alliance.founded_on is not None  # noqa: S101 - set just above
                for org_id in rng.sample(org_ids, per):
                    links.append(
                        Membership(
                            alliance=alliance,
                            organisation_id=org_id,
                            rank="ordinary",
                            joined_on=alliance.founded_on + dt.timedelta(days=rng.randrange(365)),
                            is_demo=True,
                        )
                    )
            Membership.objects.bulk_create(links, batch_size=batch)
            memberships += len(links)
            written += 2 * len(created) + len(links)
            self._progress("alliances", offset + len(created), count, written, started)
        return memberships
