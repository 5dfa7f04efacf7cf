"""Make the database refuse to change or delete a project's status history, a milestone's evidence and an
expert's opinion: each is written once by its service and sealed in the audit chain."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_milestones_reviews")]

    operations = [
        trigger_operation(
            append_only("projects_projectstatuschange", "projects_history", "project history is immutable")
        ),
        trigger_operation(append_only("projects_evidence", "projects_evidence", "milestone evidence is immutable")),
        trigger_operation(append_only("projects_opinion", "projects_opinion", "expert opinions are immutable")),
    ]
