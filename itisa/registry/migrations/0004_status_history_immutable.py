"""Make the database refuse to change an alliance's status history: a status history is never edited or deleted.

The other history tables got their triggers when they were created; this one had none (found in the
review of issue 14: the shared ``core.workflows.StatusChange`` promises every history table is guarded).
"""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_enterprise_requires_ownership")]

    operations = [trigger_operation(append_only("registry_alliancestatuschange", "registry_statuschange", "alliance status history is immutable"))]
