"""Make the database refuse to change an agreement version's status history: a status history is never edited or deleted.

The other history tables got their triggers when they were created; this one had none (found in the
review of issue 14: the shared ``core.workflows.StatusChange`` promises every history table is guarded).
"""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_history_on_the_shared_status_change")]

    operations = [trigger_operation(append_only("agreements_versionstatuschange", "agreements_versionchange", "agreement status history is immutable"))]
