"""Standards: creation, drafting members, declaration rounds with supersession, and the vote through
governance, which cannot open until every drafting member has filed its IPR declaration."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.governance.models import Motion
from itisa.notifications.models import Notification
from itisa.standards.models import DraftingMember, IprDeclaration, StageChange, StandardProject, VoteRound
from itisa.standards.services import (
    DeclarationInput,
    DrafterInput,
    MoveInput,
    StandardInput,
    declaration_file,
    drafter_add,
    round_open,
    standard_create,
    standard_move,
    vote_open,
)
from itisa.standards.tests.conftest import (
    NOW,
    PATENT,
    StandardWorld,
    counts,
    decide,
    declare_all,
    none_needed,
    open_vote,
    rand,
)


def test_a_standard_is_proposed_with_its_lead_drafter_and_history(sw: StandardWorld) -> None:
    st = sw.standard
    assert (st.code, st.level, st.stage, st.committee) == ("S0001", "group", "proposal", "CSA/TC1")
    assert [(m.organisation.name_zh, m.role) for m in DraftingMember.objects.filter(standard=st).order_by("pk")] == [
        ("甲公司", "lead"), ("乙大学", "participant")]  # fmt: skip
    history = StageChange.objects.get(standard=st)
    assert (history.old_status, history.new_status, history.by) == ("", "proposal", sw.secretariat)
    entry = AuditEntry.objects.filter(action="standards.standard.created").get()
    assert entry.data["code"] == "S0001"
    assert entry.data["lead"] == sw.world.member_a.uscc
    second = standard_create(by=sw.secretariat, alliance=sw.world.csa,
                             data=StandardInput(level="national", title_zh="第二项", lead=sw.world.member_b.pk))  # fmt: skip
    assert second.code == "S0002"


@pytest.mark.parametrize("persona", ["member_contact", "council_member", "outsider", "anonymous"])
def test_only_the_secretariat_proposes_a_standard(sw: StandardWorld, persona: str) -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        standard_create(by=sw.user(persona), alliance=sw.world.csa,
                        data=StandardInput(level="group", title_zh="x", lead=sw.world.member_a.pk))  # fmt: skip
    assert counts() == before


def test_a_standard_needs_a_level_a_title_and_an_active_member_as_lead(sw: StandardWorld) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        standard_create(by=sw.secretariat, alliance=sw.world.csa,
                        data=StandardInput(level="world", title_zh=" ", lead=sw.world.sd_org.pk))  # fmt: skip
    assert exc.value.fields == {
        "level": ["Choose a valid level."],
        "title_zh": ["This field is required."],
        "lead": ["Choose an active member of the alliance."],
    }
    assert counts() == before


def test_a_drafting_member_is_added_once(sw: StandardWorld) -> None:
    row = drafter_add(by=sw.secretariat, standard=sw.standard, data=DrafterInput(organisation=sw.member_c.pk))
    assert (row.organisation, row.role) == (sw.member_c, "participant")
    before = counts()
    with pytest.raises(Conflict) as exc:
        drafter_add(by=sw.secretariat, standard=sw.standard, data=DrafterInput(organisation=sw.member_c.pk))
    assert exc.value.message == "丙研究院 already drafts this standard."
    with pytest.raises(PermissionDenied):
        drafter_add(
            by=sw.user("member_contact"), standard=sw.standard, data=DrafterInput(organisation=sw.member_c.pk)
        )
    assert counts() == before


def test_opening_a_round_tells_the_drafting_members_contacts(sw: StandardWorld) -> None:
    row = round_open(by=sw.secretariat, standard=sw.standard)
    assert (row.seq, row.target, row.outcome) == (1, "approved", "open")
    notes = Notification.objects.filter(kind="standards.round.opened").order_by("recipient__username")
    # member_b's contact and legal representative; member_a has no contact in the world; not c_contact
    assert [(n.recipient.username, n.subject, n.url) for n in notes] == [
        ("legal_representative", "填报标准 CSA S0001 的知识产权声明", "/alliances/CSA/standards/S0001/"),
        ("member_contact", "填报标准 CSA S0001 的知识产权声明", "/alliances/CSA/standards/S0001/"),
    ]
    with pytest.raises(Conflict):
        round_open(by=sw.secretariat, standard=sw.standard)


def test_a_round_opens_only_before_a_voted_move(sw: StandardWorld) -> None:
    declare_all(sw)
    open_vote(sw)
    decide(sw, "yes")
    standard_move(by=sw.secretariat, standard=sw.standard, data=MoveInput(to="drafting"))
    before = counts()
    with pytest.raises(DomainError) as exc:
        round_open(by=sw.secretariat, standard=sw.standard)
    assert exc.value.message == (
        "At Drafting no vote is due: declarations are collected before approval for drafting and before "
        "submission for approval."
    )
    assert counts() == before


def test_a_member_contact_files_for_its_own_member_only(sw: StandardWorld) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    row = declaration_file(
        by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b)
    )
    assert (row.organisation, row.holds_essential, row.patents, row.licensing, row.by) == (
        sw.world.member_b, False, [], "none_needed", sw.user("member_contact"))  # fmt: skip
    entry = AuditEntry.objects.filter(action="standards.declaration.filed").get()
    assert entry.data["organisation"] == sw.world.member_b.uscc
    assert entry.data["supersedes"] is None
    before = counts()
    for persona, org in ((sw.c_contact, sw.world.member_b), (sw.user("member_contact"), sw.world.member_a),
                         (sw.user("council_member"), sw.world.member_a), (None, sw.world.member_a)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            declaration_file(by=persona, standard=sw.standard, data=none_needed(org))
    assert counts() == before


def test_the_secretariat_records_a_declaration_with_the_signed_document(sw: StandardWorld) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    before = counts()
    with pytest.raises(DomainError) as exc:
        declaration_file(by=sw.secretariat, standard=sw.standard, data=rand(sw.world.member_a))
    assert exc.value.fields == {"document_ref": ["Give the reference of the member's signed declaration."]}
    assert counts() == before
    row = declaration_file(by=sw.secretariat, standard=sw.standard,
                           data=rand(sw.world.member_a, document_ref="CSA-IPR-2026-01"))  # fmt: skip
    assert (row.patents, row.licensing, row.document_ref) == (["201811564288.X"], "rand", "CSA-IPR-2026-01")


@pytest.mark.parametrize(
    ("holds", "patents", "licensing", "fields"),
    [
        (True, [PATENT], "none_needed",
         {"licensing": ["A member that holds essential patents declares how it licenses them."]}),
        (False, [], "rand", {"licensing": ["Without essential patents, no licence is needed."]}),
        (True, [], "royalty_free", {"patents": ["Name each essential patent (its CNIPA number)."]}),
        (False, [PATENT], "none_needed",
         {"patents": ["Patents are named only when they are essential to the draft."]}),
        (True, ["ZL201811564288.1"], "rand", {"patents": ["Not a valid CNIPA patent number: ZL201811564288.1."]}),
        (True, [PATENT], "maybe", {"licensing": ["Choose a valid option."]}),
    ],
)  # fmt: skip
def test_a_declaration_says_what_it_must(
    sw: StandardWorld, holds: bool, patents: list[str], licensing: str, fields: dict[str, list[str]]
) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    before = counts()
    with pytest.raises(DomainError) as exc:
        declaration_file(by=sw.user("member_contact"), standard=sw.standard, data=DeclarationInput(
            organisation=sw.world.member_b.pk, holds_essential=holds, patents=patents, licensing=licensing))  # fmt: skip
    assert exc.value.fields == fields
    assert counts() == before


def test_no_declaration_without_an_open_round_nor_for_a_member_not_drafting(sw: StandardWorld) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        declaration_file(
            by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b)
        )
    assert exc.value.message == "No declaration round is open for this standard."
    round_open(by=sw.secretariat, standard=sw.standard)
    before = counts()
    with pytest.raises(DomainError) as exc:
        declaration_file(by=sw.c_contact, standard=sw.standard, data=none_needed(sw.member_c))
    assert exc.value.fields == {"organisation": ["Choose a drafting member of the standard."]}
    assert counts() == before


def test_a_correction_supersedes_the_declaration_and_both_are_kept(sw: StandardWorld) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    first = declaration_file(
        by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b)
    )
    second = declaration_file(by=sw.user("legal_representative"), standard=sw.standard,
                              data=DeclarationInput(organisation=sw.world.member_b.pk, holds_essential=True,
                                                    patents=["ZL 2018 1156 4288.X"], licensing="royalty_free"))  # fmt: skip
    assert second.supersedes == first
    assert list(IprDeclaration.objects.filter(organisation=sw.world.member_b).values_list("licensing", flat=True)
                .order_by("pk")) == ["none_needed", "royalty_free"]  # fmt: skip
    assert IprDeclaration.objects.get(pk=first.pk).superseded_by == second
    assert second.patents == ["201811564288.X"]
    entry = AuditEntry.objects.filter(action="standards.declaration.filed").order_by("-pk").first()
    assert entry is not None and entry.data["supersedes"] == first.pk


def test_declarations_and_history_are_write_once(sw: StandardWorld) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    row = declaration_file(
        by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b)
    )
    for qs in (IprDeclaration.objects.filter(pk=row.pk), StageChange.objects.filter(standard=sw.standard)):
        with pytest.raises(DatabaseError), transaction.atomic():
            qs.update(comment="x") if qs.model is StageChange else qs.update(note="changed")
        with pytest.raises(DatabaseError), transaction.atomic():
            qs.delete()


# ---------------------------------------------------------------- the done-when


def test_the_vote_cannot_open_until_every_drafting_member_has_declared(sw: StandardWorld) -> None:
    round_open(by=sw.secretariat, standard=sw.standard)
    before = counts()
    with pytest.raises(DomainError) as exc:
        open_vote(sw)
    assert exc.value.message == (
        "The vote cannot open: every drafting member files its IPR declaration first. Missing: 甲公司、乙大学."
    )
    declaration_file(by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b))
    before = counts()
    with pytest.raises(DomainError) as exc:
        open_vote(sw)
    assert exc.value.message == (
        "The vote cannot open: every drafting member files its IPR declaration first. Missing: 甲公司."
    )
    assert counts() == before
    assert not Motion.objects.exists()
    assert VoteRound.objects.get().motion is None


def test_a_member_added_during_the_round_must_declare_too(sw: StandardWorld) -> None:
    declare_all(sw)
    drafter_add(by=sw.secretariat, standard=sw.standard, data=DrafterInput(organisation=sw.member_c.pk))
    before = counts()
    with pytest.raises(DomainError) as exc:
        open_vote(sw)
    assert exc.value.message.endswith("Missing: 丙研究院.")
    assert counts() == before


def test_a_carried_vote_approves_the_standard_for_drafting(sw: StandardWorld) -> None:
    declare_all(sw)
    row = open_vote(sw)
    assert row.motion is not None
    assert row.motion.title_zh == "关于标准 S0001 半导体照明 LED 芯片测试方法的议案：立项"
    assert row.motion.body == sw.council.body
    # the declarations close with the vote
    with pytest.raises(DomainError) as exc:
        declaration_file(
            by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b)
        )
    assert exc.value.message == "The vote is open: the declarations of this round are closed."
    with pytest.raises(Conflict):
        open_vote(sw)
    decide(sw, "yes")
    sw.standard.refresh_from_db()
    row.refresh_from_db()
    assert (sw.standard.stage, row.outcome) == ("approved", "carried")
    last = StageChange.objects.filter(standard=sw.standard).order_by("-pk").first()
    assert last is not None
    # moved as the system (the vote), recorded with the account that closed the ballot
    assert (last.old_status, last.new_status, last.by) == ("proposal", "approved", sw.secretariat)
    moved = AuditEntry.objects.filter(action="standards.standard.moved").get()
    assert (moved.data["from"], moved.data["to"], moved.data["round"], moved.data["yes"]) == (
        "proposal",
        "approved",
        1,
        3,
    )


def test_a_failed_vote_leaves_the_stage_and_a_new_round_follows(sw: StandardWorld) -> None:
    declare_all(sw)
    open_vote(sw)
    decide(sw, "no")
    sw.standard.refresh_from_db()
    assert sw.standard.stage == "proposal"
    assert VoteRound.objects.get().outcome == "failed"
    assert StageChange.objects.filter(standard=sw.standard).count() == 1
    assert AuditEntry.objects.filter(action="standards.vote.failed").get().data["no"] == 3
    again = round_open(by=sw.secretariat, standard=sw.standard)
    assert again.seq == 2
    # the new round needs new declarations
    with pytest.raises(DomainError):
        open_vote(sw)


def test_a_move_by_vote_is_not_made_by_hand(sw: StandardWorld) -> None:
    before = counts()
    with pytest.raises(InvalidTransition):
        standard_move(by=sw.secretariat, standard=sw.standard, data=MoveInput(to="drafting"))
    with pytest.raises(DomainError):
        standard_move(by=sw.secretariat, standard=sw.standard, data=MoveInput(to="approved"))
    assert counts() == before


def _to_submitted(sw: StandardWorld) -> None:
    declare_all(sw)
    open_vote(sw)
    decide(sw, "yes")
    for to in ("drafting", "consultation", "review"):
        standard_move(by=sw.secretariat, standard=sw.standard, data=MoveInput(to=to))
    declare_all(sw)
    open_vote(sw)
    decide(sw, "yes")


def test_the_final_draft_is_submitted_by_vote_and_published_with_a_number_of_its_level(
    sw: StandardWorld,
) -> None:
    _to_submitted(sw)
    sw.standard.refresh_from_db()
    assert sw.standard.stage == "submitted"
    assert list(VoteRound.objects.order_by("seq").values_list("target", "outcome")) == [
        ("approved", "carried"), ("submitted", "carried")]  # fmt: skip
    before = counts()
    with pytest.raises(DomainError) as exc:
        standard_move(by=sw.secretariat, standard=sw.standard,
                      data=MoveInput(to="published", published_number="GB/T 12345-2026"))  # fmt: skip
    assert exc.value.fields == {
        "published_number": ["Group standard numbers look like T/CSA 001-2026."],
        "published_on": ["This field is required."],
    }
    assert counts() == before
    standard_move(by=sw.secretariat, standard=sw.standard,
                  data=MoveInput(to="published", published_number="T/CSA  001-2026", published_on=dt.date(2026, 3, 1)))  # fmt: skip
    obj = StandardProject.objects.get(pk=sw.standard.pk)
    assert (obj.stage, obj.published_number, obj.published_on) == (
        "published",
        "T/CSA 001-2026",
        dt.date(2026, 3, 1),
    )


def test_withdrawing_needs_a_reason(sw: StandardWorld) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        standard_move(by=sw.secretariat, standard=sw.standard, data=MoveInput(to="withdrawn"))
    assert exc.value.fields == {"comment": ["Say why the standard is withdrawn."]}
    assert counts() == before
    with pytest.raises(PermissionDenied):
        standard_move(
            by=sw.user("member_contact"), standard=sw.standard, data=MoveInput(to="withdrawn", comment="x")
        )
    standard_move(
        by=sw.secretariat, standard=sw.standard, data=MoveInput(to="withdrawn", comment="并入国家标准")
    )
    sw.standard.refresh_from_db()
    assert sw.standard.stage == "withdrawn"


def test_the_vote_must_be_put_to_a_decision_body(sw: StandardWorld, world: Any) -> None:
    from itisa.governance.services import body_create

    advisory = body_create(by=sw.secretariat, alliance=world.csa, body_type="expert_committee", name_zh="专家委员会",
                           adopted_on=dt.date(2024, 1, 1))  # fmt: skip
    declare_all(sw)
    before = counts()
    with pytest.raises(DomainError) as exc:
        vote_open(by=sw.secretariat, standard=sw.standard, body=advisory, deadline=NOW + dt.timedelta(days=7))
    assert exc.value.fields == {"body": ["Choose the decision body the alliance's agreement names."]}
    assert counts() == before


def test_a_withdrawn_motion_reopens_the_declarations_and_the_vote(sw: StandardWorld) -> None:
    from itisa.governance.services import motion_withdraw

    declare_all(sw)
    first = open_vote(sw)
    assert first.motion is not None
    motion_withdraw(by=sw.secretariat, motion=first.motion, reason="草案需修改")
    # a correction may be filed again, and the vote opened again on a new motion
    declaration_file(by=sw.user("member_contact"), standard=sw.standard,
                     data=rand(sw.world.member_b))  # fmt: skip
    again = open_vote(sw)
    assert again.pk == first.pk and again.motion is not None and again.motion.pk != first.motion.pk
    decide(sw, "yes")
    sw.standard.refresh_from_db()
    assert sw.standard.stage == "approved"
