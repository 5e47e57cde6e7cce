"""The e-mail to a school when the county returns its agreement with a comment."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q

from agreements.reminders.compose import bokmal_message, site_url


def send_returned_notice(agreement, *, returned_by) -> int:
    """To whoever registered the agreement and the staff of its party schools, in bokmål.

    Returns how many e-mails were sent.
    """
    school_ids = list(agreement.parties.values_list("organisation_id", flat=True))
    recipients = (
        get_user_model()
        .objects.filter(
            Q(pk=agreement.created_by_id) | Q(staff_memberships__organisation_id__in=school_ids),
            is_active=True,
        )
        .exclude(email="")
        .exclude(pk=returned_by.pk)
        .distinct()
    )
    url = site_url("staff:agreement_detail", agreement.pk)
    messages = [
        bokmal_message("returned", {"user": user, "agreement": agreement, "url": url}, user.email)
        for user in recipients
    ]
    return send_mass_mail(messages) if messages else 0
