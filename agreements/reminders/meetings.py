"""The e-mail to an agreement's responsible people when its yearly cooperation meeting is due
(its season has begun and none is recorded) or overdue (the season ended without one), as
agreements.models.follow_up.with_yearly_meeting_state decides. Once per person, agreement and
season for each: the due reminder when the season begins, the overdue one after it ends."""

import datetime

from django.core.mail import send_mail

from agreements.models import Agreement, ReminderSent
from agreements.models.follow_up import YearlyMeetingState, season_for, with_yearly_meeting_state
from agreements.reminders.compose import bokmal_message, site_url
from agreements.reminders.recipients import recipients_of, record

KINDS = {
    YearlyMeetingState.DUE: ReminderSent.Kind.MEETING_DUE,
    YearlyMeetingState.OVERDUE: ReminderSent.Kind.MEETING_OVERDUE,
}


def send_yearly_meeting_reminders(today: datetime.date) -> int:
    """Reminds of the yearly meetings due or overdue on `today`, of agreements in force."""
    agreements = (
        with_yearly_meeting_state(Agreement.objects.filter(valid_to__gte=today), today)
        .exclude(yearly_meeting_state="")
        .prefetch_related("parties")
    )
    sent = 0
    for agreement in agreements:
        state = agreement.yearly_meeting_state
        season = season_for(agreement.yearly_meeting_due, today)
        for user in recipients_of(agreement):
            if record(user, KINDS[state], agreement=agreement, period=season.period):
                _send(user, agreement, state, season)
                sent += 1
    return sent


def _send(user, agreement, state, season):
    context = {
        "user": user,
        "agreement": agreement,
        "overdue": state == YearlyMeetingState.OVERDUE,
        "season": season,  # its label in bokmål, as the template is rendered
        "record_url": site_url("follow_up:meeting_create", agreement.pk),
        "agreement_url": site_url("staff:agreement_detail", agreement.pk),
        "settings_url": site_url("staff:settings"),
    }
    send_mail(*bokmal_message("yearly_meeting", context, user.email))
