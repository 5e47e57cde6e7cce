"""The preview's queries do not grow with the rows of the sheet; the import's grow by a bounded
number a row (issue 17: a 5,000-row sheet)."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models import Agreement, ImportJob
from agreements.spreadsheet.importing import preview_rows, run_import_job
from registry.permissions import Policy
from tests.agreements.spreadsheet.sheets import agreement_row, xlsx

pytestmark = pytest.mark.django_db

# Queries a saved row costs at most (workflow.save: the agreement, its parties and relations,
# the derived county, publishing, history; and the row's ImportReference).
IMPORT_QUERIES_A_ROW = 40


def sheet(world, first, count):
    schools = [world.strinda, world.byasen]
    partners = [world.training_office, world.grytaga]
    return xlsx(
        [agreement_row(schools[n % 2], partners[n % 2], n) for n in range(first, first + count)]
    )


def preview_queries(world, first, count):
    policy = Policy.for_user(world.coordinator_trondelag)
    with CaptureQueriesContext(connection) as queries:
        preview = preview_rows(sheet(world, first, count), None, policy)
    assert [entry["action"] for entry in preview] == ["create"] * count, preview[0]["errors"]
    # Left a row: the model's check constraints (valid_to ≥ valid_from), which Django's
    # Model.validate_constraints asks the database, in a savepoint. No look-ups a row.
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if '"_check"' not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]
    return len(lookups), preview


def test_the_preview_does_not_query_a_row(world):
    translation.activate("nb")
    preview_queries(world, 0, 1)  # the shared cache of choice lists filled
    few, _ = preview_queries(world, 100, 3)
    many, _ = preview_queries(world, 200, 12)
    assert many == few


def import_queries(world, first, count):
    _, preview = preview_queries(world, first, count)
    user = world.coordinator_trondelag
    job = ImportJob(
        requested_by=user, sheet_name="avtaler.xlsx", preview=preview, state=ImportJob.State.QUEUED
    )
    job.sheet.save("avtaler.xlsx", ContentFile(sheet(world, first, count).read()), save=False)
    job.save()
    with CaptureQueriesContext(connection) as queries:
        run_import_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.created) == (ImportJob.State.DONE, count), job.report
    return len(queries)


def test_the_import_queries_a_bounded_number_a_row(world):
    translation.activate("nb")
    before = Agreement.objects.count()
    n = 4
    one = import_queries(world, 100, n)
    two = import_queries(world, 200, 2 * n)
    assert Agreement.objects.count() == before + 3 * n
    print(f"import queries: {n} rows {one}, {2 * n} rows {two}")
    assert 0 < two - one <= IMPORT_QUERIES_A_ROW * n
