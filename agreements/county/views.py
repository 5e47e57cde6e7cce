"""County coordinators: the publishing routine, the approval queue, approve and return."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.models import Agreement, CountyRoutine
from agreements.staff import actions
from orgs.models import County
from registry.permissions import staff_only


@staff_only
@require_GET
def approval_queue(request, number):
    county = request.policy.county_to_coordinate(County.objects, number)
    waiting = (
        Agreement.objects.filter(county=county)
        .awaiting_approval()
        .for_listing()
        .select_related("submitted_by")
        .order_by("updated_at")
    )
    return render(request, "county/approval_queue.html", {"county": county, "waiting": waiting})


@staff_only
@require_http_methods(["GET", "POST"])
def routine_settings(request, number):
    county = request.policy.county_to_coordinate(County.objects, number)
    routine, _created = CountyRoutine.objects.get_or_create(county=county)
    if request.method == "POST":
        # Changing the routine touches no agreement: what is public stays public.
        routine.approval_required = request.POST.get("approval_required") == "on"
        routine.updated_by = request.user
        routine.save()
        messages.success(request, _("The routine is saved."))
        return redirect("county:routine", number=number)
    return render(request, "county/routine.html", {"county": county, "routine": routine})


@staff_only
@require_POST
def agreement_approve(request, pk):
    return _review(request, pk, "approve")


@staff_only
@require_POST
def agreement_return(request, pk):
    return _review(request, pk, "send_back", request.POST.get("comment", ""))


def _review(request, pk, action, comment=""):
    """Approve or send back: for the owning county's coordinators, not the one who sent it."""
    agreement = get_object_or_404(Agreement.objects.select_related("county"), pk=pk)
    request.policy.require(
        request.policy.coordinates(agreement.county_id),
        _("Only the county's coordinators may approve or return it."),
    )
    request.policy.require(
        request.policy.may_approve(agreement),
        _("You sent this agreement for approval; another coordinator must approve it."),
    )
    done = actions.perform(
        request,
        agreement,
        action,
        comment,
        stale_message=_(
            "The agreement changed after it was sent for approval. Read it again "
            "before you approve it."
        ),
    )
    if done is None:
        return redirect("staff:agreement_detail", pk=pk)
    return redirect("county:approval_queue", number=done.county.number)
