"""The reminder e-mails: before an agreement expires, and the coordinators' monthly summary."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from agreements.models import oslo_today
from agreements.reminders.mail import send_due_reminders
from tests.factories import AgreementFactory
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    return build_world()


class TestReminders:
    @pytest.fixture
    def expiring(self, world):
        today = oslo_today()
        for user in (world.strinda_teacher, world.meloy_teacher, world.coordinator_trondelag):
            user.email = f"{user.username}@skole.no"
            user.save()
        return AgreementFactory(
            title="Snart slutt",
            schools=[world.strinda],
            partners=[world.grytaga],
            valid_from=today - 300 * DAY,
            valid_to=today + 90 * DAY,
        )

    def test_sent_once_at_90_and_30_days(self, world, expiring):
        today = oslo_today()
        assert send_due_reminders(today).expiry == 1
        (message,) = [m for m in mail.outbox if "Snart slutt" in m.subject]
        assert message.to == ["strinda_teacher@skole.no"]
        assert f"/ansatt/avtaler/{expiring.pk}/forny/" in message.body
        assert send_due_reminders(today).expiry == 0  # a second run sends nothing
        assert send_due_reminders(today + 30 * DAY).expiry == 0  # 60 days left: nothing due
        assert send_due_reminders(today + 60 * DAY).expiry == 1  # 30 days left
        assert send_due_reminders(today + 61 * DAY).expiry == 0
        assert len([m for m in mail.outbox if "Snart slutt" in m.subject]) == 2

    def test_not_to_someone_who_opted_out(self, client, world, expiring):
        client.force_login(world.strinda_teacher)
        client.post("/ansatt/innstillinger/", {})
        world.strinda_teacher.refresh_from_db()
        assert not world.strinda_teacher.reminders_enabled
        assert send_due_reminders(oslo_today()).expiry == 0

    def test_monthly_summary_once_a_month(self, world, expiring):
        today = oslo_today()
        assert send_due_reminders(today).summaries == 1
        summary = [m for m in mail.outbox if m.to == ["coordinator_trondelag@skole.no"]]
        assert len(summary) == 1 and "Trøndelag" in summary[0].subject
        assert send_due_reminders(today).summaries == 0
        next_month = (today.replace(day=1) + 32 * DAY).replace(day=1)
        assert send_due_reminders(next_month).summaries == 1

    def test_the_command_with_a_fixed_clock(self, world, expiring, capsys):
        day = (oslo_today() + DAY).isoformat()
        call_command("send_reminders", today=day)
        assert "Sent 1 expiry reminder(s)" in capsys.readouterr().out
