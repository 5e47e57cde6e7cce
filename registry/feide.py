"""Roles from Feide: which education organisations a user works at, read from Feide's groups
API.

Feide describes an organisation as a group of type "fc:org". The school owner (for a county
school, the county authority; for a municipality's training office, the municipality) is the
group "fc:org:<realm>", which carries the user's affiliation and the owner's organisation
number in norEduOrgNIN. A school is a unit under it, "fc:org:<realm>:unit:NO<orgnr>", and
inherits the affiliation from its parent unless it has its own. A user placed in a registered
unit (a school, a training office) works there, not for its owner: a teacher at a county
school is not staff of the county authority. A user placed in no registered unit (the county
authority's education office, a university's staff) works for the owner.
"""

import logging
import re

import requests
from django.conf import settings
from django.db import transaction

from agreements.models.party import EDUCATION_KINDS
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


def unit_owners(groups: list[dict]) -> dict[str, str]:
    """The owner's organisation number of each unit the user is placed in, by the unit's."""
    by_id = {group["id"]: group for group in groups if group.get("id")}
    owners = {}
    for group in groups:
        parent = by_id.get(group.get("parent") or "") or {}
        unit = _UNIT_ORGNR.search(group.get("id") or "")
        owner = _NIN_ORGNR.search(parent.get("norEduOrgNIN") or "")
        if group.get("type") == "fc:org" and unit and owner and unit.group(1) != owner.group(1):
            owners[unit.group(1)] = owner.group(1)
    return owners


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
def refresh_memberships(user, orgnrs: set[str], owners: dict | None = None) -> list[Organisation]:
    """Makes the user's Feide memberships exactly the registered education organisations with
    these numbers, except an owner (`owners`, from unit_owners) of a registered unit the user
    is placed in. Memberships granted by an administrator are left alone. Returns the Feide
    organisations.
    """
    owners = owners or {}
    found = list(Organisation.objects.filter(kind__in=EDUCATION_KINDS, orgnr__in=orgnrs))
    placed_under = {owners[o.orgnr] for o in found if o.orgnr in owners}
    workplaces = [o for o in found if o.orgnr not in placed_under]
    feide = StaffMembership.objects.filter(user=user, source=StaffMembership.Source.FEIDE)
    feide.exclude(organisation__in=workplaces).delete()
    existing = set(
        StaffMembership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    StaffMembership.objects.bulk_create(
        StaffMembership(user=user, organisation=workplace, source=StaffMembership.Source.FEIDE)
        for workplace in workplaces
        if workplace.pk not in existing
    )
    return workplaces
