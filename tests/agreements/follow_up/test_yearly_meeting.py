"""When an agreement's yearly cooperation meeting is due or overdue, with a fixed clock, and
the reminders to its people; the schedule is set on the agreement form."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from agreements.follow_up.timeline import staff_timeline
from agreements.models import Agreement, CountyRoutine, Meeting, PendingChange, oslo_today
from agreements.models.follow_up import season_for, yearly_meeting_status
from agreements.reminders.mail import send_due_reminders
from agreements.reminders.meetings import send_yearly_meeting_reminders
from registry.permissions import Policy
from tests.factories import AgreementFactory
from tests.staff_world import agreement_post_data

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture
def trondheim(world):
    """The Trondheim shape: 01.08.2024–31.07.2026, a yearly meeting each spring."""
    for user in (world.strinda_teacher, world.meloy_teacher):
        user.email = f"{user.username}@skole.no"
        user.save()
    return AgreementFactory(
        title="Opplæringskontoret og åtte skoler",
        status=Agreement.Status.PUBLISHED,
        schools=[world.strinda],
        partners=[world.training_office],
        valid_from=D(2024, 8, 1),
        valid_to=D(2026, 7, 31),
        yearly_meeting_due="spring",
    )


def state(agreement, day):
    status = yearly_meeting_status(agreement, day)
    return status.state if status else None


class TestSeasons:
    def test_the_latest_season_begun(self):
        in_it = season_for("spring", D(2025, 3, 15))
        assert (in_it.start, in_it.end) == (D(2025, 1, 1), D(2025, 6, 30))
        spring = season_for("spring", D(2025, 10, 1))  # the last one, ended
        assert (spring.start, spring.end, spring.period) == (
            D(2025, 1, 1),
            D(2025, 6, 30),
            "2025-01",
        )
        autumn = season_for("autumn", D(2025, 3, 1))
        assert (autumn.start, autumn.end) == (D(2024, 8, 1), D(2024, 12, 31))
        assert season_for("autumn", D(2025, 8, 1)).start == D(2025, 8, 1)
        assert season_for("", D(2025, 8, 1)) is None

    def test_labels_in_bokmal_and_english(self):
        assert season_for("spring", D(2025, 3, 1)).label == "våren 2025"
        with translation.override("en"):
            assert season_for("autumn", D(2025, 3, 1)).label == "autumn 2024"


class TestDueOrOverdue:
    def test_due_in_its_season_until_a_yearly_meeting_is_recorded(self, trondheim):
        assert state(trondheim, D(2025, 3, 15)) == "due"
        Meeting.objects.create(agreement=trondheim, date=D(2025, 2, 1), kind="other")
        assert state(trondheim, D(2025, 3, 15)) == "due"  # only the yearly meeting counts
        Meeting.objects.create(agreement=trondheim, date=D(2025, 5, 20), kind="yearly")
        assert state(trondheim, D(2025, 3, 15)) is None  # one set for later in the season
        assert state(trondheim, D(2025, 9, 1)) is None

    def test_overdue_when_the_season_ended_without_one(self, trondheim):
        assert state(trondheim, D(2025, 6, 30)) == "due"
        assert state(trondheim, D(2025, 7, 1)) == "overdue"
        assert state(trondheim, D(2025, 12, 31)) == "overdue"
        assert state(trondheim, D(2026, 1, 1)) == "due"  # the next spring
        Meeting.objects.create(agreement=trondheim, date=D(2025, 8, 20), kind="yearly")
        assert state(trondheim, D(2025, 8, 19)) == "overdue"
        assert state(trondheim, D(2025, 9, 1)) is None  # held late: it counts

    def test_autumn(self, trondheim):
        Agreement.objects.filter(pk=trondheim.pk).update(yearly_meeting_due="autumn")
        trondheim.refresh_from_db()
        assert state(trondheim, D(2024, 7, 31)) is None  # before the agreement starts
        assert state(trondheim, D(2024, 10, 1)) == "due"
        assert state(trondheim, D(2025, 3, 1)) == "overdue"
        Meeting.objects.create(agreement=trondheim, date=D(2024, 11, 5), kind="yearly")
        assert state(trondheim, D(2025, 3, 1)) is None

    def test_not_for_an_agreement_out_of_force_in_the_season(self, world, trondheim):
        assert state(trondheim, D(2026, 7, 10)) == "overdue"  # spring 2026, still in force
        later = AgreementFactory(
            schools=[world.strinda],
            valid_from=D(2025, 7, 1),
            valid_to=D(2027, 6, 30),
            yearly_meeting_due="spring",
        )
        assert state(later, D(2025, 7, 10)) is None  # spring 2025 was before it
        assert state(later, D(2026, 2, 1)) == "due"
        upcoming = AgreementFactory(
            valid_from=D(2025, 4, 1), valid_to=D(2026, 3, 31), yearly_meeting_due="spring"
        )
        assert state(upcoming, D(2025, 3, 15)) is None

    def test_not_for_a_draft_or_without_a_schedule(
        self, world, trondheim, django_assert_num_queries
    ):
        Agreement.objects.filter(pk=trondheim.pk).update(status=Agreement.Status.DRAFT)
        assert state(trondheim, D(2025, 3, 15)) is None
        with django_assert_num_queries(0):
            assert state(world.agreement, D(2025, 3, 15)) is None


class TestReminders:
    def subjects(self):
        return [m.subject for m in mail.outbox]

    def test_due_then_overdue_once_each_per_season(self, world, trondheim):
        assert send_due_reminders(D(2025, 3, 15)).meetings == 1
        (message,) = mail.outbox
        assert message.to == ["strinda_teacher@skole.no"]  # not Meløy's teacher
        assert (
            message.subject
            == "«Opplæringskontoret og åtte skoler»: det årlige møtet våren 2025 skal holdes"
        )
        assert "skal holdes innen 30.06.2025" in message.body
        assert f"/ansatt/avtaler/{trondheim.pk}/oppfolging/mote/ny/" in message.body
        assert send_due_reminders(D(2025, 3, 15)).meetings == 0
        assert send_due_reminders(D(2025, 6, 1)).meetings == 0
        assert send_due_reminders(D(2025, 7, 1)).meetings == 1
        assert mail.outbox[-1].subject.endswith("det årlige møtet våren 2025 er forsinket")
        assert "som sluttet 30.06.2025" in mail.outbox[-1].body
        assert send_due_reminders(D(2025, 9, 1)).meetings == 0
        assert send_due_reminders(D(2026, 1, 2)).meetings == 1
        assert mail.outbox[-1].subject.endswith("våren 2026 skal holdes")

    def test_none_when_the_meeting_is_recorded(self, client, world, trondheim):
        client.force_login(world.strinda_teacher)
        response = client.post(
            f"/ansatt/avtaler/{trondheim.pk}/oppfolging/mote/ny/",
            {"date": "2025-03-01", "kind": "yearly", "minutes": "Gjennomgang av året."},
        )
        assert response.status_code == 302
        assert send_yearly_meeting_reminders(D(2025, 3, 15)) == 0
        assert send_yearly_meeting_reminders(D(2025, 7, 1)) == 0

    def test_not_to_someone_who_opted_out(self, world, trondheim):
        world.strinda_teacher.reminders_enabled = False
        world.strinda_teacher.save()
        assert send_yearly_meeting_reminders(D(2025, 3, 15)) == 0

    def test_not_after_the_agreement_ended(self, trondheim):
        assert send_yearly_meeting_reminders(D(2026, 8, 1)) == 0

    def test_the_command_with_a_fixed_clock(self, trondheim, capsys):
        call_command("send_reminders", today="2025-03-15")
        assert "1 yearly meeting reminder(s)" in capsys.readouterr().out


class TestOnThePages:
    def test_the_staff_timeline_says_when_it_is_due(self, world, trondheim):
        policy = Policy.for_user(world.strinda_teacher)
        timeline = staff_timeline(trondheim, policy, today=D(2025, 7, 2))
        assert timeline.yearly_meeting.is_overdue and timeline.may_change
        assert staff_timeline(trondheim, policy, today=D(2024, 9, 1)).yearly_meeting is None

    def test_the_staff_page_shows_it_until_one_is_recorded(self, strinda_client, world):
        today = oslo_today()
        agreement = AgreementFactory(
            schools=[world.strinda],
            valid_from=today - 400 * DAY,
            valid_to=today + 400 * DAY,
            yearly_meeting_due="spring",
        )
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
        assert "Det årlige samarbeidsmøtet våren" in html
        assert "hver vår (januar–juni)" in html
        Meeting.objects.create(agreement=agreement, date=today, kind="yearly")
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
        assert "Det årlige samarbeidsmøtet" not in html

    def test_the_schedule_is_set_on_the_agreement_form(self, strinda_client, world):
        agreement = world.agreement
        data = agreement_post_data(
            [world.strinda, world.training_office],
            title=agreement.title,
            version=str(agreement.version),
            action="save",
            yearly_meeting_due="spring",
        )
        response = strinda_client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.yearly_meeting_due == "spring"
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
        assert '<th scope="row">Årlig møte</th><td>–</td><td>Hver vår (januar–juni)</td>' in html

    def test_a_change_waiting_for_approval_carries_it(self, client, world, trondheim):
        CountyRoutine.objects.create(county=trondheim.county, approval_required=True)
        client.force_login(world.strinda_teacher)
        data = agreement_post_data(
            [world.strinda, world.training_office],
            title=trondheim.title,
            valid_from="2024-08-01",
            valid_to="2026-07-31",
            version=str(trondheim.version),
            action="save",
            yearly_meeting_due="autumn",
        )
        assert client.post(f"/ansatt/avtaler/{trondheim.pk}/endre/", data).status_code == 302
        trondheim.refresh_from_db()
        assert trondheim.yearly_meeting_due == "spring"  # the published version stays
        change = PendingChange.objects.get()
        assert change.fields()["yearly_meeting_due"] == "autumn"
        client.force_login(world.coordinator_trondelag)
        response = client.post(
            f"/ansatt/avtaler/{trondheim.pk}/godkjenn/",
            {"version": trondheim.version, "change": change.revision},
        )
        assert response.status_code == 302
        trondheim.refresh_from_db()
        assert trondheim.yearly_meeting_due == "autumn"
