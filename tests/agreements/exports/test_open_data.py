"""/avtaler/eksport.csv and .json: the public agreements, the filters of /avtaler/, no staff-only
field, streamed."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Party, oslo_today
from tests import factories
from tests.factories import AgreementFactory, SchoolFactory

pytestmark = pytest.mark.django_db

SECRET_CONTACT = "Hemmelig Kontaktperson 900 00 000"
SIGNATORY = "Signatar Sigurd"


@pytest.fixture
def agreements():
    today = oslo_today()
    trondheim = factories.trondheim()
    made = {
        "current": AgreementFactory(title="Gjeldende avtale", contact_persons=SECRET_CONTACT),
        "upcoming": AgreementFactory(
            title="Kommende avtale",
            valid_from=today + datetime.timedelta(days=10),
            valid_to=today + datetime.timedelta(days=400),
        ),
        "trondelag": AgreementFactory(
            title="Trøndersk avtale", schools=[SchoolFactory(municipality=trondheim)]
        ),
        "draft": AgreementFactory(title="Utkastavtale", status=Agreement.Status.DRAFT),
        "withdrawn": AgreementFactory(title="Trukket avtale", status=Agreement.Status.WITHDRAWN),
        "expired": AgreementFactory(
            title="Utløpt avtale",
            valid_from=today - datetime.timedelta(days=400),
            valid_to=today - datetime.timedelta(days=1),
        ),
    }
    Party.objects.filter(agreement=made["current"]).update(signatory=SIGNATORY)
    return made


def get_json(client, query=""):
    response = client.get(f"/avtaler/eksport.json{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def get_csv(client, query=""):
    response = client.get(f"/avtaler/eksport.csv{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text))), text


def test_json_follows_the_public_rule(client, agreements):
    titles = {record["title"] for record in get_json(client)}
    assert titles == {"Gjeldende avtale", "Kommende avtale", "Trøndersk avtale"}
    assert titles == set(Agreement.objects.public().values_list("title", flat=True))


def test_csv_follows_the_public_rule(client, agreements):
    rows, _ = get_csv(client)
    assert {row["title"] for row in rows} == {
        "Gjeldende avtale",
        "Kommende avtale",
        "Trøndersk avtale",
    }
    upcoming = next(row for row in rows if row["title"] == "Kommende avtale")
    assert upcoming["upcoming"] == "True"


def test_the_filters_of_the_list_apply(client, agreements):
    assert [r["title"] for r in get_json(client, "?fylke=50")] == ["Trøndersk avtale"]
    rows, _ = get_csv(client, "?q=kommende")
    assert [r["title"] for r in rows] == ["Kommende avtale"]
    # The list page and the export agree.
    html = client.get("/avtaler/?fylke=50").content.decode()
    assert "Trøndersk avtale" in html and "Gjeldende avtale" not in html


def test_no_staff_only_field(client, agreements):
    agreement = agreements["current"]
    records = get_json(client)
    record = next(r for r in records if r["id"] == agreement.pk)
    assert set(record) == {
        "id",
        "title",
        "url",
        "valid_from",
        "valid_to",
        "upcoming",
        "county",
        "responsible_organisation",
        "framework",
        "signed_on",
        "signed_place",
        "purpose",
        "cooperation_types",
        "parties",
        "programme_areas",
        "trades",
    }
    assert {tuple(sorted(p)) for p in record["parties"]} == {
        ("commitment", "cost_amount", "cost_rule", "name", "orgnr", "role")
    }
    assert record["url"] == f"http://testserver/avtaler/{agreement.pk}/"
    _, text = get_csv(client)
    body = json.dumps(records, ensure_ascii=False) + text
    for hidden in (SECRET_CONTACT, SIGNATORY, "contact", "document", "created_by", "history"):
        assert hidden not in body, hidden


@pytest.mark.parametrize("url", ["/avtaler/eksport.csv", "/avtaler/eksport.json"])
def test_a_constant_number_of_queries(client, url):
    def count(n):
        for _ in range(n):
            AgreementFactory()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            b"".join(response.streaming_content)
        return len(queries)

    three = count(3)
    assert count(27) == three  # 30 agreements cost as much as 3


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client):
    AgreementFactory(title='=HYPERLINK("http://evil.example","klikk")')
    text = b"".join(client.get("/avtaler/eksport.csv").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text
