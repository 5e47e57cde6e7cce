"""The e-mail to whoever proposed a change to a published agreement, when the county returns it."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def send_change_returned_notice(change) -> int:
    """To the change's proposer, in bokmål, with the coordinator's comment (agreements.workflow
    .return_change). Returns how many e-mails were sent (none without an address)."""
    user = change.proposed_by
    if user is None or not user.is_active or not user.email or user.pk == change.returned_by_id:
        return 0
    agreement = change.agreement
    url = settings.SITE_URL.rstrip("/") + reverse("staff:agreement_detail", args=[agreement.pk])
    context = {"user": user, "agreement": agreement, "change": change, "url": url}
    with translation.override("nb"):
        subject = render_to_string("reminders/change_returned_subject.txt", context).strip()
        body = render_to_string("reminders/change_returned.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
