"""/avtaler/<id>/pdf/: the public version for anyone, the archival PDF/A-2a for the agreement's
own staff, the county's coordinators and administrators."""

import datetime

import pytest
from django.core.files.base import ContentFile

from agreements.exports.pdf import document_identifier
from agreements.models import Agreement, Party
from registry.models import User
from tests.pdf_checks import is_tagged, pdf_text, pdfa_identification, read_pdf, xmp_text
from tests.staff_world import act, build_world

pytestmark = pytest.mark.django_db

CONTACT = "Kari Kontakt, tlf. 900 11 222"
SIGNATORY = "Rektor Signe Signatar"
REASON = "Erstattet av ny avtale om helsefag"


@pytest.fixture
def world():
    world = build_world()
    agreement = world.agreement
    agreement.contact_persons = CONTACT
    agreement.signed_on = datetime.date(2026, 6, 15)
    agreement.signed_place = "Trondheim"
    agreement.purpose = "Elevene hospiterer hos opplæringskontoret."
    agreement.document.save("signert.pdf", ContentFile(b"%PDF-1.4 signert"), save=False)
    agreement.save()
    Party.objects.filter(agreement=agreement, organisation=world.strinda).update(
        signatory=SIGNATORY
    )
    world.admin = User.objects.create_superuser("admin", password="x")
    return world


def _users(world):
    return {**world.users(), "admin": world.admin}


def get_pdf(client, world, user, agreement, query=""):
    if user != "anonymous":
        client.force_login(_users(world)[user])
    return client.get(f"/avtaler/{agreement.pk}/pdf/{query}")


# A draft: only the agreement's own staff, the county's coordinators and administrators.
# Everyone else gets what an id that does not exist gets, so a draft's existence is not told.
DRAFT = dict(
    anonymous=404,
    student=404,
    meloy_teacher=404,
    strinda_teacher=200,
    coordinator_trondelag=200,
    coordinator_nordland=404,
    admin=200,
)


@pytest.mark.parametrize("user, expected", DRAFT.items())
def test_permissions_on_a_draft(client, world, user, expected):
    response = get_pdf(client, world, user, world.agreement)
    assert response.status_code == expected
    if expected == 404:
        missing = get_pdf(client, world, user, Agreement(pk=999_999))
        assert missing.status_code == 404, "a missing id is answered alike"
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert CONTACT in text, "the archival version has every field"
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert not response.content.startswith(b"%PDF")


ARCHIVAL_ON_PUBLIC = dict(
    anonymous=False,
    student=False,
    meloy_teacher=False,
    strinda_teacher=True,
    coordinator_trondelag=True,
    coordinator_nordland=False,
    admin=True,
)


@pytest.mark.parametrize("user, archival", ARCHIVAL_ON_PUBLIC.items())
def test_a_public_agreement_is_public_to_all_and_archival_to_its_own(client, world, user, archival):
    world.agreement.status = Agreement.Status.PUBLISHED
    world.agreement.save()
    response = get_pdf(client, world, user, world.agreement)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Helsefag i Trondheim" in text
    assert (CONTACT in text) is archival
    assert (SIGNATORY in text) is archival


def test_the_archival_pdf_is_pdfa_2a_with_parties_numbers_and_dates(client, world):
    response = get_pdf(client, world, "strinda_teacher", world.agreement)
    data = response.content
    assert pdfa_identification(data) == ("2", "A")
    assert is_tagged(data), "PDF/A-2a is tagged"
    reader = read_pdf(data)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4"
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    text = pdf_text(data)
    agreement = world.agreement
    for expected in (
        world.strinda.name,
        world.strinda.orgnr,
        world.training_office.name,
        world.training_office.orgnr,
        agreement.valid_from.strftime("%d.%m.%Y"),
        agreement.valid_to.strftime("%d.%m.%Y"),
        "15.06.2026, Trondheim",
        SIGNATORY,
        CONTACT,
        document_identifier(agreement),
        "Utkast",  # the status, in bokmål
        "Historikk",
    ):
        assert expected in text, expected
    xmp = xmp_text(data)
    assert "Helsefag i Trondheim" in xmp  # the title
    assert world.strinda.orgnr in xmp and world.training_office.name in xmp  # the parties
    assert "pdf:Keywords" in xmp and "dc:description" in xmp  # keywords and subject


def test_the_history_is_summarised_with_who_and_what(client, world):
    agreement = world.agreement
    act(agreement, "publish", world.strinda_teacher)
    act(agreement, "withdraw", world.strinda_teacher, reason=REASON)
    text = pdf_text(get_pdf(client, world, "coordinator_trondelag", agreement).content)
    assert "Strinda_Teacher" in text  # who changed it (first name from the world)
    assert "Endret: Status" in text or "Changed: Status" in text
    assert REASON in text, "the archival version shows why it was withdrawn"
    assert "trukket tilbake" in text.lower()


def test_the_public_pdf_holds_only_what_the_public_page_shows(client, world):
    world.agreement.status = Agreement.Status.PUBLISHED
    world.agreement.created_by = world.strinda_teacher
    world.agreement.save()
    response = get_pdf(client, world, "anonymous", world.agreement)
    data = response.content
    assert pdfa_identification(data) == ("2", "A")
    text = pdf_text(data)
    for shown in (world.strinda.orgnr, world.training_office.name, "15.06.2026, Trondheim"):
        assert shown in text
    for hidden in (CONTACT, SIGNATORY, "Strinda_Teacher", "signert.pdf", "Historikk", "Utkast"):
        assert hidden not in text, hidden
    assert "Cache-Control" not in response or "no-store" not in response["Cache-Control"]


def test_staff_may_ask_for_the_public_version(client, world):
    world.agreement.status = Agreement.Status.PUBLISHED
    world.agreement.save()
    response = get_pdf(client, world, "strinda_teacher", world.agreement, "?versjon=offentlig")
    assert CONTACT not in pdf_text(response.content)


def test_expired_and_missing_agreements(client, world):
    world.agreement.status = Agreement.Status.PUBLISHED
    world.agreement.valid_from = datetime.date(2020, 1, 1)
    world.agreement.valid_to = datetime.date(2021, 1, 1)
    world.agreement.save()
    # Expired, so not public: answered as an id that does not exist.
    assert get_pdf(client, world, "anonymous", world.agreement).status_code == 404
    assert client.get("/avtaler/999999/pdf/").status_code == 404


def test_the_detail_pages_link_to_the_pdf(client, world):
    world.agreement.status = Agreement.Status.PUBLISHED
    world.agreement.save()
    link = f'href="/avtaler/{world.agreement.pk}/pdf/"'
    assert link in client.get(f"/avtaler/{world.agreement.pk}/").content.decode()
    client.force_login(world.strinda_teacher)
    assert link in client.get(f"/ansatt/avtaler/{world.agreement.pk}/").content.decode()
