"""What the staff and county views share: loading the agreement a user acts on, and running
one workflow action with the user told how it went."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from agreements import workflow
from agreements.models import Agreement
from agreements.models.county import CountyRoutine
from agreements.models.follow_up import with_yearly_meeting_state

# Why the user may not do it (403), for the actions that say more than the policy's default.
REFUSED = {
    "publish": _("Only staff of the organisations in this agreement may publish it."),
    "withdraw": _("Only staff of the organisations in this agreement may withdraw it."),
    "renew": _("Only staff of the organisations in this agreement may renew it."),
}
# Why it cannot be done now, for the actions whose page is not shown then.
NOT_NOW = {
    "withdraw": _("Only a published agreement can be withdrawn."),
    "renew": _("A draft is not renewed: change it, or publish it first."),
}


def acting_on(action):
    """For the view of one action on the agreement of the URL (its `pk`): the view gets the
    agreement, loaded with what its pages show, when the user may act on it (else 403 or
    404). When the action is not possible now (NOT_NOW), the user is sent back to the
    agreement with the reason instead."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk):
            agreement = request.policy.agreement_to_act_on(
                for_staff_page(),
                pk,
                REFUSED.get(action),
            )
            if action in NOT_NOW and action not in workflow.actions_for(agreement, request.policy):
                messages.info(request, NOT_NOW[action])
                return redirect("staff:agreement_detail", pk=pk)
            return view(request, agreement)

        return wrapper

    return decorator


def for_staff_page(together=(), today=None):
    """The agreement of a staff page, whole (Agreement.objects.for_full_page, with these more
    ReadTogether lookups in its relations' query), with whether its county asks for approval
    (`approval_required`, for publishes_directly) and, with `today`, its yearly meeting's
    state that day: in the one query of its row."""
    agreements = Agreement.objects.for_full_page(*together).annotate(
        approval_required=CountyRoutine.approval_required_condition()
    )
    return agreements if today is None else with_yearly_meeting_state(agreements, today)


def publishes_directly(policy, agreement) -> bool:
    """workflow.publishes_directly for an agreement read by for_staff_page."""
    return workflow.publishes_directly(policy, agreement.county_id, agreement.approval_required)


def perform(request, agreement, action, reason="", *, stale_message=None):
    """Runs the action on the version the user's page showed (the POSTed `version`) and says
    how it went in a message. Returns the saved agreement, or None when it was not done;
    `stale_message` replaces the message for a version someone else has changed meanwhile."""
    try:
        agreement = workflow.perform(
            agreement,
            action,
            policy=request.policy,
            version=request.POST.get("version"),
            reason=reason,
        )
    except workflow.WorkflowError as error:
        if isinstance(error, workflow.StaleVersion) and stale_message:
            error = stale_message
        messages.error(request, str(error))
        return None
    messages.success(request, workflow.done_message(agreement, action))
    return agreement
