"""Staff register, change, publish, withdraw and renew their school's agreements."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Party
from agreements.staff.forms import DOCUMENT_MAX_BYTES
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory
from tests.staff_world import act, agreement_post_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_new(client, data):
    return client.post("/ansatt/avtaler/ny/", data)


class TestCreate:
    def test_the_new_form_has_my_school_prefilled(self, strinda_client, world):
        html = strinda_client.get("/ansatt/avtaler/ny/").content.decode()
        assert f'value="Strinda videregående skole ({world.strinda.orgnr})"' in html

    def test_create_and_publish_with_many_schools(self, strinda_client, world):
        schools = [world.strinda, world.byasen, *(SchoolFactory() for _ in range(6))]
        data = agreement_post_data([world.training_office, *schools])
        response = post_new(strinda_client, data)
        assert response.status_code == 302
        agreement = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
        assert response.url == f"/ansatt/avtaler/{agreement.pk}/"
        assert agreement.status == Agreement.Status.PUBLISHED
        assert agreement.created_by == world.strinda_teacher
        assert agreement.county.number == "50"
        assert set(agreement.schools) == set(schools)
        roles = dict(agreement.parties.values_list("organisation__name", "role"))
        assert roles["Trondheim kommune opplæringskontoret"] == Party.Role.TRAINING_OFFICE
        # The first school is responsible when no party is ticked; its county owns it.
        assert agreement.responsible_organisation == world.strinda
        for school in schools:
            html = strinda_client.get(f"/skoler/{school.orgnr}/").content.decode()
            assert agreement.title in html

    def test_save_as_draft_is_not_public(self, strinda_client, world):
        post_new(
            strinda_client, agreement_post_data([world.strinda, world.grytaga], action="draft")
        )
        agreement = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
        assert agreement.status == Agreement.Status.DRAFT
        assert not Agreement.objects.public().filter(pk=agreement.pk).exists()

    def test_parties_by_name_and_by_name_with_number(self, strinda_client, world):
        data = agreement_post_data(
            ["Strinda videregående skole", f"Grytåga settefisk AS ({world.grytaga.orgnr})"]
        )
        assert post_new(strinda_client, data).status_code == 302
        agreement = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
        assert {o.name for o in [*agreement.schools]} == {"Strinda videregående skole"}

    def test_the_signed_document_is_kept(self, strinda_client, world):
        data = agreement_post_data([world.strinda, world.grytaga])
        data["document"] = SimpleUploadedFile("avtale.pdf", PDF, "application/pdf")
        assert post_new(strinda_client, data).status_code == 302
        agreement = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
        with agreement.document.open("rb") as stored:
            assert stored.read() == PDF

    def test_coordinator_creates_for_a_school_in_the_county_only(self, client, world):
        client.force_login(world.coordinator_trondelag)
        ok = agreement_post_data([world.byasen, world.grytaga], title="I fylket")
        assert post_new(client, ok).status_code == 302
        outside = agreement_post_data([world.meloy_school, world.grytaga], title="Utenfor")
        response = post_new(client, outside)
        assert response.status_code == 400
        assert not Agreement.objects.filter(title="Utenfor").exists()


BAD_INPUT = [
    # (what, how to spoil the data, text expected next to the field)
    ("valid to before valid from", {"valid_to": "2026-07-31"}, "kan ikke slutte før"),
    ("no cooperation type", {"cooperation_types": []}, "Feltet er påkrevet"),
    ("a title of 10,000 characters", {"title": "x" * 10_000}, "300 eller færre tegn"),
    ("an empty title", {"title": "   "}, "Feltet er påkrevet"),
    ("an impossible date", {"valid_from": "2026-02-30"}, "gyldig dato"),
    ("a date no agreement has", {"valid_from": "0001-01-01"}, "Oppgi en dato mellom 01.01.1990"),
    ("a date too far ahead", {"valid_to": "9999-12-31"}, "Oppgi en dato mellom 01.01.1990"),
    ("a signing in year 1", {"signed_on": "0001-01-01"}, "Oppgi en dato mellom 01.01.1990"),
]


@pytest.mark.parametrize("what, spoil, message", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_field_input_is_refused_and_nothing_saved(strinda_client, world, what, spoil, message):
    before = Agreement.objects.count()
    data = agreement_post_data([world.strinda, world.grytaga], **spoil)
    response = post_new(strinda_client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="field-error"' in html
    assert 'aria-invalid="true"' in html
    assert Agreement.objects.count() == before


PARTY_PROBLEMS = [
    ("no education party", lambda w: [w.grytaga, CompanyFactory()], "minst én skole, skoleeier"),
    ("only one party", lambda w: [w.strinda], "minst to parter"),
    (
        "a malformed number",
        lambda w: [w.strinda, "123456789"],
        "ikke et gyldig organisasjonsnummer",
    ),
    ("an unknown number", lambda w: [w.strinda, "974760673"], "Ingen organisasjon med nummer"),
    ("an unknown name", lambda w: [w.strinda, "Finnes ikke AS"], "Ingen organisasjon passer"),
    ("the same party twice", lambda w: [w.strinda, w.grytaga, w.grytaga], "står to ganger"),
    ("only other schools", lambda w: [w.byasen, w.grytaga], "en organisasjon du jobber"),
    ("a training office and a company", lambda w: [w.training_office, w.grytaga], "du jobber"),
]


@pytest.mark.parametrize(
    "what, parties, message", PARTY_PROBLEMS, ids=[p[0] for p in PARTY_PROBLEMS]
)
def test_bad_parties_are_refused(strinda_client, world, what, parties, message):
    before = (Agreement.objects.count(), Party.objects.count())
    response = post_new(strinda_client, agreement_post_data(parties(world)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Agreement.objects.count(), Party.objects.count()) == before


def test_ambiguous_name_lists_the_candidates(strinda_client, world):
    CompanyFactory(name="Fiskeoppdrett Nord AS")
    CompanyFactory(name="Fiskeoppdrett Sør AS")
    response = post_new(strinda_client, agreement_post_data([world.strinda, "fiskeoppdrett"]))
    html = response.content.decode()
    assert "Flere organisasjoner passer" in html
    assert "Fiskeoppdrett Nord AS" in html and "Fiskeoppdrett Sør AS" in html


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("avtale.pdf", b"<html>not a pdf</html>", "ikke en PDF"),
        ("avtale.pdf", b"PK\x03\x04 a zip file renamed", "ikke en PDF"),
        ("avtale.pdf", b"%PDF-1.7\n" + b"0" * DOCUMENT_MAX_BYTES + b"\n%%EOF", "grensen er 10,0"),
    ],
    ids=["html named .pdf", "zip named .pdf", "over 10 MB"],
)
def test_bad_uploads_are_refused(strinda_client, world, name, content, message):
    data = agreement_post_data([world.strinda, world.grytaga])
    data["document"] = SimpleUploadedFile(name, content, "application/pdf")
    response = post_new(strinda_client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Agreement.objects.filter(title=data["title"]).exists()


def test_html_typed_into_fields_is_shown_as_text(strinda_client, world):
    data = agreement_post_data(
        [world.strinda, world.grytaga],
        title="<script>alert('x')</script>",
        purpose="<img src=x onerror=alert(1)>",
        contact_persons="<b>Kari</b>",
    )
    post_new(strinda_client, data)
    agreement = Agreement.objects.get(title="<script>alert('x')</script>")
    for url in (f"/ansatt/avtaler/{agreement.pk}/", f"/avtaler/{agreement.pk}/", "/avtaler/"):
        html = strinda_client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Kari" not in html
        assert "&lt;script&gt;" in html


class TestEdit:
    def edit_data(self, world, agreement, **fields):
        data = agreement_post_data(
            [world.strinda, world.training_office],
            title=agreement.title,
            valid_from=agreement.valid_from.isoformat(),
            valid_to=agreement.valid_to.isoformat(),
            version=str(agreement.version),
            action="save",
        )
        data.update(fields)
        return data

    def test_edit_records_history(self, strinda_client, world):
        agreement = world.agreement
        data = self.edit_data(world, agreement, title="Helse- og oppvekstfag i Trondheim")
        data["parties-2-organisation"] = world.byasen.orgnr
        data["parties-TOTAL_FORMS"] = "3"
        response = strinda_client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.version == 2
        assert agreement.updated_by == world.strinda_teacher
        html = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").content.decode()
        assert "Helsefag i Trondheim" in html  # the old title, in the history
        assert "Helse- og oppvekstfag i Trondheim" in html
        assert "Byåsen videregående skole" in html
        history = agreement.history.order_by("-history_date").first()
        assert history.history_user == world.strinda_teacher
        assert history.title == "Helse- og oppvekstfag i Trondheim"

    def test_the_second_of_two_editors_is_refused_and_keeps_their_input(
        self, client, world, django_user_model
    ):
        from django.test import Client

        agreement = world.agreement
        first, second = Client(), Client()
        first.force_login(world.strinda_teacher)
        second.force_login(world.coordinator_trondelag)
        # Both open the form at version 1.
        assert (
            f'name="version" value="{agreement.version}"'
            in second.get(f"/ansatt/avtaler/{agreement.pk}/endre/").content.decode()
        )
        first_data = self.edit_data(world, agreement, title="Endret av Strinda")
        assert first.post(f"/ansatt/avtaler/{agreement.pk}/endre/", first_data).status_code == 302

        second_data = self.edit_data(world, agreement, title="Endret av fylket")
        response = second.post(f"/ansatt/avtaler/{agreement.pk}/endre/", second_data)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Noen andre lagret avtalen" in html
        assert "Endret av Strinda" in html  # what changed meanwhile
        assert 'value="Endret av fylket"' in html  # the second person's input, kept
        agreement.refresh_from_db()
        assert agreement.title == "Endret av Strinda"  # no silent overwrite
        assert 'name="version" value="2"' in html

        # Having seen the change, saving again is a deliberate choice and goes through.
        second_data["version"] = "2"
        assert second.post(f"/ansatt/avtaler/{agreement.pk}/endre/", second_data).status_code == 302
        agreement.refresh_from_db()
        assert agreement.title == "Endret av fylket" and agreement.version == 3

    def test_publish_and_withdraw(self, strinda_client, world):
        agreement = world.agreement
        url = f"/ansatt/avtaler/{agreement.pk}"
        strinda_client.post(f"{url}/publiser/", {"version": agreement.version})
        agreement.refresh_from_db()
        assert agreement.is_public()

        response = strinda_client.post(f"{url}/trekk-tilbake/", {"version": 2, "reason": "  "})
        assert response.status_code == 400
        assert "Skriv hvorfor" in response.content.decode()
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.PUBLISHED

        strinda_client.post(f"{url}/trekk-tilbake/", {"version": 2, "reason": "Bedriften la ned."})
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.WITHDRAWN
        assert agreement.withdrawn_reason == "Bedriften la ned."
        assert not agreement.is_public()
        assert [h.status for h in agreement.history.order_by("history_date")] == [
            "draft",
            "published",
            "withdrawn",
        ][-agreement.history.count() :]

    def test_publish_from_a_stale_page_is_refused(self, strinda_client, world):
        agreement = world.agreement
        response = strinda_client.post(
            f"/ansatt/avtaler/{agreement.pk}/publiser/", {"version": agreement.version - 1}
        )
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.DRAFT


def test_organisation_suggestions(strinda_client, world):
    response = strinda_client.get("/ansatt/organisasjoner/forslag/", {"q": "grytåga"})
    assert response.json()["results"][0]["orgnr"] == world.grytaga.orgnr


class TestConstantQueries:
    def count(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_my_agreements_and_detail(self, strinda_client, world):
        def add(n):
            for _ in range(n):
                AgreementFactory(
                    schools=[world.strinda, SchoolFactory()], partners=[CompanyFactory()]
                )

        add(3)
        urls = [
            "/ansatt/",
            "/ansatt/?status=published&q=avtale",
            f"/ansatt/avtaler/{world.agreement.pk}/",
        ]
        few = [self.count(strinda_client, url) for url in urls]
        add(27)
        for _ in range(5):  # a longer history on the detail page
            act(world.agreement, "publish", world.strinda_teacher)
            act(world.agreement, "withdraw", world.strinda_teacher, reason="Ny runde.")
        many = [self.count(strinda_client, url) for url in urls]
        assert many == few


def test_edit_form_queries_do_not_grow_with_parties(strinda_client, world):
    from agreements.models import Party

    agreement = world.agreement
    url = f"/ansatt/avtaler/{agreement.pk}/endre/"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert strinda_client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(8):
        Party.objects.create(agreement=agreement, organisation=CompanyFactory(), role="company")
    assert count() == few


def test_each_filter_list_offers_its_empty_choice_once(strinda_client):
    html = strinda_client.get("/ansatt/").content.decode()
    for name in ("status", "gyldighet", "skole"):
        select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert select.count('value=""') == 1, name


def test_a_coordinators_school_filter_lists_every_school_in_the_county(client, world):
    client.force_login(world.coordinator_trondelag)
    html = client.get("/ansatt/").content.decode()
    select = html.split('name="skole"', 1)[1].split("</select>", 1)[0]
    assert world.strinda.name in select and world.byasen.name in select
    assert world.meloy_school.name not in select


def test_publishing_an_expired_draft_is_warned_before_and_told_after(strinda_client, world):
    agreement = world.agreement
    Agreement.objects.filter(pk=agreement.pk).update(
        valid_from=datetime.date(2020, 8, 1), valid_to=datetime.date(2022, 7, 31)
    )
    url = f"/ansatt/avtaler/{agreement.pk}/"
    html = strinda_client.get(url).content.decode()
    assert "Utløpt" in html, "a draft that has expired is marked so"
    assert "vises ikke på de offentlige sidene" in html, "warned before publishing"
    response = strinda_client.post(f"{url}publiser/", {"version": 1}, follow=True)
    assert "vises ikke offentlig fordi den er utløpt" in response.content.decode()
    assert "Avtalen er publisert." not in response.content.decode()


def test_the_document_is_shown_by_its_own_name_never_its_storage_path(strinda_client, world):
    data = agreement_post_data([world.strinda, world.grytaga])
    data["document"] = SimpleUploadedFile("Signert avtale 2026.pdf", PDF, "application/pdf")
    assert post_new(strinda_client, data).status_code == 302
    agreement = Agreement.objects.get(title="Samarbeidsavtale om helse- og oppvekstfag")
    download = f"/ansatt/avtaler/{agreement.pk}/dokument/"
    for url in (f"/ansatt/avtaler/{agreement.pk}/endre/", f"/ansatt/avtaler/{agreement.pk}/"):
        html = strinda_client.get(url).content.decode()
        assert agreement.document.name not in html and "agreements/" not in html
        assert f'<a href="{download}">Signert avtale 2026.pdf</a>' in html
    response = strinda_client.get(download)
    assert 'filename="Signert avtale 2026.pdf"' in response["Content-Disposition"]
    history = strinda_client.get(f"/ansatt/avtaler/{agreement.pk}/").context["history"]
    shown = [c.new for entry in history for c in entry.changes]
    assert not any("agreements/" in value for value in shown)


def test_a_chosen_file_is_not_lost_without_a_word_when_the_form_has_errors(strinda_client, world):
    data = agreement_post_data([world.strinda, world.grytaga], title="")
    data["document"] = SimpleUploadedFile("avtale.pdf", PDF, "application/pdf")
    response = post_new(strinda_client, data)
    assert response.status_code == 400
    document_field = response.content.decode().split('id="id_document"')[0].rsplit("<div", 1)[1]
    assert "Velg filen på nytt" in response.content.decode()
    assert "field--invalid" in document_field or "Velg filen" in document_field
