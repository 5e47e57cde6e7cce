"""Who is reminded about an agreement, and that each reminder is sent once (ReminderSent)."""

from django.db import IntegrityError, transaction

from agreements.models import ReminderSent
from registry.models import StaffMembership


def record(user, kind, **key) -> bool:
    """Records the reminder; False when it was sent before."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, kind=kind, **key)
    except IntegrityError:
        return False
    return True


def recipients_of(agreement) -> set:
    """Who is reminded about an agreement (its expiry, its yearly meeting): the staff of its
    parties who have an e-mail address and have not switched reminders off. Uses the
    prefetched parties."""
    organisation_ids = [p.organisation_id for p in agreement.parties.all()]
    memberships = (
        StaffMembership.objects.filter(
            organisation_id__in=organisation_ids,
            user__reminders_enabled=True,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )
    return {m.user for m in memberships}
