"""Issue 18's dashboard bar, on issue 19's harness: each officer's dashboard at 10,000 alliances, p95 ≤ 300 ms.

    .venv/bin/python bench/dashboards.py                  # 10,000 alliances
    .venv/bin/python bench/dashboards.py --size 1000      # quicker
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/dashboards.py   # an EMPTY database you can discard

Data: ``itisa generate`` (alliances with GB/T 4754 industries, 30 % regional over the provinces, founding
dates 2007–2023, statuses and their history, a few members each), then raw bulk inserts of what the panels
count: a recorded value of one indicator per alliance and year (2024, 2025), a result and a diffusion
obligation for every second alliance (open, met, overdue, open past its deadline), a published pilot for
every tenth (periods ending 2025–2027). Viewers: the national office (every alliance), a provincial
officer of Jiangsu (its regional alliances) and the association of industry C (its alliances).

Measured with Django's test ``Client`` (middleware, templates, translations included): the whole page
(thirteen panels; the generator writes no annual reports, ratings or evaluations, so those five read empty
tables), its Excel workbook and each panel's API endpoint, alternately with a raw baseline (the
status counts by one GROUP BY through a bare cursor, for scale). The table gives p95 in ms against the
goal of 300 ms. Never part of the test run; bench/README.md records the last run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ratios import Table, alternate, generate, p95  # noqa: E402
from bench.run import setup_django  # noqa: E402

CODE = "bench.dashboards.score"
PANELS = ("status", "industry", "province", "years", "ranking", "diffusion", "pilots", "pilot_periods", "reports",
          "reports_overdue", "rating", "grades", "awaiting_evaluation")  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000, help="Alliances to generate.")
    parser.add_argument("--members", type=int, default=3, help="Members per alliance.")
    parser.add_argument("--rounds", type=int, default=20, help="Timed requests per measurement.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary SQLite database.")
    return parser.parse_args()


def register_indicator() -> None:
    from itisa.core.indicators import Indicator, none, register_indicators

    register_indicators(
        Indicator(
            code=CODE,
            name_zh="基准指标",
            name_en="Bench score",
            unit="count",
            dimension="organisation",
            compute=none,
        )  # fmt: skip
    )


def top_up(rng: random.Random) -> None:
    """What the panels count, beside the generated alliances (bulk inserts, no audit entries)."""
    from django.db import transaction
    from django.utils import timezone

    from itisa.diffusion.models import Obligation
    from itisa.indicators.models import IndicatorValue
    from itisa.pilots.models import Application, Call
    from itisa.registry.models import Alliance
    from itisa.results.models import Result

    now = timezone.now()
    ids = list(Alliance.objects.order_by("pk").values_list("pk", flat=True))
    start = time.perf_counter()
    with transaction.atomic():
        IndicatorValue.objects.bulk_create(
            [IndicatorValue(alliance_id=aid, year=year, code=CODE, value=Decimal(rng.randrange(10_000)) / 100,
                            source="system", at=now)
             for aid in ids for year in (2024, 2025)],
            batch_size=5000,
        )  # fmt: skip
        results = Result.objects.bulk_create(
            [Result(alliance_id=aid, code="R00001", kind="paper", title_zh=f"合成成果{aid}", status="recorded",
                    created_at=now, updated_at=now)
             for aid in ids[::2]],
            batch_size=5000,
        )  # fmt: skip
        states = [("open", dt.date(2027, 6, 30)), ("met", dt.date(2025, 6, 30)),
                  ("overdue", dt.date(2025, 3, 31)), ("open", dt.date(2025, 12, 31))]  # fmt: skip
        Obligation.objects.bulk_create(
            [Obligation(alliance_id=r.alliance_id, result=r, department="科学技术部", starts_on=dt.date(2024, 1, 1),
                        deadline=states[n % 4][1], months=12, status=states[n % 4][0])
             for n, r in enumerate(results)],
            batch_size=5000,
        )  # fmt: skip
        call = Call.objects.create(title_zh="基准试点申报", opens_on=dt.date(2023, 1, 1),
                                   closes_on=dt.date(2023, 3, 31), rules="2008", status="published",
                                   max_pilots=len(ids), max_cultivation=0)  # fmt: skip
        Application.objects.bulk_create(
            [Application(call=call, alliance_id=aid, status="published", outcome="pilot", decision_reasons="基准",
                         pilot_from=dt.date(2023 + n % 3, 6, 30), pilot_until=dt.date(2025 + n % 3, 6, 30))
             for n, aid in enumerate(ids[::10])],
            batch_size=5000,
        )  # fmt: skip
    print(f"topped up in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


def viewers() -> dict[str, object]:
    from itisa.accounts.services import role_grant, user_create

    made = {}
    for name, grant in (("national", {"role": "national_officer"}),
                        ("provincial (32)", {"role": "provincial_officer", "province": "32"}),
                        ("association (C)", {"role": "association_officer", "industry": "C"})):  # fmt: skip
        user = user_create(by=None, username=f"bench-{len(made)}", password=None, check_password=False)
        role_grant(by=None, user=user, **grant)
        made[name] = user
    return made


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="itisa-dashboards-"))
    try:
        url = setup_django(tmp)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from itisa.dashboards.selectors import followed_alliances
        from itisa.registry.models import Alliance

        print(f"database: {url.split('@')[-1]}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        if Alliance.objects.exists():
            print("The benchmark database must start empty.", file=sys.stderr)
            return 2
        register_indicator()
        generate(alliances=args.size, members_per_alliance=args.members, seed=18)
        top_up(random.Random(18))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        def raw() -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT status, count(*) FROM registry_alliance GROUP BY status")
                cursor.fetchall()

        table = Table()
        for name, user in viewers().items():
            client = Client()
            client.force_login(user)
            followed = followed_alliances(user).count()
            paths = [("page", "/dashboards/?year=2025"), ("Excel", "/dashboards/?year=2025&format=xlsx")]
            if name == "national":
                paths += [(f"API {key}", f"/api/dashboards/{key}?year=2025") for key in PANELS]
            for what, path in paths:

                def ours(path: str = path, client: Client = client) -> None:
                    response = client.get(path)
                    if response.status_code != 200:
                        raise RuntimeError(f"{path}: {response.status_code}")

                mine, base = alternate(ours, raw, args.rounds)
                table.absolute_row(
                    "D1",
                    f"{what}, {name}, {followed:,} of {args.size:,} alliances, p95",
                    p95(mine),
                    p95(base),
                    300,
                )
        table.print()
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
