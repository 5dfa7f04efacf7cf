"""The diffusion tests' world: CSA keeps a book with a grant fund of 科学技术部; project P001 is financed
by it and result R00001 came from it (publicly funded). The clock is frozen at ``NOW`` (Beijing); a fund
supervisor of 科学技术部 and one of another department follow the grants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.accounts.models import RoleAssignment, User
from itisa.ledger.tests.conftest import Books, make_books
from itisa.projects.models import Project
from itisa.projects.services import project_move
from itisa.projects.tests.conftest import make_project
from itisa.results.models import Result
from itisa.results.tests.conftest import register
from tests.factories import UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
DEPARTMENT = "科学技术部"


@dataclass
class DW:
    world: Any
    books: Books
    project: Project
    result: Result
    supervisor: User  # government fund supervisor of 科学技术部
    other_supervisor: User  # of 工业和信息化部

    def user(self, persona: str) -> Any:
        return self.world.user(persona)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def end_project(dw: DW, *, settle: bool = True) -> None:
    """Terminate P001 (its end starts the obligation) and, as the worker would, run the clock that makes it arise."""
    from itisa.core import clocks

    project_move(
        by=dw.user("secretariat"), project=dw.project, to="terminated", comment="经费调整，项目提前结束"
    )
    if settle:
        clocks.run_due(codes=["diffusion.obligation.arise"])


@pytest.fixture
def dw(world: Any, clock: Any) -> DW:
    books = make_books(world, second_approval_above=None)
    project = make_project(world, books)
    result = register(world, project=project.pk)
    supervisor = UserFactory(username="moest_supervisor", display_name="科技部资金监管员")
    RoleAssignment.objects.create(user=supervisor, role="government_supervisor", department=DEPARTMENT)
    other = UserFactory(username="miit_supervisor", display_name="工信部资金监管员")
    RoleAssignment.objects.create(user=other, role="government_supervisor", department="工业和信息化部")
    return DW(world, books, project, result, supervisor, other)


def every_record(world: Any) -> dict[str, Any]:
    """One row of each sealed table, written through the services (``tests/test_sealed_records.py``)."""
    from itisa.core import clocks
    from itisa.diffusion.services import (
        EnquiryInput,
        ListingInput,
        enquiry_submit,
        listing_publish,
        listing_save,
    )

    with time_machine.travel(NOW, tick=False):
        books = make_books(world, second_approval_above=None)
        project = make_project(world, books)
        result = register(world, project=project.pk)
        s = world.user("secretariat")
        project_move(by=s, project=project, to="terminated", comment="经费调整，项目提前结束")
        clocks.run_due(codes=["diffusion.obligation.arise"])
        listing = listing_publish(
            by=s, listing=listing_save(by=s, result=result, data=ListingInput(abstract_zh="储能"))
        )
        message = enquiry_submit(listing=listing, data=EnquiryInput(name="王工", email="wang@example.com",
                                                                    message="咨询许可"), sender="203.0.113.7")  # fmt: skip
    from itisa.diffusion.models import Diffusion, ObligationStatusChange

    return {
        "diffusion_obligationstatuschange": ObligationStatusChange.objects.order_by("pk").first(),
        "diffusion_listingstatuschange": listing.status_changes.order_by("pk").first(),
        "diffusion_diffusion": Diffusion.objects.get(listing=listing),
        "diffusion_contactmessage": message,
    }
