"""The public API: the public rule on every resource, nothing only staff see, links, cursor
pagination, CORS, ETag and Last-Modified with 304, the fixed URL."""

import json

import pytest
from django.utils.http import http_date

from agreements.models import LogMessage
from registry.middleware import has_fixed_url

pytestmark = pytest.mark.django_db

RESOURCES = [
    "/api/v1/agreements",
    "/api/v1/organisations",
    "/api/v1/programme-areas",
    "/api/v1/trades",
    "/api/v1/counties",
    "/api/v1/municipalities",
    "/api/v1/cooperation-types",
    "/api/v1/agreements/changes?since=2000-01-01T00:00:00Z",
]


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_the_agreements_are_the_public_ones_only(client, api_world):
    assert sorted(ids(client, "/api/v1/agreements")) == sorted(
        [api_world.public.pk, api_world.upcoming.pk]
    )
    for hidden in ("draft", "submitted", "withdrawn", "expired", "nordland"):
        agreement = getattr(api_world, hidden)
        assert client.get(f"/api/v1/agreements/{agreement.pk}").status_code == 404, hidden


@pytest.mark.parametrize("url", RESOURCES)
def test_no_resource_shows_what_only_staff_see(client, api_world, url):
    text = client.get(url).content.decode()
    for secret in ("Kari Kontakt", "99999999", "Utkast", "Til godkjenning", "Trukket", "Utløpt"):
        assert secret not in text, (url, secret)
    assert "contact_persons" not in text and "withdrawn_reason" not in text


def test_no_log_message_is_ever_shown(client, api_world, django_user_model):
    author = django_user_model.objects.create(username="laerer")
    LogMessage.objects.create(
        organisation=api_world.company,
        author=author,
        author_school=api_world.school,
        body="Hemmelig loggnotat",
    )
    for url in [*RESOURCES, f"/api/v1/organisations/{api_world.company.orgnr}"]:
        assert "Hemmelig loggnotat" not in client.get(url).content.decode(), url


def test_an_organisation_has_its_public_count_and_competence_profile(client, api_world):
    school = client.get(f"/api/v1/organisations/{api_world.school.orgnr}").json()
    assert school["public_agreement_count"] == 2
    assert school["school"] is True and school["programme_areas"] == [api_world.area.code]
    company = client.get(f"/api/v1/organisations/{api_world.company.orgnr}").json()
    assert company["approved_trades"] == [api_world.trade.code]
    agreements = client.get(company["agreements_url"].removeprefix("http://testserver")).json()
    assert len(agreements["items"]) == 2


def test_filters_are_those_of_the_list(client, api_world):
    assert ids(client, "/api/v1/agreements?fylke=18") == []
    assert len(ids(client, "/api/v1/agreements?fylke=50&kommune=5001")) == 2
    assert len(ids(client, f"/api/v1/agreements?programomrade={api_world.area.code}")) == 2
    assert ids(client, "/api/v1/agreements?q=kommende") == [api_world.upcoming.pk]
    today = api_world.public.valid_from.isoformat()
    assert ids(client, f"/api/v1/agreements?gyldig={today}") == [api_world.public.pk]
    response = client.get("/api/v1/agreements?fylke=99")
    assert response.status_code == 400 and "fylke" in response.json()["detail"]


def test_titles_in_both_languages_and_links(client, api_world):
    item = client.get("/api/v1/programme-areas").json()["items"][0]
    assert item["title_nb"] == "Akvakultur" and item["title_en"] == "Akvakultur (en)"
    agreement = client.get(f"/api/v1/agreements/{api_world.public.pk}").json()
    assert agreement["html_url"] == f"http://testserver/avtaler/{api_world.public.pk}/"
    party = agreement["parties"][0]
    assert client.get(party["url"].removeprefix("http://testserver")).status_code == 200


def test_the_cursor_is_stable_while_data_changes(client, api_world):
    first = client.get("/api/v1/agreements?limit=1").json()
    assert first["items"][0]["id"] == api_world.public.pk
    # An agreement before the cursor goes away: the next page is still the next agreement.
    api_world.public.status = "withdrawn"
    api_world.public.save()
    second = client.get(first["next"].removeprefix("http://testserver")).json()
    assert [i["id"] for i in second["items"]] == [api_world.upcoming.pk]
    assert second["next"] is None
    assert client.get("/api/v1/agreements?cursor=%21%21").status_code == 400


def test_any_origin_may_read(client, api_world):
    response = client.get("/api/v1/agreements", headers={"Origin": "https://utdanning.no"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/county/agreements",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]


def test_etag_and_last_modified_answer_304(client, api_world):
    response = client.get("/api/v1/agreements")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/v1/agreements", headers={"If-None-Match": etag}).status_code == 304
    again = client.get("/api/v1/agreements", headers={"If-Modified-Since": modified})
    assert again.status_code == 304 and again["ETag"] == etag
    # A change moves both: the old ones get the new answer.
    api_world.draft.title = "Endret"
    api_world.draft.save()
    assert client.get("/api/v1/agreements", headers={"If-None-Match": etag}).status_code == 200
    old = http_date(0)
    assert client.get("/api/v1/agreements", headers={"If-Modified-Since": old}).status_code == 200


def test_the_api_has_one_url_and_the_page_two():
    assert has_fixed_url("/api/v1/agreements")
    assert not has_fixed_url("/api/")


def test_the_page_speaks_both_languages(client, db):
    assert "Åpent API" in client.get("/api/").content.decode()
    assert "Open API" in client.get("/en/api/").content.decode()


def test_the_schema_is_openapi_3_1(client, db):
    schema = json.loads(client.get("/api/v1/schema.json").content)
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/agreements/changes" in schema["paths"]
