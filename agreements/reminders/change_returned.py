"""The e-mail to whoever proposed a change to a published agreement, when the county returns it."""

from django.core.mail import send_mail

from agreements.reminders.compose import bokmal_message, site_url


def send_change_returned_notice(change) -> int:
    """To the change's proposer, in bokmål, with the coordinator's comment (agreements.workflow
    .return_change). Returns how many e-mails were sent (none without an address)."""
    user = change.proposed_by
    if user is None or not user.is_active or not user.email or user.pk == change.returned_by_id:
        return 0
    agreement = change.agreement
    url = site_url("staff:agreement_detail", agreement.pk)
    context = {"user": user, "agreement": agreement, "change": change, "url": url}
    return send_mail(*bokmal_message("change_returned", context, user.email))
