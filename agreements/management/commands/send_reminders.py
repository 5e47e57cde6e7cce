import datetime

from django.core.management.base import BaseCommand, CommandError

from agreements.reminders.mail import send_due_reminders


class Command(BaseCommand):
    help = (
        "Sends the reminders that are due: 90 and 30 days before agreements expire, when their "
        "yearly meeting is due or overdue, and the coordinators' monthly summary. Safe to run "
        "as often as you like; run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today must be a date like 2026-11-24, not {options['today']!r}"
                ) from None
        sent = send_due_reminders(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {sent.expiry} expiry reminder(s), {sent.meetings} yearly meeting "
                f"reminder(s) and {sent.summaries} monthly summary(ies)."
            )
        )
