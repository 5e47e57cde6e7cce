"""The county's publishing routine: publish directly, or a coordinator approves first."""

from agreements.models import Agreement, CountyRoutine


def publishing_status(roles, county_id) -> str:
    """What "publish" does for this user: publish, or send to the county's approval queue.

    A coordinator of the county publishes directly; so does everyone in a county that has
    not asked for approval.
    """
    if county_id in roles.county_ids or not CountyRoutine.approval_required_for(county_id):
        return Agreement.Status.PUBLISHED
    return Agreement.Status.SUBMITTED


def county_of_parties(parties):
    """The owning county a list of (organisation, role, signatory) will give the agreement."""
    for organisation, _role, _signatory in parties:
        if organisation.is_school and organisation.municipality_id:
            return organisation.municipality.county_id
    return None
