"""In Chromium: a legal representative creates a key in the page (WebCrypto Ed25519, kept in the
browser), the secretariat confirms it, the other parties sign with their key files, and the
representative signs last in the page: the amendment becomes effective."""

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


def test_key_in_the_browser_confirmed_then_last_signature_makes_it_effective(
    browser: Browser, server_url: str, server_env: dict[str, str]
) -> None:
    secretariat = browser.new_context(locale="zh-CN").new_page()
    login(secretariat, server_url, "secretariat")
    # an amendment starts from the effective text and is complete: send it for signature
    secretariat.goto(f"{server_url}/alliances/CSA/agreements/")
    secretariat.locator("[data-testid=version-new]").click()
    expect(secretariat).to_have_url(re.compile(r"/alliances/CSA/agreements/v2/edit/$"))
    secretariat.locator("#id-exit_notice_days").fill("60")
    secretariat.locator("[data-testid=editor-save-open]").click()
    expect(secretariat).to_have_url(re.compile(r"/v2/open/$"))
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
            server_env, "agreement", "sign", "CSA/v2", "--key", str(keys / f"{uscc}.pem"), "--as", username
        )
        assert result.returncode == 0, result.stderr
    shown = json.loads(manage(server_env, "agreement", "show", "CSA/v2", "--json").stdout)
    assert (shown["status"], sum(s["signed"] for s in shown["signatories"])) == ("open", 3)

    # the last signature, made in the page with the key kept in this browser
    rep.goto(f"{server_url}/alliances/CSA/agreements/v2/sign/")
    button = rep.locator("[data-testid=browser-sign]")
    expect(button).to_be_enabled()
    button.click()
    expect(rep).to_have_url(re.compile(r"/alliances/CSA/agreements/v2/$"))
    expect(rep.locator("[data-testid=version-status]")).to_have_attribute("data-status", "effective")
    expect(rep.locator("[data-testid=signatory-row][data-signed='1']")).to_have_count(4)

    shown = json.loads(manage(server_env, "agreement", "show", "CSA/v2", "--json").stdout)
    assert shown["status"] == "effective"
    assert [s["key_id"] for s in shown["signatories"] if s["uscc"] == "91350200D00000021F"] == [key_id]
    listed = json.loads(manage(server_env, "agreement", "list", "CSA", "--json").stdout)
    assert [(v["label"], v["status"]) for v in listed] == [("CSA/v2", "effective"), ("CSA/v1", "superseded")]
    # the alliance page shows each party's signature of the effective version
    secretariat.goto(f"{server_url}/alliances/CSA/")
    panel = secretariat.locator("[data-testid=agreement-panel]")
    expect(panel).to_contain_text("CSA/v2")
    expect(panel.locator("[data-testid=signatory-row][data-signed='1']")).to_have_count(4)
    rep_context.close()
