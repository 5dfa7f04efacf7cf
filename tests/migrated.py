"""A migrated empty database, made once and reused, instead of running every migration again.

Applying the ~130 migrations takes ~37 s of one core (Django re-renders the model states), and a test
run used to do it five times: each xdist worker's test database, each worker's ``migrated_sqlite`` for
the tests that run ``manage.py`` in a fresh process, and the browser tests' server. Now:

- SQLite: the first worker migrates its in-memory test database as Django does, then writes it to
  ``<cache>/migrated-<key>.sqlite3`` (``VACUUM INTO``); every later database (the other worker,
  ``migrated_sqlite``, the browser server, the next run, another checkout on the same machine) is a copy of
  that file. ``<cache>`` is ``$ITISA_TEST_CACHE_DIR``, else ``~/.cache/itisa-test`` (outside the checkout, so
  a fresh clone on the same machine finds it: the content key makes sharing safe), else ``var/test-cache``.
- PostgreSQL: a template database ``itisa_tpl_<key>`` is migrated once and each worker's test database
  is ``CREATE DATABASE … TEMPLATE`` of it (a file copy in the server).

``<key>`` is a digest of every installed app's migration files, so a changed or added migration makes a
new cache and the stale one is never used. Workers take a lock (a file lock; on PostgreSQL an advisory
lock as well) so that only one of them migrates.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _cache_dir() -> Path:
    chosen = os.environ.get("ITISA_TEST_CACHE_DIR")
    for candidate in ([Path(chosen)] if chosen else []) + [Path.home() / ".cache" / "itisa-test"]:
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    return ROOT / "var" / "test-cache"


CACHE_DIR = _cache_dir()
# the in-memory database the worker keeps open so that Django's shared-cache connection finds it filled
_KEEP: list[sqlite3.Connection] = []
ADVISORY_LOCK = 70_770_2008  # any fixed number: "the template is being made"


def migrations_key() -> str:
    """A digest of every installed app's migration files (names and bytes)."""
    from django.apps import apps

    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sqlite_cache() -> Path:
    return CACHE_DIR / f"migrated-{migrations_key()}.sqlite3"


@contextmanager
def _file_lock(name: str) -> Iterator[None]:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_sqlite_cache() -> Path:
    """The migrated SQLite file, made in a fresh process (``manage.py migrate``) if it is missing."""
    cache = sqlite_cache()
    with _file_lock("sqlite.lock"):
        if not cache.exists():
            partial = cache.with_suffix(f".{os.getpid()}.partial")
            partial.unlink(missing_ok=True)
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{partial}",
                "ITISA_VAR_DIR": str(CACHE_DIR),
                "LANGUAGE": "en",
            }
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=600,
            )
            partial.replace(cache)
    return cache


def _in_memory(connection: Any) -> bool:
    return bool(connection.creation.is_in_memory_db(connection.creation._get_test_db_name()))


def setup_test_databases(setup: Any) -> Any:
    """Run ``setup(keepdb)`` (Django's ``setup_databases``) on a database that is already migrated
    whenever a cached copy can be used; returns what ``setup`` returns."""
    from django.db import connection

    if connection.vendor == "sqlite" and _in_memory(connection):
        return _setup_sqlite(connection, setup)
    if connection.vendor == "postgresql":
        return _setup_postgresql(connection, setup)
    return setup(False)


def _setup_sqlite(connection: Any, setup: Any) -> Any:
    cache = sqlite_cache()
    with _file_lock("sqlite.lock"):
        if cache.exists():
            keeper = sqlite3.connect(connection.creation._get_test_db_name(), uri=True)
            source = sqlite3.connect(cache)
            try:
                source.backup(keeper)
            finally:
                source.close()
            _KEEP.append(keeper)
            return setup(True)  # migrate finds nothing to apply
        config = setup(False)
        partial = cache.with_suffix(f".{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(partial)])
        partial.replace(cache)
        return config


def _setup_postgresql(connection: Any, setup: Any) -> Any:
    template = f"itisa_tpl_{migrations_key()}"
    test_name = connection.creation._get_test_db_name()
    with _file_lock("postgresql.lock"), connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                _make_template(cursor, connection, template)
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
            cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK])
    return setup(True)  # Django uses the copy and migrate finds nothing to apply


def _make_template(cursor: Any, connection: Any, template: str) -> None:
    # the newest few templates are kept (other checkouts, other branches); the new one is migrated in a
    # fresh process
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE 'itisa\\_tpl\\_%%' AND datname NOT LIKE "
        "'%%\\_partial' ORDER BY oid DESC OFFSET 3"
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    partial = f"{template}_partial"
    cursor.execute(f'DROP DATABASE IF EXISTS "{partial}"')
    cursor.execute(f'CREATE DATABASE "{partial}"')
    settings = connection.settings_dict
    url = "postgres://{user}{password}@{host}:{port}/{name}".format(
        user=settings["USER"] or "postgres",
        password=f":{settings['PASSWORD']}" if settings["PASSWORD"] else "",
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        name=partial,
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "LANGUAGE": "en", "ITISA_VAR_DIR": str(CACHE_DIR)},
        check=True,
        capture_output=True,
        timeout=900,
    )
    cursor.execute(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
