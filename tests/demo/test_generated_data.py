"""The benchmark generator (bench/generate.py) at a small scale makes rows the model accepts,
spread over the country and sized as in life."""

import datetime
import statistics

import pytest
from django.db.models import Count
from django.utils import timezone

from agreements.models import Agreement, LogMessage, Party
from bench.generate import generate
from orgs.models import County, Organisation
from orgs.validators import is_valid_orgnr
from registry.models import CountyCoordinator, StaffMembership
from registry.text import normalise_search_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts(db):
    return generate(scale=0.001, log=lambda *args: None)


def test_volumes(counts):
    assert Organisation.objects.count() == counts["organisations"] == 500
    assert Organisation.objects.schools().count() == counts["schools"] == 30
    assert Organisation.objects.filter(kind=Organisation.Kind.LOWER_SECONDARY).exists()
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


def test_every_county_has_schools_and_a_coordinator(counts):
    assert County.objects.count() == 15
    with_schools = County.objects.filter(
        municipalities__organisations__kind=Organisation.Kind.UPPER_SECONDARY
    ).distinct()
    assert with_schools.count() == 15
    coordinators = CountyCoordinator.objects.select_related("user", "county")
    assert sorted(c.user.username for c in coordinators) == sorted(
        f"bench-coordinator-{number}" for number in County.objects.values_list("number", flat=True)
    )
    assert StaffMembership.objects.get(user__username="bench-staff").organisation.is_school


def test_organisations_live_where_people_do(counts):
    by_municipality = (
        Organisation.objects.values("municipality__number").annotate(n=Count("pk")).order_by("-n")
    )
    assert by_municipality[0]["municipality__number"] == "0301"  # Oslo
    busiest = [row["municipality__number"] for row in by_municipality[:8]]
    assert {"4601", "5001"} & set(busiest)  # Bergen or Trondheim among them


def test_sizes_are_skewed(counts):
    school_parties = sorted(
        Party.objects.filter(role=Party.Role.SCHOOL)
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True),
        reverse=True,
    )
    assert school_parties[0] >= 4 * statistics.median(school_parties)
    largest = max(Agreement.objects.annotate(n=Count("parties")), key=lambda a: a.n)
    roles = [p.role for p in largest.parties.all()]
    assert roles.count(Party.Role.SCHOOL) >= 8
    assert Party.Role.TRAINING_OFFICE in roles


def test_log_messages_gather_on_few_companies_and_recent_months(counts):
    per_company = sorted(
        LogMessage.objects.values("organisation")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True),
        reverse=True,
    )
    companies = Organisation.objects.not_schools().filter(parent__isnull=True).count()
    assert len(per_company) < companies / 4  # most companies have none
    assert per_company[0] >= 5 * statistics.median(per_company)
    now = timezone.now()
    recent = LogMessage.objects.filter(created_at__gte=now - datetime.timedelta(days=182))
    long_ago = LogMessage.objects.filter(
        created_at__lt=now - datetime.timedelta(days=730),
        created_at__gte=now - datetime.timedelta(days=912),
    )
    assert recent.count() > 2 * long_ago.count() > 0
    assert not LogMessage.objects.filter(created_at__lt=now - datetime.timedelta(days=3 * 366))


def test_agreements_have_responsible_staff_and_some_have_lost_them(counts):
    """Most agreements have a responsible person of their responsible party who logs in;
    a few, whose person has gone quiet for over a year, need a new one (as in life)."""
    with_staff = Agreement.objects.filter(responsible_staff__isnull=False).distinct()
    assert counts["responsible staff"] == with_staff.count() > 0
    for agreement in with_staff.prefetch_related("responsible_staff__staff_memberships"):
        for user in agreement.responsible_staff.all():
            member_of = {m.organisation_id for m in user.staff_memberships.all()}
            assert agreement.responsible_organisation_id in member_of
    needing = Agreement.objects.needing_responsible_person()
    assert 0 < needing.count() < Agreement.objects.answered_for(timezone.localdate()).count()
