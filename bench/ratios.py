"""Issue 19: how close to the limit ITISA runs. Our code against a raw baseline, alternately, in one run.

    make bench                                   # or: .venv/bin/python bench/ratios.py
    .venv/bin/python bench/ratios.py --quick     # small sizes, a minute or so
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/ratios.py   # an EMPTY database you can discard

Data comes from ``itisa generate`` (alliances, members, audit entries) and, for the ledger, from the
services. Each measurement runs ours and the baseline in turn, round after round, so a change of load on
the machine touches both; the table shows the medians, the ratio, the goal and whether it is met:

- P1 the Article 8 facts of every alliance (``facts_for_alliances``) vs the same rows read by raw SQL
  and grouped per alliance; ratio = ours / raw (goal ≤ 1.5).
- P2 ``GET /api/alliances/<code>`` and ``GET /api/alliances`` vs a bare django-ninja endpoint with one raw
  query (``bench/bare.py``), both through Django's WSGI handler (connection handling included);
  ratio = raw / ours, our share of the bare throughput (goal ≥ 0.70). Also with ``CONN_MAX_AGE`` 0 and 60.
- P3 one journal entry through the services (draft → submit → approve → post, notifications and the
  audit chain) vs raw INSERT/UPDATE of the same rows (checked: both write the same number of rows to
  every table); ratio = raw / ours (goal ≥ 0.50).
- P4 ``itisa audit verify`` (the chain and the consistency checks) vs reading the same rows with a raw
  cursor and SHA-256 over their bytes; ratio = raw / ours (goal ≥ 0.50).
- P6 the alliance page with 500 members for a role holder (the secretariat: every row has its actions),
  which lists them 50 a page with a search: p95 in ms of the first page (goal ≤ 100); the raw column is
  the first page's rows read by raw SQL, for scale.

The issue's table has no P5. Never part of the test run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import setup_django  # noqa: E402

Timer = Callable[[], Any]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="Small sizes: 300 alliances, 3,000 audit entries."
    )
    parser.add_argument("--only", default="", help="Comma-separated ids to run, e.g. P3,P4.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary SQLite database.")
    return parser.parse_args()


def alternate(ours: Timer, raw: Timer, rounds: int) -> tuple[list[float], list[float]]:
    """Warm both up once, then time them in turn ``rounds`` times; milliseconds."""
    ours()
    raw()
    mine: list[float] = []
    base: list[float] = []
    for _ in range(rounds):
        for fn, out in ((ours, mine), (raw, base)):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return mine, base


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def ratio_row(
        self, pid: str, what: str, mine: list[float], base: list[float], *, slower_at_most: float = 0,
        share_at_least: float = 0,
    ) -> None:  # fmt: skip
        ours, raw = statistics.median(mine), statistics.median(base)
        if slower_at_most:
            ratio, goal, ok = ours / raw, f"≤ {slower_at_most:g}×", ours / raw <= slower_at_most
            shown = f"{ratio:.2f}×"
        else:
            ratio, goal, ok = raw / ours, f"≥ {share_at_least:.0%}", raw / ours >= share_at_least
            shown = f"{ratio:.0%}"
        self.rows.append([pid, what, f"{ours:.2f}", f"{raw:.2f}", shown, goal, "pass" if ok else "FAIL"])

    def absolute_row(self, pid: str, what: str, value: float, raw: float, limit: float) -> None:
        ok = value <= limit
        self.rows.append(
            [pid, what, f"{value:.1f}", f"{raw:.1f}", "—", f"≤ {limit:g} ms", "pass" if ok else "FAIL"]
        )

    def print(self) -> None:
        from itisa.accounts.management.output import render_table

        header = ["id", "what", "ours ms", "raw ms", "ratio", "goal", "result"]
        for line in render_table(header, self.rows):
            print(line)


def generate(**options: Any) -> None:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("generate", stdout=StringIO(), stderr=StringIO(), **options)
    print(f"generate {options} in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


# P1 ---------------------------------------------------------------------------------------------------
def p1_facts(table: Table, rounds: int) -> None:
    from django.db import connection
    from django.db.models import Q
    from django.utils import timezone

    from itisa.accounts.models import RoleAssignment
    from itisa.agreements.models import AgreementVersion, Signature
    from itisa.governance.models import Body, LiabilityDesignation, StaffMember
    from itisa.ledger.models import Book, Fund
    from itisa.membership.models import Membership
    from itisa.pilots.eligibility.build import facts_for_alliances
    from itisa.pilots.models import Finding
    from itisa.registry.models import Alliance

    today = timezone.localdate()
    everyone = Alliance.objects.order_by("code")
    ids = Alliance.objects.values("pk")
    # The same rows the builder reads, as SQL compiled once and run through a bare cursor.
    sources = [
        everyone.values_list("pk", "code", "founded_on"),
        Finding.objects.filter(alliance_id__in=ids, at__date__lte=today)
        .order_by("at", "pk")
        .values_list("alliance_id", "organisation_id", "question", "holds"),
        Membership.objects.active_on(today)
        .filter(alliance_id__in=ids)
        .order_by("alliance_id", "organisation__uscc")
        .values_list("alliance_id", "organisation_id", "organisation__uscc", "organisation__kind"),
        AgreementVersion.objects.filter(alliance_id__in=ids, status="effective").values_list(
            "alliance_id", "pk", "kind", "content", "acceding_organisation_id"
        ),
        Signature.objects.filter(version__alliance_id__in=ids, version__status="effective").values_list(
            "version_id", "organisation_id"
        ),
        Body.objects.filter(alliance_id__in=ids).values_list("alliance_id", "kind"),
        StaffMember.objects.filter(alliance_id__in=ids, full_time=True, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values_list("alliance_id", "pk"),
        LiabilityDesignation.objects.filter(alliance_id__in=ids, since__lte=today)
        .order_by("alliance_id", "since", "pk")
        .values_list("alliance_id", "organisation__uscc"),
        Book.objects.filter(alliance_id__in=ids).values_list("alliance_id", flat=True),
        Fund.objects.filter(book__alliance_id__in=ids, kind="government_grant").values_list(
            "book__alliance_id", "restricted"
        ),
        RoleAssignment.objects.filter(alliance_id__in=ids, role="fund_supervisor").values_list(
            "alliance_id", flat=True
        ),
    ]
    compiled = [qs.query.sql_with_params() for qs in sources]

    def raw() -> dict[Any, list[Any]]:
        grouped: dict[Any, list[Any]] = defaultdict(list)
        with connection.cursor() as cursor:
            for sql, params in compiled:
                cursor.execute(sql, params)
                for row in cursor.fetchall():
                    grouped[row[0]].append(row)
        return grouped

    def ours() -> Any:
        return facts_for_alliances(Alliance.objects.order_by("code"), as_of=today)

    members = Membership.objects.count()
    mine, base = alternate(ours, raw, rounds)
    table.ratio_row(
        "P1", f"Article 8 facts, {Alliance.objects.count()} alliances, {members} members", mine, base,
        slower_at_most=1.5,
    )  # fmt: skip


# P2 ---------------------------------------------------------------------------------------------------
def wsgi_get(handler: Any, path: str) -> Callable[[], bytes]:
    from wsgiref.util import setup_testing_defaults

    def call() -> bytes:
        environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "QUERY_STRING": ""}
        setup_testing_defaults(environ)
        status: list[str] = []
        body = b"".join(handler(environ, lambda s, h, exc_info=None: status.append(s)))
        if not status[0].startswith("200"):
            raise RuntimeError(f"{path}: {status[0]} {body[:300]!r}")
        return body

    return call


def p2_api(table: Table, rounds: int) -> None:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.urls import clear_url_caches

    from itisa.registry.models import Alliance

    settings.ROOT_URLCONF = "bench.bare"
    clear_url_caches()
    handler = WSGIHandler()
    code = Alliance.objects.filter(status="established").order_by("code").values_list("code", flat=True)[0]
    pairs = [
        (f"GET /api/alliances/{code}", f"/api/alliances/{code}", f"/bench-bare/alliances/{code}"),
        ("GET /api/alliances", "/api/alliances", "/bench-bare/alliances"),
    ]
    configured = connection.settings_dict["CONN_MAX_AGE"]
    for max_age in dict.fromkeys([configured, 0, 60]):
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = max_age
        for label, ours_path, bare_path in pairs:
            mine, base = alternate(wsgi_get(handler, ours_path), wsgi_get(handler, bare_path), rounds)
            table.ratio_row("P2", f"{label} (CONN_MAX_AGE={max_age})", mine, base, share_at_least=0.70)
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = configured


# P3 ---------------------------------------------------------------------------------------------------
class RawLedger:
    """The rows one posted entry leaves, written with plain INSERT/UPDATE through a cursor."""

    def __init__(self, book: Any, fund: Any, accounts: tuple[Any, Any], users: tuple[Any, Any]) -> None:
        from django.db import connection

        self.connection = connection
        self.book, self.fund, self.accounts, self.users = book, fund, accounts, users
        self.n = 0

    def insert(self, cursor: Any, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join(["%s"] * len(values))
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id",  # noqa: S608 - our own names
            list(values.values()),
        )
        return int(cursor.fetchone()[0])

    def audit(self, cursor: Any, action: str, object_type: str, object_id: Any, data: dict[str, Any]) -> None:
        cursor.execute("SELECT seq, hash FROM audit_audithead WHERE singleton = 1" + self.lock)  # noqa: S608
        seq, prev = cursor.fetchone()
        now = dt.datetime.now(dt.UTC)
        body = json.dumps(
            {"seq": seq + 1, "at": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "actor_id": self.users[0].pk,
             "actor_label": "raw", "action": action, "object_type": object_type, "object_id": str(object_id),
             "object_repr": "", "data": data},
            sort_keys=True, separators=(",", ":"), ensure_ascii=False,
        ).encode()  # fmt: skip
        digest = hashlib.sha256(prev.encode() + body).hexdigest()
        cursor.execute(
            "INSERT INTO audit_auditentry (seq, at, actor_id, actor_label, action, object_type, object_id,"
            " object_repr, data, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [seq + 1, now, self.users[0].pk, "raw", action, object_type, str(object_id), "",
             json.dumps(data), prev, digest],
        )  # fmt: skip
        cursor.execute(
            "UPDATE audit_audithead SET seq = %s, hash = %s WHERE singleton = 1", [seq + 1, digest]
        )

    def notify(self, cursor: Any, user: Any) -> None:
        self.insert(
            cursor, "notifications_notification",
            {"recipient_id": user.pk, "kind": "ledger.entry.submitted", "subject": "raw", "body": "raw",
             "url": "/ledger/entries/0/", "alliance_id": self.book.alliance_id,
             "created_at": dt.datetime.now(dt.UTC)},
        )  # fmt: skip

    @property
    def lock(self) -> str:
        return " FOR UPDATE" if self.connection.vendor == "postgresql" else ""

    def post_one(self, date: dt.date) -> None:
        from django.db import transaction

        self.n += 1
        preparer, approver = self.users
        now = dt.datetime.now(dt.UTC)
        postings = [
            [a.code, self.fund.pk, str(amount)]
            for a, amount in zip(self.accounts, ("10.00", "-10.00"), strict=True)
        ]
        with transaction.atomic(), self.connection.cursor() as c:
            entry = self.insert(
                c, "ledger_journalentry",
                {"book_id": self.book.pk, "date": date, "memo": "raw", "status": "draft",
                 "idempotency_key": f"raw-{self.n}-{time.time_ns()}", "prepared_by_id": preparer.pk,
                 "created_at": now, "updated_at": now},
            )  # fmt: skip
            for account, amount in zip(self.accounts, (Decimal("10.00"), Decimal("-10.00")), strict=True):
                self.insert(
                    c, "ledger_posting",
                    {"entry_id": entry, "account_id": account.pk, "fund_id": self.fund.pk, "amount": amount,
                     "memo": ""},
                )  # fmt: skip
            self.audit(c, "ledger.entry.drafted", "ledger.journalentry", entry, {"postings": postings})
        for status, who in (("submitted", approver), ("approved", preparer)):
            with transaction.atomic(), self.connection.cursor() as c:
                c.execute("SELECT id FROM ledger_journalentry WHERE id = %s" + self.lock, [entry])  # noqa: S608
                c.execute(
                    "UPDATE ledger_journalentry SET status = %s, approved_by_id = %s, updated_at = %s WHERE id = %s",
                    [status, approver.pk if status == "approved" else None, now, entry],
                )
                self.audit(c, "ledger.entry.moved", "ledger.journalentry", entry, {"to": status})
                self.notify(c, who)
                self.audit(
                    c, "notifications.sent", "registry.alliance", self.book.alliance_id, {"kind": status}
                )
        with transaction.atomic(), self.connection.cursor() as c:
            c.execute("SELECT id FROM ledger_journalentry WHERE id = %s" + self.lock, [entry])  # noqa: S608
            c.execute(
                "SELECT id, last_number FROM ledger_period WHERE book_id = %s AND year = %s AND month = %s"  # noqa: S608
                + self.lock,
                [self.book.pk, date.year, date.month],
            )
            period, last = c.fetchone()
            c.execute("UPDATE ledger_period SET last_number = %s WHERE id = %s", [last + 1, period])
            c.execute(
                "UPDATE ledger_journalentry SET status = 'posted', period_id = %s, number = %s, posted_at = %s,"
                " updated_at = %s WHERE id = %s",
                [period, last + 1, now, now, entry],
            )
            self.audit(c, "ledger.entry.moved", "ledger.journalentry", entry, {"to": "posted"})
            self.audit(c, "ledger.entry.posted", "ledger.journalentry", entry, {"postings": postings})


def p3_ledger(table: Table, rounds: int) -> Any:
    import csv

    from django.apps import apps

    from itisa.accounts.services import role_grant, user_create
    from itisa.ledger import services
    from itisa.ledger.models import Account
    from itisa.registry.models import Alliance

    alliance = Alliance.objects.order_by("code").first()
    assert alliance is not None  # noqa: S101
    users = []
    for name in ("bench-preparer", "bench-approver"):
        user = user_create(by=None, username=name, password=None, check_password=False)
        role_grant(by=None, user=user, role="secretariat", alliance=alliance)
        users.append(user)
    preparer, approver = users
    with (ROOT / "itisa/ledger/data/npo-chart-2004.csv").open(encoding="utf-8", newline="") as fh:
        chart = services.chart_load(
            code="npo-2004", name_zh="民间非营利组织会计制度（2004）", rows=list(csv.DictReader(fh))
        )
    book = services.book_open(by=preparer, alliance=alliance, chart=chart, second_approval_above=None)
    fund = services.fund_create(by=preparer, book=book, kind="dues", name_zh="会费")
    leaves = [
        a for a in Account.objects.filter(chart=chart).prefetch_related("children") if not a.children.all()
    ]
    cash = next(a for a in leaves if a.code.startswith("1002"))
    income = next(a for a in leaves if a.code.startswith("4"))
    date = dt.date(2026, 3, 15)
    counter = iter(range(10**9))

    def ours() -> None:
        n = next(counter)
        entry, _created = services.entry_draft(
            by=preparer, book=book, date=date, memo="会费收入",
            postings=[{"account": cash.code, "fund": str(fund.pk), "amount": "10.00"},
                      {"account": income.code, "fund": str(fund.pk), "amount": "-10.00"}],
            idempotency_key=f"bench-{n}",
        )  # fmt: skip
        services.entry_submit(by=preparer, entry=entry)
        services.entry_approve(by=approver, entry=entry)
        services.entry_post(by=preparer, entry=entry)

    raw_ledger = RawLedger(book, fund, (cash, income), (preparer, approver))

    def raw() -> None:
        raw_ledger.post_one(date)

    models = [apps.get_model(label) for label in (
        "ledger.journalentry", "ledger.posting", "ledger.period", "audit.auditentry", "notifications.notification",
    )]  # fmt: skip

    def counts() -> list[int]:
        return [m.objects.count() for m in models]

    ours()  # the first entry of the month opens its period
    before = counts()
    ours()
    middle = counts()
    raw()
    after = counts()
    written = [b - a for a, b in zip(before, middle, strict=True)]
    if written != [b - a for a, b in zip(middle, after, strict=True)]:
        raise RuntimeError(f"P3: the baseline writes other rows than the services: {written} vs {after}")
    mine, base = alternate(ours, raw, rounds)
    table.ratio_row("P3", f"post one journal entry ({sum(written)} rows)", mine, base, share_at_least=0.50)
    return book


# P4 ---------------------------------------------------------------------------------------------------
def p4_verify(table: Table, rounds: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from itisa.audit.models import AuditEntry

    def ours() -> None:
        call_command("audit", "verify", stdout=StringIO(), stderr=StringIO())

    def raw() -> str:
        digest = ""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT seq, at, actor_id, actor_label, action, object_type, object_id, object_repr, data,"
                " prev_hash, hash FROM audit_auditentry ORDER BY seq"
            )
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    digest = hashlib.sha256("\x1f".join(str(v) for v in row[:10]).encode()).hexdigest()
        return digest

    mine, base = alternate(ours, raw, rounds)
    table.ratio_row(
        "P4", f"itisa audit verify, {AuditEntry.objects.count()} entries", mine, base, share_at_least=0.50
    )


# P6 ---------------------------------------------------------------------------------------------------
def p6_page(table: Table, rounds: int) -> None:
    from django.db import connection
    from django.test import Client

    from itisa.accounts.services import role_grant, user_create
    from itisa.registry.models import Alliance

    generate(alliances=1, members_per_alliance=500, seed=500)
    alliance = Alliance.objects.order_by("-code").first()
    assert alliance is not None  # noqa: S101
    user = user_create(by=None, username="bench-secretariat", password=None, check_password=False)
    role_grant(by=None, user=user, role="secretariat", alliance=alliance)
    client = Client()
    client.force_login(user)
    path = f"/alliances/{alliance.code}/"

    def ours() -> None:
        response = client.get(path)
        if response.status_code != 200 or response.content.count(b'data-testid="member-row"') != 50:
            raise RuntimeError(f"P6: {response.status_code}")
        if "第 1 页，共 10 页".encode() not in response.content and b"Page 1 of 10" not in response.content:
            raise RuntimeError("P6: the page does not say it is the first of ten")

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT o.uscc, o.name_zh, m.rank, m.joined_on, m.left_on FROM membership_membership m"
                " JOIN registry_organisation o ON o.id = m.organisation_id WHERE m.alliance_id = %s"
                " ORDER BY o.name_zh LIMIT 50",
                [alliance.pk],
            )
            "".join(f"<tr><td>{r[1]}</td><td>{r[2]}</td><td>{r[3]}</td></tr>" for r in cursor.fetchall())

    mine, base = alternate(ours, raw, rounds)
    table.absolute_row(
        "P6", "alliance page, 500 members (50 a page), secretariat, p95", p95(mine), p95(base), 100
    )


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="itisa-ratios-"))
    try:
        url = setup_django(tmp)
        from django.core.management import call_command

        from itisa.registry.models import Alliance

        print(f"database: {url.split('@')[-1]}", file=sys.stderr)
        call_command("migrate", verbosity=0)
        if Alliance.objects.exists():
            print("The benchmark database must start empty.", file=sys.stderr)
            return 2
        only = {p.strip().upper() for p in args.only.split(",") if p.strip()}
        alliances = 300 if args.quick else 10_000
        entries = 3_000 if args.quick else 40_000
        generate(alliances=alliances, members_per_alliance=30, seed=19)
        generate(alliances=0, members_per_alliance=0, audit_entries=entries, seed=19)
        table = Table()
        steps: list[tuple[str, Callable[[Table, int], Any], int]] = [
            ("P1", p1_facts, 5 if args.quick else 3),
            ("P2", p2_api, 100 if args.quick else 300),
            ("P3", p3_ledger, 20 if args.quick else 60),
            ("P4", p4_verify, 3 if args.quick else 3),
            ("P6", p6_page, 20 if args.quick else 40),
        ]
        for pid, step, rounds in steps:
            if not only or pid in only:
                start = time.perf_counter()
                step(table, rounds)
                print(f"{pid} measured in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        load = os.getloadavg()
        print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")
        table.print()
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
