"""Staff pages under /ansatt/: my agreements, one agreement, publish, withdraw, the document.

Each view reads top to bottom: load through the policy (request.policy), act through the
workflow, render. The create, edit and renew form is in editing.py.
"""

from django.contrib import messages
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements import workflow
from agreements.follow_up.timeline import staff_timeline
from agreements.history import history_entries, proposed_changes
from agreements.models import Agreement, PendingChange, oslo_today
from agreements.models.framework import local_agreements_of
from agreements.staff import actions
from agreements.staff.filters import StaffAgreementFilter
from agreements.staff.hand_over import needing_attention
from orgs.models import County, Organisation
from registry import limits
from registry.downloads import stored_file_response
from registry.models import User
from registry.pagination import paginate_by_key
from registry.permissions import staff_only
from registry.together import ReadTogether

SUGGESTIONS = 10
# What the agreement's page lists besides its relations, read in the same one query.
DETAIL_LISTS = (
    ReadTogether(
        "responsible_staff",
        User.objects.order_by("first_name", "pk"),
        fields=("username", "first_name", "last_name"),
    ),
    ReadTogether("renewals", fields=("title", "valid_from", "valid_to")),
)


@staff_only
@require_GET
def staff_home(request):
    """ "Mine avtaler": the agreements of my schools (and counties) in every status; the page's
    keys are read first (paginate_by_key), then its twenty rows with their parties."""
    agreements = request.policy.agreements(Agreement.objects.all())
    agreement_filter = StaffAgreementFilter(request.GET, queryset=agreements, policy=request.policy)
    # Those my organisations are responsible for that need a new responsible person.
    mine = Agreement.objects.filter(responsible_organisation__in=request.policy.organisation_ids)
    return render(
        request,
        "staff/home.html",
        {
            "filter": agreement_filter,
            # Ordered by its `sorter`.
            "page": paginate_by_key(request, agreement_filter.qs, Agreement.objects.for_table()),
            "counties": request.policy.counties(County.objects.all()),
            **needing_attention(mine),
        },
    )


@staff_only
@require_GET
def agreement_detail(request, pk):
    """Any staff member reads any agreement, drafts included, and the change to it that waits
    for approval (or the last one the county returned)."""
    today = oslo_today()
    agreement = get_object_or_404(actions.for_staff_page(DETAIL_LISTS, today), pk=pk)
    change = last_change(agreement)
    open_change = change if change is not None and change.returned_at is None else None
    return render(
        request,
        "staff/agreement_detail.html",
        {
            "agreement": agreement,
            "actions": workflow.actions_for(agreement, request.policy, open_change),
            "publishes_directly": actions.publishes_directly(request.policy, agreement),
            "history": history_entries(agreement),
            "renewals": list(agreement.renewals.all()),
            "framework": agreement.framework,
            "local_agreements": local_agreements_of(agreement, Agreement.objects.all()),
            "responsible_staff": list(agreement.responsible_staff.all()),
            "may_hand_over": request.policy.may_hand_over(agreement),
            "follow_up": staff_timeline(agreement, request.policy, today),
            "change": open_change,
            "proposed": proposed_changes(agreement, open_change) if open_change else [],
            # A returned change is shown until the agreement is changed or a new one proposed.
            "returned_change": change
            if change is not None
            and change.returned_at is not None
            and change.returned_at > agreement.updated_at
            else None,
        },
    )


def last_change(agreement):
    """The agreement's open change, else the one returned last, else None."""
    change = (
        PendingChange.objects.filter(agreement=agreement)
        .select_related("proposed_by", "returned_by")
        .order_by(F("returned_at").desc(nulls_first=True))  # the open one, else the latest
        .first()
    )
    if change is not None:
        change.agreement = agreement  # its county, for the policy, without a query
    return change


@staff_only
@require_POST
@actions.acting_on("publish")
def agreement_publish(request, agreement):
    return _perform(request, agreement, "publish")


@staff_only
@require_http_methods(["GET", "POST"])
@actions.acting_on("withdraw")
def agreement_withdraw(request, agreement):
    reason = request.POST.get("reason", "")
    error = ""
    if request.method == "POST":
        if reason.strip():
            return _perform(request, agreement, "withdraw", reason)
        error = _("Say why the agreement is withdrawn.")
    return render(
        request,
        "staff/agreement_withdraw.html",
        {"agreement": agreement, "error": error, "reason": reason},
        status=400 if error else 200,
    )


def _perform(request, agreement, action, reason=""):
    """Runs a workflow action and says how it went; back to the agreement either way."""
    actions.perform(request, agreement, action, reason)
    return redirect("staff:agreement_detail", pk=agreement.pk)


@staff_only
@require_GET
def agreement_document(request, pk):
    """The signed document, for staff only: it is stored outside every public root."""
    agreement = get_object_or_404(Agreement, pk=pk)
    return _signed_pdf(agreement, f"avtale-{pk}.pdf")


@staff_only
@require_GET
def change_document(request, pk):
    """The signed document proposed in the change that waits for approval, for staff only."""
    change = get_object_or_404(PendingChange.objects.open(), agreement_id=pk)
    return _signed_pdf(change, f"avtale-{pk}-endring.pdf")


def _signed_pdf(holder, fallback_name):
    """An agreement's or a proposed change's signed PDF, under the name it was uploaded with."""
    if not holder.document:
        raise Http404("No document")
    return stored_file_response(
        holder.document,
        content_type="application/pdf",
        filename=holder.document_name or fallback_name,
    )


@staff_only
@require_GET
@limits.limited(limits.STAFF_SUGGESTIONS)
def organisation_suggestions(request):
    """Organisations matching ?q=, for the party fields' suggestions."""
    query = request.GET.get("q", "").strip()
    results = []
    if len(query) >= 2:
        organisations = (
            Organisation.objects.active().ranked_search(query).select_related("municipality")
        )
        results = [
            {
                "orgnr": o.orgnr,
                "name": o.name,
                "label": f"{o.name} ({o.orgnr})",
                "kind": o.get_kind_display(),
                "municipality": o.municipality.name if o.municipality else "",
            }
            for o in organisations[:SUGGESTIONS]
        ]
    return JsonResponse({"results": results})


@staff_only
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """My settings: the e-mail reminders can be switched off."""
    if request.method == "POST":
        request.user.reminders_enabled = request.POST.get("reminders_enabled") == "on"
        request.user.save(update_fields=["reminders_enabled"])
        messages.success(request, _("Your settings are saved."))
        return redirect("staff:settings")
    return render(request, "staff/settings.html", {})
