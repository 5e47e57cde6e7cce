"""The import saves its new agreements a batch at a time (agreements.models.bulk): each as the
form's save through workflow.save would save it; a batch that fails leaves nothing and its rows
are saved one by one; the job's progress moves after each batch. The model's check constraints
of a batch's forms are asked in one query, with the errors each form would have."""

import pytest
from django import forms
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, CountyRoutine, ImportJob, ImportReference, Party
from agreements.spreadsheet import importing
from agreements.spreadsheet.constraints import DeferredConstraints, check_constraints
from agreements.spreadsheet.rows import RowChecker
from tests.agreements.spreadsheet.sheets import agreement_row, xlsx
from tests.agreements.spreadsheet.test_import import confirm, preview_of

pytestmark = pytest.mark.django_db

# What differs between two agreements saved alike: their rows, times and file.
OWN = {"id", "created_at", "updated_at", "document"}
HISTORY_OWN = OWN | {"history_id", "history_date"}


def import_rows(client, rows):
    ImportJob.objects.all().delete()
    job, _location = preview_of(client, xlsx(rows))
    return confirm(client, job)


def saved(agreement) -> dict:
    record = agreement.history.get()
    return {
        "agreement": {
            k: v
            for k, v in Agreement.objects.filter(pk=agreement.pk).values()[0].items()
            if k not in OWN
        },
        "parties": [
            (p.organisation_id, p.role, p.signatory)
            for p in Party.objects.filter(agreement=agreement).order_by("pk")
        ],
        "relations": [
            sorted(getattr(agreement, name).values_list("pk", flat=True))
            for name in ("cooperation_types", "programme_areas", "trades", "responsible_staff")
        ],
        "history": {
            k: v
            for k, v in type(record).objects.filter(pk=record.pk).values()[0].items()
            if k not in HISTORY_OWN
        },
        "reference": ImportReference.objects.filter(agreement=agreement).values_list(
            "county_id", "imported_version"
        )[0],
    }


def failing_batch(*args, **kwargs):
    raise IntegrityError("as when another import saved the same reference meanwhile")


@pytest.mark.parametrize("approval", [False, True])
def test_a_batch_saves_each_agreement_as_the_form_save_does(client, world, monkeypatch, approval):
    """The same row saved in a batch, and alone through workflow.save (the batch failing)."""
    user = world.strinda_teacher if approval else world.coordinator_trondelag
    if approval:
        CountyRoutine.objects.create(
            county=world.strinda.municipality.county, approval_required=True
        )
    client.force_login(user)
    row = dict(agreement_row(world.strinda, world.grytaga, 1), programme_areas="")
    import_rows(client, [row])
    in_batch = Agreement.objects.get(import_reference__reference="SAK-1")
    monkeypatch.setattr(importing, "create_agreements", failing_batch)
    job = import_rows(client, [{**row, "reference": "SAK-2"}])
    assert job.created == 1, job.report
    alone = Agreement.objects.get(import_reference__reference="SAK-2")
    status = Agreement.Status.SUBMITTED if approval else Agreement.Status.PUBLISHED
    assert in_batch.status == status
    assert saved(in_batch) == saved(alone)


def test_a_batch_that_fails_leaves_nothing_and_its_rows_are_saved_alone(
    coordinator, world, monkeypatch
):
    """Another import gave an agreement of the county the reference SAK-2 after the rows were
    checked: the batch's insert fails, and each row is saved alone; only that one is refused."""
    checked = RowChecker.check_rows

    def check_then_taken(self, sheet_rows):
        rows = checked(self, sheet_rows)
        ImportReference.objects.create(
            agreement=world.agreement,
            county=world.strinda.municipality.county,
            reference="SAK-2",
            imported_version=1,
        )
        return rows

    rows = [agreement_row(world.strinda, world.grytaga, n) for n in (1, 2, 3)]
    ImportJob.objects.all().delete()
    job, _location = preview_of(coordinator, xlsx(rows))
    monkeypatch.setattr(RowChecker, "check_rows", check_then_taken)
    before = (Agreement.objects.count(), Party.objects.count(), Agreement.history.count())
    job = confirm(coordinator, job)
    assert (job.state, job.created) == (ImportJob.State.DONE, 2)
    assert [(e["row"], e["reason"]) for e in job.report] == [
        (3, "En annen avtale i fylket har samme eksterne referanse.")
    ]
    assert not Agreement.objects.filter(title="Avtale nummer 2").exists()
    assert (Agreement.objects.count(), Party.objects.count(), Agreement.history.count()) == (
        before[0] + 2,
        before[1] + 4,
        before[2] + 2,
    )
    for reference in ("SAK-1", "SAK-3"):
        agreement = Agreement.objects.get(import_reference__reference=reference)
        assert agreement.history.count() == 1 and agreement.parties.count() == 2


def test_the_progress_moves_after_each_batch(coordinator, world, monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 2)
    seen = []
    batch = importing._import_batch

    def recorded(job, rows, policy):
        seen.append(ImportJob.objects.get(pk=job.pk).done)
        return batch(job, rows, policy)

    monkeypatch.setattr(importing, "_import_batch", recorded)
    rows = [agreement_row(world.strinda, world.grytaga, n) for n in range(5)]
    job = import_rows(coordinator, rows)
    assert seen == [0, 2, 4]
    assert (job.done, job.created, job.percent) == (5, 5, 100)


class Dates(forms.ModelForm):
    """The model's own fields and constraint, without the agreement form's date rule."""

    class Meta:
        model = Agreement
        fields = ["valid_from", "valid_to"]


class DeferredDates(DeferredConstraints, Dates):
    pass


def test_the_check_constraints_of_many_forms_in_one_query():
    data = [
        {"valid_from": "2026-08-01", "valid_to": "2028-07-31"},
        {"valid_from": "2027-08-01", "valid_to": "2026-07-31"},  # ends before it starts
        {"valid_from": "2026-08-01", "valid_to": "2026-08-01"},
        {"valid_from": "2026-08-01", "valid_to": "not a date"},  # not asked: a field error
    ]
    deferred = [DeferredDates(d) for d in data]
    for form in deferred:
        form.full_clean()
    with CaptureQueriesContext(connection) as queries:
        check_constraints(deferred)
    assert len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]) == 1
    assert [form.errors for form in deferred] == [Dates(d).errors for d in data]
    assert "__all__" in deferred[1].errors and not deferred[0].errors
