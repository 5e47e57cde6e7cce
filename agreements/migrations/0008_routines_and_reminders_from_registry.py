"""CountyRoutine and ReminderSent move here from registry/: the state only, the tables stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_listing_order_index"),
        ("orgs", "0005_name_index"),
        ("registry", "0004_routines_and_reminders_move_to_agreements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CountyRoutine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('approval_required', models.BooleanField(default=False, verbose_name='a coordinator approves before publishing')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('county', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='routine', to='orgs.county', verbose_name='county')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'registry_countyroutine',
                        'verbose_name': 'county routine',
                        'verbose_name_plural': 'county routines',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderSent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('expires-90', '90 days before expiry'), ('expires-30', '30 days before expiry'), ('monthly', 'monthly county summary')], max_length=12)),
                        ('period', models.CharField(blank=True, max_length=7)),
                        ('sent_at', models.DateTimeField(auto_now_add=True)),
                        ('agreement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='agreements.agreement')),
                        ('county', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='orgs.county')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'registry_remindersent',
                        'verbose_name': 'reminder sent',
                        'verbose_name_plural': 'reminders sent',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('agreement__isnull', False)), fields=('user', 'kind', 'agreement'), name='reminder_once_per_agreement'), models.UniqueConstraint(condition=models.Q(('county__isnull', False)), fields=('user', 'kind', 'county', 'period'), name='summary_once_per_county_month')],
                    },
                ),            ],
        ),
    ]
