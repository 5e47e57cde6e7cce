"""Whether an agreement's follow-up is recorded: a meeting or an evaluation dated in a period,
or the annual plan of a school year in it. AgreementQuerySet takes `without_follow_up_since`
from here; `followed_up_since` is the same rule as a condition, for counts (Count(filter=)).
"""

import datetime

from django.db.models import Exists, OuterRef, Q

from agreements.models.follow_up import AnnualPlan, Evaluation, Meeting


def followed_up_since(date: datetime.date) -> Q:
    """An agreement with a meeting or an evaluation dated `date` or later, or an annual plan
    for the school year `date` falls in (1 August to 31 July) or a later one."""
    first_year = date.year if date.month >= 8 else date.year - 1
    return (
        Q(Exists(Meeting.objects.filter(agreement=OuterRef("pk"), date__gte=date)))
        | Q(Exists(Evaluation.objects.filter(agreement=OuterRef("pk"), date__gte=date)))
        # A school year is written "2024–2025" (normalise_school_year): it sorts by its start.
        | Q(
            Exists(
                AnnualPlan.objects.filter(
                    agreement=OuterRef("pk"), school_year__gte=f"{first_year}"
                )
            )
        )
    )


class FollowUpQueries:
    """AgreementQuerySet's questions about follow-up."""

    def without_follow_up_since(self, date: datetime.date):
        """The agreements with no follow-up recorded from `date` on (followed_up_since)."""
        return self.filter(~followed_up_since(date))
