"""The `among` lookup (registry.expressions): the same rows as IN, on either database."""

import pytest

from agreements.models import Agreement, Party
from registry.expressions import Ids
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    school, company = SchoolFactory(), CompanyFactory()
    return (
        [
            AgreementFactory(schools=[school], partners=[company]),
            AgreementFactory(schools=[school], partners=[CompanyFactory()]),
            AgreementFactory(schools=[SchoolFactory()], partners=[company]),
        ],
        school,
        company,
    )


def test_among_ids_is_in(three):
    agreements, _school, _company = three
    ids = Ids([agreements[0].pk, agreements[2].pk])
    found = Agreement.objects.filter(pk__among=ids)
    assert set(found) == {agreements[0], agreements[2]}
    assert set(Party.objects.filter(agreement__among=ids).values_list("agreement", flat=True)) == {
        agreements[0].pk,
        agreements[2].pk,
    }


def test_among_no_ids_is_nothing(three):
    assert not Agreement.objects.filter(pk__among=Ids([])).exists()


def test_among_a_queryset_is_in_its_values_each_once(three):
    agreements, school, company = three
    parties = Party.objects.filter(organisation__in=[school, company]).values("agreement_id")
    found = Agreement.objects.filter(pk__among=parties)
    assert sorted(a.pk for a in found) == sorted(a.pk for a in agreements)
    only_company = Party.objects.filter(organisation=company).values("agreement_id")
    assert set(Agreement.objects.filter(pk__among=only_company)) == {agreements[0], agreements[2]}
