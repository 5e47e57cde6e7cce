"""The reminder e-mails' words: "i dag" and "i morgen" rather than "om 0 dager", months
written out ("november 2026"), and a monthly summary whose counts do not overlap."""

import datetime

import pytest
from django.core import mail

from agreements.models import Agreement
from agreements.reminders.mail import send_expiry_reminders, send_monthly_summaries, summary_counts
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 11, 3)


@pytest.fixture
def world():
    world = build_world()
    for user in (world.strinda_teacher, world.coordinator_trondelag):
        user.email = f"{user.username}@skole.no"
        user.save()
    return world


def expiring(world, days_left, title="Snart slutt"):
    return AgreementFactory(
        title=title,
        schools=[world.strinda],
        partners=[world.grytaga],
        valid_from=TODAY - 300 * DAY,
        valid_to=TODAY + days_left * DAY,
    )


@pytest.mark.parametrize(
    "days_left, subject, sentence",
    [
        (0, "«Snart slutt» utløper i dag", "Avtalen «Snart slutt» utløper i dag, 03.11.2026."),
        (1, "«Snart slutt» utløper i morgen", "Avtalen «Snart slutt» utløper i morgen, 04.11."),
        (30, "«Snart slutt» utløper om 30 dager", "Avtalen «Snart slutt» utløper 03.12.2026."),
    ],
)
def test_the_expiry_reminder_says_today_and_tomorrow(world, days_left, subject, sentence):
    expiring(world, days_left)
    assert send_expiry_reminders(TODAY) == 1
    (message,) = mail.outbox
    assert message.subject == subject
    assert sentence in message.body
    assert "om 0 dager" not in message.subject + message.body


def test_the_monthly_summary_writes_the_month(world):
    expiring(world, 200)
    assert send_monthly_summaries(TODAY) == 1
    (message,) = mail.outbox
    assert message.subject == "Avtaler i Trøndelag: oppsummering for november 2026"
    assert "2026-11" not in message.subject + message.body


@pytest.fixture
def known(world):
    """Strinda's and Byåsen's agreements, one in each category, and one with both schools."""
    common = dict(partners=[CompanyFactory()])
    strinda, byasen = world.strinda, world.byasen

    def make(title, schools=(strinda,), **fields):
        fields.setdefault("valid_from", TODAY - 100 * DAY)
        fields.setdefault("valid_to", TODAY + 400 * DAY)
        return AgreementFactory(title=title, schools=list(schools), **common, **fields)

    make("I kraft")
    make("I kraft, to skoler", schools=(strinda, byasen))  # counted once, not per school
    make("Utløper", valid_to=TODAY + 20 * DAY)
    make("Utløper på dagen 90", valid_to=TODAY + 90 * DAY)
    make("Kommende", valid_from=TODAY + 10 * DAY)
    make("Kommende og kort", valid_from=TODAY + 10 * DAY, valid_to=TODAY + 30 * DAY)
    make("Utløpt", valid_to=TODAY - DAY)
    make("Trukket", status=Agreement.Status.WITHDRAWN)
    make("Til godkjenning", status=Agreement.Status.SUBMITTED)
    # Elsewhere: a school in Nordland is not counted for Trøndelag.
    make("Meløy", schools=(world.meloy_school,))
    make("Annet fylke", schools=(SchoolFactory(),))
    return world  # the world's own draft (Strinda) is the one draft


def test_summary_counts_do_not_overlap(known):
    counts = summary_counts(known.strinda.municipality.county, TODAY)
    assert counts == {"in_force": 2, "expiring": 2, "upcoming": 2, "draft": 1, "submitted": 1}
    counted = Agreement.objects.filter(
        parties__organisation__municipality__county=known.strinda.municipality.county
    ).exclude(title__in=["Utløpt", "Trukket"])
    assert sum(counts.values()) == counted.distinct().count()


def test_the_summary_says_its_counts_do_not_overlap(known):
    assert send_monthly_summaries(TODAY) == 1
    (message,) = mail.outbox
    body = message.body
    assert "Avtalene til skolene i Trøndelag per 03.11.2026, hver avtale telt én gang:" in body
    assert "- Gjeldende, mer enn 90 dager igjen: 2\n" in body
    assert "- Gjeldende, utløper innen 90 dager: 2\n" in body
    assert "- Kommende: 2\n" in body
    assert "- Utkast: 1\n" in body
    assert "- Sendt til godkjenning: 1\n" in body
    assert "I godkjenningskøen din: 1\nhttp" in body and "/ansatt/fylke/50/godkjenning/" in body
