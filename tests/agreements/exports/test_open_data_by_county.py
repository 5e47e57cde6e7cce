"""The open data of one county (/avtaler/eksport.csv?fylke=50 and .json): exactly its public
agreements with their relations, streamed, in the same queries for 3 agreements as for 30."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from agreements.exports import open_data
from agreements.models import Agreement, Party, oslo_today
from tests import factories
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
    agreement_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trondheim():
    return factories.trondheim()


@pytest.fixture
def county(trondheim):
    today = oslo_today()
    school = SchoolFactory(
        name="Strinda videregående skole", orgnr="974567999", municipality=trondheim
    )
    company = CompanyFactory(name="Bakeri AS", orgnr="912345678", municipality=trondheim)
    yff = CooperationTypeFactory(slug="yff", name_nb="YFF", order=1)
    visit = CooperationTypeFactory(slug="besok", name_nb="Bedriftsbesøk", order=2)
    bakers = ProgrammeAreaFactory(code="RMBAK2----", title_nb="Baker og konditor")
    aquaculture = ProgrammeAreaFactory(code="NAAKV2----", title_nb="Akvakultur")
    framework = agreement_in(trondheim, title="Regional partnerskap")
    withdrawn_framework = agreement_in(trondheim, title="Trukket ramme")
    made = {
        "full": AgreementFactory(
            title="=Full avtale",
            purpose="Lærlinger i bakeriet.",
            signed_on=today - datetime.timedelta(days=40),
            signed_place="Trondheim",
            valid_from=today + datetime.timedelta(days=5),
            valid_to=today + datetime.timedelta(days=500),
            schools=[school],
            partners=[company],
            cooperation_types=[visit, yff],
            programme_areas=[bakers, aquaculture],
            trades=[TradeFactory(code="RMBAK3----", title_nb="Bakerfaget")],
            framework=framework,
        ),
        "framework": framework,
        "under_withdrawn": agreement_in(trondheim, framework=withdrawn_framework),
        "plain": agreement_in(trondheim),
    }
    Agreement.objects.filter(pk=withdrawn_framework.pk).update(status=Agreement.Status.WITHDRAWN)
    Party.objects.filter(agreement=made["full"], organisation=company).update(
        commitment="Tar imot lærlinger.", cost_amount=Decimal("1500.50"), cost_rule="per elev"
    )
    hidden = [
        agreement_in(trondheim, title="Utkast", status=Agreement.Status.DRAFT),
        agreement_in(
            trondheim,
            title="Utløpt",
            valid_from=today - datetime.timedelta(days=400),
            valid_to=today - datetime.timedelta(days=1),
        ),
        AgreementFactory(title="I Nordland"),  # another county
    ]
    return made, hidden


def get(client, extension, query="?fylke=50"):
    response = client.get(f"/avtaler/eksport.{extension}{query}")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_record_per_public_agreement_of_the_county_with_its_relations(client, county):
    made, hidden = county
    records = json.loads(get(client, "json"))
    assert [r["id"] for r in records] == sorted(a.pk for a in made.values())
    full = made["full"]
    today = oslo_today()
    assert next(r for r in records if r["id"] == full.pk) == {
        "id": full.pk,
        "title": "=Full avtale",
        "url": f"http://testserver/avtaler/{full.pk}/",
        "valid_from": (today + datetime.timedelta(days=5)).isoformat(),
        "valid_to": (today + datetime.timedelta(days=500)).isoformat(),
        "upcoming": True,
        "county": "50",
        "responsible_organisation": "974567999",
        "framework": made["framework"].pk,
        "signed_on": (today - datetime.timedelta(days=40)).isoformat(),
        "signed_place": "Trondheim",
        "purpose": "Lærlinger i bakeriet.",
        "cooperation_types": ["yff", "besok"],
        "parties": [
            {
                "name": "Bakeri AS",
                "orgnr": "912345678",
                "role": "company",
                "commitment": "Tar imot lærlinger.",
                "cost_amount": "1500.50",
                "cost_rule": "per elev",
            },
            {
                "name": "Strinda videregående skole",
                "orgnr": "974567999",
                "role": "school",
                "commitment": "",
                "cost_amount": None,
                "cost_rule": "",
            },
        ],
        "programme_areas": ["NAAKV2----", "RMBAK2----"],
        "trades": ["RMBAK3----"],
    }
    by_id = {r["id"]: r for r in records}
    # The framework column names a framework only while it is public.
    assert by_id[made["under_withdrawn"].pk]["framework"] is None
    assert by_id[made["plain"].pk]["framework"] is None
    assert by_id[made["plain"].pk]["upcoming"] is False
    assert by_id[made["plain"].pk]["programme_areas"] == []
    for agreement in hidden:
        assert agreement.pk not in by_id


def test_the_csv_has_the_same_rows(client, county):
    made, hidden = county
    rows = list(csv.DictReader(io.StringIO(get(client, "csv"))))
    assert [int(r["id"]) for r in rows] == sorted(a.pk for a in made.values())
    full = next(r for r in rows if int(r["id"]) == made["full"].pk)
    assert full["title"] == "'=Full avtale"  # never a spreadsheet formula
    assert full["framework"] == str(made["framework"].pk)
    assert full["cooperation_types"] == "yff; besok"
    assert full["parties"] == (
        "Bakeri AS (912345678, company, 1500.50, per elev); "
        "Strinda videregående skole (974567999, school)"
    )
    assert full["programme_areas"] == "NAAKV2----; RMBAK2----"
    assert full["trades"] == "RMBAK3----"
    assert full["upcoming"] == "True" and full["county"] == "50"
    under_withdrawn = next(r for r in rows if int(r["id"]) == made["under_withdrawn"].pk)
    assert under_withdrawn["framework"] == ""


def test_batches_read_every_agreement_once(client, trondheim, monkeypatch):
    monkeypatch.setattr(open_data, "OPEN_DATA_BATCH", 2)
    made = [agreement_in(trondheim) for _ in range(5)]
    records = json.loads(get(client, "json"))
    assert [r["id"] for r in records] == sorted(a.pk for a in made)
    assert all(len(r["parties"]) == 2 for r in records)


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_the_same_queries_for_3_and_for_30_agreements(client, trondheim, extension):
    def count(n):
        for _ in range(n):
            agreement_in(
                trondheim,
                partners=[CompanyFactory(), CompanyFactory()],
                programme_areas=[ProgrammeAreaFactory()],
                trades=[TradeFactory()],
            )
        with CaptureQueriesContext(connection) as queries:
            content = get(client, extension)
        return len(queries), content

    three, content = count(3)
    assert content.count("Avtale ") == 3
    thirty, content = count(27)
    assert content.count("Avtale ") == 30
    assert thirty == three
