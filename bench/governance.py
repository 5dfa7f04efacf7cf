"""Benchmark ballots: the motion page, the motion list and closing a ballot, at 10, 100 and 1,000 seats.

Builds one alliance with a council of N seats (each with a voting account), M open ballots, and N votes
on the measured ballot, in a throw-away SQLite database (or BENCH_DATABASE_URL, an EMPTY database).
Votes go through ``vote_cast`` (the real service, one audit entry each); closing through
``motion_close``. Never part of the test run. See bench/README.md.

    .venv/bin/python bench/governance.py [--seats 10,100,1000] [--motions 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import measure, setup_django  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seats", default="10,100,1000", help="Comma-separated seat counts, ascending.")
    parser.add_argument("--motions", type=int, default=200, help="Open ballots on the council.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per measurement.")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sizes = [int(s) for s in args.seats.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        call_command("migrate", verbosity=0)
        from itisa.accounts.models import RoleAssignment, User
        from itisa.governance.services import body_create, motion_close, motion_open, seat_add, vote_cast
        from itisa.registry.models import Alliance

        secretariat = User.objects.create_user(username="bench-secretariat", password="x")  # noqa: S106
        alliance = Alliance.objects.create(
            code="BENCH",
            name_zh="基准测试联盟",
            key_area="energy",
            industry="C",
            scope="national",
            status="established",
        )
        RoleAssignment.objects.create(user=secretariat, role="secretariat", alliance=alliance)
        client = Client()
        client.force_login(secretariat)
        rows = []
        seats: list[Any] = []
        body = body_create(by=secretariat, alliance=alliance, body_type="council", name_zh="理事会")
        deadline = timezone.now() + dt.timedelta(days=30)
        for i in range(args.motions):
            motion_open(by=secretariat, body=body, title_zh=f"议案{i}", method="ballot", deadline=deadline)
        for size in sizes:
            start = time.perf_counter()
            for i in range(len(seats), size):
                user = User.objects.create_user(username=f"bench-seat-{i}", password="x")  # noqa: S106
                seats.append(
                    seat_add(
                        by=secretariat,
                        body=body,
                        holder_name=f"席位{i}",
                        role="member",
                        term_start=dt.date(2026, 1, 1),
                        representative=user,
                    )  # fmt: skip
                )
            motion = motion_open(
                by=secretariat, body=body, title_zh=f"{size} 席表决", method="ballot", deadline=deadline
            )
            for seat in seats:
                vote_cast(by=seat.representative, motion=motion, choice="yes")
            print(f"{size} seats: built and voted in {time.perf_counter() - start:.1f} s", flush=True)
            for what, url in (
                ("page motion", f"/governance/motions/{motion.pk}/"),
                ("page motions list", "/alliances/BENCH/governance/motions/"),
                ("api motion", f"/api/motions/{motion.pk}"),
            ):
                response, median, worst, queries = measure(lambda url=url: client.get(url), args.repeat)
                rows.append((size, f"{what} ({response.status_code})", median, worst, queries))
            start = time.perf_counter()
            motion_close(by=secretariat, motion=motion)
            rows.append((size, "motion_close", (time.perf_counter() - start) * 1000, 0.0, 0))
        print(f"\n{'seats':<7}{'what':<26}{'median ms':>10}{'max ms':>9}{'queries':>9}")
        for size, what, median, worst, queries in rows:
            print(f"{size:<7}{what:<26}{median:>10.1f}{worst:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main()
