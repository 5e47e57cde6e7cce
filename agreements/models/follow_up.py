"""An agreement's follow-up through its period: the annual plan of a school year, its meetings
(the yearly cooperation meeting, evaluation meetings, others) and its evaluations. Each is
staff-only unless marked public, and is shown publicly only while its agreement is public
(`FollowUpQuerySet.public`).

An agreement may say when its yearly cooperation meeting is held (`MeetingSchedule`, the
field Agreement.yearly_meeting_due); whether it is due or overdue on a day is written once,
in `with_yearly_meeting_state`.
"""

import calendar
import datetime
import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.uploads import validate_pdf_file
from agreements.workflow import PUBLISHED
from registry.fields import user_reference

SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4}|\d{2})\s*$")


def normalise_school_year(text: str) -> str:
    """The school year as 2024–2025, from "2024-2025", "2024/25" or "2024 – 2025"; raises
    ValidationError for anything else."""
    match = SCHOOL_YEAR.match(text or "")
    if match:
        first, second = int(match.group(1)), match.group(2)
        second = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        latest = timezone.localdate().year + settings.AGREEMENT_YEARS_AHEAD
        if second == first + 1 and settings.AGREEMENT_EARLIEST_YEAR <= first <= latest:
            return f"{first}–{second}"
    raise ValidationError(
        _("Write the school year as two years that follow each other, such as 2024–2025."),
        code="school_year",
    )


def validate_school_year(value: str) -> None:
    normalise_school_year(value)


def validate_follow_up_date(value) -> None:
    """The bounds every date of an agreement has (agreements.models.agreement)."""
    from agreements.models.agreement import validate_agreement_date

    validate_agreement_date(value)


def dated_outside_period(agreement, date) -> bool:
    """A meeting or an evaluation dated before the agreement starts or after it ends: allowed
    (the warning says so), since a meeting may well be held just before or after."""
    return date is not None and not agreement.valid_from <= date <= agreement.valid_to


# --- The yearly meeting's schedule --------------------------------------------------------


class MeetingSchedule(models.TextChoices):
    NONE = "", _("no fixed time")
    SPRING = "spring", _("every spring (January–June)")
    AUTUMN = "autumn", _("every autumn (August–December)")


# The months of each season, first and last.
SEASON_MONTHS = {MeetingSchedule.SPRING: (1, 6), MeetingSchedule.AUTUMN: (8, 12)}
SEASON_NAMES = {
    MeetingSchedule.SPRING: _("spring %(year)s"),
    MeetingSchedule.AUTUMN: _("autumn %(year)s"),
}


@dataclass(frozen=True)
class Season:
    schedule: str
    start: datetime.date
    end: datetime.date

    @property
    def period(self) -> str:
        """YYYY-MM of its first month: what a reminder of it is recorded under."""
        return self.start.strftime("%Y-%m")

    @property
    def label(self) -> str:
        return SEASON_NAMES[self.schedule] % {"year": self.start.year}


def season_for(schedule: str, today: datetime.date) -> Season | None:
    """The latest season of the schedule that has begun on `today` (the one it is in, or the
    last one that ended); None for no schedule."""
    if schedule not in SEASON_MONTHS:
        return None
    first, last = SEASON_MONTHS[schedule]
    year = today.year if today.month >= first else today.year - 1
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return Season(schedule, datetime.date(year, first, 1), end)


class YearlyMeetingState(models.TextChoices):
    DUE = "due", _("due")
    OVERDUE = "overdue", _("overdue")


def with_yearly_meeting_state(queryset, today: datetime.date):
    """The agreements annotated with `yearly_meeting_state` on `today`: the one place the rule
    is written.

    "due": a published agreement with a schedule is in its season, was in force in it, and no
    yearly cooperation meeting is recorded in the season. "overdue": the season has ended and
    no yearly meeting was recorded from its start until today (a late one counts). "" else.
    """
    cases = []
    for schedule in SEASON_MONTHS:
        season = season_for(schedule, today)
        held = Meeting.objects.filter(
            agreement=OuterRef("pk"),
            kind=Meeting.Kind.YEARLY,
            date__gte=season.start,
            date__lte=max(season.end, today),
        )
        state = YearlyMeetingState.DUE if today <= season.end else YearlyMeetingState.OVERDUE
        in_force_in_season = Q(
            yearly_meeting_due=schedule,
            status=PUBLISHED,
            valid_from__lte=min(season.end, today),
            valid_to__gte=season.start,
        )
        cases.append(When(in_force_in_season & ~Exists(held), then=Value(state)))
    return queryset.annotate(
        yearly_meeting_state=Case(*cases, default=Value(""), output_field=models.CharField()),
        yearly_meeting_state_on=Value(today, output_field=models.DateField()),
    )


@dataclass(frozen=True)
class YearlyMeetingStatus:
    state: str
    season: Season

    @property
    def is_overdue(self) -> bool:
        return self.state == YearlyMeetingState.OVERDUE


def yearly_meeting_status(agreement, today: datetime.date) -> YearlyMeetingStatus | None:
    """Whether the agreement's yearly meeting is due or overdue on `today` (one query, none
    when the agreement was read with_yearly_meeting_state of the same day), or None when it
    is neither."""
    season = season_for(agreement.yearly_meeting_due, today)
    if season is None:
        return None
    state = agreement.__dict__.get("yearly_meeting_state")
    if state is None or agreement.__dict__.get("yearly_meeting_state_on") != today:
        rows = with_yearly_meeting_state(
            type(agreement)._default_manager.filter(pk=agreement.pk), today
        )
        state = rows.values_list("yearly_meeting_state", flat=True).first()
    return YearlyMeetingStatus(state, season) if state else None


# --- The follow-up ------------------------------------------------------------------------


class FollowUpQuerySet(models.QuerySet):
    def public(self, today=None):
        """Marked public, of a public agreement (Agreement.objects.public, the public rule)."""
        from agreements.models.agreement import Agreement

        return self.filter(is_public=True, agreement__in=Agreement.objects.public(today))


class FollowUpItem(models.Model):
    """What an annual plan, a meeting and an evaluation share."""

    is_public = models.BooleanField(
        _("show on the public page"),
        default=False,
        help_text=_("Shown to everyone on the agreement's public page, with all it says."),
    )
    created_by = user_reference(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_by = user_reference(_("last changed by"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    # The file field and the field keeping its name on the uploader's computer, if any.
    file_field = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A newly uploaded file keeps the name it had: shown and downloaded under it."""
        if self.file_field:
            upload = getattr(self, self.file_field)
            if upload and not upload._committed:
                setattr(self, f"{self.file_field}_name", os.path.basename(upload.name)[:255])
            elif not upload:
                setattr(self, f"{self.file_field}_name", "")
        super().save(*args, **kwargs)


def _agreement(related_name):
    return models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("agreement"),
    )


def _pdf(verbose_name, upload_to):
    return models.FileField(
        verbose_name,
        upload_to=upload_to,
        blank=True,
        max_length=255,
        validators=[validate_pdf_file],
    )


def _file_name(verbose_name):
    return models.CharField(verbose_name, max_length=255, blank=True, editable=False)


class AnnualPlan(FollowUpItem):
    """The plan of one school year, as text or a PDF (or both)."""

    agreement = _agreement("annual_plans")
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year]
    )
    text = models.TextField(_("plan"), blank=True)
    document = _pdf(_("plan as PDF"), "follow-up/plans/%Y/")
    document_name = _file_name(_("file name of the plan"))

    history = HistoricalRecords()
    file_field = "document"

    class Meta:
        ordering = ["-school_year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "school_year"], name="annual_plan_once_per_school_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year}: {self.agreement_id}"

    @property
    def date(self) -> datetime.date:
        """Where the plan stands in the timeline: the school year's start, 1 August."""
        return datetime.date(int(self.school_year[:4]), 8, 1)


class Meeting(FollowUpItem):
    class Kind(models.TextChoices):
        YEARLY = "yearly", _("yearly cooperation meeting")
        EVALUATION = "evaluation", _("evaluation meeting")
        OTHER = "other", _("other meeting")

    agreement = _agreement("meetings")
    date = models.DateField(_("date"), validators=[validate_follow_up_date])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YEARLY)
    participants = models.TextField(_("who took part"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_document = _pdf(_("minutes as PDF"), "follow-up/minutes/%Y/")
    minutes_document_name = _file_name(_("file name of the minutes"))

    history = HistoricalRecords()
    file_field = "minutes_document"

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            # "Is a yearly meeting recorded in this season?" for every agreement (reminders).
            models.Index(fields=["agreement", "kind", "date"], name="meeting_agreement_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class Evaluation(FollowUpItem):
    """What the cooperation reached, what changes, and the focus areas chosen next."""

    agreement = _agreement("evaluations")
    date = models.DateField(_("date"), validators=[validate_follow_up_date])
    achieved = models.TextField(_("what was reached"), blank=True)
    changes = models.TextField(_("what changes"), blank=True)
    next_focus_areas = models.TextField(_("focus areas for the next period"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.date:%d.%m.%Y}"
