"""Feide's groups API: where a user works, read from the groups Feide lists."""

import pytest

from demo.users import STAFF, STUDENT, feide_org_groups
from registry.feide import GroupsApiError, employed_orgnrs, fetch_groups, unit_owners

pytestmark = pytest.mark.django_db


def test_fetch_groups_raises_a_clear_error_on_a_refused_token(feide):
    with pytest.raises(
        GroupsApiError,
        match=r"groups API at http://127\.0\.0\.1:\d+/groups/me/groups answered 4\d\d",
    ):
        fetch_groups("not-a-token-the-provider-issued")


def test_employed_orgnrs_reads_feide_groups():
    groups = [
        # The school owner: the affiliation lives here, and the owner's own number.
        {
            "id": "fc:org:nfk.no",
            "type": "fc:org",
            "displayName": "Nordland fylkeskommune",
            "membership": {
                "basic": "member",
                "affiliation": ["member", "employee", "faculty"],
                "primaryAffiliation": "faculty",
            },
            "norEduOrgNIN": "NO964982953",
        },
        # A unit without its own affiliation inherits the parent's.
        {
            "id": "fc:org:nfk.no:unit:NO974591332",
            "type": "fc:org",
            "parent": "fc:org:nfk.no",
            "membership": {"basic": "member", "primaryOrgUnit": True},
        },
        # A teaching group is not an organisation.
        {
            "id": "fc:gogroup:nfk.no:b:NO974591332:3sta:2025-08-01:2026-07-31",
            "type": "fc:gogroup",
            "parent": "fc:org:nfk.no",
            "membership": {"basic": "member", "affiliation": "faculty"},
        },
        # A student at another owner's school.
        {
            "id": "fc:org:tfk.no",
            "type": "fc:org",
            "membership": {"basic": "member", "affiliation": ["member", "student"]},
            "norEduOrgNIN": "NO817920632",
        },
        {
            "id": "fc:org:tfk.no:unit:NO974544466",
            "type": "fc:org",
            "parent": "fc:org:tfk.no",
            "membership": {"basic": "member"},
        },
        # Its own affiliation wins over the parent's.
        {
            "id": "fc:org:nfk.no:unit:NO911111111",
            "type": "fc:org",
            "parent": "fc:org:nfk.no",
            "membership": {"basic": "member", "affiliation": ["student"]},
        },
        {
            "id": "fc:org:tfk.no:unit:NO922222222",
            "type": "fc:org",
            "parent": "fc:org:tfk.no",
            "membership": {"basic": "member", "affiliation": ["staff"]},
        },
    ]
    assert employed_orgnrs(groups) == {"964982953", "974591332", "922222222"}


def test_employed_orgnrs_ignores_students_and_odd_groups():
    student = feide_org_groups("nfk.no", "964982953", ["974591332"], STUDENT)
    assert employed_orgnrs(student) == set()
    assert employed_orgnrs([]) == set()
    odd = [
        {"id": "fc:org:x.no:unit:974591332", "type": "fc:org", "membership": {}},
        {"id": "fc:org:x.no", "type": "fc:org", "norEduOrgNIN": "NO1234", "membership": {}},
        {"type": "fc:org", "membership": {"affiliation": "employee"}},
    ]
    assert employed_orgnrs(odd) == set()


# The demo users


def test_unit_owners_names_the_owner_of_each_unit_the_user_is_placed_in():
    groups = feide_org_groups("trondheim.kommune.no", "942110464", ["974544466"], STAFF)
    assert unit_owners(groups) == {"974544466": "942110464"}
    # An organisation that is its own unit (a university, a county authority's office).
    assert unit_owners(feide_org_groups("usn.no", "974544466", ["974544466"], STAFF)) == {}


def test_a_user_placed_in_a_registered_unit_works_there_not_for_its_owner():
    from orgs.models import Organisation
    from registry.feide import refresh_memberships
    from registry.models import StaffMembership
    from tests.factories import OrganisationFactory, UserFactory

    municipality = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY)
    office = OrganisationFactory(kind=Organisation.Kind.TRAINING_OFFICE)
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    user = UserFactory()

    def refresh(owner, *units):
        groups = feide_org_groups("x.no", owner.orgnr, [u.orgnr for u in units], STAFF)
        refresh_memberships(user, employed_orgnrs(groups), unit_owners(groups))
        return set(StaffMembership.objects.filter(user=user).values_list("organisation", flat=True))

    assert refresh(municipality, office) == {office.pk}
    assert refresh(municipality) == {municipality.pk}  # the municipality's education office
    assert refresh(company, company) == set()  # a company's staff are not education staff
