"""Changes to a published agreement under the county's approval routine: the published version
stays public, the change waits for a coordinator of the owning county (agreements/workflow.py)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import workflow
from agreements.models import Agreement, CountyRoutine, PendingChange, oslo_today
from registry.models import StaffMembership
from registry.permissions import Policy
from tests.factories import AgreementFactory, CompanyFactory
from tests.staff_world import act, agreement_post_data, build_world

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    world = build_world()
    world.strinda_teacher.email = "laerer@strinda.no"
    world.strinda_teacher.save()
    act(world.agreement, "publish", world.strinda_teacher)  # published before the routine
    return world


@pytest.fixture
def approval(world):
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    return world


def edit(client, user, agreement, *, revision="", parties=None, **fields):
    """The edit form as the user sends it, from the agreement's stored version."""
    agreement.refresh_from_db()
    client.force_login(user)
    start = oslo_today() + 10 * DAY
    data = agreement_post_data(
        parties or [agreement.parties.order_by("pk").first().organisation, CompanyFactory()],
        title=agreement.title,
        valid_from=start.isoformat(),
        valid_to=(start + 365 * DAY).isoformat(),
        purpose="Elevene får praksis i bedrift.",
        version=str(agreement.version),
        action="save",
        change_revision=str(revision),
    )
    data.update(fields)
    return client.post(f"/ansatt/avtaler/{agreement.pk}/endre/", data)


def review(client, user, agreement, action="godkjenn", **data):
    client.force_login(user)
    change = PendingChange.objects.open().filter(agreement=agreement).first()
    data = {"version": agreement.version, "change": change.revision if change else ""} | data
    return client.post(f"/ansatt/avtaler/{agreement.pk}/{action}/", data)


def stored(agreement):
    """What the database holds of the agreement, the parties included."""
    row = Agreement.objects.get(pk=agreement.pk)
    parties = sorted(row.parties.values_list("organisation__orgnr", flat=True))
    return (row.title, row.purpose, row.valid_from, row.valid_to, row.version, parties)


def test_a_teachers_change_waits_and_the_published_version_stays_public(
    client, approval, mailoutbox
):
    a, before = approval.agreement, stored(approval.agreement)
    entries = a.history.count()
    response = edit(client, approval.strinda_teacher, a, title="Helsefag i Trondheim, ny periode")
    assert response.status_code == 302
    assert stored(a) == before and a.history.count() == entries
    follow = client.get(response.url).content.decode()
    assert "Endringen er sendt til godkjenning; den publiserte versjonen vises" in follow
    (change,) = PendingChange.objects.all()
    assert change.proposed_by == approval.strinda_teacher and change.based_on_version == a.version

    # The public pages show the published version only.
    client.logout()
    public = client.get(f"/avtaler/{a.pk}/").content.decode()
    assert "Helsefag i Trondheim" in public and "ny periode" not in public
    assert "Elevene får praksis" not in public
    listing = client.get("/avtaler/").content.decode()
    assert "Helsefag i Trondheim" in listing and "ny periode" not in listing
    assert Agreement.objects.public().filter(pk=a.pk, title="Helsefag i Trondheim").exists()

    # The staff page shows the change beside the published values, without the buttons to the
    # proposer; the queue lists it.
    client.force_login(approval.strinda_teacher)
    html = client.get(f"/ansatt/avtaler/{a.pk}/").content.decode()
    assert "Helsefag i Trondheim, ny periode" in html and "Elevene får praksis" in html
    assert "Godkjenn endringen" not in html
    client.force_login(approval.coordinator_trondelag)
    html = client.get(f"/ansatt/avtaler/{a.pk}/").content.decode()
    assert "Godkjenn endringen" in html and "Send tilbake" in html
    queue = client.get("/ansatt/fylke/50/godkjenning/").content.decode()
    assert f"/ansatt/avtaler/{a.pk}/" in queue and "Strinda_Teacher" in queue

    # Approved: the public pages show the new values, in one new version and history entry.
    response = review(client, approval.coordinator_trondelag, a)
    assert response.status_code == 302 and response.url == "/ansatt/fylke/50/godkjenning/"
    a.refresh_from_db()
    assert a.title == "Helsefag i Trondheim, ny periode"
    assert a.purpose == "Elevene får praksis i bedrift."
    assert a.valid_from == oslo_today() + 10 * DAY
    assert a.version == before[4] + 1 and a.history.count() == entries + 1
    assert a.status == Agreement.Status.PUBLISHED and a.updated_by == approval.coordinator_trondelag
    assert approval.training_office.orgnr not in stored(a)[5] and len(stored(a)[5]) == 2
    assert "ny periode" in a.search_text and len(a.snapshot["parties"]) == 2
    assert not PendingChange.objects.exists()
    client.logout()
    public = client.get(f"/avtaler/{a.pk}/").content.decode()
    assert "ny periode" in public and "Elevene får praksis" in public
    assert mailoutbox == []


def test_a_returned_change_changes_nothing_and_its_proposer_is_told(
    client, approval, mailoutbox, django_capture_on_commit_callbacks
):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Foreslått tittel")
    before, entries = stored(a), a.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = review(
            client, approval.coordinator_trondelag, a, "send-tilbake", comment="Feil datoer."
        )
    assert response.status_code == 302
    assert stored(a) == before and a.history.count() == entries
    assert not PendingChange.objects.open().exists()
    [mail] = mailoutbox
    assert mail.to == ["laerer@strinda.no"]
    assert "Foreslått tittel" not in mail.subject and "Helsefag i Trondheim" in mail.subject
    assert "Feil datoer." in mail.body and f"/ansatt/avtaler/{a.pk}/" in mail.body
    client.force_login(approval.strinda_teacher)
    html = client.get(f"/ansatt/avtaler/{a.pk}/").content.decode()
    assert "Feil datoer." in html
    # The form shows the published version again; a new edit proposes a new change.
    form = client.get(f"/ansatt/avtaler/{a.pk}/endre/").content.decode()
    assert 'value="Helsefag i Trondheim"' in form
    assert edit(client, approval.strinda_teacher, a, title="Ny tittel").status_code == 302
    assert PendingChange.objects.open().get().proposal["title"] == "Ny tittel"


def test_returning_needs_a_comment(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a)
    review(client, approval.coordinator_trondelag, a, "send-tilbake", comment="  ")
    assert PendingChange.objects.open().exists()


def test_a_second_edit_edits_the_pending_change(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Første forslag")
    client.force_login(approval.strinda_teacher)
    form = client.get(f"/ansatt/avtaler/{a.pk}/endre/").content.decode()
    assert 'value="Første forslag"' in form and "Elevene får praksis" in form
    assert 'name="change_revision" value="1"' in form
    response = edit(client, approval.strinda_teacher, a, revision=1, title="Andre forslag")
    assert response.status_code == 302
    (change,) = PendingChange.objects.all()
    assert change.proposal["title"] == "Andre forslag" and change.revision == 2
    assert Agreement.objects.get(pk=a.pk).title == "Helsefag i Trondheim"


def test_an_edit_from_an_older_change_is_refused(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Første forslag")
    edit(client, approval.strinda_teacher, a, revision=1, title="Andre forslag")
    response = edit(client, approval.strinda_teacher, a, revision=1, title="Tredje forslag")
    assert response.status_code == 409
    assert PendingChange.objects.get().proposal["title"] == "Andre forslag"
    assert 'value="Tredje forslag"' in response.content.decode(), "the input is kept"


def test_the_proposer_cannot_approve_their_own_change(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Eget forslag")
    assert review(client, approval.strinda_teacher, a).status_code == 403
    # A coordinator who proposed it (before they became one) may not approve it either.
    PendingChange.objects.update(proposed_by=approval.coordinator_trondelag)
    assert review(client, approval.coordinator_trondelag, a).status_code == 403
    change = PendingChange.objects.get()
    with pytest.raises(workflow.WorkflowError, match="en annen koordinator"):
        workflow.approve_change(
            a,
            policy=Policy.for_user(approval.coordinator_trondelag),
            version=a.version,
            revision=change.revision,
        )
    for user in ("meloy_teacher", "coordinator_nordland"):
        assert review(client, approval.users()[user], a).status_code == 403
    assert Agreement.objects.get(pk=a.pk).title == "Helsefag i Trondheim"
    assert PendingChange.objects.open().exists()


@pytest.mark.parametrize("stale", ["version", "change"])
def test_approving_from_a_stale_page_is_refused(client, approval, stale):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Forslag")
    before = stored(a)
    wrong = {"version": a.version - 1} if stale == "version" else {"change": 7}
    response = review(client, approval.coordinator_trondelag, a, **wrong)
    assert response.status_code == 302 and response.url == f"/ansatt/avtaler/{a.pk}/"
    assert stored(a) == before and PendingChange.objects.open().exists()
    html = client.get(response.url).content.decode()
    assert "endret i mellomtiden" in html


def test_a_change_proposed_from_an_older_version_is_not_approved(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Forslag")
    PendingChange.objects.update(based_on_version=a.version - 1)
    review(client, approval.coordinator_trondelag, a)
    assert Agreement.objects.get(pk=a.pk).title == "Helsefag i Trondheim"


def test_an_edit_from_a_stale_version_is_refused(client, approval):
    a = approval.agreement
    a.refresh_from_db()
    client.force_login(approval.strinda_teacher)
    data = agreement_post_data(
        [approval.strinda, approval.grytaga],
        title="For sent",
        version=str(a.version - 1),
        action="save",
        change_revision="",
    )
    assert client.post(f"/ansatt/avtaler/{a.pk}/endre/", data).status_code == 409
    assert not PendingChange.objects.exists()


def test_without_the_routine_a_teachers_edit_applies_directly(client, world):
    a = world.agreement
    version = Agreement.objects.get(pk=a.pk).version
    assert edit(client, world.strinda_teacher, a, title="Direkte").status_code == 302
    a.refresh_from_db()
    assert (a.title, a.version, a.is_public()) == ("Direkte", version + 1, True)
    assert not PendingChange.objects.exists()


def test_the_owning_countys_coordinator_edits_directly(client, approval):
    a = approval.agreement
    version = Agreement.objects.get(pk=a.pk).version
    edit(client, approval.coordinator_trondelag, a, title="Rettet av fylket")
    a.refresh_from_db()
    assert (a.title, a.version) == ("Rettet av fylket", version + 1)
    assert not PendingChange.objects.exists()


def test_a_coordinator_who_edits_the_pending_change_publishes_it(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Forslag", document=_pdf("ny.pdf"))
    version, change = Agreement.objects.get(pk=a.pk).version, PendingChange.objects.get()
    client.force_login(approval.coordinator_trondelag)
    form = client.get(f"/ansatt/avtaler/{a.pk}/endre/").content.decode()
    assert 'value="Forslag"' in form and "ny.pdf" in form
    edit(client, approval.coordinator_trondelag, a, revision=change.revision, title="Forslag!")
    a.refresh_from_db()
    assert (a.title, a.version, a.document_name) == ("Forslag!", version + 1, "ny.pdf")
    assert not PendingChange.objects.exists()


def test_a_proposed_document_is_kept_apart_until_approved(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, document=_pdf("signert-ny.pdf"))
    a.refresh_from_db()
    assert not a.document
    client.force_login(approval.meloy_teacher)  # every staff member reads it
    response = client.get(f"/ansatt/avtaler/{a.pk}/endring/dokument/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.logout()
    assert client.get(f"/ansatt/avtaler/{a.pk}/endring/dokument/").status_code == 302
    review(client, approval.coordinator_trondelag, a)
    a.refresh_from_db()
    assert a.document_name == "signert-ny.pdf" and a.document.read() == PDF


def test_a_change_that_would_move_the_agreement_into_an_approving_county_waits(client, world):
    """Meløy's teacher (Nordland publishes directly) also works at Strinda (Trøndelag approves):
    dropping Meløy from a Nordland agreement would make Trøndelag its owner, so it waits."""
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    StaffMembership.objects.create(user=world.meloy_teacher, organisation=world.strinda)
    a = AgreementFactory(schools=[world.meloy_school, world.strinda], partners=[world.grytaga])
    assert a.county.number == "18"
    edit(client, world.meloy_teacher, a, parties=[world.strinda, world.grytaga])
    assert PendingChange.objects.open().filter(agreement=a).exists()
    assert Agreement.objects.get(pk=a.pk).county.number == "18"
    # Keeping Meløy keeps Nordland the owner: that edit is saved directly.
    PendingChange.objects.all().delete()
    edit(client, world.meloy_teacher, a, parties=[world.strinda, world.meloy_school, world.grytaga])
    assert not PendingChange.objects.exists()
    assert Agreement.objects.get(pk=a.pk).purpose == "Elevene får praksis i bedrift."


def test_withdrawing_ends_the_pending_change(client, approval):
    a = approval.agreement
    edit(client, approval.strinda_teacher, a, title="Forslag")
    act(a, "withdraw", approval.strinda_teacher, reason="Bedriften la ned.")
    assert not PendingChange.objects.exists()


def test_the_queue_queries_do_not_grow(client, approval):
    def count():
        client.force_login(approval.coordinator_trondelag)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/ansatt/fylke/50/godkjenning/")
            assert response.status_code == 200
        return len(queries), response.content.decode().count("/ansatt/avtaler/")

    def add_one_of_each():
        AgreementFactory(
            status=Agreement.Status.SUBMITTED,
            schools=[approval.strinda],
            partners=[approval.grytaga],
        ).refresh_derived_fields()
        published = AgreementFactory(schools=[approval.strinda], partners=[CompanyFactory()])
        edit(client, approval.strinda_teacher, published, title=f"Endret {published.pk}")

    add_one_of_each()
    few, rows = count()
    for _ in range(5):
        add_one_of_each()
    assert count() == (few, rows + 10)


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
