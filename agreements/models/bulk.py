"""New agreements saved together (the spreadsheet import), each as agreements.workflow.save
saves one new agreement from the staff form, in a fixed number of queries for all of them.

The rules come from where the form's save takes them: the derived fields (the owning county,
the search column, the snapshot) from Agreement.derive_from on the unsaved parties and
relations, the status from workflow.publish_if_asked (the transition, under the owning county's
routine), one version and one history entry each, as the form's save writes it (type "~", the
change reason set on the agreement). Call it inside a transaction: nothing is left of a batch
that fails.
"""

from dataclasses import dataclass, field

from agreements import workflow
from agreements.models.agreement import Agreement
from agreements.models.kept_rows import agreements_written
from agreements.models.party import Party, new_parties
from registry.public_cache import data_changed

RELATIONS = ("cooperation_types", "programme_areas", "trades", "responsible_staff")
# What the transition (AgreementWorkflow.publish) may change.
PUBLISHED_FIELDS = ["status", "submitted_by_id", "review_comment"]


@dataclass
class NewAgreement:
    """An unsaved agreement (the form's instance) and what workflow.save would be given."""

    agreement: Agreement
    parties: list  # PartyRow
    cooperation_types: list
    programme_areas: list
    trades: list
    responsible_staff: list = field(default_factory=list)
    publish: bool = False

    def __post_init__(self):
        # Each object once, as .set() stores them.
        for name in RELATIONS:
            setattr(self, name, list({obj.pk: obj for obj in getattr(self, name)}.values()))


def create_agreements(new: list[NewAgreement], *, policy) -> None:
    """Saves these new agreements, their parties and relations, by `policy`'s user."""
    parties = {}
    for item in new:
        agreement = item.agreement
        agreement.created_by = agreement.updated_by = policy.user
        parties[id(item)] = new_parties(agreement, item.parties)
        agreement.derive_from(parties[id(item)], **{n: getattr(item, n) for n in RELATIONS})
    Agreement.objects.bulk_create([item.agreement for item in new])
    Party.objects.bulk_create([party for item in new for party in parties[id(item)]])
    changed = {}
    for item in new:
        agreement = item.agreement
        # Policy.may_act_on reads the prefetched parties: those just saved.
        agreement._prefetched_objects_cache = {"parties": _prefetched(agreement, parties[id(item)])}
        before = [getattr(agreement, name) for name in PUBLISHED_FIELDS]
        workflow.publish_if_asked(agreement, policy, item.publish)
        after = tuple(getattr(agreement, name) for name in PUBLISHED_FIELDS)
        if list(after) != before:
            changed.setdefault(after, []).append(agreement.pk)
    for values, pks in changed.items():  # one UPDATE for all that the transition left alike
        values = dict(zip(PUBLISHED_FIELDS, values, strict=True))
        Agreement.objects.filter(pk__in=pks).update(**values)
    for name in RELATIONS:
        _add(name, [(item.agreement, getattr(item, name)) for item in new])
    Agreement.history.bulk_history_create([item.agreement for item in new], update=True)
    agreements_written(item.agreement.pk for item in new)  # past the signals
    data_changed()  # bulk writes pass the signals that move the public pages' version


def _prefetched(agreement, parties):
    """The parties as prefetch_related leaves them on the agreement (no query)."""
    queryset = agreement.parties.get_queryset()
    queryset._result_cache, queryset._prefetch_done = list(parties), True
    return queryset


def _add(name, pairs) -> None:
    """The rows of one many-to-many relation's table for these (agreement, objects)."""
    relation = Agreement._meta.get_field(name)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    through.objects.bulk_create(
        through(**{f"{source}_id": agreement.pk, f"{target}_id": obj.pk})
        for agreement, objects in pairs
        for obj in objects
    )
