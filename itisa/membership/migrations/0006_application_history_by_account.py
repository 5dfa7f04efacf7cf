"""Application history rows name the acting account (``by``), as every status-history row does.

Rows written before keep ``by`` empty and the username in ``actor_label``: the table is
append-only (database triggers refuse UPDATE), so the history is not rewritten. ``by=None`` with
a name means "recorded without an account link" (core/workflows.py).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


HISTORY = "application history is immutable"
# Removing the column again (unapplying) makes SQLite rebuild the table, which drops its triggers:
# the reverse of this first operation puts them back. PostgreSQL keeps them through DROP COLUMN.
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER membership_appchange_no_update BEFORE UPDATE ON membership_applicationstatuschange "
    f"BEGIN SELECT RAISE(ABORT, '{HISTORY}'); END;",
    f"CREATE TRIGGER membership_appchange_no_delete BEFORE DELETE ON membership_applicationstatuschange "
    f"BEGIN SELECT RAISE(ABORT, '{HISTORY}'); END;",
]


def reinstall_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in ("membership_appchange_no_update", "membership_appchange_no_delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('membership', '0005_history_and_settled_invoices_immutable'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_triggers),
        migrations.AddField(
            model_name='applicationstatuschange',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='applicationstatuschange',
            name='actor_label',
            field=models.CharField(blank=True, help_text="The actor's username when the change was made; kept when records move between systems.", max_length=150, verbose_name='by (name)'),
        ),
    ]
