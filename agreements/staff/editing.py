"""The agreement form of /ansatt/: register, edit and renew, with the parties as a formset.

Saving goes through agreements.workflow.save: the version check, "save and publish" by the
owning county's routine, one version and one history entry. While a change to a published
agreement waits for approval, the form shows and edits that change.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agreements import workflow
from agreements.history import history_entries
from agreements.models import Agreement, LogMessage, PendingChange, oslo_today
from agreements.models.party import PartyRow, default_role
from agreements.responsibility import first_responsible_staff
from agreements.staff import actions
from agreements.staff.forms import EMPTY_PARTY_ROWS, AgreementForm, PartyFormSet, framework_label
from orgs.models import Organisation
from registry.permissions import staff_only

PARTY_PREFIX = "parties"


@staff_only
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    return _agreement_form(request, agreement=None)


@staff_only
@require_http_methods(["GET", "POST"])
@actions.acting_on("edit")
def agreement_edit(request, agreement):
    return _agreement_form(request, agreement=agreement)


@staff_only
@require_http_methods(["GET", "POST"])
@actions.acting_on("renew")
def agreement_renew(request, original):
    return _agreement_form(request, agreement=None, renews=original)


def _initial_parties(request, agreement, renews, change=None):
    if change is not None:
        responsible = change.references()["responsible_organisation"]
        return [_party_initial(row, responsible) for row in change.relations()["parties"]]
    source = agreement or renews
    if source is not None:
        responsible = source.responsible_organisation
        return [_party_initial(p.row, responsible) for p in source.parties.all()]
    mine = _my_first_organisation(request)
    initial = [_party_initial(PartyRow(mine, ""), mine)] if mine else []
    # "Start an agreement with this organisation", from its staff page.
    partner = Organisation.objects.filter(orgnr=request.GET.get("part", "")).first()
    if partner and partner != mine:
        initial.append({"organisation": _party_label(partner), "resolved": partner})
    return initial


def _party_initial(row, responsible) -> dict:
    return {
        "organisation": _party_label(row.organisation),
        "resolved": row.organisation,
        # "As in the register" unless another role was chosen, so that a row given another
        # organisation takes that one's role.
        "role": "" if row.role == default_role(row.organisation) else row.role,
        "signatory": row.signatory,
        "commitment": row.commitment,
        "cost_amount": "" if row.cost_amount is None else str(row.cost_amount).replace(".", ","),
        "cost_rule": row.cost_rule,
        "responsible": responsible is not None and row.organisation.pk == responsible.pk,
    }


def _my_first_organisation(request):
    """The organisation a new agreement starts with: the first, by name, of the education
    organisations the user works at (a coordinator without one of their own has none)."""
    if not hasattr(request, "_my_first_organisation"):
        request._my_first_organisation = (
            Organisation.objects.filter(pk__in=request.policy.organisation_ids)
            .select_related("municipality")
            .order_by("name")
            .first()
        )
    return request._my_first_organisation


def _owning_county_id(request, agreement):
    """The county an agreement belongs to; for a new one, as far as the form can tell before
    it is saved: that of the organisation it starts with, its responsible party by default
    (without one the user coordinates, and so publishes directly, wherever they register).
    The saved responsible party decides in the end."""
    if agreement is not None:
        return agreement.county_id
    mine = _my_first_organisation(request)
    return mine.municipality.county_id if mine and mine.municipality_id else None


def _party_label(organisation) -> str:
    """How a party is shown in its field; resolve_organisation reads it back."""
    return f"{organisation.name} ({organisation.orgnr})"


def _renewal_initial(original) -> dict:
    """A copy of the agreement for the period that follows it, as many school years long."""
    valid_from, valid_to = workflow.renewal_period(original.valid_from, original.valid_to)
    return {
        "title": original.title,
        "purpose": original.purpose,
        "cooperation_types": list(original.cooperation_types.all()),
        "programme_areas": list(original.programme_areas.all()),
        "trades": list(original.trades.all()),
        "valid_from": valid_from,
        "valid_to": valid_to,
        "signed_place": original.signed_place,
        "contact_persons": original.contact_persons,
        "yearly_meeting_due": original.yearly_meeting_due,
        "framework": framework_label(original.framework) if original.framework_id else "",
    }


def _change_initial(agreement, change) -> dict:
    """The form's fields as the open change proposes them."""
    proposal = change.proposal
    framework = proposal.get("framework")
    framework = Agreement.objects.filter(pk=framework).first() if framework else None
    return {
        **change.fields(),
        "framework": framework_label(framework) if framework else "",
        "cooperation_types": proposal.get("cooperation_types", []),
        "programme_areas": proposal.get("programme_areas", []),
        "trades": proposal.get("trades", []),
        "version": agreement.version,
    }


def _party_formset(request, agreement, renews, adding_rows=False, change=None):
    if request.method == "POST":
        data = request.POST
        if adding_rows:
            data = data.copy()
            key = f"{PARTY_PREFIX}-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + EMPTY_PARTY_ROWS)
        source = agreement or renews
        return PartyFormSet(
            data,
            prefix=PARTY_PREFIX,
            policy=request.policy,
            responsible=source.responsible_organisation if source else None,
        )
    initial = _initial_parties(request, agreement, renews, change)
    formset = PartyFormSet(initial=initial, prefix=PARTY_PREFIX, policy=request.policy)
    formset.extra = EMPTY_PARTY_ROWS
    return formset


def _agreement_form(request, agreement, renews=None):
    """The create, edit and renew form: the agreement's fields and its parties."""
    adding_rows = request.method == "POST" and "add_rows" in request.POST
    # The change that waits for approval, which the form edits; its revision is posted back.
    change = (
        (
            PendingChange.objects.open().filter(agreement=agreement).select_related("proposed_by")
        ).first()
        if agreement
        else None
    )
    revision = request.POST.get("change_revision", "") if request.method == "POST" else ""
    if request.method == "POST":
        form = AgreementForm(request.POST, request.FILES, instance=agreement)
    elif renews is not None:
        form = AgreementForm(initial=_renewal_initial(renews))
    elif change:
        form = AgreementForm(instance=agreement, initial=_change_initial(agreement, change))
        revision = str(change.revision)
    else:
        form = AgreementForm(instance=agreement, initial=_initial(request, agreement))
    parties = _party_formset(request, agreement, renews, adding_rows, change)
    conflict, stale_change = None, False

    if request.method == "POST" and not adding_rows and form.is_valid() and parties.is_valid():
        edited = form.save(commit=False)
        edited.responsible_organisation = parties.responsible
        try:
            saved = workflow.save(
                edited,
                policy=request.policy,
                version=form.cleaned_data["version"],
                publish=request.POST.get("action") == "publish",
                renews=renews,
                change_revision=revision if agreement is not None else None,
                parties=parties.parties,
                cooperation_types=form.cleaned_data["cooperation_types"],
                programme_areas=form.cleaned_data["programme_areas"],
                trades=form.cleaned_data["trades"],
                **first_responsible_staff(request.policy, agreement, parties.responsible),
            )
        except workflow.StaleVersion as stale:
            conflict = history_entries(stale.current, since_version=form.cleaned_data["version"])
            form = _rebind_with_version(request, agreement, stale.current.version)
        except workflow.StaleChange as stale:
            # The input is kept; saving again replaces the change as it is now.
            form.add_error(None, str(stale))
            revision, stale_change = str(stale.revision or ""), True
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, workflow.saved_message(saved))
            return redirect("staff:agreement_detail", pk=saved.pk)

    status = 200
    if conflict is not None or stale_change:
        status = 409
    elif request.method == "POST" and not adding_rows:
        status = 400
        form.keep_chosen_file_error()
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
            "change": change,
            "change_revision": revision,
            "renewal_is_over": renews is not None
            and not form.is_bound
            and form.initial["valid_to"] < oslo_today(),
            "may_publish": agreement is None
            or "publish" in workflow.actions_for(agreement, request.policy),
            "publishes_directly": actions.publishes_directly(request.policy, agreement)
            if agreement
            else workflow.publishes_directly(request.policy, _owning_county_id(request, agreement)),
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
    contacts = LogMessage.objects.recent_contacts(
        partners, excluding_schools=request.policy.organisation_ids
    )
    return list(contacts[:5])


def _initial(request, agreement) -> dict:
    """The version an edit starts from; a new agreement's framework, when it is registered
    from the framework's page (?rammeavtale=<id>)."""
    if agreement is not None:
        return {"version": agreement.version}
    number = _number(request.GET.get("rammeavtale"))
    framework = Agreement.objects.filter(pk=number).first() if number is not None else None
    return {"framework": framework_label(framework)} if framework else {}


def _number(text):
    return int(text) if text and text.isdigit() and len(text) < 10 else None


def _rebind_with_version(request, agreement, version):
    """The editor's input kept as typed, now based on the current version."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = AgreementForm(data, request.FILES, instance=agreement)
    form.is_valid()
    return form
