"""The workflow of an agreement's status: the one place its status changes.

The table of allowed transitions is `AgreementWorkflow`, a mixin of `Agreement`, written with
django-fsm-2 (`@transition`: source, target, permission):

    draft, withdrawn --publish--> published, or submitted when the owning county approves first
    submitted --approve--> published        submitted --send_back--> draft (with a comment)
    published --withdraw--> withdrawn (with a reason)

Renewing makes a new draft linked to the old one (`save`, with `renews`). Every change runs
through `perform` or `save` below: the row lock and version check (optimistic locking), the
permission (the policy in registry/permissions.py), the transition, one new version and one
history entry. Views, the approval queue, the import and the API call these; templates ask
`actions_for` which buttons to show. Invalid transitions raise `WorkflowError`, whose message
views show as it is.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import RETURN_VALUE, can_proceed, has_transition_perm, transition

from agreements.models.county import CountyRoutine

DRAFT, SUBMITTED, PUBLISHED, WITHDRAWN = "draft", "submitted", "published", "withdrawn"


class WorkflowError(Exception):
    """The change cannot be made; the message says why, in the user's language."""


class StaleVersion(WorkflowError):
    """Someone saved the agreement after the user loaded it. `current` is the locked row."""

    def __init__(self, current):
        super().__init__(
            _("Someone changed the agreement while you were looking at it. Check it again.")
        )
        self.current = current


def publishes_directly(policy, county_id) -> bool:
    """A coordinator of the owning county publishes directly; so does everyone in a county
    that has not asked for approval."""
    return policy.coordinates(county_id) or not CountyRoutine.approval_required_for(county_id)


def _may_act(agreement, policy) -> bool:
    return policy.may_act_on(agreement)


def _may_approve(agreement, policy) -> bool:
    return policy.may_approve(agreement)


class AgreementWorkflow:
    """The transitions of Agreement.status. Call them through `perform` or `save`, which lock,
    check the version and save; `by` is the acting user's Policy."""

    @transition(
        field="status",
        source=[DRAFT, WITHDRAWN],
        target=RETURN_VALUE(PUBLISHED, SUBMITTED),
        permission=_may_act,
    )
    def publish(self, *, by):
        if publishes_directly(by, self.county_id):
            return PUBLISHED
        # Sent for approval: an earlier comment from the county is answered.
        self.submitted_by, self.review_comment = by.user, ""
        return SUBMITTED

    @transition(field="status", source=SUBMITTED, target=PUBLISHED, permission=_may_approve)
    def approve(self, *, by):
        pass

    @transition(field="status", source=SUBMITTED, target=DRAFT, permission=_may_approve)
    def send_back(self, *, by, comment: str):
        self.review_comment = comment

    @transition(field="status", source=PUBLISHED, target=WITHDRAWN, permission=_may_act)
    def withdraw(self, *, by, reason: str):
        self.withdrawn_reason = reason


ACTIONS = ("publish", "approve", "send_back", "withdraw")
# Only an agreement that has been in force is renewed; a draft is edited instead.
RENEWABLE = (PUBLISHED, WITHDRAWN)
REASON_REQUIRED = {"withdraw", "send_back"}


def actions_for(agreement, policy) -> frozenset[str]:
    """What this user may do with the agreement now: the buttons a page shows."""
    if not policy.is_staff:
        return frozenset()
    actions = {
        name
        for name in ACTIONS
        if can_proceed(getattr(agreement, name))
        and has_transition_perm(getattr(agreement, name), policy)
    }
    if policy.may_act_on(agreement):
        actions.add("edit")
        if agreement.status in RENEWABLE:
            actions.add("renew")
    return frozenset(actions)


def lock(agreement_pk, version, model=None):
    """The agreement's row, locked for this transaction; StaleVersion unless it is still at
    `version` (None skips the check: a new agreement)."""
    from agreements.models import Agreement

    current = (model or Agreement).objects.select_for_update().get(pk=agreement_pk)
    check_version(current, version)
    return current


def check_version(current, version) -> None:
    """The optimistic lock: the user's page must show the version that is stored."""
    if version is not None and str(current.version) != str(version):
        raise StaleVersion(current)


def _run(agreement, action, policy, version=None, **arguments) -> None:
    method = getattr(agreement, action)
    if not can_proceed(method):
        raise WorkflowError(_not_possible(agreement, action))
    check_version(agreement, version)
    if not has_transition_perm(method, policy):
        raise WorkflowError(_not_allowed(agreement, action, policy))
    method(by=policy, **arguments)


def perform(agreement, action: str, *, policy, version, reason: str = ""):
    """Publish, approve, send back or withdraw: one version and one history entry.

    `reason` is the withdrawal reason or the coordinator's comment. Returns the saved row.
    """
    if action not in ACTIONS:
        raise WorkflowError(_("Unknown action."))
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise WorkflowError(
            _("Say why the agreement is withdrawn.")
            if action == "withdraw"
            else _("Write a comment so the school knows what to change.")
        )
    arguments = {"withdraw": {"reason": reason}, "send_back": {"comment": reason}}.get(action, {})
    with transaction.atomic():
        current = lock(agreement.pk, None, model=type(agreement))
        _run(current, action, policy, version, **arguments)
        current.version += 1
        current.updated_by = policy.user
        current.save()
        if action == "send_back":
            from agreements.reminders.returned import send_returned_notice

            transaction.on_commit(lambda: send_returned_notice(current, returned_by=policy.user))
    return current


def save(agreement, *, policy, version=None, publish=False, renews=None, **relations):
    """Saves the form's agreement and its relations as one version and one history entry,
    publishing it (or sending it for approval) in the same change when `publish` is set.

    The owning county comes from the saved parties (the one writer of derived fields), so
    publishing follows that county's routine whatever order the parties were typed in.
    `relations` are those of Agreement.save_with_relations. Raises StaleVersion, WorkflowError.
    """
    with transaction.atomic():
        if agreement.pk is not None:
            lock(agreement.pk, version, model=type(agreement))
        if renews is not None:
            agreement.renews = renews

        def then_publish(saved):
            if publish and can_proceed(saved.publish):
                _run(saved, "publish", policy)

        agreement.save_with_relations(user=policy.user, before_save=then_publish, **relations)
    return agreement


def _not_possible(agreement, action) -> str:
    return {
        "publish": _("The agreement is already published or sent for approval."),
        "approve": _("The agreement is not waiting for approval."),
        "send_back": _("The agreement is not waiting for approval."),
        "withdraw": _("Only a published agreement can be withdrawn."),
    }[action]


def _not_allowed(agreement, action, policy) -> str:
    if action in ("approve", "send_back"):
        if policy.coordinates(agreement.county_id):
            return _("You sent this agreement for approval; another coordinator must approve it.")
        return _("Only the county's coordinators may approve or return it.")
    return _("Only staff of the schools in this agreement may change it.")


def renewal_period(valid_from, valid_to) -> tuple:
    """The period a renewal proposes: from the day after the old end, the same span in whole
    (school) years, at least one. 01.08.2022–31.07.2024 is renewed as 01.08.2024–31.07.2026."""
    start = valid_to + datetime.timedelta(days=1)
    months = (start.year - valid_from.year) * 12 + start.month - valid_from.month
    years = max(1, round(months / 12))
    return start, _add_years(start, years) - datetime.timedelta(days=1)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def done_message(agreement, action: str) -> str:
    """What the user is told after the action, by the status it led to."""
    if action == "approve":
        return _("Approved. The agreement is published.")
    if action == "send_back":
        return _("Returned to the school with your comment.")
    if action == "withdraw":
        return _("The agreement is withdrawn.")
    if agreement.status == SUBMITTED:
        return _(
            "The agreement is sent to the county for approval. It becomes public when a "
            "coordinator approves it."
        )
    if agreement.is_public():
        return _("The agreement is published.")
    return _("Published, but not shown publicly because it has expired.")


def saved_message(agreement) -> str:
    if agreement.status == SUBMITTED:
        return _("Saved and sent to the county for approval.")
    if agreement.status == PUBLISHED:
        if agreement.is_public():
            return _("Saved. The agreement is published and shown on the public pages.")
        return _("Saved and published. It is not shown publicly because it has expired.")
    return _("Saved as a draft. Only staff can see it until it is published.")
