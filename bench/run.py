"""Benchmark the alliance list at 10, 1,000 and 10,000 alliances.

Generates synthetic data (``manage.py generate``) into a throw-away SQLite database, then times the
alliance list page and API with Django's test Client and counts their queries. Never part of the
test run. See bench/README.md.

    .venv/bin/python bench/run.py [--sizes 10,1000,10000] [--members 20] [--repeat 7]
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/run.py   # an EMPTY database you can discard
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = [
    ("page /alliances/?q=G00", "/alliances/?q=G00"),
    ("page /alliances/", "/alliances/"),
    ("api /api/alliances?q=G00", "/api/alliances?q=G00"),
    ("api /api/alliances", "/api/alliances"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10,1000,10000", help="Comma-separated alliance counts, ascending."
    )
    parser.add_argument("--members", type=int, default=20, help="Members per alliance.")
    parser.add_argument("--repeat", type=int, default=7, help="Timed requests per measurement.")
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary SQLite database.")
    return parser.parse_args()


def setup_django(tmp: Path) -> str:
    """Point Django at the benchmark database before it is configured; return its URL."""
    url = os.environ.get("BENCH_DATABASE_URL", "") or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ITISA_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 404s of missing routes are in the table
    return url


def measure(fn: Callable[[], Any], repeat: int) -> tuple[Any, float, float, int]:
    """Run once to warm up and count queries, then ``repeat`` timed runs; return (result, median, max, queries)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the debug query log is a bounded deque: start each count from empty
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(timings), max(timings), len(ctx.captured_queries)


def main() -> int:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="itisa-bench-"))
    try:
        return run(args, sizes, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, sizes: list[int], tmp: Path) -> int:
    url = setup_django(tmp)

    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    from itisa.accounts.management.output import render_table
    from itisa.accounts.models import User
    from itisa.accounts.services import role_grant, user_create
    from itisa.registry.models import Alliance
    from itisa.registry.selectors import AllianceFilters, alliance_search

    print(f"database: {url}", file=sys.stderr)
    call_command("migrate", verbosity=0)
    if Alliance.objects.exists():
        print("The benchmark database must start empty.", file=sys.stderr)
        return 2
    officer = user_create(by=None, username="bench-national", password=None, check_password=False)
    role_grant(by=None, user=officer, role="national_officer")

    rows: list[list[Any]] = []
    for size in sizes:
        missing = size - Alliance.objects.count()
        if missing > 0:
            start = time.perf_counter()
            call_command(
                "generate",
                alliances=missing,
                members_per_alliance=args.members,
                seed=args.seed + size,
                stdout=StringIO(),
                stderr=StringIO(),
            )
            print(f"generated {missing} alliances in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        for who, user in (("anonymous", None), ("national", User.objects.get(pk=officer.pk))):
            client = Client()
            if user is not None:
                client.force_login(user)
            for label, path in TARGETS:
                response, median, worst, queries = measure(lambda p=path, c=client: c.get(p), args.repeat)
                rows.append(
                    [size, who, label, response.status_code, f"{median:.1f}", f"{worst:.1f}", queries]
                )
            viewer = User.objects.get(pk=officer.pk) if user is not None else None
            result, median, worst, queries = measure(
                lambda v=viewer: list(alliance_search(v, AllianceFilters(q="G00"))[:50]), args.repeat
            )
            rows.append(
                [
                    size,
                    who,
                    "selector alliance_search q=G00 [:50]",
                    len(result),
                    f"{median:.1f}",
                    f"{worst:.1f}",
                    queries,
                ]
            )
    print()
    for line in render_table(
        ["alliances", "viewer", "what", "status/rows", "median ms", "max ms", "queries"], rows
    ):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
