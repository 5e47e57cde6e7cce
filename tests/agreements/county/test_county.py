"""County coordinators: the publishing routine, approval, the overview and reminders."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, CountyRoutine, LogMessage, oslo_today
from tests.factories import AgreementFactory, CompanyFactory, ProgrammeAreaFactory, SchoolFactory
from tests.staff_world import act, build_world

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def approval(world):
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    return world


def post(client, user, url, **data):
    client.force_login(user)
    return client.post(url, data)


class TestRoutine:
    URL = "/ansatt/fylke/50/rutiner/"

    @pytest.mark.parametrize(
        "user, status",
        [
            ("strinda_teacher", 403),
            ("coordinator_nordland", 403),
            ("student", 403),
            ("coordinator_trondelag", 302),
        ],
    )
    def test_only_the_countys_coordinators_change_it(self, client, world, user, status):
        response = post(client, world.users()[user], self.URL, approval_required="on")
        assert response.status_code == status
        assert CountyRoutine.approval_required_for(world.strinda.municipality.county_id) == (
            status == 302
        )

    def test_anonymous_is_sent_to_login(self, client, world):
        assert client.post(self.URL, {"approval_required": "on"}).status_code == 302
        assert not CountyRoutine.objects.exists()

    def test_turning_approval_on_leaves_public_agreements_public(self, client, world):
        act(world.agreement, "publish", world.strinda_teacher)
        post(client, world.coordinator_trondelag, self.URL, approval_required="on")
        world.agreement.refresh_from_db()
        assert world.agreement.is_public()


class TestApproval:
    def publish(self, client, world):
        a = world.agreement
        a.refresh_from_db()
        return post(
            client, world.strinda_teacher, f"/ansatt/avtaler/{a.pk}/publiser/", version=a.version
        )

    def test_submit_return_resubmit_approve(self, client, approval):
        world, a = approval, approval.agreement
        self.publish(client, world)
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED and not a.is_public()
        assert a.submitted_by == world.strinda_teacher

        queue = post(client, world.coordinator_trondelag, "/ansatt/fylke/50/godkjenning/")
        client.force_login(world.coordinator_trondelag)
        assert a.title in client.get("/ansatt/fylke/50/godkjenning/").content.decode()
        assert queue.status_code == 405 or queue.status_code == 200

        post(
            client,
            world.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/send-tilbake/",
            version=a.version,
            comment="Legg ved signert dokument.",
        )
        a.refresh_from_db()
        assert a.status == Agreement.Status.DRAFT
        assert a.review_comment == "Legg ved signert dokument."
        client.force_login(world.strinda_teacher)
        html = client.get(f"/ansatt/avtaler/{a.pk}/").content.decode()
        assert "Legg ved signert dokument." in html

        self.publish(client, world)
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED and a.review_comment == ""
        post(
            client,
            world.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/godkjenn/",
            version=a.version,
        )
        a.refresh_from_db()
        assert a.status == Agreement.Status.PUBLISHED and a.is_public()
        statuses = list(a.history.order_by("history_date").values_list("status", flat=True))
        assert statuses[-4:] == ["submitted", "draft", "submitted", "published"]

    def test_a_coordinator_who_corrects_a_submission_may_still_approve_it(self, client, approval):
        from tests.staff_world import agreement_post_data

        self.publish(client, approval)
        a = approval.agreement
        a.refresh_from_db()
        data = agreement_post_data(
            [approval.strinda, approval.training_office],
            title="Rettet av fylket",
            valid_from=a.valid_from.isoformat(),
            valid_to=a.valid_to.isoformat(),
            version=str(a.version),
            action="save",
        )
        assert (
            post(
                client, approval.coordinator_trondelag, f"/ansatt/avtaler/{a.pk}/endre/", **data
            ).status_code
            == 302
        )
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED
        assert a.submitted_by == approval.strinda_teacher  # an edit is not a new submission
        post(
            client,
            approval.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/godkjenn/",
            version=a.version,
        )
        a.refresh_from_db()
        assert a.status == Agreement.Status.PUBLISHED

    def test_the_form_submits_for_approval_and_records_who(self, client, approval):
        from tests.staff_world import agreement_post_data

        data = agreement_post_data([approval.strinda, approval.grytaga], title="Ny til godkjenning")
        assert (
            post(client, approval.strinda_teacher, "/ansatt/avtaler/ny/", **data).status_code == 302
        )
        a = Agreement.objects.get(title="Ny til godkjenning")
        assert a.status == Agreement.Status.SUBMITTED and a.submitted_by == approval.strinda_teacher

    def test_the_queue_shows_agreements_whose_sender_is_gone(self, client, approval):
        a = approval.agreement
        Agreement.objects.filter(pk=a.pk).update(status=Agreement.Status.SUBMITTED)
        client.force_login(approval.coordinator_trondelag)
        response = client.get("/ansatt/fylke/50/godkjenning/")
        assert response.status_code == 200 and a.title in response.content.decode()

    def test_a_coordinator_of_the_county_publishes_directly(self, client, approval):
        a = approval.agreement
        post(
            client,
            approval.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/publiser/",
            version=a.version,
        )
        a.refresh_from_db()
        assert a.status == Agreement.Status.PUBLISHED

    @pytest.mark.parametrize("user", ["strinda_teacher", "meloy_teacher", "coordinator_nordland"])
    def test_others_cannot_approve(self, client, approval, user):
        self.publish(client, approval)
        a = approval.agreement
        a.refresh_from_db()
        response = post(
            client, approval.users()[user], f"/ansatt/avtaler/{a.pk}/godkjenn/", version=a.version
        )
        assert response.status_code == 403
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED

    def test_a_coordinator_cannot_approve_what_they_submitted(self, client, approval):
        a = approval.agreement
        # Sent before its sender became a coordinator: a coordinator publishes directly.
        Agreement.objects.filter(pk=a.pk).update(
            status=Agreement.Status.SUBMITTED, submitted_by=approval.coordinator_trondelag
        )
        response = post(
            client,
            approval.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/godkjenn/",
            version=a.version,
        )
        assert response.status_code == 403
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED

    def test_approving_a_changed_agreement_is_refused(self, client, approval):
        self.publish(client, approval)
        a = approval.agreement
        a.refresh_from_db()
        seen = a.version
        a.title = "Endret etter innsending"
        a.version += 1
        a.save()
        response = post(
            client,
            approval.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/godkjenn/",
            version=seen,
        )
        assert response.status_code == 302
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED
        client.force_login(approval.coordinator_trondelag)
        html = client.get(response.url).content.decode()
        assert "endret etter at den ble sendt til godkjenning" in html

    def test_a_return_is_marked_and_e_mailed_to_the_school(
        self, client, approval, mailoutbox, django_capture_on_commit_callbacks
    ):
        world, a = approval, approval.agreement
        world.strinda_teacher.email = "laerer@strinda.no"
        world.strinda_teacher.save()
        self.publish(client, world)
        a.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            post(
                client,
                world.coordinator_trondelag,
                f"/ansatt/avtaler/{a.pk}/send-tilbake/",
                version=a.version,
                comment="Mangler formål.",
            )
        [mail] = mailoutbox
        assert mail.to == ["laerer@strinda.no"]
        assert "sendt tilbake" in mail.subject and "Mangler formål." in mail.body
        assert f"/ansatt/avtaler/{a.pk}/" in mail.body
        client.force_login(world.strinda_teacher)
        html = client.get("/ansatt/").content.decode()
        assert "Sendt tilbake" in html and "Mangler formål." in html

    def test_under_approval_the_buttons_say_what_they_do(self, client, approval):
        client.force_login(approval.strinda_teacher)
        a = approval.agreement
        html = client.get(f"/ansatt/avtaler/{a.pk}/").content.decode()
        assert "Send til godkjenning" in html and ">Publiser<" not in html
        html = client.get(f"/ansatt/avtaler/{a.pk}/endre/").content.decode()
        assert "Lagre og send til godkjenning" in html
        client.force_login(approval.coordinator_trondelag)
        html = client.get(f"/ansatt/avtaler/{a.pk}/").content.decode()
        assert ">Publiser<" in html, "the county's coordinator publishes directly"

    def test_returning_needs_a_comment(self, client, approval):
        self.publish(client, approval)
        a = approval.agreement
        a.refresh_from_db()
        post(
            client,
            approval.coordinator_trondelag,
            f"/ansatt/avtaler/{a.pk}/send-tilbake/",
            version=a.version,
            comment=" ",
        )
        a.refresh_from_db()
        assert a.status == Agreement.Status.SUBMITTED


class TestOverview:
    @pytest.fixture
    def known(self, world):
        """Strinda: 1 in force, 1 upcoming, 1 expiring, 1 expired, 1 draft. Byåsen: 1 in force."""
        today = oslo_today()
        area = ProgrammeAreaFactory(code="HSHEA2----", title_nb="Helsearbeiderfag")
        world.strinda.programme_areas.add(
            area, ProgrammeAreaFactory(code="ELELE2----", title_nb="Elenergi")
        )
        s, partner = world.strinda, CompanyFactory()
        common = dict(schools=[s], partners=[partner], programme_areas=[area])
        AgreementFactory(
            title="I kraft", valid_from=today - 10 * DAY, valid_to=today + 400 * DAY, **common
        )
        AgreementFactory(
            title="Kommende", valid_from=today + 10 * DAY, valid_to=today + 400 * DAY, **common
        )
        AgreementFactory(
            title="Utløper", valid_from=today - 300 * DAY, valid_to=today + 20 * DAY, **common
        )
        AgreementFactory(
            title="Utløpt", valid_from=today - 300 * DAY, valid_to=today - DAY, **common
        )
        AgreementFactory(title="Utkast", status=Agreement.Status.DRAFT, **common)
        AgreementFactory(title="Byåsen", schools=[world.byasen], partners=[partner])
        for school in (world.strinda, world.byasen):
            LogMessage.objects.create(
                organisation=partner, author=world.strinda_teacher, author_school=school, body="x"
            )
        return world

    def rows(self, response, key):
        return {
            row.name if hasattr(row, "name") else row.title_nb: row.values
            for row in getattr(response.context["overview"], key)
        }

    def test_coordinator_numbers(self, client, known):
        client.force_login(known.coordinator_trondelag)
        response = client.get("/ansatt/fylke/50/oversikt/")
        assert response.status_code == 200
        schools = self.rows(response, "schools")
        # public, upcoming, expiring, expired, draft (the world's own draft included)
        assert schools["Strinda videregående skole"] == [2, 1, 1, 1, 2]
        assert schools["Byåsen videregående skole"] == [1, 0, 0, 0, 0]
        areas = self.rows(response, "programme_areas")
        assert areas["Helsearbeiderfag"] == [2, 1, 1, 1, 1]
        gaps = dict(response.context["overview"].gaps)
        assert [a.title_nb for a in gaps[known.strinda]] == ["Elenergi"]
        busy = response.context["overview"].busy_companies
        assert len(busy) == 1 and busy[0][1] == 2
        html = response.content.decode()
        assert "<svg" in html and "<table" in html
        assert f'<a href="/ansatt/organisasjoner/{busy[0][0].orgnr}/">' in html

    def test_busy_companies_most_schools_first_then_by_name_and_cut(self, world):
        from agreements.county.overview import _companies_approached_by_several_schools

        third = SchoolFactory(
            name="Charlottenlund videregående skole", municipality=world.strinda.municipality
        )
        schools = {"Dal AS": 2, "Berg AS": 3, "Alfa AS": 2, "Cirkus AS": 2, "Eneste AS": 1}
        for name, n in schools.items():
            company = CompanyFactory(name=name)
            for school in [world.strinda, world.byasen, third][:n]:
                for _ in range(2):  # a school's second message counts once
                    LogMessage.objects.create(
                        organisation=company,
                        author=world.strinda_teacher,
                        author_school=school,
                        body="x",
                    )
        county = world.strinda.municipality.county

        def busy(shown):
            return [
                (company.name, n)
                for company, n in _companies_approached_by_several_schools(county, shown=shown)
            ]

        assert busy(50) == [("Berg AS", 3), ("Alfa AS", 2), ("Cirkus AS", 2), ("Dal AS", 2)]
        # The ties with the last one shown are ordered by name before the cut.
        assert busy(2) == [("Berg AS", 3), ("Alfa AS", 2)]

    def test_an_area_only_non_public_agreements_cover_is_not_shown_publicly(self, client, known):
        today = oslo_today()
        hidden = ProgrammeAreaFactory(code="BABAT2----", title_nb="Betongfaget")
        AgreementFactory(
            title="Bare utløpt",
            schools=[known.byasen],
            partners=[CompanyFactory()],
            programme_areas=[hidden],
            valid_from=today - 300 * DAY,
            valid_to=today - DAY,
        )
        AgreementFactory(
            title="Bare utkast",
            status=Agreement.Status.DRAFT,
            schools=[known.byasen],
            partners=[CompanyFactory()],
            programme_areas=[hidden],
        )
        public = self.rows(client.get("/oversikt/50/"), "programme_areas")
        assert "Betongfaget" not in public
        assert public["Helsearbeiderfag"] == [2, 1, 1]
        client.force_login(known.coordinator_trondelag)
        staff = self.rows(client.get("/ansatt/fylke/50/oversikt/"), "programme_areas")
        assert staff["Betongfaget"] == [0, 0, 0, 1, 1]

    def test_csv_has_the_same_numbers(self, client, known):
        client.force_login(known.coordinator_trondelag)
        text = client.get("/ansatt/fylke/50/oversikt.csv").content.decode("utf-8-sig")
        assert f"Skole,Strinda videregående skole,{known.strinda.orgnr},2,1,1,1,2" in text

    def test_public_overview_counts_public_agreements_only(self, client, known):
        response = client.get("/oversikt/50/")
        assert response.status_code == 200
        schools = self.rows(response, "schools")
        assert schools["Strinda videregående skole"] == [2, 1, 1]
        html = response.content.decode()
        for hidden in ("Utkast", "Utløpt", "Draft", "nærmet av flere skoler"):
            assert hidden not in html
        assert client.get("/oversikt/").status_code == 200
        text = client.get("/oversikt/50/tall.csv").content.decode("utf-8-sig")
        assert f"{known.strinda.orgnr},2,1,1\r\n" in text

    @pytest.mark.parametrize(
        "user, status", [("strinda_teacher", 403), ("coordinator_nordland", 403), ("student", 403)]
    )
    def test_staff_overview_is_for_the_countys_coordinators(self, client, known, user, status):
        client.force_login(known.users()[user])
        assert client.get("/ansatt/fylke/50/oversikt/").status_code == status
        assert client.get("/ansatt/fylke/50/oversikt.csv").status_code == status

    def test_unknown_county_is_404(self, client, known):
        assert client.get("/oversikt/99/").status_code == 404

    def test_queries_do_not_grow(self, client, known):
        client.force_login(known.coordinator_trondelag)

        def count(url):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        urls = ["/ansatt/fylke/50/oversikt/", "/oversikt/50/", "/oversikt/"]
        few = [count(u) for u in urls]
        municipality = known.strinda.municipality
        for _ in range(10):
            school = SchoolFactory(municipality=municipality)
            AgreementFactory(schools=[school], partners=[CompanyFactory()])
        assert [count(u) for u in urls] == few


def test_chart_geometry_is_not_localised(client, world):
    """SVG needs a decimal point: bokmål's decimal comma would make every bar invisible."""
    AgreementFactory(schools=[world.strinda], partners=[world.grytaga])
    AgreementFactory(schools=[world.strinda], partners=[world.grytaga])
    AgreementFactory(schools=[world.byasen], partners=[world.grytaga])
    html = client.get("/oversikt/50/").content.decode()
    widths = re.findall(r'<rect [^>]*width="([^"]+)"', html)
    assert widths and all(re.fullmatch(r"\d+(\.\d+)?", w) for w in widths), widths
    assert "300.0" in widths or "300" in widths
