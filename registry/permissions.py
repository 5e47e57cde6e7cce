"""The permission policy: what one user may do, each question answered in one method.

`PolicyMiddleware` puts a `Policy` on every request (`request.policy`), loaded lazily: the
user's education organisations (schools, school owners, training offices, universities) and
counties in one query, the first time a view asks. Staff of any education organisation act
for it as school staff act for their school. Views load objects
through it and it raises `PermissionDenied` with the reason (rendered by `handler403` in
the user's language) or `Http404`. Superusers (the site's administrators) are handled here
and nowhere else: they may read and do everything staff and coordinators may, in every
county, except change another person's words in the shared log.

Whether a view needs a login at all is decided by Django's `LoginRequiredMiddleware`: every
view is closed unless it is marked `public` below.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, Value
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from agreements.models.party import EDUCATION_KINDS
from registry.models import CountyCoordinator, StaffMembership

# Marks a view open to everyone, logged in or not. Everything else needs a login.
public = login_not_required


class NoStaffRights(PermissionDenied):
    """A logged-in user who is neither staff of a registered education organisation nor a
    coordinator."""


class Policy:
    def __init__(self, user, organisation_ids=frozenset(), county_ids=frozenset()):
        self.user = user
        # The education organisations the user is staff of (agreements.models.party's
        # EDUCATION_KINDS).
        self.organisation_ids = frozenset(organisation_ids)
        self.county_ids = frozenset(county_ids)
        self.is_superuser = bool(user.is_authenticated and user.is_active and user.is_superuser)

    @classmethod
    def for_user(cls, user) -> "Policy":
        """The user's education organisations and counties, in one query."""
        if not user.is_authenticated:
            return cls(user)
        rows = (
            StaffMembership.objects.filter(user=user, organisation__kind__in=EDUCATION_KINDS)
            .values_list("organisation_id", Value("organisation", output_field=CharField()))
            .union(
                CountyCoordinator.objects.filter(user=user).values_list(
                    "county_id", Value("county", output_field=CharField())
                ),
                all=True,
            )
        )
        organisations, counties = set(), set()
        for pk, what in rows:
            (organisations if what == "organisation" else counties).add(pk)
        return cls(user, organisations, counties)

    # --- The questions ------------------------------------------------------------------------

    @property
    def is_staff(self) -> bool:
        """Staff of a registered education organisation, a coordinator or an administrator:
        reads staff pages."""
        return bool(self.organisation_ids or self.county_ids or self.is_superuser)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.county_ids or self.is_superuser)

    def coordinates(self, county) -> bool:
        """Coordinates this county (a County or its id)."""
        county_id = getattr(county, "pk", county)
        return county_id is not None and (self.is_superuser or county_id in self.county_ids)

    def may_act_on(self, agreement) -> bool:
        """Edit, publish, withdraw, renew: staff of the responsible party or of another party
        (an education organisation), or the county coordinates it.

        Uses the prefetched parties when there are any.
        """
        if self.is_superuser or self.coordinates(agreement.county_id):
            return True
        if agreement.responsible_organisation_id in self.organisation_ids:
            return True
        return any(p.organisation_id in self.organisation_ids for p in agreement.parties.all())

    def may_act_for_organisation(self, organisation) -> bool:
        """May register an agreement with this education organisation as a party: its staff,
        or a coordinator of its county."""
        county_id = organisation.municipality.county_id if organisation.municipality_id else None
        return (
            self.is_superuser
            or organisation.pk in self.organisation_ids
            or (organisation.kind in EDUCATION_KINDS and self.coordinates(county_id))
        )

    def may_hand_over(self, agreement) -> bool:
        """Name the agreement's responsible staff: staff of its responsible party, a
        coordinator of the owning county, an administrator."""
        return agreement.responsible_organisation_id in self.organisation_ids or self.coordinates(
            agreement.county_id
        )

    def may_approve(self, agreement) -> bool:
        """Approve or return: a coordinator of the owning county who did not send it."""
        return self.coordinates(agreement.county_id) and agreement.submitted_by_id != self.user.pk

    def may_export(self, county) -> bool:
        return self.coordinates(county)

    def may_follow_import(self, job) -> bool:
        """A spreadsheet import (its preview, progress and report) is its requester's, and the
        administrators'; each of its rows is checked by may_act_for_organisation and
        may_act_on."""
        return self.is_superuser or (
            job.requested_by_id is not None and job.requested_by_id == self.user.pk
        )

    def may_edit_log_message(self, message) -> bool:
        """A log message is its author's words: only the author corrects it."""
        return message.author_id == self.user.pk

    def may_delete_log_message(self, message) -> bool:
        return message.author_id == self.user.pk or self.is_superuser

    @property
    def may_see_register_status(self) -> bool:
        """The national registers' refresh (/ansatt/registre/): administrators."""
        return self.is_superuser

    # --- What the user reaches ----------------------------------------------------------------

    def agreements(self, queryset):
        """The agreements of `queryset` this user may act on ("Mine avtaler")."""
        if self.is_superuser:
            return queryset
        return queryset.for_organisations_or_counties(self.organisation_ids, self.county_ids)

    def organisations(self, queryset):
        """The education organisations of `queryset` this user acts for: theirs, and those of
        their counties."""
        organisations = queryset.filter(kind__in=EDUCATION_KINDS)
        if self.is_superuser:
            return organisations
        return organisations.filter(
            Q(pk__in=self.organisation_ids) | Q(municipality__county_id__in=self.county_ids)
        )

    def counties(self, queryset):
        """The counties of `queryset` this user coordinates."""
        return queryset if self.is_superuser else queryset.filter(pk__in=self.county_ids)

    # --- Enforcing ----------------------------------------------------------------------------

    def require(self, allowed: bool, reason) -> None:
        if not allowed:
            raise PermissionDenied(reason)

    def require_staff(self) -> None:
        if not self.is_staff:
            raise NoStaffRights(_("You are logged in, but have no staff rights"))

    def agreement_to_act_on(self, queryset, pk, reason=None):
        agreement = get_object_or_404(queryset, pk=pk)
        self.require(
            self.may_act_on(agreement),
            reason or _("Only staff of the organisations in this agreement may change it."),
        )
        return agreement

    def county_to_coordinate(self, queryset, number):
        county = get_object_or_404(queryset, number=number)
        self.require(self.coordinates(county), _("Only the county's coordinators may do this."))
        return county


def staff_only(view):
    """For staff pages: logged in (the middleware) and staff, coordinator or administrator."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.policy.require_staff()
        return view(request, *args, **kwargs)

    return wrapper


class PolicyMiddleware:
    """`request.policy`, made the first time a view or template asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.policy = SimpleLazyObject(lambda: Policy.for_user(request.user))
        return self.get_response(request)


class RegistryLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's, except that the admin's pages send a visitor to the admin's own login."""

    def get_login_url(self, view_func):
        site = getattr(view_func, "admin_site", None) or getattr(
            getattr(view_func, "model_admin", None), "admin_site", None
        )
        if site is not None:
            return reverse("admin:login", current_app=site.name)
        return super().get_login_url(view_func)
