"""Notices of breach with their cure period and write-once history, suspensions of rights, and
grant-recovery claims that come from a breach decision rather than an expulsion."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from itisa.core.triggers import append_only, trigger_operation


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0004_version_history_immutable'),
        ('governance', '0007_rules_matter_casting_vote_veto_agreement'),
        ('membership', '0006_application_history_by_account'),
        ('registry', '0004_status_history_immutable'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BreachStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actor_label', models.CharField(blank=True, help_text="The actor's username when the change was made; kept when records move between systems.", max_length=150, verbose_name='by (name)')),
                ('at', models.DateTimeField(verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('old_status', models.CharField(blank=True, choices=[('served', 'Served: cure period running'), ('cure_reported', 'Reported cured by the member'), ('cured', 'Cured'), ('lapsed', 'Cure period lapsed'), ('referred', 'Referred to the council'), ('remedied', 'Remedy decided'), ('no_remedy', 'No remedy'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='old status')),
                ('new_status', models.CharField(choices=[('served', 'Served: cure period running'), ('cure_reported', 'Reported cured by the member'), ('cured', 'Cured'), ('lapsed', 'Cure period lapsed'), ('referred', 'Referred to the council'), ('remedied', 'Remedy decided'), ('no_remedy', 'No remedy'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='new status')),
            ],
            options={
                'verbose_name': 'breach status change',
                'verbose_name_plural': 'breach status changes',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Suspension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='until')),
            ],
            options={
                'verbose_name': 'suspension of rights',
                'verbose_name_plural': 'suspensions of rights',
                'ordering': ['starts_on', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='expulsion',
            name='recover_grants',
            field=models.BooleanField(default=True, verbose_name='grants are recovered'),
        ),
        migrations.AlterField(
            model_name='grantrecoveryclaim',
            name='expulsion',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recovery_claim', to='membership.expulsion', verbose_name='expulsion'),
        ),
        migrations.CreateModel(
            name='BreachNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('clause', models.CharField(max_length=300, verbose_name='clause breached')),
                ('clause_listed', models.BooleanField(default=False, verbose_name='a breach the agreement lists')),
                ('facts', models.TextField(verbose_name='facts')),
                ('served_on', models.DateField(verbose_name='served on')),
                ('served_at', models.DateTimeField(verbose_name='served at')),
                ('cure_days', models.PositiveIntegerField(verbose_name='cure period (days)')),
                ('cure_by', models.DateField(verbose_name='cure by')),
                ('status', models.CharField(choices=[('served', 'Served: cure period running'), ('cure_reported', 'Reported cured by the member'), ('cured', 'Cured'), ('lapsed', 'Cure period lapsed'), ('referred', 'Referred to the council'), ('remedied', 'Remedy decided'), ('no_remedy', 'No remedy'), ('withdrawn', 'Withdrawn')], default='served', max_length=20, verbose_name='status')),
                ('cure_report', models.TextField(blank=True, verbose_name="the member's report of the cure")),
                ('cure_evidence', models.TextField(blank=True, verbose_name='evidence of the cure')),
                ('suspend_from', models.DateField(blank=True, null=True, verbose_name='rights suspended from')),
                ('suspend_until', models.DateField(blank=True, null=True, verbose_name='rights suspended until')),
                ('expel', models.BooleanField(default=False, verbose_name='expulsion proposed')),
                ('recover_grants', models.BooleanField(default=False, verbose_name='recovery of grants proposed')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='agreements.agreementversion', verbose_name='agreement version')),
                ('expulsion', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='breach_notice', to='membership.expulsion', verbose_name='expulsion')),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='breach_notices', to='membership.membership', verbose_name='membership')),
                ('motion', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.motion', verbose_name='motion')),
                ('served_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='served by')),
            ],
            options={
                'verbose_name': 'notice of breach',
                'verbose_name_plural': 'notices of breach',
                'ordering': ['-served_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='grantrecoveryclaim',
            name='breach',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recovery_claim', to='membership.breachnotice', verbose_name='notice of breach'),
        ),
        migrations.AddConstraint(
            model_name='grantrecoveryclaim',
            constraint=models.CheckConstraint(condition=models.Q(('expulsion__isnull', False), ('breach__isnull', False), _connector='OR'), name='membership_claim_from_expulsion_or_breach'),
        ),
        migrations.AddField(
            model_name='breachstatuschange',
            name='breach',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='status_changes', to='membership.breachnotice', verbose_name='notice of breach'),
        ),
        migrations.AddField(
            model_name='breachstatuschange',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AddField(
            model_name='suspension',
            name='breach',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='suspension', to='membership.breachnotice', verbose_name='notice of breach'),
        ),
        migrations.AddField(
            model_name='suspension',
            name='membership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='suspensions', to='membership.membership', verbose_name='membership'),
        ),
        migrations.AddConstraint(
            model_name='breachnotice',
            constraint=models.CheckConstraint(condition=models.Q(('cure_by__gte', models.F('served_on'))), name='membership_breach_cure_after_service'),
        ),
        migrations.AddConstraint(
            model_name='breachnotice',
            constraint=models.CheckConstraint(condition=models.Q(('suspend_from__isnull', True), ('suspend_until__gte', models.F('suspend_from')), _connector='OR'), name='membership_breach_suspension_ends_after_it_starts'),
        ),
        migrations.AddConstraint(
            model_name='suspension',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='membership_suspension_ends_after_start'),
        ),
        # a notice of breach's history is never edited or deleted (core.triggers)
        trigger_operation(
            append_only("membership_breachstatuschange", "membership_breachchange", "breach history is immutable")
        ),
    ]
