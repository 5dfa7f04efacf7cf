"""Benchmark the results register: the register page (plain, searched, filtered; as the secretariat and
as the public), the API list and a result's page, at 1,000, 10,000 and 100,000 results of one alliance.

The first 100 results go through ``result_register`` (the real service: checks, ownership record, audit
entry), timed per result; the rest are bulk-inserted with their ownership records and owners (the
same rows the service writes, without audit entries), as ``itisa generate`` does for alliances. A page's
query count must not grow with the number of results. Never part of the test run. See bench/README.md.

    .venv/bin/python bench/results.py [--sizes 1000,10000,100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import measure, setup_django  # noqa: E402

KINDS = ("invention", "utility_model", "design", "paper", "software")
BATCH = 5000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="Comma-separated result counts, ascending."
    )
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per measurement.")
    return parser.parse_args()


def _bulk(alliance: Any, orgs: list[Any], start: int, stop: int) -> None:
    """Results ``start``…``stop - 1`` (1-based codes) with one ownership record each (50/50)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from itisa.results.models import Contribution, Owner, OwnershipRecord, Result

    now = timezone.now()
    for first in range(start, stop, BATCH):
        last = min(first + BATCH, stop)
        with transaction.atomic():
            results = Result.objects.bulk_create(
                Result(alliance=alliance, code=f"R{n:05d}", kind=KINDS[n % len(KINDS)], title_zh=f"基准成果{n}",
                       status="recorded" if KINDS[n % len(KINDS)] == "paper" else "filed",
                       filed_on=dt.date(2020, 1, 1), public=n % 2 == 0)
                for n in range(first, last)
            )  # fmt: skip
            records = OwnershipRecord.objects.bulk_create(
                OwnershipRecord(result=r, seq=1, basis="statute", at=now) for r in results
            )
            Owner.objects.bulk_create(
                Owner(record=rec, organisation=org, share=Decimal(50)) for rec in records for org in orgs
            )
            Contribution.objects.bulk_create(
                Contribution(result=r, organisation=org, share=Decimal(50)) for r in results for org in orgs
            )
            # point each result at its record: one UPDATE per batch over the ids just written (the
            # subquery over every result with no ownership yet scanned the whole alliance each batch)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE results_result SET ownership_id = %s WHERE id = %s",
                    [(rec.pk, rec.result_id) for rec in records],
                )


def main() -> None:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        from itisa.accounts.models import RoleAssignment, User
        from itisa.core.identifiers import make_uscc
        from itisa.membership.models import Membership
        from itisa.registry.models import Alliance, Organisation
        from itisa.results.models import Result
        from itisa.results.services import ResultInput, ShareInput, result_register

        secretariat = User.objects.create_user(username="bench-secretariat", password="x")  # noqa: S106
        alliance = Alliance.objects.create(
            code="BENCH", name_zh="基准测试联盟", key_area="energy", industry="C", scope="national",
            status="established",
        )  # fmt: skip
        RoleAssignment.objects.create(user=secretariat, role="secretariat", alliance=alliance)
        orgs = []
        for i in range(2):
            org = Organisation.objects.create(
                name_zh=f"基准成员{i}", uscc=make_uscc("9", "1", "110108", f"DB{i:06d}"), province="11",
                region_code="110108",
            )  # fmt: skip
            Membership.objects.create(
                alliance=alliance, organisation=org, rank="member", joined_on=dt.date(2020, 1, 1)
            )
            orgs.append(org)
        start = time.perf_counter()
        for i in range(100):
            result_register(
                by=secretariat, alliance=alliance,
                data=ResultInput(kind="paper", title_zh=f"服务登记成果{i}", status="recorded",
                                 contributions=[ShareInput(organisation=o.pk, share="50") for o in orgs]),
            )  # fmt: skip
        per_result = (time.perf_counter() - start) * 1000 / 100
        print(f"result_register: {per_result:.1f} ms per result (100 through the service)", flush=True)
        owner = Client()
        owner.force_login(secretariat)
        public = Client()
        rows = []
        for size in sizes:
            have = Result.objects.filter(alliance=alliance).count()
            start = time.perf_counter()
            _bulk(alliance, orgs, have + 1, size + 1)
            print(
                f"{size} results: inserted {size - have} in {time.perf_counter() - start:.1f} s", flush=True
            )
            newest = Result.objects.filter(alliance=alliance).order_by("-pk").first()
            for who, client, what, url in (
                ("secretariat", owner, "page register", "/alliances/BENCH/results/"),
                ("secretariat", owner, "page register ?q=", "/alliances/BENCH/results/?q=基准成果9"),
                ("secretariat", owner, "page register ?q=owner", "/alliances/BENCH/results/?q=基准成员1"),
                ("secretariat", owner, "page register ?q=none", "/alliances/BENCH/results/?q=没有这个"),
                ("secretariat", owner, "page register ?kind=", "/alliances/BENCH/results/?kind=invention&status=filed"),
                ("secretariat", owner, "page register p.50", "/alliances/BENCH/results/?page=50"),
                ("public", public, "page register", "/alliances/BENCH/results/"),
                ("secretariat", owner, "api register", "/api/alliances/BENCH/results"),
                ("secretariat", owner, "page result", f"/results/{newest.pk}/"),  # type: ignore[union-attr]
            ):  # fmt: skip
                response, median, worst, queries = measure(lambda c=client, u=url: c.get(u), args.repeat)
                rows.append((size, who, f"{what} ({response.status_code})", median, worst, queries))
        split_timing()
        print(f"\n{'results':<9}{'viewer':<13}{'what':<30}{'median ms':>10}{'max ms':>9}{'queries':>9}")
        for size, who, what, median, worst, queries in rows:
            print(f"{size:<9}{who:<13}{what:<30}{median:>10.1f}{worst:>9.1f}{queries:>9}")


def split_timing(rounds: int = 10_000) -> None:
    """The revenue split rule (``licensing.rules.revenue_split``): a receipt among CSA's 70/20/10 rule with
    cost recovery first, 3 owners, 4 contributors, 12 inventors, for ``rounds`` deterministic amounts; every
    split is checked to add up to its receipt exactly."""
    import random

    from itisa.licensing.rules import Party, SplitFacts, revenue_split

    rng = random.Random(16)
    owners = tuple(
        Party(key=f"9111{i:014d}", share=share) for i, share in enumerate(map(Decimal, ("50", "30", "20")))
    )
    contributors = tuple(Party(key=f"9122{i:014d}", share=Decimal(25)) for i in range(4))
    inventors = tuple(Party(key=f"9111{i % 3:014d}", share=Decimal(1), name=f"发明人{i}") for i in range(12))
    costs = (
        Party(key=owners[0].key, share=Decimal("1234.56")),
        Party(key=owners[1].key, share=Decimal("99.99")),
    )
    rule = (
        ("creator", Decimal(60)),
        ("contributors", Decimal(10)),
        ("inventors", Decimal(20)),
        ("alliance", Decimal(10)),
    )
    amounts = [Decimal(rng.randrange(1, 10**10)) / 100 for _ in range(rounds)]
    start = time.perf_counter()
    for value in amounts:
        split = revenue_split(
            SplitFacts(
                amount=value,
                split=rule,
                owners=owners,
                contributors=contributors,
                inventors=inventors,
                alliance=Party(key="alliance", share=Decimal(1)),
                cost_recovery_first=True,
                costs=costs,
            )
        )
        if sum(line.amount for line in split.lines) != value:
            raise RuntimeError(f"the split of {value} does not add up")
    per_split = (time.perf_counter() - start) * 1_000_000 / rounds
    print(
        f"revenue_split: {per_split:.0f} µs per receipt (21 parties, {rounds} amounts, each summed exactly)"
    )


if __name__ == "__main__":
    main()
