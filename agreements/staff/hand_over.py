"""/ansatt/avtaler/<id>/ansvarlig/: hand an agreement over to a new responsible person, and
the list of agreements that need one (on "Mine avtaler", and paged for the county's
coordinators, whose overview says how many there are)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements.models import Agreement, oslo_today
from agreements.models.responsibility import with_hand_over_people
from agreements.responsibility import HandOverForm, hand_over
from agreements.workflow import WorkflowError
from registry.pagination import paginate_by_key
from registry.permissions import staff_only

LISTED = 50  # the list shows this many, and says how many more there are


@staff_only
@require_http_methods(["GET", "POST"])
def agreement_hand_over(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.select_related("responsible_organisation", "county"), pk=pk
    )
    request.policy.require(
        request.policy.may_hand_over(agreement),
        _(
            "Only staff of the responsible party and the county's coordinators may hand the "
            "agreement over."
        ),
    )
    form = HandOverForm(
        request.POST or None, agreement=agreement, initial={"version": agreement.version}
    )
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            hand_over(
                agreement, policy=request.policy, user=user, version=form.cleaned_data["version"]
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now responsible for “%(title)s”.")
                % {"name": user.get_full_name() or user.get_username(), "title": agreement.title},
            )
            return redirect(_back(request, agreement))
    return render(
        request,
        "staff/hand_over.html",
        {
            "agreement": agreement,
            "form": form,
            "responsible_staff": list(agreement.responsible_staff.all()),
            "next": _back(request, agreement),
        },
        status=400 if form.is_bound else 200,
    )


def _back(request, agreement) -> str:
    """Where the user came from (the list they handed it over from), else the agreement."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff:agreement_detail", args=[agreement.pk])


def needing_attention(agreements) -> dict:
    """The context of the list (templates/staff/_needing_attention.html): the first LISTED of
    `agreements` (an AgreementQuerySet) that need a new responsible person or have a party out
    of business, and how many there are."""
    listed = with_hand_over_people(agreements.hand_over_list(oslo_today(), LISTED))
    total = listed[0].needing_total if listed else 0
    return {"needing": listed, "needing_more": total - len(listed)}


def needing_attention_page(request, agreements) -> dict:
    """The context of the paged list (templates/county/needing_attention.html): the requested
    page of LISTED of `agreements` that need attention, in the same order and with the same
    rows as needing_attention's, and where a hand-over returns to (this page)."""
    keys, rows = agreements.hand_over_keys_and_rows(oslo_today())
    page = paginate_by_key(request, keys, rows, per_page=LISTED)
    return {
        "page": page,
        "needing": with_hand_over_people(page.object_list),
        "back": request.get_full_path(),
    }
