"""An agreement's follow-up: add, change and delete its annual plans, meetings and evaluations
(/ansatt/avtaler/<id>/oppfolging/…), and their PDFs for staff and, when marked public, for
everyone.

Every staff member reads the follow-up, as they read the agreement; changing it is for those
who may act on the agreement (registry.permissions.Policy.may_act_on). One set of views serves
the three kinds; the URL says which (`kind`, a key of FOLLOW_UP).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.follow_up.forms import AnnualPlanForm, EvaluationForm, MeetingForm
from agreements.models import Agreement, AnnualPlan, Evaluation, Meeting
from registry.downloads import stored_file_response
from registry.permissions import public, staff_only

REFUSED = _(
    "Only staff of this agreement's parties or its county's coordinators may change its follow-up."
)


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    new_title: object
    edit_title: object
    saved: object
    deleted: object
    file_field: str = ""
    fallback_file_name: str = ""


FOLLOW_UP = {
    "plan": Kind(
        AnnualPlan,
        AnnualPlanForm,
        _("New annual plan"),
        _("Change annual plan"),
        _("The annual plan is saved."),
        _("The annual plan is deleted."),
        "document",
        "arsplan.pdf",
    ),
    "meeting": Kind(
        Meeting,
        MeetingForm,
        _("New meeting"),
        _("Change meeting"),
        _("The meeting is saved."),
        _("The meeting is deleted."),
        "minutes_document",
        "referat.pdf",
    ),
    "evaluation": Kind(
        Evaluation,
        EvaluationForm,
        _("New evaluation"),
        _("Change evaluation"),
        _("The evaluation is saved."),
        _("The evaluation is deleted."),
    ),
}


def _agreement_to_change(request, pk):
    return request.policy.agreement_to_act_on(Agreement.objects.for_listing(), pk, REFUSED)


def _back_to(agreement):
    return redirect(reverse("staff:agreement_detail", args=[agreement.pk]) + "#oppfolging")


@staff_only
@require_http_methods(["GET", "POST"])
def item_create(request, pk, kind):
    agreement = _agreement_to_change(request, pk)
    return _item_form(request, agreement, FOLLOW_UP[kind], None)


@staff_only
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, item, kind):
    agreement = _agreement_to_change(request, pk)
    what = FOLLOW_UP[kind]
    instance = get_object_or_404(what.model, agreement=agreement, pk=item)
    return _item_form(request, agreement, what, instance)


def _item_form(request, agreement, what, instance):
    posted = request.method == "POST"
    form = what.form(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=instance,
        agreement=agreement,
    )
    if posted and form.is_valid():
        saved = form.save(commit=False)
        if instance is None:
            saved.created_by = request.user
        saved.updated_by = request.user
        saved.save()
        messages.success(request, what.saved)
        if warning := form.period_warning():
            messages.warning(request, warning)
        return _back_to(agreement)
    if posted:
        form.keep_chosen_file_error()
    return render(
        request,
        "follow_up/item_form.html",
        {
            "agreement": agreement,
            "form": form,
            "title": what.edit_title if instance else what.new_title,
            "item": instance,
        },
        status=400 if posted else 200,
    )


@staff_only
@require_POST
def item_delete(request, pk, item, kind):
    agreement = _agreement_to_change(request, pk)
    what = FOLLOW_UP[kind]
    instance = get_object_or_404(what.model, agreement=agreement, pk=item)
    instance.delete()  # its history keeps what it said
    messages.success(request, what.deleted)
    return _back_to(agreement)


@staff_only
@require_GET
def item_document(request, pk, item, kind):
    """An annual plan's or minutes' PDF, for staff: kept in private storage."""
    what = FOLLOW_UP[kind]
    return _pdf(get_object_or_404(what.model, agreement_id=pk, pk=item), what)


@public
@require_GET
def public_item_document(request, pk, item, kind):
    """The PDF of an item marked public of a public agreement; 404 for any other, as for one
    that does not exist."""
    what = FOLLOW_UP[kind]
    return _pdf(get_object_or_404(what.model.objects.public(), agreement_id=pk, pk=item), what)


def _pdf(instance, what):
    stored = getattr(instance, what.file_field)
    if not stored:
        raise Http404("No document")
    return stored_file_response(
        stored,
        content_type="application/pdf",
        filename=getattr(instance, f"{what.file_field}_name") or what.fallback_file_name,
    )
