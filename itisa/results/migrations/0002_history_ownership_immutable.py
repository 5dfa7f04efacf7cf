"""Make the database refuse to change or delete what the register writes once: a result's status history,
its contributions and people, its ownership records and their owners, and background IP declarations.
Each is written by its service and sealed in the audit chain; a change of owners is a new record."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("results", "0001_results_ownership_background")]

    operations = [
        trigger_operation(append_only("results_resultstatuschange", "results_history", "result history is immutable")),
        trigger_operation(append_only("results_contribution", "results_contribution", "contributions are immutable")),
        trigger_operation(append_only("results_inventor", "results_inventor", "inventor shares are immutable")),
        trigger_operation(append_only("results_ownershiprecord", "results_ownership", "ownership records are immutable")),
        trigger_operation(append_only("results_owner", "results_owner", "owner shares are immutable")),
        trigger_operation(append_only("results_backgroundip", "results_background", "background IP declarations are immutable")),
    ]
