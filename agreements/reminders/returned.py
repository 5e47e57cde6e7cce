"""The e-mail to a school when the county returns its agreement with a comment."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


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
    url = settings.SITE_URL.rstrip("/") + reverse("staff:agreement_detail", args=[agreement.pk])
    messages = []
    with translation.override("nb"):
        for user in recipients:
            context = {"user": user, "agreement": agreement, "url": url}
            messages.append(
                (
                    render_to_string("reminders/returned_subject.txt", context).strip(),
                    render_to_string("reminders/returned.txt", context),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            )
    return send_mass_mail(messages) if messages else 0
