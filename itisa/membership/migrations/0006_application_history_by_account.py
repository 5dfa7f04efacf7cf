"""Application history rows name the acting account (``by``), as every status-history row does.

Rows written before keep ``by`` empty and the username in ``actor_label``: the table is
append-only (database triggers refuse UPDATE), so the history is not rewritten. ``by=None`` with
a name means "recorded without an account link" (core/workflows.py).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('membership', '0005_history_and_settled_invoices_immutable'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
