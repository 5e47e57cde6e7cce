"""The agreements' models, one module per part of the domain; imported here so Django finds them."""

from agreements.models.agreement import (
    Agreement,
    AgreementQuerySet,
    CooperationType,
    Party,
    oslo_today,
)
from agreements.models.county import CountyRoutine
from agreements.models.export_job import ExportJob
from agreements.models.log import LogMessage, LogMessageQuerySet
from agreements.models.pending_change import PendingChange
from agreements.models.reminder import ReminderSent

__all__ = [
    "Agreement",
    "AgreementQuerySet",
    "CooperationType",
    "CountyRoutine",
    "ExportJob",
    "LogMessage",
    "LogMessageQuerySet",
    "Party",
    "PendingChange",
    "ReminderSent",
    "oslo_today",
]
