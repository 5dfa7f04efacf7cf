"""Browser tests: a real server in a subprocess on a fresh SQLite database with the demo data,
driven by Playwright in Debian's chromium (/usr/bin/chromium). Marked ``browser``; `make test` runs
them in their own pass (no xdist), on SQLite only."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the test server: its database and var/ (with the demo key files)."""
    var = tmp_path_factory.mktemp("itisa-var")
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}",
        "ITISA_VAR_DIR": str(var),
        "ITISA_ENV": "development",
        "ITISA_LOGIN_FAILURE_LIMIT": "50",
        # e-mails are files under var/mail, so that a test can follow the link one carries
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run a management command against the test server's database."""
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def server_url(server_env: dict[str, str]) -> Iterator[str]:
    """Copy the migrated empty database (tests/migrated.py), load the demo data, and serve it on a free
    local port."""
    from tests import migrated

    env = server_env
    manage = [sys.executable, str(ROOT / "manage.py")]
    shutil.copy(migrated.ensure_sqlite_cache(), env["DATABASE_URL"].removeprefix("sqlite:///"))
    subprocess.run([*manage, "demo", "load"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = _free_port()
    proc = subprocess.Popen(  # noqa: S603
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the test server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use Debian's chromium; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


CSP_VIOLATION = "Content Security Policy"


@pytest.fixture(autouse=True)
def no_csp_violation(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Every browser test that uses the ``page`` fixture also fails if any page of its browser context logged
    a Content-Security-Policy violation (Chromium reports each refused script, handler or style in the
    console)."""
    seen: list[str] = []
    if "page" not in request.fixturenames:
        yield seen
        return
    context = request.getfixturevalue("context")
    context.on(
        "console", lambda message: seen.append(message.text) if CSP_VIOLATION in message.text else None
    )
    yield seen
    assert seen == [], "the Content-Security-Policy refused something on a page"
