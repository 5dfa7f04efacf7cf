"""``itisa proposal``: list and show what the national office oversees (never a draft), accept and return
``--as`` the competent officer through the same services, refusals with a message and nothing written."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.founding import services
from itisa.founding.tests.conftest import counts, propose
from itisa.registry.models import Alliance


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("proposal", *args, stdout=out)
    return out.getvalue()


def test_list_and_show_leave_drafts_out(world: Any, proposer: Any) -> None:
    draft = propose(world, proposer)
    submitted = services.proposal_submit(by=proposer, proposal=propose(world, proposer, regional=True))
    docs = json.loads(_run("list", "--json"))
    assert [(d["id"], d["code"], d["status"], d["province"]) for d in docs] == [
        (submitted.pk, "SDH", "submitted", "37")
    ]
    assert json.loads(_run("list", "--status", "accepted", "--json")) == []
    shown = json.loads(_run("show", str(submitted.pk), "--json"))
    assert (shown["code"], shown["founders"], shown["host_unit"], shown["proposer"]) == (
        "SDH", sorted([world.sd_org.uscc, world.member_a.uscc]), world.sd_org.uscc, "proposer"
    )  # fmt: skip
    text = _run("list")
    assert "SDH" in text and "山东氢能产业技术创新战略联盟" in text
    with pytest.raises(CommandError, match=f"No proposal {draft.pk}."):
        _run("show", str(draft.pk))


def test_accept_as_the_competent_officer(world: Any, proposer: Any) -> None:
    p = services.proposal_submit(by=proposer, proposal=propose(world, proposer, regional=True))
    officer = world.user("provincial_officer")
    assert _run("accept", str(p.pk), "--as", officer.username) == (
        f"Proposal {p.pk} accepted: SDH is in the registry as forming.\n"
    )
    assert Alliance.objects.get(code="SDH").status == "forming"


@pytest.mark.parametrize("persona", ["national_officer", "association_officer", "secretariat"])
def test_accept_and_return_as_anyone_else_are_refused_and_change_nothing(
    world: Any, proposer: Any, persona: str
) -> None:
    p = services.proposal_submit(by=proposer, proposal=propose(world, proposer, regional=True))
    before = counts()
    who = world.user(persona).username
    with pytest.raises(CommandError, match="Only the national office .* or the provincial officer"):
        _run("accept", str(p.pk), "--as", who)
    with pytest.raises(CommandError, match="Only the national office .* or the provincial officer"):
        _run("return", str(p.pk), "--reason", "不行", "--as", who)
    with pytest.raises(CommandError, match="No user nobody."):
        _run("accept", str(p.pk), "--as", "nobody")
    assert counts() == before
    p.refresh_from_db()
    assert p.status == "submitted"


def test_return_needs_a_reason_and_then_goes_back(world: Any, proposer: Any) -> None:
    p = services.proposal_submit(by=proposer, proposal=propose(world, proposer))
    officer = world.user("national_officer").username
    before = counts()
    with pytest.raises(CommandError, match="Say why the proposal is returned."):
        _run("return", str(p.pk), "--reason", " ", "--as", officer)
    assert counts() == before
    assert _run("return", str(p.pk), "--reason", "请补充承诺函。", "--as", officer) == (
        f"Proposal {p.pk} returned to its proposer.\n"
    )
    p.refresh_from_db()
    assert (p.status, p.return_reason) == ("returned", "请补充承诺函。")
