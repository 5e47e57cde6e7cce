""" "Changed since": a mirror follows publish, edit, withdrawal and expiry, on a fixed clock."""

import datetime
import zoneinfo

import pytest
import time_machine

from agreements import workflow
from agreements.models import Agreement
from registry.models import User
from registry.permissions import Policy
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def at(day, hour=12, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=OSLO)


def changes(client, since):
    response = client.get("/api/v1/agreements/changes", {"since": since.isoformat()})
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()["items"]}


def test_publish_edit_withdraw_and_expiry(client):
    admin = User.objects.create(username="admin", is_superuser=True, is_staff=True)
    policy = Policy.for_user(admin)
    with time_machine.travel(at(1, 9), tick=False):
        agreement = AgreementFactory(
            status=Agreement.Status.DRAFT,
            valid_from=datetime.date(2026, 1, 1),
            valid_to=datetime.date(2026, 12, 31),
        )
        expiring = AgreementFactory(
            valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2026, 3, 10)
        )
        never_public = AgreementFactory(status=Agreement.Status.DRAFT)
    assert agreement.pk not in changes(client, at(1, 8))  # a draft is no mirror's business

    with time_machine.travel(at(2), tick=False):
        workflow.perform(agreement, "publish", policy=policy, version=agreement.version)
    with time_machine.travel(at(2, 13), tick=False):
        published = changes(client, at(1, 10))
        assert published[agreement.pk]["change"] == "public"
        assert expiring.pk not in published and never_public.pk not in published

    with time_machine.travel(at(3), tick=False):
        agreement.refresh_from_db()
        agreement.title = "Ny tittel"
        agreement.save()
    with time_machine.travel(at(3, 13), tick=False):
        edited = changes(client, at(2, 13))
        assert edited[agreement.pk]["agreement"]["title"] == "Ny tittel"
        assert list(changes(client, at(3, 12, 1))) == []

    with time_machine.travel(at(4), tick=False):
        agreement.refresh_from_db()
        workflow.perform(
            agreement, "withdraw", policy=policy, version=agreement.version, reason="Slutt."
        )
    with time_machine.travel(at(4, 13), tick=False):
        withdrawn = changes(client, at(3, 13))
        tombstone = withdrawn[agreement.pk]
        assert tombstone["change"] == "removed" and tombstone["reason"] == "withdrawn"
        assert tombstone["agreement"] is None
        assert datetime.datetime.fromisoformat(tombstone["removed_at"]) == at(4)
        assert expiring.pk not in withdrawn

    # No write at all: valid to 10 March, no longer public from midnight in Oslo.
    with time_machine.travel(at(11, 8), tick=False):
        expired = changes(client, at(10, 12))
        assert expired[expiring.pk]["reason"] == "expired"
        assert datetime.datetime.fromisoformat(expired[expiring.pk]["removed_at"]) == at(11, 0)
        assert expiring.pk in changes(client, at(11, 0))
        assert expiring.pk not in changes(client, at(11, 0, 1))
        assert never_public.pk not in changes(client, at(1, 0))
        # The list no longer has either.
        listed = [i["id"] for i in client.get("/api/v1/agreements").json()["items"]]
        assert agreement.pk not in listed and expiring.pk not in listed


def test_since_is_required_and_checked(client, db):
    assert client.get("/api/v1/agreements/changes").status_code == 422
    assert client.get("/api/v1/agreements/changes?since=gisterdag").status_code == 422


def test_the_answer_says_since_when_to_ask_next(client, db):
    with time_machine.travel(at(5), tick=False):
        body = client.get("/api/v1/agreements/changes", {"since": at(1).isoformat()}).json()
    assert datetime.datetime.fromisoformat(body["until"]) == at(5)


@pytest.mark.parametrize(
    "since",
    [
        "5640-12-20T03:04:45+18:04",  # an offset Python takes and PostgreSQL does not
        "9999-12-31T23:59:59-12:00",  # past what any time zone can hold
        "0001-01-01T00:00:00+14:00",
        "2026-03-01T12:00:00",  # no offset: Oslo's
    ],
)
def test_any_moment_python_reads_is_answered(client, since):
    public = AgreementFactory()
    response = client.get("/api/v1/agreements/changes", {"since": since})
    assert response.status_code == 200, response.content
    ids = {item["id"] for item in response.json()["items"]}
    assert (public.pk in ids) == since.startswith(("0001", "2026"))
    listed = client.get("/api/v1/agreements", {"endret_etter": since})
    assert listed.status_code == 200, listed.content
