"""Roles from Feide: which schools a user works at, read from Feide's groups API.

Feide describes an organisation as a group of type "fc:org". The school owner (for a county
school, the county authority) is the group "fc:org:<realm>", which carries the user's
affiliation and the owner's organisation number in norEduOrgNIN. A school is a unit under it,
"fc:org:<realm>:unit:NO<orgnr>", and inherits the affiliation from its parent unless it has
its own.
"""

import logging
import re

import requests
from django.conf import settings
from django.db import transaction

from orgs.models import Organisation
from registry.models import StaffMembership

logger = logging.getLogger(__name__)

STAFF_AFFILIATIONS = frozenset({"employee", "faculty", "staff"})
_UNIT_ORGNR = re.compile(r":unit:NO(\d{9})$")
_NIN_ORGNR = re.compile(r"^NO(\d{9})$")


class GroupsApiError(Exception):
    """Feide's groups API did not answer with the user's groups."""


def fetch_groups(access_token: str) -> list[dict]:
    """The user's groups from Feide's groups API, called with the login's access token."""
    url = settings.FEIDE_GROUPS_API_URL
    try:
        response = requests.get(
            url,
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=settings.FEIDE_TIMEOUT_SECONDS,
        )
    except requests.RequestException as error:
        raise GroupsApiError(
            f"Feide's groups API at {url} could not be reached: {error}"
        ) from error
    if response.status_code != 200:
        raise GroupsApiError(
            f"Feide's groups API at {url} answered {response.status_code}: {response.text[:200]}"
        )
    try:
        groups = response.json()
    except ValueError as error:
        raise GroupsApiError(f"Feide's groups API at {url} answered with no JSON") from error
    if not isinstance(groups, list):
        raise GroupsApiError(f"Feide's groups API at {url} answered with no list of groups")
    return groups


def _affiliations(group: dict) -> set[str]:
    value = (group.get("membership") or {}).get("affiliation")
    if isinstance(value, str):
        return {value}
    return set(value or ())


def employed_orgnrs(groups: list[dict]) -> set[str]:
    """The organisation numbers where the user is an employee, faculty or staff."""
    by_id = {group["id"]: group for group in groups if group.get("id")}
    orgnrs = set()
    for group in groups:
        if group.get("type") != "fc:org":
            continue
        affiliations = _affiliations(group)
        parent = by_id.get(group.get("parent") or "")
        if not affiliations and parent:
            affiliations = _affiliations(parent)
        if not affiliations & STAFF_AFFILIATIONS:
            continue
        for pattern, value in (
            (_UNIT_ORGNR, group.get("id") or ""),
            (_NIN_ORGNR, group.get("norEduOrgNIN") or ""),
        ):
            if match := pattern.search(value):
                orgnrs.add(match.group(1))
    return orgnrs


@transaction.atomic
def refresh_memberships(user, orgnrs: set[str]) -> list[Organisation]:
    """Makes the user's Feide memberships exactly the registered schools with these numbers.

    Memberships granted by an administrator are left alone. Returns the Feide schools.
    """
    schools = list(Organisation.objects.schools().filter(orgnr__in=orgnrs))
    feide = StaffMembership.objects.filter(user=user, source=StaffMembership.Source.FEIDE)
    feide.exclude(organisation__in=schools).delete()
    existing = set(
        StaffMembership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    StaffMembership.objects.bulk_create(
        StaffMembership(user=user, organisation=school, source=StaffMembership.Source.FEIDE)
        for school in schools
        if school.pk not in existing
    )
    return schools
