"""A county's API token: made on the staff page (shown once, kept hashed), its rights (the
county's agreements in every status; another county's are 404), revocation, expiry, the log."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from agreements.models import Agreement
from api.models import ApiCall, ApiToken, token_hash
from orgs.models import County
from registry.models import CountyCoordinator, User
from tests.factories import AgreementFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(api_world):
    user = User.objects.create(username="koordinator")
    CountyCoordinator.objects.create(user=user, county=County.objects.get(number="50"))
    return user


def make_token(client, coordinator, **data):
    client.force_login(coordinator)
    county = County.objects.get(number="50")
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        "/ansatt/api-nokler/",
        {"county": county.pk, "name": "Arkivsystemet", "expires_on": expires} | data,
    )
    client.logout()
    return response


def secret_of(response):
    return re.search(r"sr_[A-Za-z0-9_\-]{20,}", response.content.decode()).group(0)


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_made_on_the_staff_page_shown_once_and_kept_hashed(client, coordinator):
    response = make_token(client, coordinator)
    assert response.status_code == 200
    secret = secret_of(response)
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(secret) and secret not in token.key_hash
    client.force_login(coordinator)
    assert secret not in client.get("/ansatt/api-nokler/").content.decode()


def test_a_bad_expiry_is_refused_next_to_the_field(client, coordinator):
    response = make_token(client, coordinator, expires_on=timezone.localdate().isoformat())
    assert response.status_code == 400
    assert "Oppgi en dato etter i dag." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_reads_its_county_in_every_status_with_the_archive_fields(
    client, coordinator, api_world
):
    secret = secret_of(make_token(client, coordinator))
    response = client.get("/api/v1/county/agreements?limit=100", headers=bearer(secret))
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    for name in ("public", "draft", "submitted", "withdrawn", "expired", "upcoming"):
        assert getattr(api_world, name).pk in items, name
    assert items[api_world.draft.pk]["contact_persons"] == "Kari Kontakt, 99999999"
    assert items[api_world.draft.pk]["status"] == "draft"
    assert api_world.nordland.pk not in items
    nordland = client.get(
        f"/api/v1/county/agreements/{api_world.nordland.pk}", headers=bearer(secret)
    )
    assert nordland.status_code == 404
    one = client.get(f"/api/v1/county/agreements/{api_world.draft.pk}", headers=bearer(secret))
    assert one.status_code == 200 and one.json()["review_comment"] == ""
    filtered = client.get("/api/v1/county/agreements?status=withdrawn", headers=bearer(secret))
    assert [i["id"] for i in filtered.json()["items"]] == [api_world.withdrawn.pk]


def test_the_municipality_filter_finds_every_status_not_only_public_parties(
    client, coordinator, api_world
):
    # A school party to no public agreement: the public pages' narrowing to the parties of
    # public agreements (AgreementQuerySet.public_in_municipality) must not apply here.
    alone = SchoolFactory(name="Ny skole", municipality=api_world.school.municipality)
    draft = AgreementFactory(title="Eget utkast", status=Agreement.Status.DRAFT, schools=[alone])
    secret = secret_of(make_token(client, coordinator))
    response = client.get(
        "/api/v1/county/agreements?kommune=5001&limit=100", headers=bearer(secret)
    )
    found = {item["id"] for item in response.json()["items"]}
    assert {draft.pk, api_world.draft.pk, api_world.public.pk} <= found
    public = client.get("/api/v1/agreements?kommune=5001&limit=100").json()["items"]
    assert {item["id"] for item in public} == {api_world.public.pk, api_world.upcoming.pk}


def test_every_call_is_logged(client, coordinator, api_world):
    secret = secret_of(make_token(client, coordinator))
    client.get("/api/v1/county/agreements", headers=bearer(secret))
    client.get(f"/api/v1/county/agreements/{api_world.nordland.pk}", headers=bearer(secret))
    calls = list(ApiCall.objects.order_by("at", "pk").values_list("path", "status"))
    assert calls == [
        ("/api/v1/county/agreements", 200),
        (f"/api/v1/county/agreements/{api_world.nordland.pk}", 404),
    ]
    assert ApiToken.objects.get().last_used_at is not None


def test_no_token_or_a_wrong_one_is_401(client, api_world):
    assert client.get("/api/v1/county/agreements").status_code == 401
    wrong = client.get("/api/v1/county/agreements", headers=bearer("sr_feil"))
    assert wrong.status_code == 401
    assert not ApiCall.objects.exists()


def test_a_revoked_token_no_longer_works(client, coordinator, api_world):
    secret = secret_of(make_token(client, coordinator))
    token = ApiToken.objects.get()
    client.force_login(coordinator)
    assert client.post(f"/ansatt/api-nokler/{token.pk}/trekk-tilbake/").status_code == 302
    client.logout()
    assert client.get("/api/v1/county/agreements", headers=bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == coordinator


def test_an_expired_token_no_longer_works(client, coordinator, api_world):
    secret = secret_of(make_token(client, coordinator))
    assert client.get("/api/v1/county/agreements", headers=bearer(secret)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=32)):
        assert client.get("/api/v1/county/agreements", headers=bearer(secret)).status_code == 401


def test_a_token_ends_with_its_makers_role(client, coordinator, api_world):
    secret = secret_of(make_token(client, coordinator))
    CountyCoordinator.objects.filter(user=coordinator).delete()
    assert client.get("/api/v1/county/agreements", headers=bearer(secret)).status_code == 401


def test_a_token_answer_is_never_cached_for_others(client, coordinator, api_world):
    secret = secret_of(make_token(client, coordinator))
    client.get("/api/v1/county/agreements", headers=bearer(secret))
    assert client.get("/api/v1/county/agreements").status_code == 401
