"""E-mail reminders: staff of party schools 90 and 30 days before an agreement expires, when
its yearly meeting is due or overdue (agreements/reminders/meetings.py), and a monthly summary
to each county coordinator, whose counts do not overlap (`summary_counts`).

Each sending is recorded in ReminderSent under a unique constraint, so running the job again,
or twice on one day, never sends the same reminder twice.
"""

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db.models import Count, Q

from agreements.county.overview import EXPIRING_DAYS, county_overview
from agreements.models import Agreement, Party, ReminderSent, oslo_today
from agreements.reminders.compose import bokmal_message, site_url
from agreements.reminders.meetings import send_yearly_meeting_reminders
from agreements.reminders.recipients import recipients_of, record
from orgs.models import Organisation
from registry.models import CountyCoordinator

# (kind, days before expiry). A reminder is due from that day until the next one is due, so a
# job that did not run on the exact day still sends it.
EXPIRY_REMINDERS = [(ReminderSent.Kind.EXPIRES_90, 90), (ReminderSent.Kind.EXPIRES_30, 30)]


@dataclass
class Sent:
    expiry: int = 0
    summaries: int = 0
    meetings: int = 0


def send_expiry_reminders(today: datetime.date) -> int:
    sent = 0
    for index, (kind, days) in enumerate(EXPIRY_REMINDERS):
        later = EXPIRY_REMINDERS[index + 1][1] if index + 1 < len(EXPIRY_REMINDERS) else -1
        due = Agreement.objects.filter(
            status=Agreement.Status.PUBLISHED,
            valid_to__lte=today + datetime.timedelta(days=days),
            valid_to__gt=today + datetime.timedelta(days=later),
        ).prefetch_related("parties")
        for agreement in due:
            for user in recipients_of(agreement):
                if record(user, kind, agreement=agreement):
                    _send_expiry(user, agreement, today)
                    sent += 1
    return sent


def _send_expiry(user, agreement, today):
    context = {
        "user": user,
        "agreement": agreement,
        "days_left": (agreement.valid_to - today).days,
        "renew_url": site_url("staff:agreement_renew", agreement.pk),
        "settings_url": site_url("staff:settings"),
    }
    send_mail(*bokmal_message("expiry", context, user.email))


def send_monthly_summaries(today: datetime.date) -> int:
    """On or after the first of the month, once per coordinator, county and month."""
    period = today.strftime("%Y-%m")
    sent = 0
    roles = (
        CountyCoordinator.objects.filter(user__reminders_enabled=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "county")
    )
    for role in roles:
        if not record(role.user, ReminderSent.Kind.MONTHLY, county=role.county, period=period):
            continue
        overview = county_overview(role.county, public_only=True, today=today)
        waiting = Agreement.objects.filter(county=role.county).awaiting_approval().count()
        context = {
            "user": role.user,
            "county": role.county,
            "today": today,
            "month": today.replace(day=1),  # "november 2026" in the subject
            "counts": summary_counts(role.county, today),
            "expiring_days": EXPIRING_DAYS,
            "waiting": waiting,
            "gaps": len(overview.gaps),
            "overview_url": site_url("county:overview", role.county.number),
            "queue_url": site_url("county:approval_queue", role.county.number),
            "settings_url": site_url("staff:settings"),
        }
        send_mail(*bokmal_message("monthly", context, role.user.email))
        sent += 1
    return sent


def summary_counts(county, today: datetime.date) -> dict[str, int]:
    """The agreements of the county's schools for the monthly summary, in categories that do
    not overlap: each agreement is counted once, in one category (or none, when it is expired
    or withdrawn). Unlike the overview's columns, "expires within 90 days" is not also "in
    force", and an agreement with several of the county's schools is not counted per school.
    """
    soon = today + datetime.timedelta(days=EXPIRING_DAYS)
    published = Q(status=Agreement.Status.PUBLISHED)
    in_force = published & Q(valid_from__lte=today, valid_to__gte=today)
    categories = {
        "in_force": in_force & Q(valid_to__gt=soon),
        "expiring": in_force & Q(valid_to__lte=soon),
        "upcoming": published & Q(valid_from__gt=today),
        "draft": Q(status=Agreement.Status.DRAFT),
        "submitted": Q(status=Agreement.Status.SUBMITTED),
    }
    schools = Organisation.objects.schools().filter(municipality__county=county)
    agreements = Agreement.objects.filter(
        pk__in=Party.objects.filter(organisation__in=schools).values("agreement_id")
    )
    return agreements.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in categories.items()}
    )


def send_due_reminders(today=None) -> Sent:
    today = today or oslo_today()
    return Sent(
        expiry=send_expiry_reminders(today),
        summaries=send_monthly_summaries(today),
        meetings=send_yearly_meeting_reminders(today),
    )
