"""Who downloads a milestone's evidence: the alliance's insiders and the participating members (as
before), and the experts assigned to review the project; nobody else outside the alliance (another
expert of the pool, an outsider), and the public sees only how many files there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.projects.services import evidence_add, expert_assign, review_open
from itisa.projects.tests.conftest import ProjectWorld, run

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def evidence(pw: ProjectWorld, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    run(pw)
    return evidence_add(by=pw.user("member_contact"), milestone=pw.m1, name="样品检测报告.pdf", data=PDF)


def test_the_assigned_expert_downloads_the_evidence_others_outside_do_not(
    pw: ProjectWorld, client: Any, expert_pool: Any, evidence: Any
) -> None:
    s = pw.user("secretariat")
    review = review_open(by=s, project=pw.project, kind="midterm")
    expert_assign(by=s, review=review, expert=expert_pool[0])
    url = f"/en/projects/{pw.project.pk}/evidence/{evidence.pk}/"
    link = f'href="{url}"'
    page = f"/en/projects/{pw.project.pk}/"
    for user, status in (
        (expert_pool[0].user, 200),  # assigned to the review
        (expert_pool[1].user, 403),  # in the pool, not assigned
        (pw.user("outsider"), 403),
        (pw.user("fund_supervisor"), 200),
        (pw.user("member_contact"), 200),  # a participating member
    ):
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == status, (user.username, r.status_code)
        if status == 200:
            assert b"".join(r.streaming_content) == PDF
        html = client.get(page).content.decode()
        assert (link in html) is (status == 200), user.username
    client.logout()
    assert client.get(url).status_code == 302
    html = client.get(page).content.decode()
    assert link not in html and "样品检测报告.pdf" not in html
    assert dt.date(2026, 6, 30) == pw.m1.due_on
