"""The ``itisa`` console script: friendly names for the management commands.

This is the top layer: it only maps words to Django management commands and never imports
models. Errors are reported by Django's command runner on stderr with a non-zero exit status.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# friendly name -> (management command argv prefix, one-line description)
COMMANDS: dict[str, tuple[list[str], str]] = {
    "alliance": (["alliance"], "List and show alliances: alliance list | alliance show CODE"),
    "organisation": (
        ["organisation"],
        "Organisations: organisation list | show USCC | template -o FILE | import FILE --as USER [--preview]",
    ),
    "member": (
        ["member"],
        "An alliance's members: member list CODE [--past] | template -o FILE | import CODE FILE --as USER [--preview]",
    ),
    "dues": (
        ["dues"],
        "Membership dues: dues fees CODE | issue CODE --year Y --as USER | invoices CODE | template -o FILE "
        "| import CODE FILE --as USER [--preview] (payments from a bank statement)",
    ),
    "breach": (
        ["breach"],
        "Notices of breach: breach list CODE [--status S] [--json] | breach serve CODE --member USCC --clause T --facts T --as USER",
    ),
    "check": (["checkcodes"], "Check identifiers: check uscc CODE... (exit 0 only if all are valid)"),
    "agreement": (
        ["agreement"],
        "Alliance agreements: agreement list CODE | show|statement|sign|pdf|bundle CODE/vN | verify FILE.zip",
    ),
    "governance": (
        ["governance"],
        "Bodies, seats, rules, staff, motions: governance show|motions CODE, governance remind",
    ),
    "ledger": (
        ["ledger"],
        "Fund ledger: ledger chart-load FILE, check [CODE], trial-balance CODE, template -o FILE, "
        "import CODE FILE --as USER [--preview] (draft vouchers from Excel)",
    ),
    "eligibility": (
        ["eligibility"],
        "Pilot conditions (Art. 8): eligibility check CODE | --dossier FILE | --all [--rules SET] [--json];"
        " eligibility sign-findings (FILE | --alliance CODE) --key PEM [--dossier FILE]",
    ),
    "pilots": (
        ["pilots"],
        "Pilot program and provincial programmes: pilots calls [--scope S --province P] | call-create … [--province P]"
        " --as USER | applications | scores | publish",
    ),
    "expert": (
        ["expert"],
        "The pilot program's expert pool from Excel: expert template -o FILE | import FILE --as USER [--preview] [--json]",
    ),
    "evaluation": (
        ["evaluation"],
        "Formal evaluation of pilots: evaluation campaigns | open | show ID | advance ID STEP | grade ID A|B|C"
        " | rectification [ID] [--json]",
    ),
    "project": (["project"], "Alliance R&D projects: project list | show | budget"),
    "result": (
        ["result"],
        "Results register: result list | show | check | import | template | access-list | access-request | access-decide",
    ),
    "licence": (
        ["licence"],
        "Licences and royalty splits: licence list CODE | show CODE/L0001 | split CODE/L0001 SEQ"
        " [--approve --as USER] [--json]",
    ),
    "diffusion": (
        ["diffusion"],
        "Diffusion obligations (Art. 8(6)): diffusion obligations CODE | overview [--department D]"
        " | record CODE/R00001 --means M --on DATE --proof TEXT --as USER [--json]",
    ),
    "dashboard": (
        ["dashboard"],
        "Dashboards of the officers who follow alliances: dashboard show [--as USER] [--year Y]"
        " [--indicator CODE] [--top N] [--panel KEY] [--json]",
    ),
    "catalogue": (
        ["catalogue"],
        "The public results catalogue: catalogue search QUERY [--kind K --licensing L] | export --format jsonl|csv"
        " [-o FILE] | reindex",
    ),
    "standard": (
        ["standard"],
        "Standards and IPR declarations: standard list CODE | show CODE/S0001 | declarations CODE/S0001 [--json]",
    ),
    "talent": (
        ["talent"],
        "Training programmes and staff exchanges: talent programmes | exchanges | stats CODE [--year YEAR] [--json]",
    ),
    "rating": (
        ["rating"],
        "Activity rating: rating schemes | scheme-show YEAR | campaign-open YEAR --as USER [--group U1,U2]"
        " | campaign-advance YEAR --as USER | results YEAR | titles YEAR [--json]",
    ),
    "financing": (
        ["financing"],
        "Financing needs and credit lines: financing needs CODE | lines CODE | show CODE/F0001 [--json]",
    ),
    "indicator": (
        ["indicator"],
        "Yearly indicators (Art. 9, 11, 12): indicator list | values CODE YEAR | record CODE YEAR --as USER [--json]",
    ),
    "platform": (
        ["platform"],
        "Shared platforms: platform list CODE | show CODE/P0001 | stats CODE --year Y [--json]",
    ),
    "report": (
        ["report"],
        "Annual reports: report rounds | open YEAR [--deadline D] --as USER | list [--year Y --status S"
        " --province P --industry I] | show|submit|accept CODE YEAR | return CODE YEAR --reason T [--as USER] [--json]",
    ),
    "keys": (
        ["keys"],
        "Signing keys: keys new -o FILE (local, private) | sign --key FILE STATEMENT | register | confirm"
        " | revoke | list",
    ),
    "audit": (["audit"], "Inspect and verify the hash-chained audit log"),
    "dossier": (["dossier"], "Build and verify alliance dossiers"),
    "demo": (["demo"], "Load the demo data and logins: demo load (idempotent)"),
    "generate": (["generate"], "Generate synthetic alliances and members at scale (benchmarks)"),
    "user": (["user"], "Create users: user create USERNAME [--password-stdin] [--superuser]"),
    "role": (["role"], "Grant and list scoped roles: role grant USERNAME ROLE [...] | role list"),
    "invitation": (
        ["invitation"],
        "Invitations to roles by e-mail: invitation list [--status S] [--alliance CODE] [--json]"
        " | create EMAIL ROLE [--alliance CODE ...] | revoke ID | resend ID [--as USER]",
    ),
    "proposal": (
        ["proposal"],
        "Proposals to form an alliance: proposal list [--status S] [--json] | show ID"
        " | accept ID --as USER | return ID --reason T --as USER",
    ),
    "representative": (
        ["representative"],
        "Organisations' appointed representatives: representative show USCC [--json] | apply USCC [--person P]"
        " | confirm ID | reject ID --reason T | name|remove USCC FUNCTION PERSON [--as USER]",
    ),
    "promotion": (
        ["promotion"],
        "Key technical problems and endorsements (Art. 11, 12): promotion problems [--status S --industry I"
        " --province P] | forming --as USER | endorse CODE --statement T --as USER | withdraw ID --reason T"
        " --as USER [--json]",
    ),
    "token": (["token"], "Create personal API tokens: token create USERNAME NAME"),
    "notify-test": (["notify_test"], "Send a test notification (inbox and e-mail): notify-test USERNAME"),
    "worker": (
        ["worker"],
        "Background worker: queued e-mail and the clocks' tick: worker [--once] [--interval SECONDS]",
    ),
    "todo": (["todo"], "A user's to-do list (待办): todo --user USERNAME [--kind CODE] [--json]"),
    "manage": ([], "Run any Django management command, e.g. manage migrate"),
}


def usage() -> str:
    """The text of ``itisa --help``."""
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: itisa COMMAND [ARGS...]",
        "",
        "ITISA command line: industrial technology innovation strategic alliances.",
        "Alliances are named by short code (e.g. CSA), organisations by credit code.",
        "",
        "commands:",
    ]
    lines += [f"  {name.ljust(width)}  {description}" for name, (_argv, description) in COMMANDS.items()]
    lines += ["", "Run 'itisa COMMAND --help' for the options of a command."]
    return "\n".join(lines)


def django_argv(args: Sequence[str]) -> list[str] | None:
    """Translate ``itisa`` arguments into management-command arguments; None means show usage."""
    if not args or args[0] in ("-h", "--help", "help"):
        return None
    name, rest = args[0], list(args[1:])
    if name not in COMMANDS:
        return None
    prefix, _description = COMMANDS[name]
    if name == "manage" and not rest:
        return ["help"]
    return prefix + rest


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``itisa`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    translated = django_argv(args)
    if translated is None:
        known = not args or args[0] in ("-h", "--help", "help")
        stream = sys.stdout if known else sys.stderr
        if not known:
            stream.write(f"itisa: unknown command {args[0]!r}\n\n")
        stream.write(usage() + "\n")
        return 0 if known else 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["itisa", *translated])
    return 0


if __name__ == "__main__":
    sys.exit(main())
