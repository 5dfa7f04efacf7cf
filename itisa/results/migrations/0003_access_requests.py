# Access requests to results (DESCA access rights) and their write-once, sealed status history.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0005_signing_copy_binds_the_pdf'),
        ('registry', '0004_status_history_immutable'),
        ('results', '0002_history_ownership_immutable'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('purpose', models.CharField(choices=[('project_execution', 'To carry out its own work in the project'), ('exploitation', 'To exploit its own results')], max_length=30, verbose_name='purpose')),
                ('justification', models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='why access is needed')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('granted', 'Granted'), ('refused', 'Refused')], default='requested', max_length=20, verbose_name='status')),
                ('window_ends_on', models.DateField(blank=True, null=True, verbose_name='requests accepted until')),
                ('requested_at', models.DateTimeField(verbose_name='requested at')),
                ('terms', models.CharField(blank=True, choices=[('royalty_free', 'Royalty-free'), ('fair_reasonable', 'On fair and reasonable conditions')], max_length=20, verbose_name='terms')),
                ('decision_note', models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='conditions or reason')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('agreement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agreements.agreementversion', verbose_name='agreement')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('decided_for', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.organisation', verbose_name='decided for the owner')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='result_access_requests', to='registry.organisation', verbose_name='requesting member')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                ('result', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='access_requests', to='results.result', verbose_name='result')),
            ],
            options={
                'verbose_name': 'access request',
                'verbose_name_plural': 'access requests',
                'ordering': ['result_id', '-requested_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='AccessRequestStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_status', models.CharField(blank=True, max_length=20, verbose_name='old status')),
                ('new_status', models.CharField(max_length=20, verbose_name='new status')),
                ('actor_label', models.CharField(blank=True, help_text="The actor's username when the change was made; kept when records move between systems.", max_length=150, verbose_name='by (name)')),
                ('at', models.DateTimeField(verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='status_changes', to='results.accessrequest', verbose_name='access request')),
            ],
            options={
                'verbose_name': 'access request status change',
                'verbose_name_plural': 'access request status changes',
                'ordering': ['at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='accessrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'requested')), fields=('result', 'organisation', 'purpose'), name='results_access_one_open_request'),
        ),
        migrations.AddConstraint(
            model_name='accessrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'granted'), _negated=True), models.Q(('terms', ''), _negated=True), _connector='OR'), name='results_access_granted_has_terms'),
        ),
        trigger_operation(
            append_only("results_accessrequeststatuschange", "results_access_history", "access request history is immutable")
        ),
    ]
