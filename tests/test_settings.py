"""Production settings are secure and fail loudly; `check --deploy` is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("ITISA_")}
    full.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=full,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = _run(
        {
            "ITISA_ENV": "production",
            "ITISA_SECRET_KEY": "k" * 20 + "-Zq8#vP2!mL7@xR4$tN9%wB6^yC3&dF1",
            "ITISA_ALLOWED_HOSTS": "itisa.example.cn",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_without_secret_key_fails_loudly() -> None:
    result = _run({"ITISA_ENV": "production", "ITISA_ALLOWED_HOSTS": "x.cn"}, "check")
    assert result.returncode != 0
    assert "Environment variable ITISA_SECRET_KEY is required (see .env.example)." in result.stderr


def test_bad_boolean_is_refused() -> None:
    result = _run({"ITISA_DEBUG": "maybe"}, "check")
    assert result.returncode != 0
    assert "Environment variable ITISA_DEBUG must be true or false, not 'maybe'." in result.stderr


def test_password_hasher_is_argon2() -> None:
    from django.conf import settings

    # the autouse fixture swaps hashers inside tests only; the module setting is argon2 first
    import config.settings as raw

    assert raw.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_database_connections_persist_60_seconds_with_health_checks_unless_configured() -> None:
    show = "from django.db import connection as c; print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
    assert _run({}, "shell", "--no-imports", "-c", show).stdout.strip() == "60 True"
    assert (
        _run({"ITISA_DB_CONN_MAX_AGE": "0"}, "shell", "--no-imports", "-c", show).stdout.strip() == "0 True"
    )
