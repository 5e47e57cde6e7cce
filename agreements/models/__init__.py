"""The agreements' models, one module per part of the domain; imported here so Django finds them."""

from agreements.models.agreement import (
    Agreement,
    AgreementQuerySet,
    CooperationType,
    Party,
    oslo_today,
)
from agreements.models.county import CountyRoutine
from agreements.models.coverage import ProgrammeCoverage
from agreements.models.export_job import ExportJob
from agreements.models.filing import ArchiveFiling
from agreements.models.follow_up import AnnualPlan, Evaluation, Meeting, MeetingSchedule
from agreements.models.kept_rows import agreements_written, organisations_written
from agreements.models.log import LogMessage, LogMessageQuerySet
from agreements.models.party_state import AreaState, PartyCoverage, PartyState
from agreements.models.pending_change import PendingChange
from agreements.models.reminder import ReminderSent
from agreements.models.spreadsheet_import import ImportJob, ImportReference

__all__ = [
    "Agreement",
    "AgreementQuerySet",
    "AnnualPlan",
    "ArchiveFiling",
    "AreaState",
    "CooperationType",
    "CountyRoutine",
    "Evaluation",
    "ExportJob",
    "ImportJob",
    "ImportReference",
    "LogMessage",
    "LogMessageQuerySet",
    "Meeting",
    "MeetingSchedule",
    "Party",
    "PartyCoverage",
    "PartyState",
    "PendingChange",
    "ProgrammeCoverage",
    "ReminderSent",
    "agreements_written",
    "organisations_written",
    "oslo_today",
]
