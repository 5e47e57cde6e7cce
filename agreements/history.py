"""The change history of an agreement, read from django-simple-history's records.

Every save through Agreement.save_with_relations or change_status writes one historical
record with the whole agreement (relations included, through the snapshot), so the
difference between two neighbouring records is exactly one person's change.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, MeetingSchedule
from agreements.models.pending_change import derived_fields_of_change

FIELDS = [
    ("title", _("Title")),
    ("status", _("Status")),
    ("valid_from", _("Valid from")),
    ("valid_to", _("Valid to")),
    ("purpose", _("Purpose")),
    ("signed_on", _("Signed date")),
    ("signed_place", _("Signed place")),
    ("contact_persons", _("Contact persons")),
    ("yearly_meeting_due", _("Yearly meeting")),
    ("document_name", _("Signed document")),  # the file's name, never its storage path
    ("withdrawn_reason", _("Reason for withdrawal")),
    ("review_comment", _("Comment from the county")),
]
SNAPSHOT_FIELDS = [
    ("parties", _("Parties")),
    ("responsible_organisation", _("Responsible party")),
    ("responsible_staff", _("Responsible staff")),
    ("framework", _("Framework agreement")),
    ("cooperation_types", _("Cooperation types")),
    ("programme_areas", _("Programme areas")),
    ("trades", _("Trades")),
]
STATUS_LABELS = dict(Agreement.Status.choices)
# The fields whose value is shown by its label.
CHOICE_LABELS = {"status": STATUS_LABELS, "yearly_meeting_due": dict(MeetingSchedule.choices)}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    version: int
    created: bool
    changes: list[Change]


def _show(name, value) -> str:
    if value in (None, ""):
        return "–"
    if name in CHOICE_LABELS:
        return capfirst(str(CHOICE_LABELS[name].get(value, value)))  # like the neighbouring values
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list):
        return "; ".join(value) or "–"
    return str(value)


def _changes(previous, record) -> list[Change]:
    changes = []
    for name, label in FIELDS:
        old, new = getattr(previous, name), getattr(record, name)
        if old != new:
            changes.append(Change(str(label), _show(name, old), _show(name, new)))
    old_snapshot, new_snapshot = previous.snapshot or {}, record.snapshot or {}
    for name, label in SNAPSHOT_FIELDS:
        if name not in old_snapshot and old_snapshot:
            continue  # the record was written before the registry kept it
        old, new = old_snapshot.get(name, []), new_snapshot.get(name, [])
        if old != new:
            changes.append(Change(str(label), _show(name, old), _show(name, new)))
    return changes


def history_entries(agreement, since_version: int | None = None) -> list[HistoryEntry]:
    """Newest first. With since_version: only the changes made after that version."""
    records = list(
        agreement.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        if previous is None:
            entry = HistoryEntry(record.history_date, record.history_user, record.version, True, [])
        else:
            entry = HistoryEntry(
                record.history_date,
                record.history_user,
                record.version,
                False,
                _changes(previous, record),
            )
        previous = record
        if since_version is None or record.version > since_version:
            entries.append(entry)
    return list(reversed(entries))


def proposed_changes(agreement, change) -> list[Change]:
    """What approving the open PendingChange would change on the agreement, as a history
    entry would show it: the agreement's fields beside the proposed ones, the relations by the
    snapshot the save would write."""
    relations = change.relations()
    fields = change.fields()
    proposed = SimpleNamespace(**{name: getattr(agreement, name) for name, _label in FIELDS})
    proposed.__dict__.update(fields)
    if change.document:
        proposed.document_name = change.document_name
    references = change.references()
    framework = references["framework"]
    framework = Agreement.objects.filter(pk=framework).first() if framework else None
    proposed.snapshot = derived_fields_of_change(
        agreement,
        title=fields["title"],
        purpose=fields["purpose"],
        responsible=references["responsible_organisation"] or agreement.responsible_organisation,
        framework=framework,
        responsible_staff=agreement.responsible_staff.all(),
        **relations,
    ).snapshot
    return _changes(agreement, proposed)
