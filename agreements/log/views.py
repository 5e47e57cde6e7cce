"""The shared log: staff of every school see and write notes about an organisation."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agreements.log.forms import LogMessageForm
from agreements.models import Agreement, LogMessage, Party
from orgs.views import organisation_or_404
from registry.pagination import paginate
from registry.permissions import staff_only

LOG_PAGE_SIZE = 20


@staff_only
@require_http_methods(["GET", "POST"])
def organisation_log(request, orgnr):
    """An organisation as staff see it: its shared log, a form to add to it, its agreements."""
    organisation = organisation_or_404(orgnr)
    form = LogMessageForm(
        request.POST or None, organisation=organisation, school_ids=request.policy.organisation_ids
    )
    if request.method == "POST" and form.is_valid():
        message = form.save(commit=False)
        message.organisation = organisation
        message.author = request.user
        message.save()
        messages.success(request, _("The message is added to the log."))
        return redirect("log:organisation", orgnr=orgnr)

    log = (
        organisation.log_messages.visible()
        .select_related("author", "author_school", "agreement")
        .order_by("-created_at")
    )
    agreements = (
        Agreement.objects.for_organisation(organisation)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        )
        .order_by("-valid_to")[:50]
    )
    return render(
        request,
        "log/organisation_log.html",
        {
            "organisation": organisation,
            "form": form,
            "page": paginate(request, log, LOG_PAGE_SIZE),
            "recent_contacts": LogMessage.objects.recent_contacts(
                [organisation], excluding_schools=request.policy.organisation_ids
            )[:5],
            "agreements": agreements,
        },
        status=400 if request.method == "POST" else 200,
    )


ONLY_THE_AUTHOR = gettext_lazy("Only the author may change or delete a message.")


def _visible_message(pk):
    return get_object_or_404(LogMessage.objects.visible().select_related("organisation"), pk=pk)


@staff_only
@require_http_methods(["GET", "POST"])
def log_message_edit(request, pk):
    message = _visible_message(pk)
    request.policy.require(request.policy.may_edit_log_message(message), ONLY_THE_AUTHOR)
    form = LogMessageForm(
        request.POST or None,
        instance=message,
        organisation=message.organisation,
        school_ids=request.policy.organisation_ids | {message.author_school_id} - {None},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The message is corrected."))
        return redirect("log:organisation", orgnr=message.organisation.orgnr)
    return render(
        request,
        "log/message_edit.html",
        {"form": form, "message": message},
        status=400 if request.method == "POST" else 200,
    )


@staff_only
@require_POST
def log_message_delete(request, pk):
    message = _visible_message(pk)
    request.policy.require(request.policy.may_delete_log_message(message), ONLY_THE_AUTHOR)
    message.deleted_at = timezone.now()
    message.save(update_fields=["deleted_at", "updated_at"])
    messages.success(request, _("The message is deleted."))
    return redirect("log:organisation", orgnr=message.organisation.orgnr)
