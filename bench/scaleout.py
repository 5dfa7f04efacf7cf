"""Scale-out, proved on one machine (issue 19 item 5): two app servers and two task workers, one PostgreSQL.

    .venv/bin/python bench/scaleout.py                       # 400 writes, 16 at a time, 200 e-mails
    .venv/bin/python bench/scaleout.py --writes 1000 --concurrency 32 --mails 500

What it does, on a database of its own (``itisa_scaleout_<pid>`` on ``BENCH_PG_SERVER``, by default
``postgres://postgres@127.0.0.1:5432``, created and dropped here; nothing else is touched):

1. migrates it, creates a national officer with an API token, and queues ``--mails`` notifications (each
   one's e-mail a task in the database queue, as in production);
2. starts two ``waitress-serve`` processes (explicit ``--threads``, ``--connection-limit``,
   ``--channel-timeout``, ``--backlog``, as the README's production section starts them) and two
   ``itisa worker`` processes (one ticks the clocks, one ``--no-tick``), each its own process with its own
   connections, e-mail going to files;
3. sends ``--writes`` ``POST /api/organisations`` from ``--concurrency`` client threads, alternating
   between the two servers (bounded loopback load: every request waits for its answer, 30 s at most);
4. waits for the workers to drain the queue, stops everything with SIGTERM, and checks: every write
   answered 201 and exists exactly once with exactly one audit entry; every e-mail was sent exactly once
   (each notification stamped, one message per notification in the mail files, no task run twice);
   ``itisa audit verify`` passes over the whole chain.

Prints one table and exits 1 if any check fails. Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORTS = (18101, 18102)
WAITRESS = ["--threads=8", "--connection-limit=200", "--channel-timeout=30", "--backlog=256"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--mails", type=int, default=200)
    return parser.parse_args()


def server_url() -> str:
    return os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup(env: dict[str, str], mails: int) -> str:
    """Migrate, create the officer and its token, queue the e-mails; the token's secret."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from itisa.accounts.services import api_token_create, role_grant, user_create
    from itisa.notifications.services import notify

    call_command("migrate", verbosity=0)
    officer = user_create(by=None, username="scaleout-officer", password=None, check_password=False)
    role_grant(by=None, user=officer, role="national_officer")
    _token, secret = api_token_create(by=officer, name="scaleout")
    readers = [
        user_create(
            by=None, username=f"reader{i}", password=None, check_password=False, email=f"reader{i}@example.cn"
        )
        for i in range(mails)
    ]
    for reader in readers:  # one transaction each: one queued e-mail task per notification
        with transaction.atomic():
            notify(recipients=[reader], kind="scaleout", subject="扩展测试", body="一条通知")
    return secret


def payload(n: int) -> bytes:
    from tests.factories import synthetic_uscc

    return json.dumps(
        {
            "name_zh": f"扩展测试单位{n:05d}",
            "uscc": synthetic_uscc(700_000 + n),
            "kind": "enterprise",
            "ownership": "private",
            "province": "11",
            "region_code": "110108",
            "industry": "C",
        },
        ensure_ascii=False,
    ).encode("utf-8")


def post(n: int, secret: str) -> tuple[int, float]:
    port = PORTS[n % 2]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/organisations",
        data=payload(n),
        method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=5):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start")


def main() -> int:
    args = parse_args()
    name = f"itisa_scaleout_{os.getpid()}"
    tmp = Path(tempfile.mkdtemp(prefix="itisa-scaleout-"))
    env = {
        "DATABASE_URL": f"{server_url()}/{name}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ITISA_DB_CONN_MAX_AGE": "60",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "ITISA_TICK_SECONDS": "2",
    }
    admin(f'CREATE DATABASE "{name}"')
    processes: list[subprocess.Popen[bytes]] = []
    try:
        secret = setup(env, args.mails)
        child_env = {**os.environ, **env}
        logs = []
        for i, port in enumerate(PORTS):
            log = open(tmp / f"server{i}.log", "wb")  # noqa: SIM115 - closed with the processes
            logs.append(log)
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own commands, no shell
                    [str(BIN / "waitress-serve"), f"--listen=127.0.0.1:{port}", *WAITRESS, "config.wsgi:application"],
                    cwd=ROOT, env=child_env, stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        for i, extra in enumerate([[], ["--no-tick"]]):
            log = open(tmp / f"worker{i}.log", "wb")  # noqa: SIM115
            logs.append(log)
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own commands, no shell
                    [str(BIN / "itisa"), "worker", "--poll", "0.2", f"--worker-id=scaleout-{i}", *extra],
                    cwd=ROOT, env=child_env, stdout=log, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        for port in PORTS:
            wait_for(port)
        print(f"2 servers, 2 workers up; {args.writes} writes, {args.concurrency} at a time", file=sys.stderr)
        done = Counter[int]()
        lock = threading.Lock()

        def one(n: int) -> tuple[int, float]:
            result = post(n, secret)
            with lock:
                done[result[0]] += 1
                if sum(done.values()) % 100 == 0:
                    print(f"  {sum(done.values())}/{args.writes} answered", file=sys.stderr, flush=True)
            return result

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            answers = list(pool.map(one, range(args.writes)))
        elapsed = time.perf_counter() - start
        return report(args, answers, elapsed, tmp, processes)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(
    args: argparse.Namespace,
    answers: list[tuple[int, float]],
    elapsed: float,
    tmp: Path,
    processes: list[Any],
) -> int:
    from django.core.management import call_command
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from itisa.audit.models import AuditEntry
    from itisa.notifications.models import Notification
    from itisa.registry.models import Organisation

    deadline = time.monotonic() + 120
    while Notification.objects.filter(kind="scaleout", emailed_at__isnull=True).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    for process in processes:  # stop before counting, so nothing is still being written
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=60)

    statuses = Counter(status for status, _ in answers)
    latencies = sorted(seconds for _, seconds in answers)
    created = Organisation.objects.filter(name_zh__startswith="扩展测试单位")
    ids = [str(pk) for pk in created.values_list("pk", flat=True)]
    audited = Counter(
        AuditEntry.objects.filter(object_type="registry.organisation", object_id__in=ids).values_list(
            "object_id", flat=True
        )
    )
    mail_files = list((tmp / "mail").glob("*.log")) if (tmp / "mail").exists() else []
    recipients = Counter(
        line.removeprefix("To: ").strip()
        for path in mail_files
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.startswith("To: ")
    )
    stamped = Notification.objects.filter(kind="scaleout", emailed_at__isnull=False).count()
    runs = DBTaskResult.objects.values("status").annotate(n=Count("id"))
    mailing = DBTaskResult.objects.filter(task_path="itisa.notifications.tasks.send_emails")
    twice = mailing.values("args_kwargs").annotate(n=Count("id")).filter(n__gt=1).count()
    out = StringIO()
    verify_ok = True
    try:
        call_command("audit", "verify", stdout=out, stderr=out)
    except SystemExit as exc:
        verify_ok = exc.code in (0, None)
    except Exception:  # noqa: BLE001 - reported as a failed check
        verify_ok = False
    checks = [
        ("writes answered 201", statuses.get(201, 0), args.writes),
        ("organisations created (distinct)", len(set(created.values_list("uscc", flat=True))), args.writes),
        (
            "organisations with exactly one audit entry",
            sum(1 for n in audited.values() if n == 1),
            args.writes,
        ),
        ("notifications e-mailed", stamped, args.mails),
        ("distinct recipients mailed", len(recipients), args.mails),
        ("messages sent more than once", sum(1 for n in recipients.values() if n > 1), 0),
        ("e-mail tasks run twice", twice, 0),
        ("audit verify passes", int(verify_ok), 1),
    ]
    print(
        f"{args.writes} writes in {elapsed:.1f} s ({args.writes / elapsed:.0f}/s), statuses {dict(statuses)}"
    )
    p = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0
    print(f"latency median {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {p * 1000:.0f} ms")
    print(f"task results by status: { {r['status']: r['n'] for r in runs} }")
    by_worker = Counter(w for ids in mailing.values_list("worker_ids", flat=True) for w in ids)
    print(f"e-mail tasks by worker: {dict(sorted(by_worker.items()))}")
    print(f"{'check':<45} {'found':>7} {'expected':>9}  result")
    failed = 0
    for label, found, expected in checks:
        ok = found == expected
        failed += not ok
        print(f"{label:<45} {found:>7} {expected:>9}  {'pass' if ok else 'FAIL'}")
    if not verify_ok:
        print(out.getvalue())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
