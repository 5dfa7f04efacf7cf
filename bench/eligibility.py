"""Benchmark the Article 8 survey: every alliance checked at once, at 10, 100 and 1,000 alliances.

Generates synthetic alliances (``manage.py generate``) into a throw-away SQLite database (or
BENCH_DATABASE_URL, an EMPTY database), then times the office's survey page and API and the
``eligibility check --all`` facts builder, and counts their queries. The count must stay flat.
Never part of the test run. See bench/README.md.

    .venv/bin/python bench/eligibility.py [--sizes 10,100,1000] [--members 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import measure, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000", help="Comma-separated alliance counts, ascending.")
    parser.add_argument("--members", type=int, default=20, help="Members per alliance.")
    parser.add_argument("--repeat", type=int, default=3, help="Timed requests per measurement.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        from itisa.accounts.services import role_grant, user_create
        from itisa.pilots.eligibility.build import registry_reports
        from itisa.registry.models import Alliance

        officer = user_create(by=None, username="bench-national", password=None, check_password=False)
        role_grant(by=None, user=officer, role="national_officer")
        client = Client()
        client.force_login(officer)
        rows = []
        for size in [int(s) for s in args.sizes.split(",")]:
            missing = size - Alliance.objects.count()
            if missing > 0:
                start = time.perf_counter()
                call_command(
                    "generate",
                    alliances=missing,
                    members_per_alliance=args.members,
                    seed=size,
                    stdout=StringIO(),
                )
                print(f"generated {missing} alliances in {time.perf_counter() - start:.1f} s", flush=True)
            for label, path in (
                ("page /pilots/eligibility/", "/en/pilots/eligibility/"),
                ("api /api/eligibility", "/api/eligibility"),
            ):
                response, median, worst, queries = measure(lambda p=path: client.get(p), args.repeat)
                rows.append((size, f"{label} ({response.status_code})", median, worst, queries))
            _result, median, worst, queries = measure(
                lambda: registry_reports(Alliance.objects.order_by("code")), args.repeat
            )
            rows.append((size, "registry_reports", median, worst, queries))
        print(f"\n{'alliances':<10}{'what':<34}{'median ms':>10}{'max ms':>9}{'queries':>9}")
        for size, what, median, worst, queries in rows:
            print(f"{size:<10}{what:<34}{median:>10.1f}{worst:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main()
