"""The shared log: every school's staff see it, the public and students never do."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, LogMessage
from tests.factories import AgreementFactory, CompanyFactory
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

SECRET = "Ringte daglig leder 3. mars, venter på svar"


@pytest.fixture
def world():
    world = build_world()
    AgreementFactory(schools=[world.meloy_school], partners=[world.grytaga])
    return world


def log_url(world):
    return f"/ansatt/organisasjoner/{world.grytaga.orgnr}/"


def write(client, world, **fields):
    data = {"kind": "contacted", "body": SECRET, "agreement": "", "author_school": ""}
    data.update(fields)
    return client.post(log_url(world), data)


def test_staff_of_one_school_write_and_staff_of_another_read(client, world):
    client.force_login(world.strinda_teacher)
    response = write(client, world)
    assert response.status_code == 302
    message = LogMessage.objects.get()
    assert message.author == world.strinda_teacher
    assert message.author_school == world.strinda  # the only school: chosen for them
    assert message.organisation == world.grytaga

    client.force_login(world.meloy_teacher)
    html = client.get(log_url(world)).content.decode()
    assert SECRET in html
    assert "Strinda videregående skole" in html  # the author's school
    assert "Kontaktet" in html  # the kind


def test_the_public_and_students_never_see_the_log(client, world):
    LogMessage.objects.create(
        organisation=world.grytaga, author=world.strinda_teacher, body=SECRET, kind="contacted"
    )
    agreement = Agreement.objects.public().for_organisation(world.grytaga).get()
    public_urls = [
        f"/bedrifter/{world.grytaga.orgnr}/",
        f"/avtaler/{agreement.pk}/",
        "/avtaler/",
        "/?q=grytåga",
        f"/avtaler/?q={SECRET.split()[0]}",
    ]
    for url in public_urls:
        assert SECRET not in client.get(url).content.decode(), url
    client.force_login(world.student)
    for url in public_urls:
        assert SECRET not in client.get(url).content.decode(), url
    assert client.get(log_url(world)).status_code == 403
    client.logout()
    assert client.get(log_url(world)).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"body": ""}, "Skriv en melding."),
        ({"body": "   \n\t  "}, "Skriv en melding."),
        ({"body": "x" * 4001}, "4000 eller færre tegn"),
        ({"kind": "gossip"}, "Velg et gyldig valg"),
    ],
    ids=["empty", "only white space", "over 4,000 characters", "unknown kind"],
)
def test_bad_messages_are_refused(client, world, fields, message):
    client.force_login(world.strinda_teacher)
    response = write(client, world, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LogMessage.objects.exists()


def test_a_message_about_an_agreement_the_company_is_not_party_to_is_refused(client, world):
    client.force_login(world.strinda_teacher)
    response = write(client, world, agreement=world.agreement.pk)  # Strinda and the office
    assert response.status_code == 400
    assert "ikke en avtale denne organisasjonen er part i" in response.content.decode()
    assert not LogMessage.objects.exists()


def test_a_message_about_one_of_its_agreements(client, world):
    agreement = Agreement.objects.for_organisation(world.grytaga).get()
    client.force_login(world.strinda_teacher)
    assert write(client, world, agreement=agreement.pk).status_code == 302
    assert LogMessage.objects.get().agreement == agreement


def test_writing_on_behalf_of_a_school_that_is_not_mine_is_refused(client, world):
    client.force_login(world.strinda_teacher)
    response = write(client, world, author_school=world.meloy_school.pk)
    assert response.status_code == 400
    assert not LogMessage.objects.exists()


def test_html_in_a_message_is_shown_as_text(client, world):
    client.force_login(world.strinda_teacher)
    write(client, world, body="<script>alert('log')</script>")
    html = client.get(log_url(world)).content.decode()
    assert "<script>alert('log')" not in html
    assert "&lt;script&gt;alert(&#x27;log&#x27;)&lt;/script&gt;" in html


class TestCorrectAndDelete:
    @pytest.fixture
    def message(self, world):
        return LogMessage.objects.create(
            organisation=world.grytaga,
            author=world.strinda_teacher,
            author_school=world.strinda,
            body=SECRET,
            kind="contacted",
        )

    def test_the_author_corrects_and_the_history_keeps_the_old_text(self, client, world, message):
        client.force_login(world.strinda_teacher)
        response = client.post(
            f"/ansatt/logg/{message.pk}/endre/",
            {"kind": "yes", "body": "De sa ja!", "agreement": "", "author_school": ""},
        )
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.body == "De sa ja!" and message.kind == "yes"
        assert message.author_school == world.strinda
        assert [h.body for h in message.history.order_by("history_date")] == [SECRET, "De sa ja!"]

    def test_the_author_deletes_softly(self, client, world, message):
        client.force_login(world.strinda_teacher)
        assert client.post(f"/ansatt/logg/{message.pk}/slett/").status_code == 302
        message.refresh_from_db()
        assert message.deleted_at is not None
        assert SECRET not in client.get(log_url(world)).content.decode()
        assert message.history.filter(body=SECRET).exists()

    @pytest.mark.parametrize("user", ["meloy_teacher", "coordinator_trondelag", "student"])
    def test_no_one_else_may_correct_or_delete(self, client, world, message, user):
        client.force_login(world.users()[user])
        edit = client.post(
            f"/ansatt/logg/{message.pk}/endre/", {"kind": "no", "body": "Kapret", "agreement": ""}
        )
        delete = client.post(f"/ansatt/logg/{message.pk}/slett/")
        assert edit.status_code == 403 and delete.status_code == 403
        message.refresh_from_db()
        assert message.body == SECRET and message.deleted_at is None

    def test_anonymous_is_sent_to_login(self, client, message):
        response = client.post(f"/ansatt/logg/{message.pk}/slett/")
        assert response.status_code == 302 and response.url.startswith("/konto/login/")


def test_recently_contacted_notice_when_starting_an_agreement(client, world):
    LogMessage.objects.create(
        organisation=world.grytaga,
        author=world.strinda_teacher,
        author_school=world.strinda,
        body=SECRET,
        kind="contacted",
    )
    old = LogMessage.objects.create(
        organisation=world.grytaga,
        author=world.strinda_teacher,
        author_school=world.strinda,
        body="Gammel kontakt",
        kind="note",
    )
    LogMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    client.force_login(world.meloy_teacher)
    html = client.get(f"/ansatt/avtaler/ny/?part={world.grytaga.orgnr}").content.decode()
    assert "Nylig kontaktet av andre skoler" in html
    assert SECRET in html
    assert "Gammel kontakt" not in html
    assert html.index("Nylig kontaktet") < html.index('name="title"')  # shown first
    html = client.get(log_url(world)).content.decode()
    assert html.index("Nylig kontaktet") < html.index("Legg til i loggen")

    # The school's own contacts are not news to it.
    client.force_login(world.strinda_teacher)
    html = client.get(f"/ansatt/avtaler/ny/?part={world.grytaga.orgnr}").content.decode()
    assert "Nylig kontaktet av andre skoler" not in html


def test_log_page_queries_do_not_grow(client, world):
    client.force_login(world.meloy_teacher)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(log_url(world)).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            LogMessage.objects.create(
                organisation=world.grytaga,
                author=world.strinda_teacher,
                author_school=world.strinda,
                agreement=Agreement.objects.for_organisation(world.grytaga).first(),
                body=f"melding {i}",
            )
            AgreementFactory(schools=[world.byasen], partners=[world.grytaga])

    add(3)
    few = count()
    add(27)
    assert count() == few


def test_demo_data_still_loads_with_logs(db):
    call_command("load_demo_data", verbosity=0)
    assert CompanyFactory()  # the factories still work beside the demo data
