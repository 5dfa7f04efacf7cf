"""Make the database refuse to change or delete a suspension of rights: the council's decision on a
breach is a legal record; a correction or an early end is a new record, never an edit."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0007_breach_notices"),
    ]

    operations = [
        trigger_operation(
            append_only("membership_suspension", "membership_suspension", "a suspension of rights is immutable")
        ),
    ]
