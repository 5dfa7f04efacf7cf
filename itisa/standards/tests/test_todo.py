"""To-dos of standards: a drafting member's contact files its declaration while a round is open; the
secretariat opens the vote once every declaration is in. Notices in each reader's language."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for
from itisa.standards.services import declaration_file, round_open
from itisa.standards.tests.conftest import NOW, StandardWorld, none_needed, rand


def _items(user: Any) -> list[tuple[str, str, str, str]]:
    return [(t.kind.code, t.ref.split(":")[0], t.subject, t.url) for t in todos_for(user, now=NOW)
            if t.kind.code.startswith("standards.")]  # fmt: skip


def test_declarations_to_file_then_a_vote_to_open(sw: StandardWorld) -> None:
    contact, secretariat = sw.user("member_contact"), sw.secretariat
    assert _items(contact) == [] and _items(secretariat) == []
    round_open(by=secretariat, standard=sw.standard)
    url = "/en/alliances/CSA/standards/S0001/"  # the tests run in English
    assert _items(contact) == [("standards.declaration.file", "standard-declare", "CSA S0001", url)]
    assert _items(sw.user("legal_representative")) == [
        ("standards.declaration.file", "standard-declare", "CSA S0001", url)]  # fmt: skip
    assert _items(sw.c_contact) == [] and _items(sw.user("council_member")) == []
    assert _items(secretariat) == []
    declaration_file(by=contact, standard=sw.standard, data=none_needed(sw.world.member_b))
    assert _items(contact) == []
    declaration_file(
        by=secretariat, standard=sw.standard, data=rand(sw.world.member_a, document_ref="CSA-IPR-01")
    )
    assert _items(secretariat) == [("standards.vote.open", "standard-vote", "CSA S0001", url)]


def test_the_round_notice_is_in_each_readers_language(sw: StandardWorld) -> None:
    english = sw.user("legal_representative")
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    round_open(by=sw.secretariat, standard=sw.standard)
    notes = {
        n.recipient.username: (n.subject, n.url)
        for n in Notification.objects.filter(kind="standards.round.opened")
    }
    assert notes == {
        "legal_representative": ("File your IPR declaration for the standard CSA S0001",
                                 "/en/alliances/CSA/standards/S0001/"),
        "member_contact": ("填报标准 CSA S0001 的知识产权声明", "/alliances/CSA/standards/S0001/"),
    }  # fmt: skip


def test_no_notice_when_the_round_rolls_back(sw: StandardWorld) -> None:
    before = Notification.objects.count()
    try:
        with transaction.atomic():
            round_open(by=sw.secretariat, standard=sw.standard)
            raise RuntimeError
    except RuntimeError:
        pass
    assert Notification.objects.count() == before
