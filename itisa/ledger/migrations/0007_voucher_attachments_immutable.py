"""Make the database refuse to change or delete a voucher attachment: evidence is kept for good.

An attachment (an invoice, contract or receipt stored under its SHA-256) is written once by
``attachment_add``; nothing updates or deletes it.
"""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_entrusted_to_host")]

    operations = [
        trigger_operation(append_only("ledger_attachment", "ledger_attachment", "voucher attachments are immutable"))
    ]
