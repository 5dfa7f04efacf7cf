"""Make the database refuse to change or delete what licensing writes once: licences and owners'
consents, receipts, their split lines and approvals, transfers, objections and completions, technology
contracts. Each is written by its service and sealed in the audit chain; a correction is a new record."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_licences_receipts_transfers_contracts")]

    operations = [
        trigger_operation(append_only("licensing_licence", "licensing_licence", "licences are immutable")),
        trigger_operation(append_only("licensing_licenceconsent", "licensing_consent", "consents are immutable")),
        trigger_operation(append_only("licensing_receipt", "licensing_receipt", "receipts are immutable")),
        trigger_operation(append_only("licensing_splitline", "licensing_line", "split lines are immutable")),
        trigger_operation(append_only("licensing_splitposting", "licensing_posting", "approved splits are immutable")),
        trigger_operation(append_only("licensing_transfer", "licensing_transfer", "transfers are immutable")),
        trigger_operation(append_only("licensing_transferobjection", "licensing_objection", "objections are immutable")),
        trigger_operation(append_only("licensing_transfercompletion", "licensing_completion", "completed transfers are immutable")),
        trigger_operation(append_only("licensing_techcontract", "licensing_contract", "technology contracts are immutable")),
    ]
