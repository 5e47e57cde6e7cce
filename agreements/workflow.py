"""The workflow of an agreement's status: the one place its status changes.

The table of allowed transitions is `AgreementWorkflow`, a mixin of `Agreement`, written with
django-fsm-2 (`@transition`: source, target, permission):

    draft, withdrawn --publish--> published, or submitted when the owning county approves first
    submitted --approve--> published        submitted --send_back--> draft (with a comment)
    published --withdraw--> withdrawn (with a reason)

Renewing makes a new draft linked to the old one (`save`, with `renews`). Under approval, a
change to a published agreement by someone who does not publish directly is kept as a
PendingChange (the published version stays public) until `approve_change` applies it or
`return_change` returns it. Every change runs through `perform`, `save` or `approve_change`:
the row lock and version check (optimistic locking), the permission (the policy in
registry/permissions.py), the transition, one new version and one history entry. Views, the
approval queue, the import and the API call these; templates ask `actions_for` which buttons
to show. Invalid transitions raise `WorkflowError`, whose message views show as it is.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import RETURN_VALUE, can_proceed, has_transition_perm, transition

from agreements.models.county import CountyRoutine
from agreements.workflow_messages import done_message, saved_message  # noqa: F401

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


class StaleChange(WorkflowError):
    """The change awaiting approval was saved, approved or returned after the user loaded it.
    `revision` is its revision now (None: no change is open)."""

    def __init__(self, revision):
        super().__init__(
            _(
                "Someone changed the change awaiting approval while you were looking at it. "
                "Check the agreement again."
            )
        )
        self.revision = revision


def publishes_directly(policy, county_id, approval_required=None) -> bool:
    """A coordinator of the owning county publishes directly; so does everyone in a county
    that has not asked for approval. `approval_required`: whether it has, when the caller read
    it with the agreement (CountyRoutine.approval_required_condition); None: asked here."""
    if policy.coordinates(county_id):
        return True
    if approval_required is None:
        approval_required = CountyRoutine.approval_required_for(county_id)
    return not approval_required


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


def actions_for(agreement, policy, change=None) -> frozenset[str]:
    """What this user may do with the agreement now: the buttons a page shows. `change` is
    its open PendingChange, if any: "review_change" when the user may approve or return it."""
    if not policy.is_staff:
        return frozenset()
    actions = {
        name
        for name in ACTIONS
        if can_proceed(getattr(agreement, name))
        and has_transition_perm(getattr(agreement, name), policy)
    }
    if change is not None and agreement.status == PUBLISHED and policy.may_approve(change):
        actions.add("review_change")
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
        if action == "withdraw":
            _discard_open_change(current)
        current.version += 1
        current.updated_by = policy.user
        current.save()
        if action == "send_back":
            from agreements.reminders.returned import send_returned_notice

            transaction.on_commit(lambda: send_returned_notice(current, returned_by=policy.user))
    return current


def save(
    agreement,
    *,
    policy,
    version=None,
    publish=False,
    renews=None,
    change_revision=None,
    **relations,
):
    """Saves the form's agreement and its relations as one version and one history entry,
    publishing it (or sending it for approval) in the same change when `publish` is set.

    The owning county comes from the saved parties (the one writer of derived fields), so
    publishing follows that county's routine whatever order the parties were typed in. Unless
    `changes_directly`, a change to a published agreement is kept as its open PendingChange
    and the agreement is returned unsaved, with `proposed_change` set. The form edits the open
    change; `change_revision` is the revision it showed ("" none, None: unchecked), and a
    direct save publishes it. `relations` are those of Agreement.save_with_relations.
    Raises StaleVersion, StaleChange, WorkflowError.
    """
    with transaction.atomic():
        change = None
        if agreement.pk is not None:
            current = lock(agreement.pk, version, model=type(agreement))
            change = _open_change(current, change_revision)
            if not changes_directly(
                current, policy, relations["parties"], agreement.responsible_organisation
            ):
                current.proposed_change = _propose(current, change, agreement, policy, relations)
                return current
        if renews is not None:
            agreement.renews = renews

        def then_publish(saved):
            if change is not None:
                change.give_document_to(saved)
            publish_if_asked(saved, policy, publish)

        agreement.save_with_relations(user=policy.user, before_save=then_publish, **relations)
        if change is not None:
            change.delete()  # what the form showed of it is now saved
    return agreement


def publish_if_asked(agreement, policy, publish: bool) -> None:
    """With `publish` ("save and publish"), as the change is saved: published, or sent for
    approval under the owning county's routine, unless it is published or sent already."""
    if publish and can_proceed(agreement.publish):
        _run(agreement, "publish", policy)


def changes_directly(agreement, policy, parties, responsible=None) -> bool:
    """Whether a change to the (locked) agreement is saved on it, or waits for approval: a
    change to a published agreement waits unless the user publishes directly under the routine
    of the county that owns it now and of the county its new parties and responsible party
    would make the owner."""
    from agreements.models.pending_change import derived_fields_of_change

    if agreement.status != PUBLISHED:
        return True
    proposed = derived_fields_of_change(
        agreement, parties=parties, responsible=responsible
    ).county_id
    return publishes_directly(policy, agreement.county_id) and publishes_directly(policy, proposed)


def approve_change(agreement, *, policy, version, revision):
    """Applies the open change of a published agreement through the one save of a change (one
    version, one history entry, the derived fields recomputed) and removes it. For the owning
    county's coordinators, not its proposer. Raises StaleVersion, StaleChange, WorkflowError."""
    with transaction.atomic():
        current = lock(agreement.pk, version, model=type(agreement))
        change = _change_to_review(current, policy, revision)
        if change.based_on_version != current.version:
            raise WorkflowError(
                _(
                    "The agreement changed after this change was proposed. Return it, so "
                    "that the school can propose it again from the published version."
                )
            )
        change.apply_fields_to(current)
        current.save_with_relations(user=policy.user, **change.relations())
        change.delete()
    return current


def return_change(agreement, *, policy, revision, comment: str):
    """Returns the open change with the coordinator's comment: the agreement is not touched,
    the change is kept as returned (its document discarded) and its proposer is e-mailed."""
    comment = comment.strip()
    if not comment:
        raise WorkflowError(_("Write a comment so the school knows what to change."))
    with transaction.atomic():
        current = lock(agreement.pk, None, model=type(agreement))
        change = _change_to_review(current, policy, revision)
        change.returned_by, change.returned_at = policy.user, timezone.now()
        change.return_comment = comment
        change.discard_document()
        change.save()
        from agreements.reminders.change_returned import send_change_returned_notice

        transaction.on_commit(lambda: send_change_returned_notice(change))
    return current


def _open_change(agreement, revision):
    """The agreement's open PendingChange (locked), or None; StaleChange unless its revision
    is `revision` ("" for none; None skips the check)."""
    from agreements.models import PendingChange

    change = PendingChange.objects.select_for_update().open().filter(agreement=agreement).first()
    if change is not None:
        change.agreement = agreement
    shown = change.revision if change is not None else None
    if revision is not None and str(shown or "") != str(revision):
        raise StaleChange(shown)
    return change


def _change_to_review(agreement, policy, revision):
    change = _open_change(agreement, revision)
    if change is None or agreement.status != PUBLISHED:
        raise WorkflowError(_("No change to this agreement is waiting for approval."))
    if refusal := review_refusal(agreement, policy, change):
        raise WorkflowError(refusal)
    return change


def review_refusal(agreement, policy, subject=None):
    """Why this user may not approve or return what waits for approval (`subject`: the
    agreement sent for approval, or the change proposed to it; None: only whether they
    coordinate its county), or None when they may."""
    if not policy.coordinates(agreement.county_id):
        return _("Only the county's coordinators may approve or return it.")
    if subject is None or policy.may_approve(subject):
        return None
    if subject is agreement:
        return _("You sent this agreement for approval; another coordinator must approve it.")
    return _("You proposed this change; another coordinator must approve it.")


def _propose(current, change, edited, policy, relations):
    """Stores the form's change as the agreement's open change, replacing the one there."""
    from agreements.models import PendingChange

    if change is None:
        change = PendingChange(agreement=current, revision=0)
    change.propose(edited, user=policy.user, based_on_version=current.version, **relations)
    return change


def _discard_open_change(agreement) -> None:
    """A withdrawal ends what was proposed for the published version."""
    change = _open_change(agreement, None)
    if change is not None:
        change.discard_document()
        change.delete()


def _not_possible(agreement, action) -> str:
    return {
        "publish": _("The agreement is already published or sent for approval."),
        "approve": _("The agreement is not waiting for approval."),
        "send_back": _("The agreement is not waiting for approval."),
        "withdraw": _("Only a published agreement can be withdrawn."),
    }[action]


def _not_allowed(agreement, action, policy) -> str:
    if action in ("approve", "send_back"):
        return review_refusal(agreement, policy, agreement)
    return _("Only staff of the organisations in this agreement may change it.")


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
