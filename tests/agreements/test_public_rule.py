import datetime
from zoneinfo import ZoneInfo

import pytest

from agreements.models import Agreement, oslo_today
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 31)
DAY = datetime.timedelta(days=1)


def public_titles(today=TODAY):
    return set(Agreement.objects.public(today=today).values_list("title", flat=True))


def test_only_published_agreements_are_public():
    for status in Agreement.Status.values:
        AgreementFactory(title=status, status=status, valid_from=TODAY - DAY, valid_to=TODAY + DAY)
    assert public_titles() == {"published"}


def test_an_agreement_is_public_all_of_its_last_day_and_not_the_day_after():
    AgreementFactory(title="ends today", valid_from=TODAY - 30 * DAY, valid_to=TODAY)
    AgreementFactory(title="ended yesterday", valid_from=TODAY - 30 * DAY, valid_to=TODAY - DAY)
    assert public_titles() == {"ends today"}
    assert public_titles(TODAY + DAY) == set()


def test_upcoming_agreements_are_public_and_marked_upcoming():
    upcoming = AgreementFactory(title="upcoming", valid_from=TODAY + DAY, valid_to=TODAY + 9 * DAY)
    started = AgreementFactory(title="started", valid_from=TODAY, valid_to=TODAY + 9 * DAY)
    assert public_titles() == {"upcoming", "started"}
    assert upcoming.is_upcoming(TODAY)
    assert not started.is_upcoming(TODAY)


def test_is_public_agrees_with_the_queryset():
    agreements = [
        AgreementFactory(status=status, valid_from=TODAY - 9 * DAY, valid_to=TODAY + offset * DAY)
        for status in Agreement.Status.values
        for offset in (-1, 0, 1)
    ]
    public_ids = set(Agreement.objects.public(today=TODAY).values_list("pk", flat=True))
    assert public_ids == {a.pk for a in agreements if a.is_public(TODAY)}
    assert len(public_ids) == 2


def test_today_is_the_oslo_date():
    # Between 22:00 and 24:00 UTC the date in Oslo is already tomorrow's.
    assert oslo_today() == datetime.datetime.now(ZoneInfo("Europe/Oslo")).date()


def test_valid_to_before_valid_from_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(title="x", valid_from=TODAY, valid_to=TODAY - DAY)
