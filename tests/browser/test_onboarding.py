"""Issue 22's path in a real browser, without the command line or the admin: a new user opens an account
(sign-up, the e-mailed link), proposes an alliance of a Shandong organisation in the registry and a new one
it describes (the host unit), the province accepts it into the registry (registering the new one), the
proposer (now its secretariat) invites a founding member's contact by e-mail, and the contact, who had no
account, signs up from the link and holds the role."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from itisa.core.identifiers import make_uscc
from itisa.ops.demo_data import FICTIONAL_ORGANISATIONS
from tests.browser.test_journeys import PASSWORD, login

PARTNER = FICTIONAL_ORGANISATIONS[6]["uscc"]
NEW_HOST = make_uscc("9", "1", "370102", "MA3C7T5Q")  # not in the registry: the proposal describes it


def _mail_to(server_env: dict[str, str], address: str) -> str:
    """Every e-mail the server sent to ``address`` (the file backend's logs), as one text."""
    mails = sorted((Path(server_env["ITISA_VAR_DIR"]) / "mail").glob("*.log"))
    messages = [m for f in mails for m in f.read_text(encoding="utf-8").split("-" * 79) if m.strip()]
    return "\n".join(m for m in messages if f"\nTo: {address}\n" in m)


def test_register_propose_accept_invite_and_sign_up(
    browser: Browser, server_url: str, server_env: dict[str, str]
) -> None:
    # a new user opens an account from the login page and opens it from the e-mailed link
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{server_url}/login/")
    page.locator("[data-testid=signup-link]").click()
    page.fill("#id_username", "huanglei")
    page.fill("#id_display_name", "黄磊")
    page.fill("#id_email", "huang@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("[data-testid=signup-submit]").click()
    expect(page.locator("[data-testid=signup-sent]")).to_be_visible()
    text = _mail_to(server_env, "huang@example.com")
    activation = re.findall(r"https?://[^/\s]+(/(?:en/)?signup/[^/\s]+/[^/\s]+/)", text)
    assert len(activation) == 1, text[-2000:]
    page.goto(server_url + activation[0])
    page.locator("[data-testid=signup-activate]").click()
    expect(page.locator("[data-testid=current-user]")).to_have_text("黄磊")

    # the proposal: a partner in the registry and a new host unit described in the first row
    page.goto(f"{server_url}/founding/new/")
    page.fill("#id_code", "SDH")
    page.fill("#id_name_zh", "山东氢能产业技术创新战略联盟（演示）")
    page.select_option("#id_scope", "regional")
    page.select_option("#id_province", "37")
    page.select_option("#id_industry", "C")
    page.select_option("#id_key_area", "energy")
    page.fill("#id_founders", PARTNER)
    page.fill("#id_new-0-uscc", NEW_HOST)
    page.fill("#id_new-0-name_zh", "济南氢储科技有限公司（演示）")
    page.select_option("#id_new-0-kind", "enterprise")
    page.select_option("#id_new-0-ownership", "private")
    page.fill("#id_host_unit", NEW_HOST)
    page.fill("#id_contact_name", "黄磊")
    page.fill("#id_contact_phone", "0531-88886666")
    page.fill("#id_contact_email", "huang@example.com")
    page.fill("#id_purpose", "联合攻关氢能储运关键技术。")
    page.locator("[data-testid=proposal-save]").click()
    page.wait_for_load_state()
    errors = page.locator("[data-testid=form-errors]")
    assert errors.count() == 0, errors.inner_text()
    expect(page.locator("[data-testid=founders] li")).to_have_count(2)
    expect(page.locator("[data-testid=new-founder]")).to_contain_text("济南氢储科技有限公司（演示）")
    page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=proposal-status]")).to_have_text("已提交")
    proposal_url = page.url
    # nothing public before acceptance
    anonymous = browser.new_context(locale="zh-CN").new_page()
    assert anonymous.goto(proposal_url).status == 404
    assert anonymous.goto(f"{server_url}/alliances/SDH/").status == 404

    # the provincial officer of Shandong accepts it from the queue, confirming first
    officer = browser.new_context(locale="zh-CN").new_page()
    login(officer, server_url, "province")
    officer.goto(f"{server_url}/founding/queue/")
    officer.locator("[data-testid=queue-row] a", has_text="SDH").click()
    officer.locator("[data-testid=accept]").click()
    officer.locator("[data-testid=confirm]").click()
    expect(officer).to_have_url(re.compile(r"/alliances/SDH/$"))
    expect(officer.locator("[data-testid=member-count]")).to_have_text("2")

    # the proposer is now the new alliance's secretariat and invites the partner's contact
    page.goto(f"{server_url}/invitations/new/")
    page.fill("#id_email", "lu.contact@example.com")
    page.select_option("#id_role", "member_contact")
    page.select_option("#id_alliance", "SDH")
    page.fill("#id_organisation", PARTNER)
    page.locator("[data-testid=invitation-send]").click()
    expect(page.locator("[data-testid=invitation-row]").first).to_contain_text("lu.contact@example.com")
    context.close()

    # the e-mail carries the link; the contact has no account and signs up from it
    text = _mail_to(server_env, "lu.contact@example.com")
    links = re.findall(r"https?://[^/\s]+(/(?:en/)?invitations/accept/[^/\s]+/)", text)
    assert len(links) == 1, text[-2000:]
    invitee = browser.new_context(locale="zh-CN").new_page()
    invitee.goto(server_url + links[0])
    expect(invitee.locator("[data-testid=invitation-role]")).to_contain_text("成员单位联系人")
    invitee.fill("#id_username", "lucontact")
    invitee.fill("#id_display_name", "鲁联络（演示）")
    invitee.fill("#id_password", PASSWORD)
    invitee.fill("#id_password_again", PASSWORD)
    invitee.locator("[data-testid=signup]").click()
    expect(invitee.locator("[data-testid=current-user]")).to_have_text("鲁联络（演示）")
    expect(invitee.locator("[data-testid=role-badge]")).to_contain_text("成员单位联系人")
    # the link was single-use
    assert invitee.goto(server_url + links[0]).status == 410
