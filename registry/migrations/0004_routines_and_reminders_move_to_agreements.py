"""CountyRoutine and ReminderSent now live in agreements/: the state moves, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_routines_and_reminders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CountyRoutine"),
                migrations.DeleteModel(name="ReminderSent"),
            ],
        ),
    ]
