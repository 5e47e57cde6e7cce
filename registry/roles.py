"""What a logged-in user may do: the schools they work at and the counties they coordinate.

Loaded once per request (two small queries) and kept on the request.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Value

from registry.models import CountyCoordinator, StaffMembership


@dataclass(frozen=True)
class Roles:
    school_ids: frozenset[int] = field(default_factory=frozenset)
    county_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        """Staff of a registered school or a county coordinator: may read everything staff see."""
        return bool(self.school_ids or self.county_ids)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.county_ids)

    def can_edit(self, agreement) -> bool:
        """Staff of a party school, or a coordinator of the agreement's county.

        Uses the prefetched parties when there are any.
        """
        if agreement.county_id in self.county_ids:
            return True
        return any(p.organisation_id in self.school_ids for p in agreement.parties.all())

    def can_act_for_school(self, school) -> bool:
        """May make this school a party: staff there, or a coordinator of its county."""
        county_id = school.municipality.county_id if school.municipality_id else None
        return school.pk in self.school_ids or county_id in self.county_ids


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    """The user's schools and counties, in one query."""
    if not user.is_authenticated:
        return NO_ROLES
    kind = Value("school", output_field=CharField())
    rows = (
        StaffMembership.objects.filter(user=user)
        .values_list("organisation_id", kind)
        .union(
            CountyCoordinator.objects.filter(user=user).values_list(
                "county_id", Value("county", output_field=CharField())
            ),
            all=True,
        )
    )
    schools, counties = set(), set()
    for pk, what in rows:
        (schools if what == "school" else counties).add(pk)
    return Roles(school_ids=frozenset(schools), county_ids=frozenset(counties))


def request_roles(request) -> Roles:
    if not hasattr(request, "_roles"):
        request._roles = roles_of(request.user)
    return request._roles
