"""County coordinators: the publishing routine, the approval queue, approve and return."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.access import forbidden, staff_required
from agreements.models import Agreement, CountyRoutine
from orgs.models import County


def coordinated_county(request, number):
    """The county, and a refusal unless the user coordinates it."""
    county = get_object_or_404(County, number=number)
    if county.pk not in request.roles.county_ids:
        return county, forbidden(request, _("Only the county's coordinators may do this."))
    return county, None


@staff_required
def approval_queue(request, number):
    county, refusal = coordinated_county(request, number)
    if refusal:
        return refusal
    waiting = (
        Agreement.objects.filter(county=county, status=Agreement.Status.SUBMITTED)
        .for_listing()
        .select_related("submitted_by")
        .order_by("updated_at")
    )
    return render(request, "county/approval_queue.html", {"county": county, "waiting": waiting})


@staff_required
def routine_settings(request, number):
    county, refusal = coordinated_county(request, number)
    if refusal:
        return refusal
    routine, _created = CountyRoutine.objects.get_or_create(county=county)
    if request.method == "POST":
        # Changing the routine touches no agreement: what is public stays public.
        routine.approval_required = request.POST.get("approval_required") == "on"
        routine.updated_by = request.user
        routine.save()
        messages.success(request, _("The routine is saved."))
        return redirect("county:routine", number=number)
    return render(request, "county/routine.html", {"county": county, "routine": routine})


def _review(request, pk, act):
    """Loads a submitted agreement for its county's coordinator, or says why not."""
    agreement = get_object_or_404(Agreement.objects.select_related("county"), pk=pk)
    if agreement.county_id not in request.roles.county_ids:
        return forbidden(request, _("Only the county's coordinators may approve or return it."))
    if agreement.submitted_by_id == request.user.pk:
        return forbidden(
            request, _("You sent this agreement for approval; another coordinator must approve it.")
        )
    with transaction.atomic():
        current = Agreement.objects.select_for_update().get(pk=pk)
        if current.status != Agreement.Status.SUBMITTED:
            messages.error(request, _("The agreement is not waiting for approval."))
        elif str(current.version) != request.POST.get("version"):
            messages.error(
                request,
                _(
                    "The agreement changed after it was sent for approval. Read it again "
                    "before you approve it."
                ),
            )
        else:
            return act(current)
    return redirect("staff:agreement_detail", pk=pk)


@staff_required
@require_POST
def agreement_approve(request, pk):
    def approve(agreement):
        agreement.change_status(Agreement.Status.PUBLISHED, user=request.user)
        messages.success(request, _("Approved. The agreement is published."))
        return redirect("county:approval_queue", number=agreement.county.number)

    return _review(request, pk, approve)


@staff_required
@require_POST
def agreement_return(request, pk):
    comment = request.POST.get("comment", "").strip()

    def send_back(agreement):
        if not comment:
            messages.error(request, _("Write a comment so the school knows what to change."))
            return redirect("staff:agreement_detail", pk=pk)
        agreement.change_status(Agreement.Status.DRAFT, user=request.user, reason=comment)
        messages.success(request, _("Returned to the school with your comment."))
        return redirect("county:approval_queue", number=agreement.county.number)

    return _review(request, pk, send_back)
