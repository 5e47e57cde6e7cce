"""The preview's queries do not grow with the rows of the sheet, nor do the import's of new
agreements (saved a batch at a time); those of agreements it updates grow by a bounded number a
row (issue 17: a 5,000-row sheet)."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models import Agreement, ImportJob
from agreements.spreadsheet import importing
from agreements.spreadsheet.importing import preview_rows, run_import_job
from registry.permissions import Policy
from tests.agreements.spreadsheet.sheets import agreement_row, xlsx

pytestmark = pytest.mark.django_db

# Queries an updated row costs at most (workflow.save: the lock, the agreement, its parties and
# relations, the derived county, publishing, history; and the row's ImportReference).
UPDATE_QUERIES_A_ROW = 40


def sheet(world, first, count):
    schools = [world.strinda, world.byasen]
    partners = [world.training_office, world.grytaga]
    return xlsx(
        [agreement_row(schools[n % 2], partners[n % 2], n) for n in range(first, first + count)]
    )


def preview_queries(world, first, count, action="create"):
    policy = Policy.for_user(world.coordinator_trondelag)
    with CaptureQueriesContext(connection) as queries:
        preview = preview_rows(sheet(world, first, count), None, policy)
    assert [entry["action"] for entry in preview] == [action] * count, preview[0]["errors"]
    # The model's check constraints (valid_to ≥ valid_from) too: one query for the rows.
    return len(queries), preview


def test_the_preview_does_not_query_a_row(world):
    translation.activate("nb")
    preview_queries(world, 0, 1)  # the shared cache of choice lists filled
    few, _ = preview_queries(world, 100, 3)
    many, _ = preview_queries(world, 200, 12)
    assert many == few


def import_queries(world, first, count, action="create"):
    _, preview = preview_queries(world, first, count, action)
    user = world.coordinator_trondelag
    job = ImportJob(
        requested_by=user, sheet_name="avtaler.xlsx", preview=preview, state=ImportJob.State.QUEUED
    )
    job.sheet.save("avtaler.xlsx", ContentFile(sheet(world, first, count).read()), save=False)
    job.save()
    with CaptureQueriesContext(connection) as queries:
        run_import_job(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.report
    return len(queries), job


def test_the_import_of_new_agreements_queries_a_fixed_number_a_batch(world):
    translation.activate("nb")
    before = Agreement.objects.count()
    n = 4
    one, job = import_queries(world, 100, n)
    assert job.created == n
    two, job = import_queries(world, 200, 2 * n)
    assert job.created == 2 * n
    assert Agreement.objects.count() == before + 3 * n
    print(f"import queries: {n} rows {one}, {2 * n} rows {two}")
    assert two == one


def test_the_import_of_changes_queries_a_bounded_number_a_row(world, monkeypatch):
    translation.activate("nb")
    n = 4
    import_queries(world, 100, 3 * n)  # made, then imported again: updated
    preview_queries(world, 100, 1, "update")  # the choice lists cached again after the saves
    few, _ = preview_queries(world, 100, n, "update")
    many, _ = preview_queries(world, 100, 3 * n, "update")
    assert many == few  # the agreements and what their forms read, for all rows at once
    monkeypatch.setattr(importing, "BATCH", 2)  # the batches' own queries in both
    one, job = import_queries(world, 100, n, "update")
    assert job.updated == n
    two, job = import_queries(world, 100, 2 * n, "update")
    assert job.updated == 2 * n
    print(f"import queries: {n} updates {one}, {2 * n} updates {two}")
    assert 0 < two - one <= UPDATE_QUERIES_A_ROW * n
