"""An agreement's follow-up as one timeline, newest first: what the staff page and the public
page show (templates/follow_up/_timeline.html). One query, and one more for the yearly
meeting's state when the agreement has a schedule and was not read with it
(with_yearly_meeting_state), however much is recorded."""

import datetime
from dataclasses import dataclass, field

from agreements.models import AnnualPlan, Evaluation, Meeting, oslo_today
from agreements.models.follow_up import YearlyMeetingStatus, dated_outside_period
from agreements.models.follow_up import yearly_meeting_status as status_of
from registry.together import Part, read_together

# The timeline's kinds: the URL names' prefix and what each item is.
KINDS = {"plan": AnnualPlan, "meeting": Meeting, "evaluation": Evaluation}


@dataclass
class Entry:
    kind: str  # a key of KINDS
    item: object
    date: datetime.date
    outside_period: bool = False


@dataclass
class Timeline:
    agreement: object
    public: bool
    may_change: bool = False
    yearly_meeting: YearlyMeetingStatus | None = None
    entries: list[Entry] = field(default_factory=list)


def staff_timeline(agreement, policy, today=None) -> Timeline:
    """Everything recorded, and whether the yearly meeting is due or overdue."""
    timeline = Timeline(agreement, public=False, may_change=policy.may_act_on(agreement))
    timeline.yearly_meeting = status_of(agreement, today or oslo_today())
    timeline.entries = _entries(agreement, {kind: model.objects for kind, model in KINDS.items()})
    return timeline


def public_timeline(agreement) -> Timeline:
    """Only what is marked public (the agreement's page shows only public agreements)."""
    timeline = Timeline(agreement, public=True)
    managers = {kind: model.objects.public() for kind, model in KINDS.items()}
    timeline.entries = _entries(agreement, managers)
    return timeline


def _entries(agreement, querysets) -> list[Entry]:
    """The three kinds in one query (registry/together.py)."""
    entries = []
    parts = {
        kind: Part(queryset.filter(agreement=agreement)) for kind, queryset in querysets.items()
    }
    for kind, rows in read_together(parts).items():
        for _agreement, item in rows:
            item.agreement = agreement  # for its URLs, without a query
            outside = kind != "plan" and dated_outside_period(agreement, item.date)
            entries.append(Entry(kind, item, item.date, outside))
    order = {kind: index for index, kind in enumerate(KINDS)}
    # Newest first; on one day the evaluation, then the meeting, then the plan.
    entries.sort(key=lambda e: (e.date, order[e.kind], e.item.pk), reverse=True)
    return entries
