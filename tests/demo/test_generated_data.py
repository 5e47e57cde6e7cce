"""The benchmark generator (bench/generate.py) at a small scale makes rows the model accepts."""

import pytest

from agreements.models import Agreement, LogMessage, Party
from bench.generate import generate
from orgs.models import Organisation
from orgs.validators import is_valid_orgnr
from registry.text import normalise_search_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts(db):
    return generate(scale=0.001, log=lambda *args: None)


def test_volumes(counts):
    assert Organisation.objects.count() == counts["organisations"] == 500
    assert Organisation.objects.schools().count() == 6
    assert Organisation.objects.filter(parent__isnull=False).count() == counts["sub-units"] > 0
    assert Agreement.objects.count() == 50
    assert LogMessage.objects.count() == 200
    assert set(Agreement.objects.values_list("status", flat=True)) == set(Agreement.Status.values)


def test_organisations_follow_the_rules(counts):
    for organisation in Organisation.objects.all():
        assert is_valid_orgnr(organisation.orgnr), organisation
        place = organisation.municipality.name if organisation.municipality else ""
        assert organisation.search_text == normalise_search_text(
            organisation.name, organisation.orgnr, place
        )
        assert organisation.search_name == normalise_search_text(organisation.name)
        organisation.full_clean()


def test_agreements_follow_the_rules(counts):
    for agreement in Agreement.objects.prefetch_related("parties__organisation"):
        assert agreement.valid_to >= agreement.valid_from
        roles = [p.role for p in agreement.parties.all()]
        assert Party.Role.SCHOOL in roles
        assert any(role != Party.Role.SCHOOL for role in roles)
        assert all(p.organisation.is_school for p in agreement.parties.all() if p.role == "school")
        assert agreement.county_id and agreement.search_text
    assert Agreement.objects.public().exists()


def test_the_sequences_follow_the_rows(counts):
    """New rows after a COPY with explicit keys get fresh keys."""
    from tests.factories import CompanyFactory

    assert CompanyFactory().pk > max(
        Organisation.objects.exclude(name__startswith="Organisasjon").values_list("pk", flat=True)
    )


def test_derived_fields_are_the_ones_the_app_writes(counts):
    """The generator's owning county, search_text and snapshot of an agreement are what the
    app's one writer (Agreement.refresh_derived_fields) gives for the same agreement."""
    generated = {
        a.pk: (a.county_id, a.search_text, a.snapshot) for a in Agreement.objects.order_by("pk")
    }
    for agreement in Agreement.objects.order_by("pk"):
        agreement.refresh_derived_fields()
    rewritten = {
        a.pk: (a.county_id, a.search_text, a.snapshot) for a in Agreement.objects.order_by("pk")
    }
    assert rewritten == generated
    # So the agreement search finds an agreement by its parties, as it does in the app.
    agreement = Agreement.objects.order_by("pk").first()
    partner = agreement.parties.exclude(role=Party.Role.SCHOOL).first().organisation
    assert normalise_search_text(partner.name, partner.orgnr) in agreement.search_text
    assert agreement in Agreement.objects.search(partner.name)
    assert agreement.snapshot["parties"] and agreement.snapshot["cooperation_types"]
