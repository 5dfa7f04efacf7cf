"""``itisa worker``: the queue in the database, the tick that fires the clocks, e-mail sent by the worker.

These tests switch to the database backend (``DATABASE_TASKS``): a task is a row until a worker runs it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from conftest import DATABASE_TASKS
from itisa.governance.models import Motion
from itisa.governance.services import motion_open, vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.notifications.models import Notification

BEIJING = dt.timezone(dt.timedelta(hours=8))
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
DEADLINE = dt.datetime(2026, 3, 5, 17, 0, tzinfo=BEIJING)
TITLE = "关于增补理事单位的议案"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_transaction(monkeypatch: Any) -> None:
    """The worker loop calls ``close_old_connections`` between tasks, as a request does; inside a test's
    transaction Django takes that for a connection left mid-transaction and closes it (PostgreSQL). The
    in-process passes here keep the test's connection; the subprocess test runs the real loop."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _worker_once() -> str:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


def _tasks() -> list[tuple[str, str]]:
    return sorted(DBTaskResult.objects.values_list("task_path", "status"))


def test_the_worker_sends_the_reminders_after_the_clock_moves_and_closes_the_ballot(
    world: Any, settings: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.DEFAULT_FROM_EMAIL = "noreply@itisa.example.cn"
    for persona in ("council_member", "legal_representative", "expert"):
        user = world.user(persona)
        user.email = f"{persona}@example.cn"
        user.save(update_fields=["email"])
    with time_machine.travel(OPENED, tick=False) as clock:
        council = make_council(world)
        motion = motion_open(
            by=world.user("secretariat"),
            body=council.body,
            title_zh=TITLE,
            method="ballot",
            deadline=DEADLINE,
        )
        # the notice of the ballot is queued with the transaction that opened it, not sent
        assert (_tasks(), mail.outbox) == ([("itisa.notifications.tasks.send_emails", "READY")], [])
        assert _worker_once() == "2 queued tasks run.\n"  # the tick, and the opening notice's e-mail
        assert sorted(m.to[0] for m in mail.outbox) == [
            "council_member@example.cn",
            "expert@example.cn",
            "legal_representative@example.cn",
        ]
        mail.outbox.clear()
        vote_cast(by=world.user("council_member"), motion=motion, choice="yes")

        clock.move_to(DEADLINE - dt.timedelta(hours=23))
        assert _worker_once() == "2 queued tasks run.\n"  # the tick, and the reminders' e-mail
        assert sorted((m.to, m.subject, m.from_email) for m in mail.outbox) == [
            (["expert@example.cn"], f"表决即将截止：{TITLE}", "noreply@itisa.example.cn"),
            (["legal_representative@example.cn"], f"表决即将截止：{TITLE}", "noreply@itisa.example.cn"),
        ]
        assert mail.outbox[0].body.endswith(f"\n\nhttp://127.0.0.1:8000/governance/motions/{motion.pk}/")
        assert (
            Notification.objects.filter(kind="governance.ballot.closing", emailed_at__isnull=True).count()
            == 0
        )
        mail.outbox.clear()

        clock.move_to(DEADLINE + dt.timedelta(minutes=1))
        assert _worker_once() == "1 queued tasks run.\n"  # the tick closes the ballot; nobody is mailed
        assert (Motion.objects.get(pk=motion.pk).status, mail.outbox) == ("closed", [])
        ticks = DBTaskResult.objects.filter(task_path="itisa.core.tasks.tick").order_by("enqueued_at")
        assert [t.return_value["governance.ballot.deadline"]["fired"] for t in ticks] == [0, 0, 1]
        assert [t.return_value["governance.ballot.reminder"]["fired"] for t in ticks] == [0, 1, 0]
    assert {status for _path, status in _tasks()} == {"SUCCESSFUL"}


def test_a_tick_already_waiting_is_not_queued_twice(world: Any, settings: Any) -> None:
    from itisa.ops.management.commands.worker import enqueue_tick

    settings.TASKS = DATABASE_TASKS
    assert (enqueue_tick(), enqueue_tick()) == (True, False)
    assert _tasks() == [("itisa.core.tasks.tick", "READY")]
    assert _worker_once() == "1 queued tasks run.\n"  # the waiting tick; --once queued none of its own
    assert _tasks() == [("itisa.core.tasks.tick", "SUCCESSFUL")]


def test_a_rolled_back_notification_queues_no_mail(world: Any, settings: Any) -> None:
    from django.db import transaction

    from itisa.notifications.services import notify

    settings.TASKS = DATABASE_TASKS
    expert = world.user("expert")
    expert.email = "expert@example.cn"
    expert.save(update_fields=["email"])
    try:
        with transaction.atomic():
            notify(recipients=[expert], kind="test.rollback", subject="主题", body="正文")
            assert len(_tasks()) == 1
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert (_tasks(), Notification.objects.count()) == ([], 0)


def test_the_worker_ticks_by_itself_and_stops_gracefully_on_sigterm(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    """A real worker process on a database of its own: it ticks without being asked and SIGTERM ends it
    cleanly (exit status 0) after the task it is running."""
    database = tmp_path / "worker.sqlite3"
    shutil.copy(migrated_sqlite, database)
    env = {
        **os.environ,
        "ITISA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
        "ITISA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONUNBUFFERED": "1",
        "LANGUAGE": "en",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "worker",
            "--interval",
            "0.5",
            "--poll",
            "0.2",
            "--worker-id",
            "test-1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline() == "后台任务进程 test-1 正在运行；时钟每 0.5 秒检查一次。\n"
        deadline = time.monotonic() + 30
        ticks: list[tuple[str, str]] = []
        while time.monotonic() < deadline and not any(status == "SUCCESSFUL" for status, _w in ticks):
            time.sleep(0.2)
            with sqlite3.connect(database) as db:
                ticks = db.execute(
                    "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
                    ("itisa.core.tasks.tick",),
                ).fetchall()
        assert ("SUCCESSFUL", '["test-1"]') in ticks
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
