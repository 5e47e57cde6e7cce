"""What the user is told after a workflow action or a save (agreements.workflow re-exports
both, so views call workflow.done_message and workflow.saved_message)."""

from django.utils.translation import gettext as _

DRAFT, SUBMITTED, PUBLISHED, WITHDRAWN = "draft", "submitted", "published", "withdrawn"


def done_message(agreement, action: str) -> str:
    """What the user is told after the action, by the status it led to."""
    if action == "approve_change":
        return _("The change is approved and published.")
    if action == "return_change":
        return _("The change is returned to its proposer with your comment.")
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
    if getattr(agreement, "proposed_change", None) is not None:
        return _(
            "The change is sent for approval; the published version is shown until it is approved."
        )
    if agreement.status == SUBMITTED:
        return _("Saved and sent to the county for approval.")
    if agreement.status == PUBLISHED:
        if agreement.is_public():
            return _("Saved. The agreement is published and shown on the public pages.")
        return _("Saved and published. It is not shown publicly because it has expired.")
    return _("Saved as a draft. Only staff can see it until it is published.")
