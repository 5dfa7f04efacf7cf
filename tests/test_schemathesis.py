"""Schemathesis against the API in process (issue 20, item 5): every operation, a bounded number of
generated requests, as an anonymous client and as a logged-in national officer (bearer token). Each answer
must be no server error, have a status the operation documents, and match the documented content type and
schema. Deterministic (the same requests every run), on whichever database the suite runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import build_world
from itisa.accounts.services import api_token_create

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 5

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, with_security_parameters=False)
schema.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture(scope="module", autouse=True)
def _requests_keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request (``close_old_connections``);
    inside a test's transaction that closes it for good on PostgreSQL. Django's test client detaches the
    same handlers while it makes a request; these requests go through the real WSGI app."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def world_and_token(module_db: None, django_db_blocker: Any) -> Iterator[tuple[Any, str]]:
    """The world of personas, built once for the module, and a token of its national officer."""
    with django_db_blocker.unblock():
        world = build_world()
        _, secret = api_token_create(by=world.user("national_officer"), name="schemathesis")
    yield world, secret


def _real_objects(case: Any, world: Any) -> None:
    """Random alliance codes and credit codes only meet 404s: name the world's own, so the answers that
    carry data (and their schemas) are checked too. Numeric ids stay generated."""
    if case.path_parameters:
        if "code" in case.path_parameters:
            case.path_parameters["code"] = world.csa.code
        if "uscc" in case.path_parameters:
            case.path_parameters["uscc"] = world.member_a.uscc


def _settings(test: Any) -> Any:
    return settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(test)


@schema.parametrize()
@_settings
def test_anonymous(case: Any, world_and_token: tuple[Any, str], db: None) -> None:
    _real_objects(case, world_and_token[0])
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@_settings
def test_national_officer(case: Any, world_and_token: tuple[Any, str], db: None) -> None:
    world, token = world_and_token
    _real_objects(case, world)
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {token}"})
