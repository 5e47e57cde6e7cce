"""After every Feide login: update the user's name and e-mail, and from Feide the education
organisations (schools, school owners, training offices, universities) they work at."""

import logging

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from registry.feide import (
    GroupsApiError,
    employed_orgnrs,
    fetch_groups,
    refresh_memberships,
    unit_owners,
)
from registry.middleware import path_in
from registry.models import CountyCoordinator, StaffMembership

logger = logging.getLogger(__name__)

FEIDE = "feide"


@receiver(user_logged_in, dispatch_uid="registry.feide_login")
def on_user_logged_in(sender, request, user, sociallogin=None, response=None, **kwargs):
    if sociallogin is None or sociallogin.account.provider != FEIDE:
        return
    # The callback's URL has no language; the page the user goes on to has (/en/… or not).
    with translation.override(language_of(response)):
        after_feide_login(request, user, sociallogin, response)


def language_of(response) -> str:
    location = response.get("Location", "") if response is not None else ""
    return translation.get_language_from_path(location) or settings.LANGUAGE_CODE


def after_feide_login(request, user, sociallogin, response) -> None:
    update_profile(user, sociallogin.account.extra_data or {})
    try:
        token = sociallogin.token.token if sociallogin.token else ""
        if not token:
            raise GroupsApiError("the login carried no access token")
        groups = fetch_groups(token)
    except GroupsApiError:
        logger.exception("Could not refresh the roles of user %s from Feide", user.pk)
        messages.warning(
            request,
            _(
                "You are logged in, but Feide did not tell us where you work just now, so you "
                "keep the rights you had at your last login. Log out and in again later to "
                "update them."
            ),
        )
        return
    refresh_memberships(user, employed_orgnrs(groups), unit_owners(groups))
    if greet(request, user) is False:
        send_to_the_front_page(response)


def send_to_the_front_page(response) -> None:
    """Someone without staff rights who was on their way to "Mine avtaler" by default goes to
    the front page instead, where the login message says once why (allauth picks the
    redirect before this signal has read the user's schools from Feide), in the language of
    the page they came from (English pages ask for /en/ansatt/), which on_user_logged_in has
    made the active one. Any other `next` is kept."""
    language = translation.get_language()
    default = path_in(resolve_url(settings.LOGIN_REDIRECT_URL), language)
    if response is not None and response.get("Location") == default:
        response["Location"] = path_in(resolve_url("front_page"), language)


def update_profile(user, extra_data: dict) -> None:
    """First and last name and e-mail from the ID token (the userinfo answer as a fallback)."""
    claims = {**(extra_data.get("userinfo") or {}), **(extra_data.get("id_token") or {})}
    first, last = claims.get("given_name"), claims.get("family_name")
    if not (first or last) and claims.get("name"):
        first, _space, last = str(claims["name"]).rpartition(" ")
        if not first:
            first, last = last, ""
    values = {"first_name": first, "last_name": last, "email": claims.get("email")}
    changed = []
    for field, value in values.items():
        if value is None:
            continue
        value = str(value)[: user._meta.get_field(field).max_length]
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)


def greet(request, user) -> bool:
    """Says what the user may do; False when they have no staff rights."""
    schools = [
        m.organisation.name
        for m in StaffMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    counties = [
        c.county.name
        for c in CountyCoordinator.objects.filter(user=user)
        .select_related("county")
        .order_by("county__name")
    ]
    if not schools and not counties:
        messages.info(
            request,
            _(
                "You are logged in, but you are not registered as staff at a school in the "
                "registry, so you cannot register or change agreements. All public agreements "
                "are open to you without logging in."
            ),
        )
        return False
    parts = [_("Welcome, %(name)s.") % {"name": user.get_full_name() or user.get_username()}]
    if schools:
        parts.append(
            _("You can register and change agreements for %(schools)s.")
            % {"schools": get_text_list(schools, _("and"))}
        )
    if counties:
        parts.append(
            _("As county coordinator you can act for every school in %(counties)s.")
            % {"counties": get_text_list(counties, _("and"))}
        )
    messages.success(request, " ".join(parts))
    return True
