"""The fixed cast of personas every test can use (STYLE.md §12).

``world`` builds two alliances and one persona per role:
- CSA: a national, established alliance (industry C, manufacturing) with two members;
- SDC: a regional alliance in Shandong (37), still forming, industry B;
- personas: secretariat, council_member, member_contact, legal_representative, fund_supervisor and
  expert of CSA; provincial officer of Shandong; association officer of industry B; national officer;
  an outsider who is logged in with no role; and the anonymous public (``None``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine

from itisa.accounts.models import RoleAssignment, User
from itisa.registry.models import Alliance, Organisation
from tests.factories import AllianceFactory, MembershipFactory, OrganisationFactory, UserFactory

# fixtures of signed agreements (keys held by the test, as a signer's own device would); every API
# answer checked against its declared statuses (tests/api_statuses.py)
pytest_plugins = ["itisa.agreements.tests.fixtures", "tests.api_statuses"]

PERSONAS = (
    "anonymous",
    "outsider",
    "secretariat",
    "council_member",
    "member_contact",
    "legal_representative",
    "fund_supervisor",
    "expert",
    "provincial_officer",
    "association_officer",
    "national_officer",
)


@dataclass
class World:
    csa: Alliance
    sdc: Alliance
    member_a: Organisation
    member_b: Organisation
    sd_org: Organisation
    users: dict[str, User | None]

    def user(self, persona: str) -> Any:
        return self.users[persona]


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--clock-shift-days",
        type=int,
        default=int(os.environ.get("ITISA_TEST_CLOCK_SHIFT_DAYS", "0") or 0),
        help="Run every test with the clock moved this many days ahead (a date-bomb guard; "
        "`make test-future` uses 365). Tests that pin their own time are unaffected.",
    )


_CLOCK: list[Any] = []


def pytest_configure(config: Any) -> None:
    """Move the clock for the whole run when asked: a test that only passes today fails here."""
    days = config.getoption("--clock-shift-days")
    if days:
        start = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
        traveller = time_machine.travel(start, tick=True)
        traveller.start()
        _CLOCK.append(traveller)


def pytest_unconfigure(config: Any) -> None:
    while _CLOCK:
        _CLOCK.pop().stop()


def pytest_report_header(config: Any) -> str | None:
    days = config.getoption("--clock-shift-days")
    return (
        f"clock moved {days} days ahead: today is {dt.datetime.now(dt.UTC).date().isoformat()}"
        if days
        else None
    )


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    """Argon2 stays the production hasher; tests hash with MD5 to keep the suite fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """Tasks (e-mail, ticks) run when enqueued, after commit, so that tests assert on ``mail.outbox``
    without a worker; the worker's own tests switch to the database backend (``DATABASE_TASKS``)."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    """Services and commands run in English in tests unless a test activates Chinese; requests still
    pick their language through LocaleMiddleware (zh-Hans by default)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture(scope="module")
def module_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """One database state shared by every test of a module, as Django's ``setUpTestData`` does.

    The module's data is built once inside an outer transaction; each test then runs in a savepoint
    (pytest-django's ``db``) that is rolled back after it, so every test starts from the same state,
    and the outer transaction is rolled back at the end of the module. Used by the persona × endpoint
    matrices, whose thousands of cases used to rebuild the same world each time. Keep only ids and
    unchanging objects (users, codes) in the shared data: Python objects are not copied per test.
    Not for tests that need ``transactional_db`` (they commit).
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world() -> World:
    """Build the cast (see the module docstring); ``world`` builds it per test, ``module_db`` users once."""
    csa = AllianceFactory(
        code="CSA",
        name_zh="半导体照明产业技术创新战略联盟",
        name_en="China Solid State Lighting Alliance",
        key_area="energy",
        emerging_industry="new_materials",
        industry="C",
        founded_on=dt.date(2004, 10, 1),
    )
    sdc = AllianceFactory(
        code="SDC",
        name_zh="山东煤化工产业技术创新战略联盟",
        name_en="Shandong Coal Chemical Alliance",
        key_area="energy",
        industry="B",
        scope="regional",
        province="37",
        status="forming",
    )
    member_a = OrganisationFactory(
        name_zh="甲公司", uscc="914403001922038216", province="44", region_code="440300"
    )
    member_b = OrganisationFactory(
        name_zh="乙大学", uscc="12100000400000624D", kind="university", ownership="", region_code="100000"
    )
    sd_org = OrganisationFactory(name_zh="鲁煤集团", province="37", region_code="370100", industry="B")
    csa.host_unit = member_a
    csa.save(update_fields=["host_unit"])
    MembershipFactory(alliance=csa, organisation=member_a, rank="chair", joined_on=dt.date(2004, 10, 1))
    MembershipFactory(alliance=csa, organisation=member_b, rank="council", joined_on=dt.date(2005, 1, 1))
    MembershipFactory(alliance=sdc, organisation=sd_org, rank="chair", joined_on=dt.date(2011, 1, 1))

    users: dict[str, User | None] = {"anonymous": None}
    for persona in PERSONAS[1:]:
        users[persona] = UserFactory(username=persona, display_name=persona)
    grants = [
        ("secretariat", {"role": "secretariat", "alliance": csa}),
        ("council_member", {"role": "council_member", "alliance": csa}),
        ("member_contact", {"role": "member_contact", "alliance": csa, "organisation": member_b}),
        ("legal_representative", {"role": "legal_representative", "alliance": csa, "organisation": member_b}),
        ("fund_supervisor", {"role": "fund_supervisor", "alliance": csa}),
        ("expert", {"role": "expert", "alliance": csa}),
        ("provincial_officer", {"role": "provincial_officer", "province": "37"}),
        ("association_officer", {"role": "association_officer", "industry": "B"}),
        ("national_officer", {"role": "national_officer"}),
    ]
    for persona, kwargs in grants:
        RoleAssignment.objects.create(user=users[persona], **kwargs)
    return World(csa=csa, sdc=sdc, member_a=member_a, member_b=member_b, sd_org=sd_org, users=users)


@pytest.fixture(scope="session")
def django_db_setup(
    request: Any,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's test databases, made from a migrated copy (tests/migrated.py) rather than by
    applying every migration in each worker."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests import migrated

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose

    def setup(keepdb: bool) -> Any:
        return setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )

    with django_db_blocker.unblock():
        config = migrated.setup_test_databases(setup)
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=verbosity)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: Any) -> Path:
    """An empty SQLite database file with every migration applied, for tests that run ``manage.py`` in
    a fresh process on a database of their own: they copy it (``shutil.copy``). A copy of the cached
    migrated file (tests/migrated.py), made once per test process."""
    from tests import migrated

    path = Path(tmp_path_factory.mktemp("migrated")) / "empty.sqlite3"
    shutil.copy(migrated.ensure_sqlite_cache(), path)
    return path


@pytest.fixture
def pg_committed(transactional_db: Any) -> Any:
    """Committed data for concurrency tests on PostgreSQL (skipped elsewhere).

    The append-only tables refuse TRUNCATE, which is how Django empties the database after a
    transactional test; the teardown switches this connection to replica mode (triggers off) for
    that flush, and ``pytest_runtest_teardown`` closes the connection afterwards so that no later
    test runs with the triggers off.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    yield
    if "pg_committed" in getattr(item, "fixturenames", ()):
        from django.db import connections

        for conn in connections.all(initialized_only=True):
            conn.close()
