"""Staff pages under /ansatt/: my agreements, create, edit, publish, withdraw, renew.

Each view reads top to bottom: load, check access, act, render. Access is checked here on
the server for every request; the templates only hide buttons.
"""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements.access import forbidden, staff_required
from agreements.history import history_entries
from agreements.models import Agreement, LogMessage
from agreements.routines import county_of_parties, publishing_status
from agreements.staff.filters import StaffAgreementFilter
from agreements.staff.forms import EMPTY_PARTY_ROWS, AgreementForm, PartyFormSet
from orgs.models import County, Organisation
from registry.pagination import paginate, query_string_without_page

PARTY_PREFIX = "parties"
SUGGESTIONS = 10


@staff_required
def staff_home(request):
    """ "Mine avtaler": the agreements of my schools (and counties) in every status."""
    agreements = Agreement.objects.for_roles(request.roles).for_listing()
    agreement_filter = StaffAgreementFilter(request.GET, queryset=agreements, roles=request.roles)
    return render(
        request,
        "staff/home.html",
        {
            "filter": agreement_filter,
            "page": paginate(request, agreement_filter.qs.order_by("-updated_at")),
            "query_string": query_string_without_page(request),
            "counties": County.objects.filter(pk__in=request.roles.county_ids),
        },
    )


@staff_required
def agreement_detail(request, pk):
    """Any staff member reads any agreement, drafts included."""
    agreement = get_object_or_404(
        Agreement.objects.for_listing().select_related("renews", "created_by", "updated_by"),
        pk=pk,
    )
    return render(
        request,
        "staff/agreement_detail.html",
        {
            "agreement": agreement,
            "can_edit": request.roles.can_edit(agreement),
            "can_review": agreement.county_id in request.roles.county_ids
            and agreement.submitted_by_id != request.user.pk,
            "history": history_entries(agreement),
            "renewals": list(agreement.renewals.all()),
        },
    )


@staff_required
def agreement_create(request):
    return _agreement_form(request, agreement=None)


@staff_required
def agreement_edit(request, pk):
    agreement = get_object_or_404(Agreement.objects.for_listing(), pk=pk)
    if not request.roles.can_edit(agreement):
        return forbidden(request, _("Only staff of the schools in this agreement may change it."))
    return _agreement_form(request, agreement=agreement)


@staff_required
def agreement_renew(request, pk):
    original = get_object_or_404(Agreement.objects.for_listing(), pk=pk)
    if not request.roles.can_edit(original):
        return forbidden(request, _("Only staff of the schools in this agreement may renew it."))
    return _agreement_form(request, agreement=None, renews=original)


@staff_required
@require_POST
def agreement_publish(request, pk):
    agreement = get_object_or_404(Agreement.objects.for_listing(), pk=pk)
    if not request.roles.can_edit(agreement):
        return forbidden(request, _("Only staff of the schools in this agreement may publish it."))
    if agreement.status in (Agreement.Status.PUBLISHED, Agreement.Status.SUBMITTED):
        messages.info(request, _("The agreement is already published or sent for approval."))
        return redirect("staff:agreement_detail", pk=pk)
    status = publishing_status(request.roles, agreement.county_id)
    return _change_status(request, agreement, status)


@staff_required
def agreement_withdraw(request, pk):
    agreement = get_object_or_404(Agreement.objects.for_listing(), pk=pk)
    if not request.roles.can_edit(agreement):
        return forbidden(request, _("Only staff of the schools in this agreement may withdraw it."))
    if agreement.status == Agreement.Status.WITHDRAWN:
        messages.info(request, _("The agreement is already withdrawn."))
        return redirect("staff:agreement_detail", pk=pk)
    error = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        if reason:
            return _change_status(request, agreement, Agreement.Status.WITHDRAWN, reason)
        error = _("Say why the agreement is withdrawn.")
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "staff/agreement_withdraw.html",
        {"agreement": agreement, "error": error, "reason": request.POST.get("reason", "")},
        status=400 if error else 200,
    )


@staff_required
@require_GET
def agreement_document(request, pk):
    """The signed document, for staff only: it is stored outside every public root."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not agreement.document:
        raise Http404("No document")
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404("Document missing on disk") from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"avtale-{agreement.pk}.pdf",
    )


@staff_required
@require_GET
def organisation_suggestions(request):
    """Organisations matching ?q=, for the party fields' suggestions."""
    query = request.GET.get("q", "").strip()
    results = []
    if len(query) >= 2:
        organisations = Organisation.objects.active().search(query).select_related("municipality")
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


def _change_status(request, agreement, status, reason=""):
    with transaction.atomic():
        current = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if str(current.version) != request.POST.get("version"):
            messages.error(
                request,
                _("Someone changed the agreement while you were looking at it. Check it again."),
            )
            return redirect("staff:agreement_detail", pk=agreement.pk)
        current.change_status(status, user=request.user, reason=reason)
    done = {
        Agreement.Status.PUBLISHED: _("The agreement is published."),
        Agreement.Status.SUBMITTED: _(
            "The agreement is sent to the county for approval. It becomes public when a "
            "coordinator approves it."
        ),
        Agreement.Status.WITHDRAWN: _("The agreement is withdrawn."),
        Agreement.Status.DRAFT: _("The agreement is returned to the school with your comment."),
    }
    messages.success(request, done[status])
    return redirect("staff:agreement_detail", pk=agreement.pk)


def _initial_parties(request, agreement, renews):
    source = agreement or renews
    if source is not None:
        return [
            {
                "organisation": _party_label(p.organisation),
                "signatory": p.signatory,
                "resolved": p.organisation,
            }
            for p in source.parties.all()
        ]
    my_school = (
        Organisation.objects.filter(pk__in=request.roles.school_ids).order_by("name").first()
    )
    initial = (
        [{"organisation": _party_label(my_school), "resolved": my_school}] if my_school else []
    )
    # "Start an agreement with this organisation", from its staff page.
    partner = Organisation.objects.filter(orgnr=request.GET.get("part", "")).first()
    if partner and partner != my_school:
        initial.append({"organisation": _party_label(partner), "resolved": partner})
    return initial


def _party_label(organisation) -> str:
    """How a party is shown in its field; resolve_organisation reads it back."""
    return f"{organisation.name} ({organisation.orgnr})"


def _renewal_initial(original) -> dict:
    """A copy of the agreement for the period that follows it, of the same length."""
    length = original.valid_to - original.valid_from
    valid_from = original.valid_to + datetime.timedelta(days=1)
    return {
        "title": original.title,
        "purpose": original.purpose,
        "cooperation_types": list(original.cooperation_types.all()),
        "programme_areas": list(original.programme_areas.all()),
        "trades": list(original.trades.all()),
        "valid_from": valid_from,
        "valid_to": valid_from + length,
        "signed_place": original.signed_place,
        "contact_persons": original.contact_persons,
    }


def _party_formset(request, agreement, renews, adding_rows=False):
    if request.method == "POST":
        data = request.POST
        if adding_rows:
            data = data.copy()
            key = f"{PARTY_PREFIX}-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + EMPTY_PARTY_ROWS)
        return PartyFormSet(data, prefix=PARTY_PREFIX, roles=request.roles)
    initial = _initial_parties(request, agreement, renews)
    formset = PartyFormSet(initial=initial, prefix=PARTY_PREFIX, roles=request.roles)
    formset.extra = EMPTY_PARTY_ROWS
    return formset


def _agreement_form(request, agreement, renews=None):
    """The create, edit and renew form: the agreement's fields and its parties."""
    adding_rows = request.method == "POST" and "add_rows" in request.POST
    if request.method == "POST":
        form = AgreementForm(request.POST, request.FILES, instance=agreement)
    elif renews is not None:
        form = AgreementForm(initial=_renewal_initial(renews))
    else:
        form = AgreementForm(
            instance=agreement, initial={"version": getattr(agreement, "version", None)}
        )
    parties = _party_formset(request, agreement, renews, adding_rows)
    conflict = None

    if request.method == "POST" and not adding_rows and form.is_valid() and parties.is_valid():
        with transaction.atomic():
            if agreement is not None:
                current = Agreement.objects.select_for_update().get(pk=agreement.pk)
                if current.version != form.cleaned_data["version"]:
                    conflict = history_entries(current, since_version=form.cleaned_data["version"])
                    form = _rebind_with_version(request, agreement, current.version)
            if conflict is None:
                saved = form.save(commit=False)
                if renews is not None:
                    saved.renews = renews
                if request.POST.get("action") == "publish":
                    saved.status = publishing_status(
                        request.roles, county_of_parties(parties.parties)
                    )
                saved.save_with_relations(
                    user=request.user,
                    parties=parties.parties,
                    cooperation_types=form.cleaned_data["cooperation_types"],
                    programme_areas=form.cleaned_data["programme_areas"],
                    trades=form.cleaned_data["trades"],
                )
        if conflict is None:
            messages.success(request, _saved_message(saved))
            return redirect("staff:agreement_detail", pk=saved.pk)

    status = 200
    if conflict is not None:
        status = 409
    elif request.method == "POST" and not adding_rows:
        status = 400
    return render(
        request,
        "staff/agreement_form.html",
        {
            "form": form,
            "parties": parties,
            "agreement": agreement,
            "renews": renews,
            "conflict": conflict,
            "adding_rows": adding_rows,
            # Other schools' recent contacts matter when an agreement is started, not edited.
            "recent_contacts": [] if agreement else _recent_contacts(request, parties),
        },
        status=status,
    )


def _recent_contacts(request, parties):
    """Other schools' recent contacts with the companies and partners in the form."""
    if parties.is_bound:
        chosen = [
            form.cleaned_data["organisation"]
            for form in parties.forms
            if form.is_valid() and form.cleaned_data.get("organisation")
        ]
    else:
        chosen = [row.get("resolved") for row in parties.initial or []]
    partners = [o for o in chosen if o is not None and not o.is_school]
    if not partners:
        return []
    return list(
        LogMessage.objects.recent_contacts(partners, excluding_schools=request.roles.school_ids)[:5]
    )


def _rebind_with_version(request, agreement, version):
    """The editor's input kept as typed, now based on the current version."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = AgreementForm(data, request.FILES, instance=agreement)
    form.is_valid()
    return form


def _saved_message(agreement) -> str:
    if agreement.status == Agreement.Status.SUBMITTED:
        return _("Saved and sent to the county for approval.")
    if agreement.status == Agreement.Status.PUBLISHED:
        if agreement.is_public():
            return _("Saved. The agreement is published and shown on the public pages.")
        return _("Saved and published. It is not shown publicly because it has expired.")
    return _("Saved as a draft. Only staff can see it until it is published.")


@staff_required
def settings_page(request):
    """My settings: the e-mail reminders can be switched off."""
    if request.method == "POST":
        request.user.reminders_enabled = request.POST.get("reminders_enabled") == "on"
        request.user.save(update_fields=["reminders_enabled"])
        messages.success(request, _("Your settings are saved."))
        return redirect("staff:settings")
    return render(request, "staff/settings.html", {})
