"""In Chromium: a legal representative finds "签署 CSA/v2" in 待办, compares v2 with v1 and signs with the
demo key file in the page (the file never leaves the browser); the secretariat sees v2 in effect. Then a
representative creates a key in the page (WebCrypto Ed25519, kept in the browser), the secretariat
confirms it, the other parties sign with their key files, and the representative signs v3 last in the
page: the amendment becomes effective."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.conftest import manage
from tests.browser.test_journeys import login

# CSA's demo parties other than 晶源 (whose representative is `legalrep`): username, credit code
OTHERS = [
    ("legalrep-chair", "91320100D000000133"),
    ("legalrep-thu", "12100000400000624D"),
    ("legalrep-ict", "12100000400012342E"),
]


JINGYUAN = "91350200D00000021F"  # 晶源, whose legal representative is `legalrep`


def test_todo_compare_and_sign_with_the_key_file_then_the_version_is_in_effect(
    browser: Browser, server_url: str, server_env: dict[str, str]
) -> None:
    keys = Path(server_env["ITISA_VAR_DIR"]) / "demo-keys"
    # the other three parties have signed CSA/v2 with their own key files
    for username, uscc in OTHERS:
        result = manage(
            server_env, "agreement", "sign", "CSA/v2", "--key", str(keys / f"{uscc}.pem"), "--as", username
        )
        assert result.returncode == 0, result.stderr

    context = browser.new_context(locale="zh-CN")
    csp: list[str] = []
    context.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    sent: list[str] = []
    context.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''}"))
    rep = context.new_page()
    login(rep, server_url, "legalrep")
    todo = rep.locator("[data-testid=todo-panel] [data-testid=todo-link]", has_text="签署 CSA/v2")
    expect(todo).to_have_count(1)
    todo.click()

    # the comparison with the version in force: changed clauses open, unchanged ones folded
    expect(rep).to_have_url(re.compile(r"/alliances/CSA/agreements/v2/compare/$"))
    changed = rep.locator("[data-testid=clause][data-changed='1']")
    expect(changed).to_have_count(2)
    assert [changed.nth(i).get_attribute("data-clause") for i in range(2)] == ["goals", "membership"]
    membership = rep.locator("[data-testid=clause][data-clause=membership]")
    expect(membership.locator("[data-testid=line-removed]", has_text="exit_notice_days: 30")).to_be_visible()
    expect(membership.locator("[data-testid=line-added]", has_text="exit_notice_days: 60")).to_be_visible()
    expect(rep.locator("[data-testid=clause][data-clause=disputes]")).to_have_attribute("data-changed", "0")
    expect(rep.locator("[data-testid=clause][data-clause=disputes] td").first).not_to_be_visible()
    rep.locator("[data-testid=compare-sign-link]").click()

    # what is signed: the statement naming the canonical text's and the PDF's SHA-256
    expect(rep).to_have_url(re.compile(r"/alliances/CSA/agreements/v2/sign/$"))
    shown = json.loads(manage(server_env, "agreement", "show", "CSA/v2", "--json").stdout)
    statement = rep.locator("[data-testid=sign-statement]")
    expect(statement).to_contain_text("itisa-signature-statement/2")
    expect(statement).to_contain_text(f"canonical.json sha256: {shown['digest']}")
    expect(rep.locator("[data-testid=sign-command]")).to_have_text(
        "itisa keys sign --key my-key.pem CSA-v2-statement.txt"
    )

    key_file = keys / f"{JINGYUAN}.pem"
    rep.locator("[data-testid=keyfile-input]").set_input_files(str(key_file))
    # a signature cannot be taken back: without the consent ticked, nothing is signed
    rep.locator("[data-testid=keyfile-sign]").click()
    expect(rep.locator("[data-testid=keyfile-sign-status]")).to_contain_text("请先确认")
    assert "/sign/" in rep.url
    rep.check("[data-testid=sign-consent]")
    rep.locator("[data-testid=keyfile-sign]").click()
    expect(rep).to_have_url(re.compile(r"/alliances/CSA/agreements/v2/$"))
    expect(rep.locator("[data-testid=version-status]")).to_have_attribute("data-status", "effective")

    # the key file never left the browser: no request carried any of it
    secret = "".join(key_file.read_text(encoding="ascii").splitlines()[1:-1])
    assert sent, "requests were recorded"
    assert [r for r in sent if "PRIVATE KEY" in r or secret in r or secret[-24:] in r] == []
    posted = [r for r in sent if r.startswith("POST ") and "/agreements/v2/sign/" in r]
    assert len(posted) == 1 and "signature=" in posted[0] and "key_id=" in posted[0]

    # the secretariat sees the version in effect
    secretariat = browser.new_context(locale="zh-CN").new_page()
    login(secretariat, server_url, "secretariat")
    secretariat.goto(f"{server_url}/alliances/CSA/agreements/v2/")
    expect(secretariat.locator("[data-testid=version-status]")).to_have_attribute("data-status", "effective")
    expect(secretariat.locator("[data-testid=signatory-row][data-signed='1']")).to_have_count(4)
    secretariat.goto(f"{server_url}/alliances/CSA/")
    expect(secretariat.locator("[data-testid=agreement-panel]")).to_contain_text("CSA/v2")
    listed = json.loads(manage(server_env, "agreement", "list", "CSA", "--json").stdout)
    assert [(v["label"], v["status"]) for v in listed] == [("CSA/v2", "effective"), ("CSA/v1", "superseded")]
    assert csp == []
    context.close()
    secretariat.context.close()


def test_key_in_the_browser_confirmed_then_last_signature_makes_it_effective(
    browser: Browser, server_url: str, server_env: dict[str, str]
) -> None:
    secretariat = browser.new_context(locale="zh-CN").new_page()
    login(secretariat, server_url, "secretariat")
    # an amendment starts from the effective text and is complete: send it for signature
    secretariat.goto(f"{server_url}/alliances/CSA/agreements/")
    secretariat.locator("[data-testid=version-new]").click()
    expect(secretariat).to_have_url(re.compile(r"/alliances/CSA/agreements/v3/edit/$"))
    secretariat.locator("#id-exit_notice_days").fill("60")
    secretariat.locator("[data-testid=editor-save-open]").click()
    expect(secretariat).to_have_url(re.compile(r"/v3/open/$"))
    secretariat.locator("[data-testid=version-open-confirm]").click()
    expect(secretariat.locator("[data-testid=version-status]")).to_have_attribute("data-status", "open")

    # the legal representative creates a key in this browser; only the public key is sent
    rep_context = browser.new_context(locale="zh-CN")
    rep = rep_context.new_page()
    login(rep, server_url, "legalrep")
    rep.goto(f"{server_url}/keys/")
    rep.locator("[data-testid=keygen-browser]").click()
    pending = rep.locator("[data-testid=own-key][data-status=pending]")
    expect(pending).to_have_count(1)
    key_id = pending.get_attribute("data-key-id")
    assert key_id is not None and re.fullmatch(r"[0-9a-f]{16}", key_id)
    expect(pending.locator(f"[data-key-here='{key_id}']")).to_be_visible()
    listed = json.loads(manage(server_env, "keys", "list", "--json").stdout)
    assert [k["status"] for k in listed if k["key_id"] == key_id] == ["pending"]

    # the secretariat checks identity and confirms the binding
    secretariat.goto(f"{server_url}/keys/")
    secretariat.locator(
        f"[data-testid=member-key][data-key-id='{key_id}'] [data-testid=key-confirm-link]"
    ).click()
    secretariat.locator("#id_identity_check").fill("核验身份证原件与授权书")
    secretariat.locator("[data-testid=key-confirm-submit]").click()
    expect(secretariat.locator(f"[data-testid=member-key][data-key-id='{key_id}']")).to_have_attribute(
        "data-status", "confirmed"
    )

    # the three other parties sign with their own key files (itisa agreement sign)
    keys = Path(server_env["ITISA_VAR_DIR"]) / "demo-keys"
    for username, uscc in OTHERS:
        result = manage(
            server_env, "agreement", "sign", "CSA/v3", "--key", str(keys / f"{uscc}.pem"), "--as", username
        )
        assert result.returncode == 0, result.stderr
    shown = json.loads(manage(server_env, "agreement", "show", "CSA/v3", "--json").stdout)
    assert (shown["status"], sum(s["signed"] for s in shown["signatories"])) == ("open", 3)

    # the last signature, made in the page with the key kept in this browser
    rep.goto(f"{server_url}/alliances/CSA/agreements/v3/sign/")
    button = rep.locator("[data-testid=browser-sign]")
    expect(button).to_be_enabled()
    rep.check("[data-testid=sign-consent]")
    button.click()
    expect(rep).to_have_url(re.compile(r"/alliances/CSA/agreements/v3/$"))
    expect(rep.locator("[data-testid=version-status]")).to_have_attribute("data-status", "effective")
    expect(rep.locator("[data-testid=signatory-row][data-signed='1']")).to_have_count(4)

    shown = json.loads(manage(server_env, "agreement", "show", "CSA/v3", "--json").stdout)
    assert shown["status"] == "effective"
    assert [s["key_id"] for s in shown["signatories"] if s["uscc"] == "91350200D00000021F"] == [key_id]
    listed = json.loads(manage(server_env, "agreement", "list", "CSA", "--json").stdout)
    assert [(v["label"], v["status"]) for v in listed] == [
        ("CSA/v3", "effective"),
        ("CSA/v2", "superseded"),
        ("CSA/v1", "superseded"),
    ]
    # the alliance page shows each party's signature of the effective version
    secretariat.goto(f"{server_url}/alliances/CSA/")
    panel = secretariat.locator("[data-testid=agreement-panel]")
    expect(panel).to_contain_text("CSA/v3")
    expect(panel.locator("[data-testid=signatory-row][data-signed='1']")).to_have_count(4)
    rep_context.close()
