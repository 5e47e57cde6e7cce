"""Feide's groups API: where a user works, read from the groups Feide lists."""

import pytest

from demo.users import STUDENT, feide_org_groups
from registry.feide import GroupsApiError, employed_orgnrs, fetch_groups

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
