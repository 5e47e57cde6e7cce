"""Organisation.public_until, the last day an organisation is party to a public agreement: the
same answer as the public rule asked of its agreements, on every day, after every kind of write
(agreements/models/public_until.py), and what the search's tiebreak reads."""

import datetime

import pytest

from agreements.models import Agreement, Party, oslo_today
from agreements.models.party import PartyRow, replace_parties
from orgs.models import Organisation
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def by_the_rule(day) -> set[int]:
    """The organisations party to an agreement public on `day`, asked of the agreements."""
    public = Agreement.objects.public(day)
    return set(Party.objects.filter(agreement__in=public).values_list("organisation_id", flat=True))


def by_the_row(day) -> set[int]:
    return set(Organisation.objects.with_public_agreements(day).values_list("pk", flat=True))


def test_the_row_answers_as_the_public_rule_on_every_day():
    """Should the public rule turn on more than valid_to, this fails: public_until would then
    have to be written otherwise."""
    today = oslo_today()
    school = SchoolFactory()
    for status in Agreement.Status.values:
        for valid_to in (today - DAY, today, today + DAY, today + 400 * DAY):
            AgreementFactory(
                schools=[school],
                status=status,
                valid_from=today - 500 * DAY,
                valid_to=valid_to,
            )
    for day in (
        today - 2 * DAY,
        today - DAY,
        today,
        today + DAY,
        today + 2 * DAY,
        today + 401 * DAY,
    ):
        assert by_the_row(day) == by_the_rule(day), day
    assert by_the_row(today) - {school.pk}  # some partners are public today, some not
    assert by_the_rule(today) != by_the_rule(today + 2 * DAY)


def test_each_write_of_agreements_and_parties_keeps_it():
    today = oslo_today()
    agreement = AgreementFactory(status=Agreement.Status.DRAFT)
    company = agreement.parties.get(role=Party.Role.COMPANY).organisation

    def until():
        return Organisation.objects.get(pk=company.pk).public_until

    assert until() is None
    agreement.status = Agreement.Status.PUBLISHED
    agreement.save()
    assert until() == agreement.valid_to
    agreement.valid_to = today + 10 * DAY
    agreement.save()
    assert until() == today + 10 * DAY
    later = AgreementFactory(partners=[company], valid_to=today + 20 * DAY)
    assert until() == today + 20 * DAY
    later.delete()
    assert until() == today + 10 * DAY
    school = agreement.parties.get(role=Party.Role.SCHOOL).organisation
    replace_parties(agreement, [PartyRow(school, Party.Role.SCHOOL)])  # the company removed
    assert until() is None
    agreement.status = Agreement.Status.WITHDRAWN
    agreement.save()
    assert Organisation.objects.get(pk=school.pk).public_until is None


def test_a_save_of_an_organisation_read_earlier_leaves_it_as_it_is():
    company = CompanyFactory()
    read_before = Organisation.objects.get(pk=company.pk)
    agreement = AgreementFactory(partners=[company])
    read_before.name = "Nytt navn AS"
    read_before.save()
    fresh = Organisation.objects.get(pk=company.pk)
    assert (fresh.name, fresh.public_until) == ("Nytt navn AS", agreement.valid_to)


def test_the_search_puts_those_public_today_first_and_not_after_their_last_day(client, settings):
    school = SchoolFactory()
    ended = CompanyFactory(name="Bakeri Alfa AS")
    current = CompanyFactory(name="Bakeri Beta AS")
    CompanyFactory(name="Bakeri Gamma AS")  # party to nothing: public_until is None
    AgreementFactory(schools=[school], partners=[ended], valid_to=oslo_today() - DAY)
    AgreementFactory(schools=[school], partners=[current])
    response = client.get("/sok/", {"q": "bakeri", "gruppe": "virksomheter"})
    names = [o.name for o in response.context["page"].object_list]
    assert names == ["Bakeri Beta AS", "Bakeri Alfa AS", "Bakeri Gamma AS"]
