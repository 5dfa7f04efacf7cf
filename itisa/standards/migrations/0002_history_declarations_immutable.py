"""Make the database refuse to change or delete what standards writes once: the stage history of a
standard and the IPR declarations. Each is written by its service and sealed in the audit chain; a
correction of a declaration is a new declaration superseding it."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_standards_members_rounds_declarations")]

    operations = [
        trigger_operation(append_only("standards_stagechange", "standards_history", "standard history is immutable")),
        trigger_operation(append_only("standards_iprdeclaration", "standards_declaration", "IPR declarations are immutable")),
    ]
