"""ITISA settings: one module, every deployment value from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ITISA_VAR_DIR", str(BASE_DIR / "var")))

# "development" runs with DEBUG and a local key; "production" demands real secrets and HTTPS.
ITISA_ENV = env_str("ITISA_ENV", "development")
if ITISA_ENV not in {"development", "production"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ITISA_ENV must be 'development' or 'production'.")
PRODUCTION = ITISA_ENV == "production"

DEBUG = env_bool("ITISA_DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str(
    "ITISA_SECRET_KEY", None if PRODUCTION else "dev-only-insecure-key-not-for-production-use-0123456789"
)
ALLOWED_HOSTS = env_list(
    "ITISA_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("ITISA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "django_htmx",
    "csp",
    "ninja",
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "itisa.core",
    "itisa.audit",
    "itisa.accounts",
    "itisa.ui",
    "itisa.registry",
    "itisa.notifications",
    "itisa.invitations",
    "itisa.representatives",
    "itisa.membership",
    "itisa.agreements",
    "itisa.ledger",
    "itisa.governance",
    "itisa.founding",
    "itisa.dossier",
    "itisa.pilots",
    "itisa.projects",
    "itisa.results",
    "itisa.licensing",
    "itisa.diffusion",
    "itisa.standards",
    "itisa.platforms",
    "itisa.talent",
    "itisa.financing",
    "itisa.indicators",
    "itisa.reports",
    "itisa.rating",
    "itisa.evaluation",
    "itisa.dashboards",
    "itisa.partners",
    "itisa.promotion",
    "itisa.api",
    "itisa.web",
    "itisa.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files (CSS, JS, fonts) from STATIC_ROOT under any WSGI server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # 413 for a body over the limits below, 400 for NUL in the address, before anything reads them
    "itisa.ui.middleware.RequestGuardMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "itisa.web.context_processors.navigation",
                "itisa.notifications.context_processors.inbox",
            ],
            # money and dates as people read them (|money, |wan, |day, |daytime) in every template
            "builtins": ["itisa.ui.templatetags.formats"],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'itisa.sqlite3'}")
# Connections persist for 60 s between requests (each thread keeps its own), checked before reuse
# (CONN_HEALTH_CHECKS), so a database restart costs one failed check, not a failed request. Reconnecting
# on every request (0) cost a third of an API read's throughput (issue 19, bench/ratios.py P2).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("ITISA_DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and DATABASES["default"]["NAME"] != ":memory:"
):
    # The embedded default: make sure the folder of the database file exists.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for the lock instead of failing: write transactions start IMMEDIATE,
    # readers do not block writers (WAL), and a writer waits up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("ITISA_TEST_DB_NAME", "test_itisa")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("ITISA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ITISA_LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/lockout.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "itisa" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves it after `collectstatic`
# The Chinese web font comes from the npm package @fontsource/noto-sans-sc (package.json, `make install`):
# served locally, split by unicode-range so browsers fetch only the glyphs a page uses.
CJK_FONT_DIR = BASE_DIR / "node_modules" / "@fontsource" / "noto-sans-sc"
ITISA_CJK_FONT = CJK_FONT_DIR.is_dir()
STATICFILES_DIRS = [("fonts/noto-sans-sc", CJK_FONT_DIR)] if ITISA_CJK_FONT else []
# Apache ECharts (npm package echarts, package.json) draws the dashboards' charts, served locally (no CDN).
ECHARTS_DIR = BASE_DIR / "node_modules" / "echarts" / "dist"
ITISA_ECHARTS = (ECHARTS_DIR / "echarts.min.js").is_file()
STATICFILES_DIRS += [("echarts", ECHARTS_DIR)] if ITISA_ECHARTS else []
# OTF files embedded in PDFs (npm package @embedpdf/fonts-sc, installed by `make install`).
PDF_FONT_DIR = Path(
    env_str("ITISA_PDF_FONT_DIR", str(BASE_DIR / "node_modules" / "@embedpdf" / "fonts-sc" / "fonts"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cookies and transport: secure by default in production, same code path everywhere.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("ITISA_SESSION_AGE_SECONDS", 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("ITISA_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("ITISA_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("ITISA_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from this site's static files, so an
# injected <script>, on*="" handler or style="" attribute does not run. Templates hold no inline script
# (tests/test_csp.py scans them); htmx is told not to eval or inject styles (meta htmx-config in base.html).
# django-ninja serves Swagger UI (/api/docs) from static files with no inline script: the same policy holds there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("ITISA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Uploaded evidence (voucher attachments) lives outside the static files and is never served directly:
# a view checks who may see it and sends it as a download.
MEDIA_ROOT = Path(env_str("ITISA_MEDIA_DIR", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# A request carrying files (multipart): one file of up to 10 MB with its form; larger ones get 413.
UPLOAD_MAX_REQUEST_SIZE = env_int("ITISA_UPLOAD_MAX_REQUEST_BYTES", 25 * 1024 * 1024)

# Mail: notifications are e-mailed after commit; the console backend prints them (development).
# For SMTP set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_* values below.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes each message to a file here.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "itisa@localhost")
# The site's own address: links in e-mails are SITE_URL + a path on this site.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Background tasks (django-tasks, decision 0010): e-mail and the clocks' tick run in `itisa worker`.
# The database backend queues them in the application's own database (SQLite or PostgreSQL, where
# several workers on several machines claim tasks with SELECT ... FOR UPDATE SKIP LOCKED).
TASKS = {"default": {"BACKEND": env_str("ITISA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# How often `itisa worker` enqueues the tick that fires the clocks (deadlines, reminders), in seconds.
ITISA_TICK_SECONDS = env_int("ITISA_TICK_SECONDS", 60)
# Finished task results are kept this many days for inspection, then the worker deletes them.
ITISA_TASK_RESULTS_DAYS = env_int("ITISA_TASK_RESULTS_DAYS", 14)

# The Ed25519 key that signs audit checkpoints lives outside the database.
ITISA_AUDIT_SIGNING_KEY = env_str("ITISA_AUDIT_SIGNING_KEY", str(VAR_DIR / "keys" / "audit-ed25519.pem"))
ITISA_AUDIT_CHECKPOINTS = env_str("ITISA_AUDIT_CHECKPOINTS", str(VAR_DIR / "audit-checkpoints.jsonl"))
# The national office's published Ed25519 public key: a dossier's office findings count only when signed
# by it (docs/dossier.md). Only the public half is here; the office keeps the private key.
ITISA_OFFICE_PUBLIC_KEY = env_str(
    "ITISA_OFFICE_PUBLIC_KEY", str(VAR_DIR / "keys" / "office-findings-ed25519.pem.pub")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ITISA_LOG_LEVEL", "WARNING")},
}

# django-ninja: every paginated endpoint uses the cursor pagination of itisa/api/pagination.py.
NINJA_PAGINATION_CLASS = "itisa.api.pagination.CursorPagination"
NINJA_PAGINATION_PER_PAGE = 25
