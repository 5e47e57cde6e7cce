"""County coordinators: the publishing routine, the approval queue, approve and return.

What waits for approval is an agreement sent for approval, or a change to a published one
(a PendingChange); the same two URLs approve or return either, as the agreement's page shows.
"""

from django.contrib import messages
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements import workflow
from agreements.models import Agreement, CountyRoutine, PendingChange
from agreements.staff import actions
from agreements.staff.hand_over import needing_attention_page
from orgs.models import County
from registry.pagination import paginate
from registry.permissions import staff_only


@staff_only
@require_GET
def needing_attention_list(request, number):
    """The county's agreements that need a new responsible person or have a party out of
    business, soonest to expire first, paged, each handed over in one step."""
    county = request.policy.county_to_coordinate(County.objects, number)
    context = needing_attention_page(request, Agreement.objects.filter(county=county))
    return render(request, "county/needing_attention.html", {"county": county, **context})


@staff_only
@require_GET
def approval_queue(request, number):
    """The county's agreements sent for approval, then its published agreements with a change
    that waits for approval, oldest first, each with who sent it: one paged list, each page's
    rows shown under the two headings, with how many there are of each."""
    county = request.policy.county_to_coordinate(County.objects, number)
    open_changes = PendingChange.objects.open()
    in_county = Agreement.objects.filter(county=county).order_by()
    # Each part found by an index (the county's submitted ones; the few open changes), not
    # by reading every agreement the county owns.
    queue = Agreement.objects.filter(
        pk__in=in_county.awaiting_approval()
        .values("pk")
        .union(
            in_county.filter(
                status=Agreement.Status.PUBLISHED, pk__in=open_changes.values("agreement_id")
            ).values("pk")
        )
    )
    waiting = Q(status=Agreement.Status.SUBMITTED)
    counts = queue.aggregate(
        waiting=Count("pk", filter=waiting), changed=Count("pk", filter=~waiting)
    )
    page = paginate(
        request,
        queue.alias(is_change=ExpressionWrapper(~waiting, output_field=BooleanField()))
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch(
                "pending_changes",
                queryset=open_changes.select_related("proposed_by"),
                to_attr="open_changes",
            )
        )
        .order_by("is_change", "updated_at", "pk"),
    )
    rows = page.object_list
    return render(
        request,
        "county/approval_queue.html",
        {
            "county": county,
            "counts": counts,
            "page": page,
            "waiting": [a for a in rows if a.is_awaiting_approval],
            "changed": [a for a in rows if not a.is_awaiting_approval],
        },
    )


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
    if agreement.is_published:
        change = PendingChange.objects.open().filter(agreement=agreement).first()
        if change is not None:
            change.agreement = agreement
        _require_may_review(request, agreement, change)
        return _review_change(request, agreement, action, comment)
    _require_may_review(request, agreement, agreement)
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


def _require_may_review(request, agreement, subject):
    """403 with the workflow's reason unless the user may approve or return `subject`."""
    refusal = workflow.review_refusal(agreement, request.policy, subject)
    request.policy.require(refusal is None, refusal)


def _review_change(request, agreement, action, comment):
    """Approve or return the change that waits for approval on a published agreement."""
    try:
        if action == "approve":
            workflow.approve_change(
                agreement,
                policy=request.policy,
                version=request.POST.get("version"),
                revision=request.POST.get("change", ""),
            )
        else:
            workflow.return_change(
                agreement,
                policy=request.policy,
                revision=request.POST.get("change", ""),
                comment=comment,
            )
    except workflow.WorkflowError as error:
        if isinstance(error, workflow.StaleVersion | workflow.StaleChange):
            error = _("The change or the agreement changed meanwhile. Read it again first.")
        messages.error(request, str(error))
        return redirect("staff:agreement_detail", pk=agreement.pk)
    done = "approve_change" if action == "approve" else "return_change"
    messages.success(request, workflow.done_message(agreement, done))
    return redirect("county:approval_queue", number=agreement.county.number)
